/* test_directmap.c — kmap_direct(): RAM minus holes at DIRECT_MAP_BASE, largest leaves. */
#include <string.h>

#include "check.h"
#include "fakemem.h"
#include "mm/directmap.h"
#include "mm/layout.h"
#include "pt_walk.h"

#define TABLE_MEM_BASE 0x2000000000ull /* where the fake memory for page tables sits */
#define TABLE_MEM_SIZE (32ull << 20)
#define K4	       0x1000ull
#define M2	       0x200000ull
#define G1	       0x40000000ull
#define DM_FLAGS       (PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D)

struct dm_case {
	const char *name;
	struct phys_range ram[4];
	unsigned nram;
	struct phys_range holes[6];
	unsigned nholes;
	uint64_t leaves[3]; /* expected leaf counts by level (4K, 2M, 1G) ... */
	bool check_leaves;  /* ... if known */
};

/* True if [s, e) lies in RAM range r (rounded inward) and meets no hole (rounded outward). */
static bool block_usable(const struct dm_case *c, unsigned r, uint64_t s, uint64_t e)
{
	uint64_t rs = page_up(c->ram[r].base), re = page_down(c->ram[r].base + c->ram[r].size);

	if (s < rs || e > re)
		return false;
	for (unsigned i = 0; i < c->nholes; i++) {
		const struct phys_range *h = &c->holes[i];
		if (h->size && page_down(h->base) < e && page_up(h->base + h->size) > s)
			return false;
	}
	return true;
}

/* The RAM range [s, e) is usable in, or -1. */
static int usable_in(const struct dm_case *c, uint64_t s, uint64_t e)
{
	for (unsigned r = 0; r < c->nram; r++) {
		if (block_usable(c, r, s, e))
			return (int)r;
	}
	return -1;
}

static uint64_t usable_bytes(const struct dm_case *c)
{
	uint64_t total = 0;

	for (unsigned r = 0; r < c->nram; r++) {
		uint64_t s = page_up(c->ram[r].base),
			 e = page_down(c->ram[r].base + c->ram[r].size);
		for (uint64_t pa = s; pa < e; pa += K4)
			total += block_usable(c, r, pa, pa + K4) ? K4 : 0;
	}
	return total;
}

struct leaf_check {
	const struct dm_case *c;
	uint64_t mapped, wrong_va, wrong_flags, not_usable, too_small;
};

static void check_leaf(void *ctx, const struct test_leaf *l)
{
	struct leaf_check *k = ctx;
	uint64_t size = 1ull << SV39_LEVEL_SHIFT(l->level), pa = pte_pa(l->pte);

	k->mapped += size;
	k->wrong_va += l->va != DIRECT_MAP_BASE + pa;
	k->wrong_flags += (l->pte & PTE_FLAG_MASK) != DM_FLAGS;
	k->not_usable += usable_in(k->c, pa, pa + size) < 0;
	/* A leaf smaller than 1 GiB: its enclosing next-size block must not have been usable. */
	if (l->level < 2) {
		uint64_t up = 1ull << SV39_LEVEL_SHIFT(l->level + 1);
		uint64_t s = pa & ~(up - 1);
		k->too_small += usable_in(k->c, s, s + up) >= 0;
	}
}

/* Looks up the pages either side of every hole edge that lies inside RAM. */
static void check_hole_edges(const struct page_table *pt, const struct dm_case *c)
{
	for (unsigned i = 0; i < c->nholes; i++) {
		const struct phys_range *h = &c->holes[i];
		uint64_t edges[2] = {page_down(h->base), page_up(h->base + h->size)};
		if (!h->size)
			continue;
		for (unsigned e = 0; e < 2; e++) {
			uint64_t below = edges[e] - K4, above = edges[e];
			int want_below = usable_in(c, below, below + K4) >= 0;
			int want_above = usable_in(c, above, above + K4) >= 0;
			CHECK_EQ(pt_lookup(pt, DIRECT_MAP_BASE + below, NULL, NULL, NULL) == 0,
				 want_below);
			CHECK_EQ(pt_lookup(pt, DIRECT_MAP_BASE + above, NULL, NULL, NULL) == 0,
				 want_above);
		}
	}
}

static void run_case(const struct dm_case *c)
{
	struct page_table pt;
	struct leaf_check k = {.c = c};
	struct pt_audit a;

	fakemem_frames_all();
	CHECK_EQ(pt_create(&pt, FRAME_OWNER_KERNEL), 0);
	CHECK_EQ(kmap_direct(&pt, c->ram, c->nram, c->holes, c->nholes), 0);
	CHECK_EQ(pt_walk(pt.root, check_leaf, &k), 0);
	CHECK_EQ(k.mapped, usable_bytes(c));
	CHECK_EQ(k.wrong_va, 0);
	CHECK_EQ(k.wrong_flags, 0);
	CHECK_EQ(k.not_usable, 0);
	CHECK_EQ(k.too_small, 0);
	check_hole_edges(&pt, c);
	pt_audit(&pt, &a);
	CHECK_EQ(a.bad, 0);
	CHECK_EQ(a.user, 0);
	if (c->check_leaves) {
		CHECK_EQ(a.leaves[0], c->leaves[0]);
		CHECK_EQ(a.leaves[1], c->leaves[1]);
		CHECK_EQ(a.leaves[2], c->leaves[2]);
	}
	if (check_case_failed)
		fprintf(stderr, "  in case \"%s\"\n", c->name);
}

#define RANGES(...)                                                                                \
	{__VA_ARGS__}, sizeof((struct phys_range[]){__VA_ARGS__}) / sizeof(struct phys_range)
#define NONE		   {{0}}, 0
#define LEAVES(k4, m2, g1) {k4, m2, g1}, true
#define ANY_LEAVES	   {0}, false

/* Each: name, RAM ranges, holes, and the leaves expected by size (4K, 2M, 1G) when known. */
static const struct dm_case cases[] = {
	{"4 GiB, no holes", RANGES({0x80000000, 4 * G1}), NONE, LEAVES(0, 0, 4)},
	{"firmware hole at the start", RANGES({0x80000000, G1}), RANGES({0x80000000, M2}),
	 LEAVES(0, 511, 0)},
	{"unaligned hole in the middle", RANGES({0x80000000, 2 * G1}), RANGES({0x80200800, 0x1234}),
	 LEAVES(510, 1 + 510, 1)},
	{"hole at the end", RANGES({0x80000000, G1}), RANGES({0xbff00000, 0x100000}),
	 LEAVES(256, 511, 0)},
	{"hole past the end", RANGES({0x80000000, G1}), RANGES({0xbfffffff, G1}),
	 LEAVES(511, 511, 0)},
	{"overlapping holes, unsorted", RANGES({0x80000000, G1}),
	 RANGES({0x80200000, 0x400000}, {0x80100000, 0x300000}, {0x80150000, 0x1000},
		{0x805ff000, 2}),
	 ANY_LEAVES},
	{"hole covering a whole range", RANGES({0x80000000, 256 << 20}, {0x100000000, G1}),
	 RANGES({0x7ff00000, 0x10200000}), LEAVES(0, 0, 1)},
	{"unaligned RAM edges", RANGES({0x80000800, (8 << 20) - 0x1000}), RANGES({0x80400fff, 2}),
	 ANY_LEAVES},
	{"holes outside RAM and empty holes", RANGES({0x80000000, G1}),
	 RANGES({0x1000, 0x1000}, {0x200000000, G1}, {0x80100000, 0}, {0xc0000000, 0x1000}),
	 LEAVES(0, 0, 1)},
	{"hole across two ranges", RANGES({0x80000000, 64 << 20}, {0x88000000, 64 << 20}),
	 RANGES({0x83000000, 0x6000000}), ANY_LEAVES},
	{"VisionFive-2-like, crossing 4 GiB", RANGES({0x40000000, 4 * G1}),
	 RANGES({0x40000000, 0x80000}, {0x40200000, 0x1a3456}, {0xfff00000, 0x200000},
		{0x6ce00000, 0x1600000}),
	 ANY_LEAVES},
	{"three ranges, several holes each",
	 RANGES({0x80000000, G1 + 3 * M2 + 5 * K4}, {0x140000000, 2 * G1}, {0x200001000, M2}),
	 RANGES({0x80001000, K4}, {0xc0100000, M2}, {0x17fff000, 0x2000}, {0x17ffff000, 0x2000},
		{0x200100000, 0x1000}),
	 ANY_LEAVES},
};

static void test_cases(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

/* An existing mapping in the way, or no memory for tables: the error comes back. */
static void test_errors_returned(void)
{
	struct page_table pt;
	struct phys_range ram = {0x80000000, G1}, hole = {0x80000000, M2};
	paddr_t pa;

	fakemem_frames_all();
	CHECK_EQ(pt_create(&pt, FRAME_OWNER_KERNEL), 0);
	CHECK_EQ(pt_map(&pt, DIRECT_MAP_BASE + 0x90000000, 0x90000000, K4, PERM_R, 0), 0);
	CHECK_EQ(kmap_direct(&pt, &ram, 1, &hole, 1), PT_ERR_EXISTS);
	fakemem_frames_all();
	CHECK_EQ(pt_create(&pt, FRAME_OWNER_KERNEL), 0);
	while (frame_alloc(0, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa))
		;
	CHECK_EQ(kmap_direct(&pt, &ram, 1, &hole, 1), PT_ERR_NOMEM);
	CHECK_EQ(kmap_direct(&pt, &ram, 1, &ram, 1), 0); /* all a hole: nothing to map */
	CHECK_EQ(kmap_direct(&pt, &ram, 0, NULL, 0), 0);
}

int main(void)
{
	fakemem_init(TABLE_MEM_BASE, TABLE_MEM_SIZE);
	RUN(test_cases);
	RUN(test_errors_returned);
	fakemem_free();
	return check_summary();
}
