/* test_memory.c — MAP, UNMAP, PROTECT and the heap do what they say, and give every page back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return false;
	}
	return true;
}

static void map_is_zeroed_and_writable(void)
{
	struct baton_mem_info before = t_mem();
	uint8_t *p;
	bool ok = baton_map(NULL, 5 * 4096, BATON_MAP_R | BATON_MAP_W, (void **)&p) == BATON_OK;

	T_EXPECT(ok && all_zero(p, 5 * 4096), ok);
	if (ok) {
		memset(p, 0xa5, 5 * 4096);
		T_EXPECT_EQ(t_mem().own_pages, before.own_pages + 5, ok);
		T_EXPECT(t_mem().free_pages <= before.free_pages - 5, ok); /* plus any table */
		T_EXPECT_EQ(baton_unmap(p, 5 * 4096), BATON_OK, ok);
	}
	T_EXPECT_EQ(t_mem().own_pages, before.own_pages, ok);
	/* The first mapping may grow a kernel cache by a page (test_resources checks that it
	 * grows no further): every page is free or the kernel's again. */
	T_EXPECT_EQ(t_mem().free_pages + t_mem().kernel_pages,
		    before.free_pages + before.kernel_pages, ok);
	t_case(ok, "mem.map.zeroed_writable_and_returned");
}

static void map_fixed_and_partial_unmap(void)
{
	uint8_t *want = (uint8_t *)(BATON_MAP_BASE + 0x40000000), *p;
	uint64_t before = t_mem().own_pages;
	bool ok = baton_map(want, 4 * 4096, BATON_MAP_R | BATON_MAP_W, (void **)&p) == BATON_OK;

	T_EXPECT(ok && p == want, ok);
	if (ok) {
		/* Punch out the middle two pages, then map one of them again. */
		T_EXPECT_EQ(baton_unmap(p + 4096, 2 * 4096), BATON_OK, ok);
		T_EXPECT_EQ(t_mem().own_pages, before + 2, ok);
		void *again;
		T_EXPECT_EQ(baton_map(p + 4096, 4096, BATON_MAP_R, &again), BATON_OK, ok);
		T_EXPECT(again == p + 4096 && all_zero(again, 4096), ok);
		p[0] = 1;
		p[3 * 4096] = 3;
		T_EXPECT_EQ(baton_unmap(p, 4 * 4096), BATON_OK, ok);
	}
	T_EXPECT_EQ(t_mem().own_pages, before, ok);
	t_case(ok, "mem.map.fixed_address_and_partial_unmap");
}

static void protect_keeps_data(void)
{
	uint8_t *p;
	bool ok = baton_map(NULL, 2 * 4096, BATON_MAP_R | BATON_MAP_W, (void **)&p) == BATON_OK;

	if (ok) {
		strcpy((char *)p, "kept");
		T_EXPECT_EQ(baton_protect(p, 4096, BATON_MAP_R), BATON_OK, ok);
		T_EXPECT(strcmp((char *)p, "kept") == 0, ok);
		p[4096] = 7; /* the other page is still writable */
		T_EXPECT_EQ(baton_unmap(p, 2 * 4096), BATON_OK, ok);
	}
	t_case(ok, "mem.protect.read_only_keeps_contents");
}

static void heap_grows_and_shrinks(void)
{
	uint64_t before = t_mem().own_pages;
	uintptr_t start, end;
	bool ok = baton_heap(3 * 4096, &start) == BATON_OK;

	T_EXPECT(ok && all_zero((uint8_t *)start, 3 * 4096), ok);
	memset((void *)start, 1, 3 * 4096);
	T_EXPECT_EQ(t_mem().own_pages, before + 3, ok);
	T_EXPECT_EQ(baton_heap(-3 * 4096, &end), BATON_OK, ok);
	T_EXPECT_EQ(end, start + 3 * 4096, ok);
	T_EXPECT_EQ(t_mem().own_pages, before, ok);
	t_case(ok, "mem.heap.grows_zeroed_and_shrinks");
}

static void malloc_works(void)
{
	bool ok = true;
	void *blocks[64];

	for (unsigned i = 0; i < 64; i++) {
		blocks[i] = malloc(100 + i * 1000);
		T_EXPECT(blocks[i] != NULL, ok);
		if (blocks[i])
			memset(blocks[i], (int)i, 100 + i * 1000);
	}
	for (unsigned i = 0; i < 64; i++) {
		if (blocks[i])
			T_EXPECT(((uint8_t *)blocks[i])[99] == (uint8_t)i, ok);
		free(blocks[i]);
	}
	t_case(ok, "mem.malloc.picolibc_on_the_heap");
}

static void many_mappings(void)
{
	enum {
		N = 200
	};
	static void *p[N];
	uint64_t before = t_mem().own_pages;
	bool ok = true;

	for (unsigned i = 0; i < N; i++)
		T_EXPECT_EQ(baton_map(NULL, 4096, BATON_MAP_R | BATON_MAP_W, &p[i]), BATON_OK, ok);
	for (unsigned i = 0; i < N; i += 2)
		T_EXPECT_EQ(baton_unmap(p[i], 4096), BATON_OK, ok);
	for (unsigned i = 1; i < N; i += 2)
		T_EXPECT_EQ(baton_unmap(p[i], 4096), BATON_OK, ok);
	T_EXPECT_EQ(t_mem().own_pages, before, ok);
	t_case(ok, "mem.map.two_hundred_mappings_come_back");
}

/*
 * At 4096 mappings a new one is LIMIT, anywhere or at a free address, and
 * takes no page (the record is checked before any page is allocated).
 */
static void map_past_the_limit(void)
{
	const unsigned rw = BATON_MAP_R | BATON_MAP_W;
	struct baton_mem_info before = t_mem();
	void *q;
	bool ok = true;

	T_EXPECT_EQ(baton_map(NULL, 4096, rw, &q), BATON_ERR_LIMIT, ok);
	T_EXPECT_EQ(baton_map((void *)(BATON_MAP_BASE + 0x800000000ull), 4096, rw, &q),
		    BATON_ERR_LIMIT, ok);
	T_EXPECT_EQ(t_mem().own_pages, before.own_pages, ok);
	T_EXPECT_EQ(t_mem().free_pages, before.free_pages, ok);
	t_case(ok, "mem.map.past_4096_mappings_limit_nothing_taken");
}

/*
 * Unmapping every other page of one big mapping cuts it into ever more
 * mappings: past 4096 the cut is LIMIT, with the page still mapped and
 * nothing freed (the record it needs is checked before any page goes).
 */
static void cuts_past_the_mapping_limit(void)
{
	enum {
		PAGES = 2 * 4100
	};
	uint8_t *p;
	unsigned cut = 0;
	long err = BATON_OK;
	bool ok =
		baton_map(NULL, PAGES * 4096ul, BATON_MAP_R | BATON_MAP_W, (void **)&p) == BATON_OK;
	uint64_t own = t_mem().own_pages;

	for (unsigned i = 1; ok && err == BATON_OK && i < PAGES - 1; i += 2)
		if ((err = baton_unmap(p + i * 4096ul, 4096)) == BATON_OK)
			cut++;
	T_EXPECT_EQ(err, BATON_ERR_LIMIT, ok);
	T_EXPECT(cut > 4000 && cut < 4096, ok);
	map_past_the_limit();
	T_EXPECT_EQ(t_mem().own_pages, own - cut, ok); /* the refused cut freed nothing */
	p[(2 * cut + 1) * 4096ul] = 1;		       /* and its page is still there */
	T_EXPECT_EQ(baton_unmap(p, PAGES * 4096ul), BATON_OK, ok);
	T_EXPECT_EQ(t_mem().own_pages, own - PAGES, ok);
	t_case(ok, "mem.unmap.cut_past_4096_mappings_limit_nothing_freed");
}

/* MEGA: 2 MiB pages where address and size allow it; misaligned requests are refused. */
static void megapages(void)
{
	const unsigned rwm = BATON_MAP_R | BATON_MAP_W | BATON_MAP_MEGA;
	struct baton_mem_info before = t_mem();
	uint8_t *p, *want = (uint8_t *)(BATON_MAP_BASE + 0x50000000);
	uint64_t leaf = 0;
	void *q;
	bool ok = baton_map(NULL, 2 * BATON_MEGAPAGE, rwm, (void **)&p) == BATON_OK;

	T_EXPECT(ok && ((uintptr_t)p & (BATON_MEGAPAGE - 1)) == 0, ok);
	if (ok) {
		p[0] = 1;
		p[2 * BATON_MEGAPAGE - 1] = 2;
		baton_kernel_control(BATON_CTL_LEAF_SIZE, (uintptr_t)p + BATON_MEGAPAGE, &leaf);
		T_EXPECT_EQ(leaf, BATON_MEGAPAGE, ok);
		T_EXPECT_EQ(t_mem().own_pages, before.own_pages + 1024, ok);
		T_EXPECT_EQ(baton_unmap(p, 2 * BATON_MEGAPAGE), BATON_OK, ok);
	}
	T_EXPECT_EQ(t_mem().own_pages, before.own_pages, ok);
	t_case(ok, "mem.map.megapages_where_address_and_size_allow");
	t_expect_result(baton_map(want + 4096, BATON_MEGAPAGE, rwm, &q), BATON_ERR_ALIGN,
			"mem.map.megapage_at_an_unaligned_address_align");
	t_expect_result(baton_map(NULL, BATON_MEGAPAGE + 4096, rwm, &q), BATON_ERR_ALIGN,
			"mem.map.megapage_size_not_a_multiple_of_2_mib_align");
	t_case(t_mem().own_pages == before.own_pages, "mem.map.megapage_refusals_take_nothing");
}

/*
 * GUARD: the page below a mapping is taken and left unmapped.  Threads get
 * their stacks that way, so a thread that overflows its stack faults in the
 * guard and ends its process, instead of writing into the mapping below.
 */
static void guard_pages(void)
{
	const unsigned rwg = BATON_MAP_R | BATON_MAP_W | BATON_MAP_GUARD;
	struct baton_mem_info m0 = t_mem();
	uint64_t leaf = 1;
	uint8_t *p;
	void *q;
	bool ok = baton_map(NULL, 2 * BATON_PAGE_SIZE, rwg, (void **)&p) == BATON_OK;

	if (ok) {
		p[0] = 1;
		p[2 * BATON_PAGE_SIZE - 1] = 2;
		baton_kernel_control(BATON_CTL_LEAF_SIZE, (uintptr_t)p - BATON_PAGE_SIZE, &leaf);
		T_EXPECT_EQ(leaf, 0, ok);
		T_EXPECT_EQ(t_mem().own_pages, m0.own_pages + 2, ok); /* the guard holds no page */
		T_EXPECT_EQ(baton_map(p - BATON_PAGE_SIZE, BATON_PAGE_SIZE,
				      BATON_MAP_R | BATON_MAP_W, &q),
			    BATON_ERR_INUSE, ok);
		T_EXPECT_EQ(baton_protect(p, BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_GUARD),
			    BATON_ERR_FLAGS, ok); /* MAP's flag only */
		T_EXPECT_EQ(baton_unmap(p - BATON_PAGE_SIZE, 3 * BATON_PAGE_SIZE), BATON_OK, ok);
	}
	T_EXPECT_EQ(t_mem().own_pages, m0.own_pages, ok);
	T_EXPECT_EQ(t_mem().free_pages, m0.free_pages, ok);
	t_case(ok, "memory.map.guard_page_below_taken_not_mapped");
	t_expect_result(baton_map(NULL, BATON_MEGAPAGE, rwg | BATON_MAP_MEGA, &q), BATON_ERR_FLAGS,
			"memory.map.guard_with_mega_flags");
	t_expect_result(baton_map((void *)BATON_MAP_BASE, BATON_PAGE_SIZE, rwg, &q),
			BATON_ERR_RANGE, "memory.map.guard_below_the_map_area_range");
	t_expect_result(baton_map((void *)BATON_PAGE_SIZE, BATON_PAGE_SIZE, rwg, &q),
			BATON_ERR_RANGE, "memory.map.guard_at_address_zero_range");

	const char *argv[] = {"stack-overflow", "0x10000", NULL};
	struct baton_exit ex = {0};
	uintptr_t guard = BATON_MAP_BASE + 0x10000;

	ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT &&
	     ex.status == 15 /* store page fault */ && ex.stval >= guard &&
	     ex.stval < guard + BATON_PAGE_SIZE;
	if (!ok)
		printf("  probe: how %u status %llu stval %#llx\n", ex.how,
		       (unsigned long long)ex.status, (unsigned long long)ex.stval);
	t_case(ok, "memory.thread_stack_overflow_faults_in_its_guard_page");
}

int main(void)
{
	map_is_zeroed_and_writable();
	map_fixed_and_partial_unmap();
	megapages();
	protect_keeps_data();
	heap_grows_and_shrinks();
	malloc_works();
	many_mappings();
	cuts_past_the_mapping_limit();
	guard_pages();
	return t_done();
}
