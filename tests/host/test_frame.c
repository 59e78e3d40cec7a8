/* test_frame.c — the frame table and buddy allocator over fake physical memory. */
#include <string.h>

#include "check.h"
#include "fakemem.h"
#include "rng.h"

#define BASE	 0x80000000ull
#define MIB	 (1ull << 20)
#define MEM_SIZE (64 * MIB)
#define PAGES	 (MEM_SIZE / FRAME_SIZE)
#define OWNER	 7u

/* Which test-visible block owns each fake page, for overlap checks (0: none). */
static uint32_t owner_of[PAGES];

static uint64_t block_bytes(unsigned order)
{
	return FRAME_SIZE << order;
}

static paddr_t init_one_range(void)
{
	struct phys_range ram = {BASE, MEM_SIZE};

	return fakemem_frames(&ram, 1, NULL, 0);
}

static bool in_ranges(paddr_t pa, uint64_t len, const struct phys_range *ram, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (pa >= ram[i].base && pa + len <= ram[i].base + ram[i].size)
			return true;
	}
	return false;
}

/* Takes ownership of a block's pages in owner_of[]; false if any was already taken. */
static bool claim(paddr_t pa, unsigned order, uint32_t tag)
{
	bool ok = true;

	for (uint64_t p = 0; p < (1ull << order); p++) {
		uint64_t idx = (pa - BASE) / FRAME_SIZE + p;
		ok = ok && owner_of[idx] == 0;
		owner_of[idx] = tag;
	}
	return ok;
}

static void release(paddr_t pa, unsigned order)
{
	for (uint64_t p = 0; p < (1ull << order); p++)
		owner_of[(pa - BASE) / FRAME_SIZE + p] = 0;
}

/* Allocates order-`order` blocks until failure; returns how many, PAs in out[] (may be NULL). */
static unsigned alloc_all(unsigned order, paddr_t *out, unsigned max)
{
	unsigned n = 0;
	paddr_t pa;

	while (frame_alloc(order, FRAME_USER, OWNER, &pa)) {
		if (n < max && out)
			out[n] = pa;
		n++;
	}
	return n;
}

static void free_all(unsigned order, const paddr_t *pa, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(frame_free(pa[i], order), 0);
}

static void test_alloc_all_order0(void)
{
	static paddr_t pa[PAGES];
	paddr_t table = init_one_range();
	uint64_t table_pages =
		frame_table_bytes(&(struct phys_range){BASE, MEM_SIZE}, 1) / FRAME_SIZE;
	uint64_t start = frame_free_count();

	CHECK_EQ(frame_total_count(), PAGES);
	CHECK_EQ(start, PAGES - table_pages);
	CHECK(frame_audit());
	memset(owner_of, 0, sizeof(owner_of));
	unsigned n = alloc_all(0, pa, PAGES);
	CHECK_EQ(n, start);
	CHECK_EQ(frame_free_count(), 0);
	CHECK_EQ(frame_count(FRAME_USER), start);
	for (unsigned i = 0; i < n && i < PAGES; i++) {
		CHECK(pa[i] >= BASE && pa[i] < BASE + MEM_SIZE && pa[i] % FRAME_SIZE == 0);
		CHECK(pa[i] < table || pa[i] >= table + table_pages * FRAME_SIZE);
		CHECK(claim(pa[i], 0, 1));
		CHECK_EQ(frame_of(pa[i])->state, FRAME_USER);
		CHECK_EQ(frame_of(pa[i])->owner, OWNER);
	}
	CHECK(frame_audit());
	/* Every other page first, so that each later free merges with a free buddy. */
	for (unsigned i = 0; i < n && i < PAGES; i += 2)
		CHECK_EQ(frame_free(pa[i], 0), 0);
	CHECK(frame_audit());
	for (unsigned i = 1; i < n && i < PAGES; i += 2)
		CHECK_EQ(frame_free(pa[i], 0), 0);
	CHECK_EQ(frame_free_count(), start);
	CHECK_EQ(frame_count(FRAME_USER), 0);
	CHECK(frame_audit());
}

/* After everything is freed, the 4 MiB blocks are whole again: all but the table's. */
static void test_coalescing(void)
{
	static paddr_t pa[PAGES];

	init_one_range();
	unsigned n = alloc_all(0, pa, PAGES);
	free_all(0, pa, n);
	unsigned big = alloc_all(FRAME_MAX_ORDER, pa, PAGES);
	CHECK_EQ(big, MEM_SIZE / block_bytes(FRAME_MAX_ORDER) - 1);
	for (unsigned i = 0; i < big; i++)
		CHECK_EQ(pa[i] % block_bytes(FRAME_MAX_ORDER), 0);
	free_all(FRAME_MAX_ORDER, pa, big);
	CHECK(frame_audit());
}

static void expect_unchanged(uint64_t free_before, uint64_t user_before)
{
	CHECK_EQ(frame_free_count(), free_before);
	CHECK_EQ(frame_count(FRAME_USER), user_before);
	CHECK(frame_audit());
}

static void test_free_errors(void)
{
	paddr_t table = init_one_range(), pa, one;

	CHECK(frame_alloc(2, FRAME_USER, OWNER, &pa));
	CHECK(frame_alloc(0, FRAME_USER, OWNER, &one));
	uint64_t free_before = frame_free_count(), user_before = frame_count(FRAME_USER);
	CHECK_EQ(frame_free(pa, 1), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_free(pa, 3), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_free(pa + FRAME_SIZE, 2), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_free(pa + 3 * FRAME_SIZE, 0), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_free(one, FRAME_MAX_ORDER + 1), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_free(table, 0), FRAME_ERR_BAD_BLOCK); /* FRAME_KERNEL region, not a block */
	CHECK_EQ(frame_free(BASE - FRAME_SIZE, 0), FRAME_ERR_NOT_RAM);
	CHECK_EQ(frame_free(BASE + MEM_SIZE, 0), FRAME_ERR_NOT_RAM);
	CHECK_EQ(frame_free(0, 0), FRAME_ERR_NOT_RAM);
	CHECK(frame_free(pa + 8, 2) < 0);
	expect_unchanged(free_before, user_before);

	CHECK_EQ(frame_free(pa, 2), 0);
	CHECK_EQ(frame_free(pa, 2), FRAME_ERR_NOT_ALLOCATED);
	CHECK_EQ(frame_free(pa + FRAME_SIZE, 0), FRAME_ERR_NOT_ALLOCATED);
	CHECK_EQ(frame_free(one, 0), 0);
	CHECK_EQ(frame_free(one, 0), FRAME_ERR_NOT_ALLOCATED);
	expect_unchanged(free_before + 5, user_before - 5);
}

static void test_alloc_arguments(void)
{
	paddr_t pa = 0x1234;

	init_one_range();
	uint64_t before = frame_free_count();
	CHECK(!frame_alloc(FRAME_MAX_ORDER + 1, FRAME_USER, OWNER, &pa));
	CHECK(!frame_alloc(0, FRAME_FREE, OWNER, &pa));
	CHECK_EQ(pa, 0x1234);
	CHECK_EQ(frame_free_count(), before);
	CHECK(frame_audit());
}

/* RAM that starts on an odd page: blocks are still aligned to their size in physical memory. */
static void test_alignment(void)
{
	static paddr_t pa[PAGES];
	struct phys_range ram = {BASE + 0x3000, MEM_SIZE - 0x8000};

	fakemem_frames(&ram, 1, NULL, 0);
	for (unsigned order = 0; order <= FRAME_MAX_ORDER; order++) {
		paddr_t p;
		CHECK(frame_alloc(order, FRAME_KERNEL, OWNER, &p));
		CHECK_EQ(p % block_bytes(order), 0);
		CHECK(frame_of(p)->flags & FRAME_HEAD);
		CHECK_EQ(frame_of(p)->order, order);
		CHECK_EQ(frame_free(p, order), 0);
	}
	unsigned n = alloc_all(9, pa, PAGES);
	CHECK_EQ(n, 30); /* the whole 2 MiB blocks in [BASE + 2 MiB, BASE + 62 MiB) */
	for (unsigned i = 0; i < n; i++)
		CHECK(pa[i] % (2 * MIB) == 0 && in_ranges(pa[i], 2 * MIB, &ram, 1));
	free_all(9, pa, n);
	CHECK(frame_audit());
}

static const struct frame_region test_regions[] = {
	{BASE, 2 * MIB, FRAME_RESERVED},			      /* firmware */
	{BASE + 2 * MIB + 0x800, 0x1800, FRAME_KERNEL},		      /* unaligned: 2 pages */
	{BASE + 16 * MIB, 0x10000, FRAME_RESERVED},		      /* overlapping pair */
	{BASE + 16 * MIB + 0x8000, 0x10000, FRAME_RESERVED},	      /* */
	{BASE + MEM_SIZE - FRAME_SIZE, 3 * FRAME_SIZE, FRAME_DEVICE}, /* runs past RAM */
	{BASE + 40 * MIB, 0, FRAME_KERNEL},			      /* empty: nothing */
};
#define NREGIONS (sizeof(test_regions) / sizeof(test_regions[0]))

/* The state a page should have: that of a region holding it (rounded outward), else free. */
static enum frame_state expected_state(paddr_t pa, paddr_t table, uint64_t table_bytes)
{
	if (pa >= table && pa < table + table_bytes)
		return FRAME_KERNEL;
	for (unsigned i = 0; i < NREGIONS; i++) {
		const struct frame_region *r = &test_regions[i];
		paddr_t lo = r->base & ~(FRAME_SIZE - 1);
		paddr_t hi = (r->base + r->size + FRAME_SIZE - 1) & ~(FRAME_SIZE - 1);
		if (r->size && pa >= lo && pa < hi)
			return r->state;
	}
	return FRAME_FREE;
}

static void test_reserved_regions(void)
{
	static paddr_t pa[PAGES];
	struct phys_range ram = {BASE, MEM_SIZE};
	uint64_t table_bytes = frame_table_bytes(&ram, 1);
	paddr_t table = fakemem_frames(&ram, 1, test_regions, NREGIONS);
	uint64_t count[FRAME_STATE_COUNT] = {0};

	CHECK_EQ(table, BASE + 2 * MIB + 2 * FRAME_SIZE); /* first room after the regions */
	for (paddr_t p = BASE; p < BASE + MEM_SIZE; p += FRAME_SIZE) {
		enum frame_state want = expected_state(p, table, table_bytes);
		CHECK_EQ(frame_of(p)->state, want);
		count[want]++;
	}
	for (unsigned s = 0; s < FRAME_STATE_COUNT; s++)
		CHECK_EQ(frame_count(s), count[s]);
	unsigned n = alloc_all(0, pa, PAGES);
	CHECK_EQ(n, count[FRAME_FREE]);
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(expected_state(pa[i], table, table_bytes), FRAME_FREE);
	CHECK_EQ(frame_free(BASE, 0), FRAME_ERR_NOT_ALLOCATED);
	CHECK_EQ(frame_free(BASE + 2 * MIB, 0), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_of(BASE + 16 * MIB + 0x10000)->state, FRAME_RESERVED);
	free_all(0, pa, n);
	for (unsigned s = 0; s < FRAME_STATE_COUNT; s++)
		CHECK_EQ(frame_count(s), count[s]);
	CHECK(frame_audit());
}

/* Three zones, two of them adjacent: buddies never merge across a zone boundary. */
static const struct phys_range zones[] = {
	{BASE, 6 * MIB},
	{BASE + 6 * MIB, 6 * MIB},
	{BASE + 24 * MIB, 24 * MIB},
};

static void test_multiple_zones(void)
{
	static paddr_t pa[PAGES];
	paddr_t table = fakemem_frames(zones, 3, NULL, 0);
	uint64_t pages = (6 + 6 + 24) * MIB / FRAME_SIZE;

	CHECK_EQ(table, BASE);
	CHECK_EQ(frame_total_count(), pages);
	CHECK_EQ(frame_table_bytes(zones, 3), pages * sizeof(struct frame));
	CHECK(frame_of(BASE + 12 * MIB) == NULL);
	CHECK(frame_of(BASE + 24 * MIB - 1) == NULL);
	CHECK(frame_of(BASE + 24 * MIB) != NULL);
	CHECK_EQ(frame_free(BASE + 20 * MIB, 0), FRAME_ERR_NOT_RAM);
	uint64_t start = frame_free_count();
	unsigned n = alloc_all(0, pa, PAGES);
	CHECK_EQ(n, start);
	for (unsigned i = 0; i < n; i++)
		CHECK(in_ranges(pa[i], FRAME_SIZE, zones, 3));
	free_all(0, pa, n);
	CHECK(frame_audit());
	/* 4 MiB blocks: none in [0, 6M) (the table is at 0), [8M, 12M), and six in [24M, 48M). */
	n = alloc_all(FRAME_MAX_ORDER, pa, PAGES);
	CHECK_EQ(n, 7);
	for (unsigned i = 0; i < n; i++)
		CHECK(in_ranges(pa[i], block_bytes(FRAME_MAX_ORDER), zones, 3));
	free_all(FRAME_MAX_ORDER, pa, n);
	CHECK_EQ(frame_free_count(), start);
	CHECK(frame_audit());
}

struct live {
	paddr_t pa;
	unsigned order;
};

static unsigned random_order(void)
{
	unsigned r = (unsigned)rng_below(100);

	return r < 50	? 0
	       : r < 80 ? (unsigned)rng_below(4)
			: (unsigned)rng_below(FRAME_MAX_ORDER + 1);
}

static void stress_step(struct live *live, unsigned *nlive, uint64_t *live_pages)
{
	if (*nlive && (rng_below(100) < 45 || *nlive == 2048)) {
		unsigned i = (unsigned)rng_below(*nlive);
		CHECK_EQ(frame_free(live[i].pa, live[i].order), 0);
		release(live[i].pa, live[i].order);
		*live_pages -= 1ull << live[i].order;
		live[i] = live[--*nlive];
		return;
	}
	unsigned order = random_order();
	paddr_t pa;
	if (!frame_alloc(order, FRAME_USER, OWNER, &pa))
		return;
	CHECK(pa % block_bytes(order) == 0 && in_ranges(pa, block_bytes(order), zones, 3));
	CHECK(claim(pa, order, 1));
	live[(*nlive)++] = (struct live){pa, order};
	*live_pages += 1ull << order;
}

static void test_random_stress(void)
{
	static struct live live[2048];
	unsigned nlive = 0;
	uint64_t live_pages = 0;

	fakemem_frames(zones, 3, NULL, 0);
	uint64_t start = frame_free_count();
	memset(owner_of, 0, sizeof(owner_of));
	rng_seed(12345);
	for (unsigned step = 1; step <= 30000 && !check_case_failed; step++) {
		stress_step(live, &nlive, &live_pages);
		if (step % 200 == 0) {
			CHECK(frame_audit());
			CHECK_EQ(frame_free_count(), start - live_pages);
			CHECK_EQ(frame_count(FRAME_USER), live_pages);
		}
	}
	while (nlive) {
		nlive--;
		CHECK_EQ(frame_free(live[nlive].pa, live[nlive].order), 0);
		release(live[nlive].pa, live[nlive].order);
	}
	CHECK_EQ(frame_free_count(), start);
	CHECK(frame_audit());
	CHECK_EQ(alloc_all(FRAME_MAX_ORDER, NULL, 0), 7);
}

static paddr_t find(const struct phys_range *ram, unsigned nram, const struct frame_region *avoid,
		    unsigned navoid, uint64_t bytes)
{
	return frame_find_space(ram, nram, avoid, navoid, bytes);
}

static void test_find_space(void)
{
	struct phys_range ram = {BASE, 64 * MIB};
	struct phys_range two[] = {{BASE, MIB}, {BASE + 4 * MIB, 4 * MIB}};
	struct frame_region lowfw[] = {{BASE, 2 * MIB, FRAME_RESERVED}};
	struct frame_region unsorted[] = {
		{BASE + 2 * MIB, MIB, FRAME_KERNEL},
		{BASE + 3 * MIB + 0x1000, 0x1000, FRAME_KERNEL},
		{BASE, 2 * MIB, FRAME_RESERVED},
	};
	struct frame_region gaps[] = {{BASE, 0x1000, 0}, {BASE + 0x2000, 0x800, 0}};
	struct frame_region all[] = {{BASE - 0x1000, MIB + 0x2000, 0}};

	CHECK_EQ(find(&ram, 1, NULL, 0, 0x40000), BASE);
	CHECK_EQ(find(&ram, 1, lowfw, 1, 0x40000), BASE + 2 * MIB);
	CHECK_EQ(find(&ram, 1, unsorted, 3, 0x1000), BASE + 3 * MIB);
	CHECK_EQ(find(&ram, 1, unsorted, 3, 0x1001), BASE + 3 * MIB + 0x2000);
	CHECK_EQ(find(&ram, 1, gaps, 2, 0x1000), BASE + 0x1000);
	CHECK_EQ(find(&ram, 1, gaps, 2, 0x1001), BASE + 0x3000);
	CHECK_EQ(find(&(struct phys_range){BASE + 0x123, MIB}, 1, NULL, 0, 0x1000), BASE + 0x1000);
	CHECK_EQ(find(two, 2, all, 1, 0x1000), BASE + 4 * MIB);
	CHECK_EQ(find(two, 2, NULL, 0, 2 * MIB), BASE + 4 * MIB);
	CHECK_EQ(find(two, 2, NULL, 0, 4 * MIB), BASE + 4 * MIB);
	CHECK_EQ(find(two, 2, NULL, 0, 4 * MIB + 1), 0);
	CHECK_EQ(find(two, 1, all, 1, 0x1000), 0);
	CHECK_EQ(find(&(struct phys_range){BASE + 0x10, 0xff0}, 1, NULL, 0, 0x10), 0);
	CHECK_EQ(find(two, 0, NULL, 0, 0x1000), 0);
}

static void test_table_bytes(void)
{
	struct phys_range ram[] = {
		{BASE, 64 * MIB},
		{BASE + 128 * MIB, 3 * FRAME_SIZE},	    /* 48 bytes: one page */
		{BASE + 192 * MIB + 0x10, 0x20},	    /* no whole page at all */
		{BASE + 256 * MIB + 0x800, 2 * FRAME_SIZE}, /* one whole page */
	};

	CHECK_EQ(frame_table_bytes(ram, 1), 256 * 1024);
	CHECK_EQ(frame_table_bytes(ram, 2), 256 * 1024 + FRAME_SIZE);
	CHECK_EQ(frame_table_bytes(ram + 2, 1), 0);
	CHECK_EQ(frame_table_bytes(ram, 4), 256 * 1024 + 2 * FRAME_SIZE);
	CHECK_EQ(frame_table_bytes(ram, 0), 0);
}

/* A RAM range without a whole page makes no zone and takes no table space. */
static void test_tiny_range_ignored(void)
{
	struct phys_range ram[] = {{BASE + 0x10, 0x20}, {BASE + MIB, 8 * MIB}};

	CHECK_EQ(frame_table_bytes(ram, 2), 8 * MIB / FRAME_SIZE * sizeof(struct frame));
	if (check_case_failed)
		return; /* fakemem_frames() could not place a table of the wrong size */
	paddr_t table = fakemem_frames(ram, 2, NULL, 0);
	CHECK_EQ(table, BASE + MIB);
	CHECK_EQ(frame_total_count(), 8 * MIB / FRAME_SIZE);
	CHECK(frame_of(BASE) == NULL);
	CHECK(frame_audit());
}

static void test_state_counts(void)
{
	paddr_t a, b, c;

	init_one_range();
	uint64_t free0 = frame_free_count(), kernel0 = frame_count(FRAME_KERNEL);
	uint64_t user0 = frame_count(FRAME_USER);
	CHECK(frame_alloc(3, FRAME_PAGETABLE, 1, &a));
	CHECK(frame_alloc(0, FRAME_USER, 2, &b));
	CHECK(frame_alloc(1, FRAME_KERNEL, FRAME_OWNER_KERNEL, &c));
	CHECK_EQ(frame_count(FRAME_PAGETABLE), 8);
	CHECK_EQ(frame_count(FRAME_USER), user0 + 1);
	CHECK_EQ(frame_count(FRAME_KERNEL), kernel0 + 2);
	CHECK_EQ(frame_free_count(), free0 - 11);
	CHECK_EQ(frame_of(a + 7 * FRAME_SIZE)->state, FRAME_PAGETABLE);
	CHECK_EQ(frame_of(a + 7 * FRAME_SIZE)->owner, 1);
	uint64_t sum = 0;
	for (unsigned s = 0; s < FRAME_STATE_COUNT; s++)
		sum += frame_count(s);
	CHECK_EQ(sum, frame_total_count());
	CHECK_EQ(frame_count(FRAME_STATE_COUNT), 0);
	CHECK(frame_free(a, 3) == 0 && frame_free(b, 0) == 0 && frame_free(c, 1) == 0);
	CHECK_EQ(frame_count(FRAME_PAGETABLE) + frame_count(FRAME_USER), user0);
	CHECK_EQ(frame_count(FRAME_KERNEL), kernel0);
	CHECK_EQ(frame_free_count(), free0);
	CHECK(strcmp(frame_state_name(FRAME_FREE), "free") == 0);
	CHECK(strcmp(frame_state_name(FRAME_PAGETABLE), "pagetable") == 0);
	CHECK(strcmp(frame_state_name(FRAME_STATE_COUNT), "?") == 0);
}

/* frame_init() starts over: nothing of the previous table's counts survives. */
static void test_reinit(void)
{
	paddr_t pa;
	struct phys_range small = {BASE + 32 * MIB, 4 * MIB};

	init_one_range();
	CHECK(frame_alloc(5, FRAME_USER, OWNER, &pa));
	fakemem_frames(&small, 1, NULL, 0);
	CHECK_EQ(frame_total_count(), 4 * MIB / FRAME_SIZE);
	CHECK_EQ(frame_count(FRAME_USER), 0);
	CHECK_EQ(frame_count(FRAME_KERNEL), 4); /* the 16 KiB table */
	CHECK_EQ(frame_free_count(), 4 * MIB / FRAME_SIZE - 4);
	CHECK(frame_of(BASE) == NULL);
	CHECK(frame_audit());
}

/* frame_audit() is the oracle of the other cases: it must see damage done by hand. */
static void test_audit_sees_damage(void)
{
	paddr_t pa;

	init_one_range();
	CHECK(frame_alloc(0, FRAME_USER, OWNER, &pa));
	struct frame *buddy = frame_of(pa ^ FRAME_SIZE); /* a free order-0 block now */
	CHECK(buddy->state == FRAME_FREE && (buddy->flags & FRAME_HEAD) && buddy->order == 0);
	CHECK(frame_audit());
	buddy->state = FRAME_USER;
	CHECK(!frame_audit());
	buddy->state = FRAME_FREE;
	buddy->order = 1;
	CHECK(!frame_audit());
	buddy->order = 0;
	uint32_t prev = buddy->prev;
	buddy->prev = 12345;
	CHECK(!frame_audit());
	buddy->prev = prev;
	CHECK(frame_audit());
	CHECK_EQ(frame_free(pa, 0), 0);
	CHECK(frame_audit());
}

/* A split block frees page by page, and the pages coalesce back into the big block. */
static void test_split(void)
{
	paddr_t pa;

	init_one_range();
	uint64_t start = frame_free_count();
	CHECK(frame_alloc(9, FRAME_USER, 4, &pa));
	CHECK_EQ(frame_split(pa, 8), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_split(pa + FRAME_SIZE, 9), FRAME_ERR_BAD_BLOCK);
	CHECK_EQ(frame_split(pa, 9), 0);
	CHECK_EQ(frame_free(pa, 9), FRAME_ERR_BAD_BLOCK); /* no longer one block */
	for (unsigned i = 0; i < 512; i++) {
		CHECK_EQ(frame_of(pa + i * FRAME_SIZE)->owner, 4);
		CHECK_EQ(frame_free(pa + i * FRAME_SIZE, 0), 0);
	}
	CHECK_EQ(frame_split(pa, 0), FRAME_ERR_NOT_ALLOCATED);
	CHECK_EQ(frame_free_count(), start);
	CHECK(frame_audit());
	paddr_t again;
	CHECK(frame_alloc(FRAME_MAX_ORDER, FRAME_USER, 4, &again));
	CHECK_EQ(frame_free(again, FRAME_MAX_ORDER), 0);
}

int main(void)
{
	fakemem_init(BASE, MEM_SIZE);
	RUN(test_alloc_all_order0);
	RUN(test_coalescing);
	RUN(test_free_errors);
	RUN(test_alloc_arguments);
	RUN(test_alignment);
	RUN(test_reserved_regions);
	RUN(test_multiple_zones);
	RUN(test_random_stress);
	RUN(test_find_space);
	RUN(test_table_bytes);
	RUN(test_tiny_range_ignored);
	RUN(test_state_counts);
	RUN(test_reinit);
	RUN(test_audit_sees_damage);
	RUN(test_split);
	fakemem_free();
	return check_summary();
}
