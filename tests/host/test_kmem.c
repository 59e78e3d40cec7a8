/* test_kmem.c — the slab object allocator over the frame allocator, on fake physical memory. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fakemem.h"
#include "mm/kmem.h"
#include "rng.h"

#define BASE	     0x80000000ull
#define MEMSIZE	     (32ull << 20)
#define SLAB_CLASSES 7 /* 16 .. 1024 bytes */
#define MAX_OBJS     30000

struct obj {
	uint8_t *p;
	size_t size;
	uint8_t fill;
};

static struct obj objs[MAX_OBJS];
static unsigned nobjs;
static uint64_t frames_at_start, kernel_at_start;

static struct kmem_stats stats(void)
{
	struct kmem_stats s;

	kmem_get_stats(&s);
	return s;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != v)
			return false;
	}
	return true;
}

static uint8_t pattern(unsigned i)
{
	return (uint8_t)(i * 37 + 1);
}

/* kmem_alloc with every promise checked; the object is then filled with its own pattern. */
static void *alloc_checked(size_t size)
{
	uint8_t *p = kmem_alloc(size);

	CHECK(p != NULL);
	if (!p || nobjs == MAX_OBJS)
		return p;
	CHECK_EQ((uintptr_t)p % 16, 0);
	CHECK(fakemem_backs(virt_to_phys(p), size));
	CHECK(all_bytes(p, size, 0));
	memset(p, pattern(nobjs), size);
	objs[nobjs] = (struct obj){p, size, pattern(nobjs)};
	nobjs++;
	return p;
}

static int by_address(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

/* No object was written by another: each still holds its pattern, and none overlap. */
static void check_objects(void)
{
	for (unsigned i = 0; i < nobjs; i++)
		CHECK(all_bytes(objs[i].p, objs[i].size, objs[i].fill));
	struct obj *sorted = malloc(nobjs * sizeof(*sorted) + 1);
	memcpy(sorted, objs, nobjs * sizeof(*sorted));
	qsort(sorted, nobjs, sizeof(*sorted), by_address);
	for (unsigned i = 1; i < nobjs; i++)
		CHECK(sorted[i - 1].p + sorted[i - 1].size <= sorted[i].p);
	free(sorted);
}

static void free_all_shuffled(void)
{
	for (unsigned i = nobjs; i > 1; i--) {
		unsigned j = (unsigned)rng_below(i);
		struct obj t = objs[i - 1];
		objs[i - 1] = objs[j];
		objs[j] = t;
	}
	for (unsigned i = 0; i < nobjs; i++)
		CHECK_EQ(kmem_free(objs[i].p), 0);
	nobjs = 0;
}

/* Everything freed: no live objects, and at most one cached slab page per size class. */
static void expect_all_returned(void)
{
	struct kmem_stats s = stats();

	CHECK_EQ(s.objects, 0);
	CHECK(s.pages <= SLAB_CLASSES);
	CHECK_EQ(frame_free_count(), frames_at_start - s.pages);
	CHECK_EQ(frame_count(FRAME_KERNEL), kernel_at_start + s.pages);
	CHECK(frame_audit());
}

static void test_every_size(void)
{
	static const size_t edges[] = {16,  17,	 31,  32,   33,	  64,	65,   128,  129,  256,
				       257, 512, 513, 1023, 1024, 1025, 4095, 4096, 4097, 8192};

	rng_seed(1);
	for (size_t size = 1; size <= 5000; size += size < 128 ? 1 : 7)
		alloc_checked(size);
	for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		alloc_checked(edges[i]);
	CHECK_EQ(stats().objects, nobjs);
	check_objects();
	free_all_shuffled();
	expect_all_returned();
}

/* Freed memory comes back zeroed, though it was dirty. */
static void test_reuse_is_zeroed(void)
{
	rng_seed(2);
	for (unsigned i = 0; i < 2000; i++)
		alloc_checked(8 + i % 200);
	for (unsigned i = 0; i < 2000; i += 2)
		CHECK_EQ(kmem_free(objs[i].p), 0);
	unsigned kept = 0;
	for (unsigned i = 1; i < 2000; i += 2)
		objs[kept++] = objs[i];
	nobjs = kept;
	for (unsigned i = 0; i < 1000; i++)
		alloc_checked(8 + i % 200); /* checks the zeroing */
	for (unsigned i = 0; i < 3; i++)
		alloc_checked(3 * 4096);
	check_objects();
	free_all_shuffled();
	expect_all_returned();
}

static void test_not_ours(void)
{
	uint8_t *small = alloc_checked(100); /* a 128-byte object */
	uint8_t *big = alloc_checked(3 * 4096);
	uint8_t *last = alloc_checked(1024);
	int local = 0;
	paddr_t plain, user;

	if (!small || !big || !last)
		return;
	CHECK(frame_alloc(0, FRAME_KERNEL, FRAME_OWNER_KERNEL, &plain));
	CHECK(frame_alloc(0, FRAME_USER, 9, &user));
	struct kmem_stats before = stats();
	uint8_t *slab = (uint8_t *)((uintptr_t)small & ~(uintptr_t)(FRAME_SIZE - 1));
	uint8_t *last_slab = (uint8_t *)((uintptr_t)last & ~(uintptr_t)(FRAME_SIZE - 1));
	CHECK_EQ(kmem_free(small + 16), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(small + 1), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(slab), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(slab + 32), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(last_slab + 128 + 3 * 1024), KMEM_ERR_NOT_OURS); /* past the 3 objects */
	CHECK_EQ(kmem_free(big + 8), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(big + FRAME_SIZE), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(phys_to_virt(plain)), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free((uint8_t *)phys_to_virt(plain) + 64), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(phys_to_virt(user)), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(NULL), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(&local), KMEM_ERR_NOT_OURS);
	CHECK_EQ(kmem_free(phys_to_virt(BASE + MEMSIZE)), KMEM_ERR_NOT_OURS);
	struct kmem_stats after = stats();
	CHECK(after.objects == before.objects && after.pages == before.pages);
	check_objects();
	CHECK_EQ(frame_free(plain, 0), 0);
	CHECK_EQ(frame_free(user, 0), 0);
	free_all_shuffled();
	expect_all_returned();
}

/* A second free of a slab object is refused, and the object is not handed out twice. */
static void test_double_free(void)
{
	uint8_t *a = kmem_alloc(48);
	uint8_t *b = kmem_alloc(48);

	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_EQ(kmem_free(a), 0);
	struct kmem_stats before = stats();
	CHECK_EQ(kmem_free(a), KMEM_ERR_DOUBLE_FREE);
	CHECK(stats().objects == before.objects);
	uint8_t *c = kmem_alloc(48), *d = kmem_alloc(48);
	CHECK(c && d && c != d);
	CHECK_EQ(kmem_free(b), 0);
	CHECK_EQ(kmem_free(c), 0);
	CHECK_EQ(kmem_free(d), 0);
	expect_all_returned();
}

static void test_sizes_refused(void)
{
	struct kmem_stats before = stats();

	CHECK(kmem_alloc(0) == NULL);
	CHECK(kmem_alloc((FRAME_SIZE << FRAME_MAX_ORDER) + 1) == NULL);
	CHECK(kmem_alloc(SIZE_MAX) == NULL);
	struct kmem_stats after = stats();
	CHECK(after.objects == before.objects && after.pages == before.pages);
	uint8_t *p = alloc_checked(FRAME_SIZE << FRAME_MAX_ORDER);
	CHECK_EQ(stats().pages, before.pages + (1u << FRAME_MAX_ORDER));
	CHECK_EQ(frame_of(virt_to_phys(p))->order, FRAME_MAX_ORDER);
	free_all_shuffled();
	expect_all_returned();
}

/* Running out of frames gives NULL, and everything still frees cleanly. */
static void test_exhaustion(void)
{
	unsigned n = 0;

	rng_seed(3);
	for (;;) {
		void *p = kmem_alloc(1000);
		if (!p)
			break;
		CHECK(nobjs < MAX_OBJS);
		if (nobjs == MAX_OBJS)
			break;
		objs[nobjs++] = (struct obj){p, 0, 0};
		n++;
	}
	CHECK_EQ(frame_free_count(), 0);
	CHECK_EQ(stats().objects, n);
	CHECK(kmem_alloc(2 * FRAME_SIZE) == NULL);
	CHECK_EQ(stats().objects, n);
	free_all_shuffled();
	expect_all_returned();
}

int main(void)
{
	fakemem_init(BASE, MEMSIZE);
	fakemem_frames_all(); /* once: kmem keeps its slabs across the cases */
	frames_at_start = frame_free_count();
	kernel_at_start = frame_count(FRAME_KERNEL);
	RUN(test_every_size);
	RUN(test_reuse_is_zeroed);
	RUN(test_not_ours);
	RUN(test_double_free);
	RUN(test_sizes_refused);
	RUN(test_exhaustion);
	fakemem_free();
	return check_summary();
}
