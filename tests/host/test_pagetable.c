/* test_pagetable.c — Sv39 map, unmap, protect, lookup and audit, over fake physical memory. */
#include <string.h>

#include "arch/arch.h"
#include "check.h"
#include "fakemem.h"
#include "pt_walk.h"

#define BASE	0x80000000ull
#define MEMSIZE (16ull << 20)
#define K4	0x1000ull
#define M2	0x200000ull
#define G1	0x40000000ull
#define KVA	0xffffffc000000000ull /* start of the kernel half's direct map */
#define RW	(PERM_R | PERM_W)
#define OWNER	3u

static struct page_table pt;
static uint64_t free_after_create;

static void setup(void)
{
	fakemem_frames_all();
	CHECK_EQ(pt_create(&pt, OWNER), 0);
	CHECK_EQ(frame_of(pt.root)->state, FRAME_PAGETABLE);
	free_after_create = frame_free_count();
}

static struct pt_audit audit(void)
{
	struct pt_audit a;

	pt_audit(&pt, &a);
	return a;
}

/* Checks one translation: va maps pa with exactly perm, in a leaf of `size`. */
static void expect(uintptr_t va, paddr_t pa, unsigned perm, uint64_t size)
{
	paddr_t got_pa = 0;
	unsigned got_perm = 0;
	uint64_t got_size = 0;

	CHECK_EQ(pt_lookup(&pt, va, &got_pa, &got_perm, &got_size), 0);
	CHECK_EQ(got_pa, pa);
	CHECK_EQ(got_perm, perm);
	CHECK_EQ(got_size, size);
}

static void expect_unmapped(uintptr_t va)
{
	CHECK_EQ(pt_lookup(&pt, va, NULL, NULL, NULL), PT_ERR_NOTMAPPED);
}

static void test_map_lookup_4k(void)
{
	uint64_t pages = 99;

	setup();
	CHECK_EQ(pt_map(&pt, 0x10000, 0x80400000, 3 * K4, RW | PERM_USER, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x20000, 0x80500000, K4, PERM_X | PERM_USER, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x21000, 0x80501000, K4, PERM_R | PERM_X, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x22000, 0x80502000, K4, PERM_R, MAP_HUGE), 0);
	for (unsigned i = 0; i < 3; i++)
		expect(0x10000 + i * K4 + 0x123, 0x80400123 + i * K4, RW | PERM_USER, K4);
	expect(0x20000, 0x80500000, PERM_X | PERM_USER, K4);
	expect(0x21fff, 0x80501fff, PERM_R | PERM_X, K4);
	expect(0x22000, 0x80502000, PERM_R, K4);
	expect_unmapped(0xf000);
	expect_unmapped(0x13000);
	expect_unmapped(0x40000000);
	struct pt_audit a = audit();
	CHECK(a.leaves[0] == 6 && a.leaves[1] == 0 && a.leaves[2] == 0);
	CHECK(a.tables == 2 && a.user == 4 && a.bad == 0);
	CHECK_EQ(pt_unmap(&pt, 0x10000, 3 * K4, &pages), 0);
	CHECK_EQ(pages, 3);
	expect_unmapped(0x10000);
	expect_unmapped(0x12000);
	expect(0x20000, 0x80500000, PERM_X | PERM_USER, K4);
	pt_destroy(&pt);
}

static void test_huge_leaves(void)
{
	setup();
	/* 1 GiB + 2 MiB + 4 KiB, all aligned: one leaf of each size. */
	CHECK_EQ(pt_map(&pt, G1, 0xc0000000, G1 + M2 + K4, RW, MAP_HUGE), 0);
	expect(G1 + 0x12345, 0xc0012345, RW, G1);
	expect(2 * G1 + 0x1000, 0x100001000, RW, M2);
	expect(2 * G1 + M2, 0x100200000, RW, K4);
	struct pt_audit a = audit();
	CHECK(a.leaves[0] == 1 && a.leaves[1] == 1 && a.leaves[2] == 1 && a.bad == 0);

	/* va aligned but pa only 4 KiB aligned: no huge leaf is possible. */
	CHECK_EQ(pt_map(&pt, 8 * G1, 0x80001000, M2, RW, MAP_HUGE), 0);
	expect(8 * G1 + 0x5000, 0x80006000, RW, K4);
	/* Aligned, but without MAP_HUGE. */
	CHECK_EQ(pt_map(&pt, 9 * G1, 0x80200000, M2, PERM_R, 0), 0);
	expect(9 * G1, 0x80200000, PERM_R, K4);
	/* 1 GiB - 4 KiB from a 1 GiB boundary: 511 megapages, then 511 pages. */
	CHECK_EQ(pt_map(&pt, 10 * G1, 0x40000000, G1 - K4, PERM_R, MAP_HUGE), 0);
	expect(10 * G1 + G1 - M2 - K4, 0x40000000 + G1 - M2 - K4, PERM_R, M2);
	expect(10 * G1 + G1 - 2 * K4, 0x40000000 + G1 - 2 * K4, PERM_R, K4);
	expect_unmapped(10 * G1 + G1 - K4);
	/* The kernel half too. */
	CHECK_EQ(pt_map(&pt, KVA, 0x80000000, G1, RW | PERM_GLOBAL, MAP_HUGE), 0);
	expect(KVA + 0x3456789, 0x83456789, RW | PERM_GLOBAL, G1);
	a = audit();
	CHECK_EQ(a.leaves[2], 2);
	CHECK_EQ(a.leaves[1], 1 + 511);
	CHECK_EQ(a.leaves[0], 1 + 512 + 512 + 511);
	CHECK_EQ(a.bad, 0);
	pt_destroy(&pt);
}

struct bits_ctx {
	unsigned leaves, missing_ad, misaligned;
};

static void check_leaf_bits(void *ctx, const struct test_leaf *l)
{
	struct bits_ctx *c = ctx;

	c->leaves++;
	c->missing_ad += (l->pte & (PTE_A | PTE_D)) != (PTE_A | PTE_D);
	c->misaligned += (pte_pa(l->pte) & ((1ull << SV39_LEVEL_SHIFT(l->level)) - 1)) != 0;
}

/* Reads the entries themselves: A and D on every leaf, tables carry V alone. */
static void test_pte_bits(void)
{
	struct bits_ctx c = {0};

	setup();
	CHECK_EQ(pt_map(&pt, 0x1000, 0x80001000, 5 * K4, RW | PERM_USER, 0), 0);
	CHECK_EQ(pt_map(&pt, 3 * G1, 0x80000000, G1 + 3 * M2, PERM_R | PERM_X, MAP_HUGE), 0);
	CHECK_EQ(pt_map(&pt, KVA + M2, 0x80200000, M2, RW | PERM_GLOBAL, MAP_HUGE), 0);
	CHECK_EQ(pt_unmap(&pt, KVA + M2 + K4, K4, NULL), 0); /* splits: copies must keep A/D */
	CHECK_EQ(pt_protect(&pt, 0x2000, K4, PERM_R), 0);
	CHECK_EQ(pt_walk(pt.root, check_leaf_bits, &c), 0);
	CHECK_EQ(c.leaves, 5 + 1 + 3 + 511);
	CHECK_EQ(c.missing_ad, 0);
	CHECK_EQ(c.misaligned, 0);

	const pte_t *root = phys_to_virt(pt.root);
	pte_t top = root[(KVA >> 30) & 511];
	CHECK_EQ(top & PTE_FLAG_MASK, PTE_V);
	const pte_t *l1 = phys_to_virt(pte_pa(top));
	CHECK_EQ(l1[1] & PTE_FLAG_MASK, PTE_V); /* the split megapage is a table now */
	const pte_t *l0 = phys_to_virt(pte_pa(l1[1]));
	CHECK_EQ(l0[0] & PTE_FLAG_MASK, PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D);
	CHECK_EQ(l0[1], 0);
	CHECK_EQ(pte_pa(l0[2]), 0x80202000);
	const pte_t *giga = &root[3];
	CHECK_EQ(*giga & PTE_FLAG_MASK, PTE_V | PTE_R | PTE_X | PTE_A | PTE_D);
	CHECK_EQ(pte_pa(*giga), 0x80000000);
	pt_destroy(&pt);
}

static void test_bad_perms(void)
{
	static const unsigned bad[] = {
		0, PERM_W, PERM_W | PERM_X, RW | PERM_X, PERM_USER, PERM_GLOBAL, PERM_W | PERM_USER,
	};

	setup();
	CHECK_EQ(pt_map(&pt, 0x5000, 0x80005000, K4, RW, 0), 0);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(pt_map(&pt, 0x1000, 0x80001000, K4, bad[i], 0), PT_ERR_PERM);
		CHECK_EQ(pt_map(&pt, KVA, 0x80001000, M2, bad[i], MAP_HUGE), PT_ERR_PERM);
		CHECK_EQ(pt_protect(&pt, 0x5000, K4, bad[i]), PT_ERR_PERM);
	}
	expect_unmapped(0x1000);
	expect(0x5000, 0x80005000, RW, K4);
	CHECK_EQ(audit().leaves[0], 1);
	CHECK_EQ(frame_free_count(), free_after_create - 2);
	pt_destroy(&pt);
}

static void test_alignment_errors(void)
{
	setup();
	CHECK_EQ(pt_map(&pt, 0x1001, 0x80001000, K4, RW, 0), PT_ERR_ALIGN);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x80001000, 0x1800, RW, 0), PT_ERR_ALIGN);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x80001800, K4, RW, 0), PT_ERR_ALIGN);
	CHECK_EQ(pt_map(&pt, 0x1000, 0x80001000, K4, RW, 0), 0);
	CHECK_EQ(pt_unmap(&pt, 0x1800, K4, NULL), PT_ERR_ALIGN);
	CHECK_EQ(pt_unmap(&pt, 0x1000, 0x10, NULL), PT_ERR_ALIGN);
	CHECK_EQ(pt_protect(&pt, 0x1000, 0x800, PERM_R), PT_ERR_ALIGN);
	CHECK_EQ(pt_protect(&pt, 0x1004, K4, PERM_R), PT_ERR_ALIGN);
	expect(0x1000, 0x80001000, RW, K4);
	CHECK_EQ(audit().leaves[0], 1);
	pt_destroy(&pt);
}

static void test_range_errors(void)
{
	static const struct {
		uintptr_t va;
		uint64_t size;
	} bad[] = {
		{0x4000000000ull, K4},			       /* first non-canonical address */
		{0x3ffffff000ull, 2 * K4},		       /* runs off the user half */
		{0xffffffbffffff000ull, 2 * K4},	       /* starts in the hole */
		{0xfffffffffffff000ull, 2 * K4},	       /* wraps */
		{0x3ffffff000ull, KVA + K4 - 0x3ffffff000ull}, /* user half into kernel half */
		{0x1000, 0},
		{0, ~0xfffull},
	};

	setup();
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(pt_map(&pt, bad[i].va, 0x80000000, bad[i].size, RW, 0), PT_ERR_RANGE);
		CHECK_EQ(pt_unmap(&pt, bad[i].va, bad[i].size, NULL), PT_ERR_RANGE);
		CHECK_EQ(pt_protect(&pt, bad[i].va, bad[i].size, PERM_R), PT_ERR_RANGE);
	}
	CHECK_EQ(pt_map(&pt, 0x1000, 1ull << 56, K4, RW, 0), PT_ERR_RANGE);
	CHECK_EQ(pt_map(&pt, 0x1000, (1ull << 56) - K4, 2 * K4, RW, 0), PT_ERR_RANGE);
	CHECK_EQ(pt_map(&pt, 0x1000, 0xfffffffffffff000ull, 2 * K4, RW, 0), PT_ERR_RANGE);
	CHECK_EQ(pt_lookup(&pt, 0x4000000000ull, NULL, NULL, NULL), PT_ERR_RANGE);
	CHECK_EQ(pt_lookup(&pt, 0x8000000000000000ull, NULL, NULL, NULL), PT_ERR_RANGE);
	CHECK_EQ(frame_free_count(), free_after_create);
	struct pt_audit a = audit();
	CHECK(a.leaves[0] + a.leaves[1] + a.leaves[2] + a.tables == 0);
	/* The edges themselves are fine. */
	CHECK_EQ(pt_map(&pt, 0x3ffffff000ull, (1ull << 56) - K4, K4, PERM_R, 0), 0);
	CHECK_EQ(pt_map(&pt, 0, 0x80000000, K4, PERM_R, 0), 0);
	expect(0x3ffffff000ull, (1ull << 56) - K4, PERM_R, K4);
	expect(0, 0x80000000, PERM_R, K4);
	pt_destroy(&pt);
}

/* A failed map leaves the same translations and gives back every table it made. */
static void expect_map_fails(uintptr_t va, paddr_t pa, uint64_t size, unsigned flags,
			     const struct pt_snapshot *before, uint64_t free_before)
{
	struct pt_snapshot after;

	CHECK_EQ(pt_map(&pt, va, pa, size, RW, flags), PT_ERR_EXISTS);
	pt_snap(pt.root, &after);
	CHECK(pt_snap_equal(before, &after));
	CHECK_EQ(frame_free_count(), free_before);
	pt_snap_free(&after);
}

static void test_exists_all_or_nothing(void)
{
	struct pt_snapshot before;

	setup();
	CHECK_EQ(pt_map(&pt, 0x300000, 0x80300000, K4, PERM_R, 0), 0);
	CHECK_EQ(pt_map(&pt, G1, 0x90000000, K4, PERM_R, 0), 0);
	CHECK_EQ(pt_map(&pt, 4 * G1, 0x90000000, K4, PERM_R, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x600000, 0x80600000, M2, PERM_R, MAP_HUGE), 0);
	CHECK_EQ(pt_map(&pt, KVA + 0x5000, 0x80005000, K4, RW | PERM_GLOBAL, 0), 0);
	pt_snap(pt.root, &before);
	uint64_t free_before = frame_free_count();
	expect_map_fails(0x300000, 0x80000000, K4, 0, &before, free_before);
	expect_map_fails(0, 0x80000000, 0x400000, 0, &before, free_before); /* new L0 at 0 */
	expect_map_fails(0x200000, 0x80200000, M2, MAP_HUGE, &before, free_before);
	expect_map_fails(G1 - 0x100000, 0x90000000, 0x101000, 0, &before, free_before);
	expect_map_fails(4 * G1 - 3 * K4, 0x90000000, 4 * K4, 0, &before, free_before); /* new L1 */
	expect_map_fails(0x601000, 0x80601000, K4, 0, &before, free_before);
	expect_map_fails(0x400000, 0x80400000, 0x400000, MAP_HUGE, &before, free_before);
	expect_map_fails(0, 0, G1, MAP_HUGE, &before, free_before);
	pt_snap_free(&before);

	/* Kernel half: the translations are kept exactly (its tables may stay). */
	pt_snap(pt.root, &before);
	CHECK_EQ(pt_map(&pt, KVA + G1 - K4, 0x80000000, K4, PERM_R, 0), 0);
	struct pt_snapshot mid, after;
	pt_snap(pt.root, &mid);
	CHECK_EQ(pt_map(&pt, KVA, 0x80000000, G1, RW, MAP_HUGE), PT_ERR_EXISTS);
	pt_snap(pt.root, &after);
	CHECK(pt_snap_equal(&mid, &after));
	CHECK_EQ(mid.count, before.count + 1);
	pt_snap_free(&before);
	pt_snap_free(&mid);
	pt_snap_free(&after);
	pt_destroy(&pt);
}

/* Holds every free frame but `keep`. */
static unsigned hold_frames(paddr_t *held, unsigned max, uint64_t keep)
{
	unsigned n = 0;

	while (frame_free_count() > keep && n < max &&
	       frame_alloc(0, FRAME_KERNEL, FRAME_OWNER_KERNEL, &held[n]))
		n++;
	return n;
}

static void test_nomem_rollback(void)
{
	static paddr_t held[MEMSIZE / K4];

	setup();
	unsigned n = hold_frames(held, MEMSIZE / K4, 1);
	CHECK_EQ(pt_map(&pt, 0, 0x80000000, 2 * M2, RW, 0), PT_ERR_NOMEM);
	CHECK_EQ(frame_free_count(), 1);
	CHECK_EQ(frame_free(held[--n], 0), 0);
	/* Room for L1 and the first L0: 512 pages go in, then all come out again. */
	CHECK_EQ(pt_map(&pt, 0, 0x80000000, 2 * M2, RW, 0), PT_ERR_NOMEM);
	CHECK_EQ(frame_free_count(), 2);
	struct pt_audit a = audit();
	CHECK(a.leaves[0] == 0 && a.tables == 0);
	CHECK_EQ(pt_map(&pt, 0, 0x80000000, M2, RW, 0), 0);
	CHECK_EQ(frame_free_count(), 0);
	CHECK_EQ(pt_map(&pt, KVA, 0x80000000, K4, RW, 0), PT_ERR_NOMEM);
	expect_unmapped(KVA);
	while (n)
		CHECK_EQ(frame_free(held[--n], 0), 0);
	pt_destroy(&pt);
	CHECK(frame_audit());

	struct page_table other = {.root = 0x1234};
	n = hold_frames(held, MEMSIZE / K4, 0);
	CHECK_EQ(pt_create(&other, OWNER), PT_ERR_NOMEM);
	while (n)
		CHECK_EQ(frame_free(held[--n], 0), 0);
}

struct flag_ctx {
	pte_t want;
	unsigned leaves, wrong;
};

static void check_flags(void *ctx, const struct test_leaf *l)
{
	struct flag_ctx *c = ctx;

	c->leaves++;
	c->wrong += (l->pte & PTE_FLAG_MASK) != c->want;
}

static void test_split_megapage(void)
{
	uint64_t pages = 0;
	struct flag_ctx c = {PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D, 0, 0};

	setup();
	CHECK_EQ(pt_map(&pt, M2, 0x80200000, M2, RW | PERM_GLOBAL, MAP_HUGE), 0);
	CHECK_EQ(pt_unmap(&pt, M2 + K4, K4, &pages), 0);
	CHECK_EQ(pages, 1);
	expect(M2, 0x80200000, RW | PERM_GLOBAL, K4);
	expect_unmapped(M2 + K4);
	expect(M2 + 2 * K4 + 5, 0x80202005, RW | PERM_GLOBAL, K4);
	expect(2 * M2 - K4, 0x803ff000, RW | PERM_GLOBAL, K4);
	CHECK_EQ(pt_walk(pt.root, check_flags, &c), 0);
	CHECK(c.leaves == 511 && c.wrong == 0);

	/* A gigapage split twice: one page out of its second megapage. */
	CHECK_EQ(pt_map(&pt, G1, 0x40000000, G1, PERM_R | PERM_X, MAP_HUGE), 0);
	CHECK_EQ(pt_unmap(&pt, G1 + M2 + 7 * K4, K4, &pages), 0);
	CHECK_EQ(pages, 1);
	expect(G1, 0x40000000, PERM_R | PERM_X, M2);
	expect(G1 + M2, 0x40200000, PERM_R | PERM_X, K4);
	expect_unmapped(G1 + M2 + 7 * K4);
	expect(G1 + 2 * M2, 0x40400000, PERM_R | PERM_X, M2);
	expect(2 * G1 - 1, 0x7fffffff, PERM_R | PERM_X, M2);
	/* A whole megapage out of the gigapage's place: no 4 KiB split needed. */
	CHECK_EQ(pt_unmap(&pt, G1 + 4 * M2, M2, &pages), 0);
	CHECK_EQ(pages, 512);
	expect_unmapped(G1 + 4 * M2 + 0x1234);
	expect(G1 + 5 * M2, 0x40a00000, PERM_R | PERM_X, M2);
	struct pt_audit a = audit();
	CHECK_EQ(a.leaves[2], 0);
	CHECK_EQ(a.leaves[1], 512 - 2);
	CHECK_EQ(a.leaves[0], 511 + 511);
	CHECK_EQ(a.bad, 0);
	pt_destroy(&pt);
}

static void test_protect(void)
{
	struct pt_snapshot before, after;

	setup();
	CHECK_EQ(pt_map(&pt, 0x10000, 0x80010000, 4 * K4, RW | PERM_USER, 0), 0);
	CHECK_EQ(pt_protect(&pt, 0x11000, 2 * K4, PERM_R), 0);
	expect(0x10000, 0x80010000, RW | PERM_USER, K4);
	expect(0x11000, 0x80011000, PERM_R | PERM_USER, K4);
	expect(0x12000, 0x80012000, PERM_R | PERM_USER, K4);
	expect(0x13000, 0x80013000, RW | PERM_USER, K4);
	CHECK_EQ(pt_protect(&pt, 0x13000, K4, PERM_X | PERM_GLOBAL), 0); /* U kept, G not added */
	expect(0x13000, 0x80013000, PERM_X | PERM_USER, K4);

	/* A hole in the range: nothing changes at all. */
	pt_snap(pt.root, &before);
	uint64_t free_before = frame_free_count();
	CHECK_EQ(pt_protect(&pt, 0x10000, 5 * K4, PERM_R), PT_ERR_NOTMAPPED);
	CHECK_EQ(pt_protect(&pt, 0xf000, 2 * K4, PERM_R), PT_ERR_NOTMAPPED);
	CHECK_EQ(pt_protect(&pt, G1, M2, PERM_R), PT_ERR_NOTMAPPED);
	CHECK_EQ(pt_map(&pt, 4 * M2, 0x80400000, M2, RW, MAP_HUGE), 0);
	CHECK_EQ(pt_protect(&pt, 4 * M2 + M2 - K4, 2 * K4, PERM_R), PT_ERR_NOTMAPPED);
	CHECK_EQ(pt_unmap(&pt, 4 * M2, M2, NULL), 0);
	pt_snap(pt.root, &after);
	CHECK(pt_snap_equal(&before, &after));
	CHECK_EQ(frame_free_count(), free_before);
	pt_snap_free(&before);
	pt_snap_free(&after);

	/* Part of a megapage: it is split and only that part changes. */
	CHECK_EQ(pt_map(&pt, KVA + M2, 0x80200000, M2, RW | PERM_GLOBAL, MAP_HUGE), 0);
	CHECK_EQ(pt_protect(&pt, KVA + M2 + 4 * K4, K4, PERM_R), 0);
	expect(KVA + M2 + 4 * K4, 0x80204000, PERM_R | PERM_GLOBAL, K4);
	expect(KVA + M2 + 3 * K4, 0x80203000, RW | PERM_GLOBAL, K4);
	expect(KVA + 2 * M2 - K4, 0x803ff000, RW | PERM_GLOBAL, K4);
	/* A whole megapage keeps its size. */
	CHECK_EQ(pt_map(&pt, KVA + 2 * M2, 0x80400000, M2, RW | PERM_GLOBAL, MAP_HUGE), 0);
	CHECK_EQ(pt_protect(&pt, KVA + 2 * M2, M2, PERM_R), 0);
	expect(KVA + 2 * M2 + K4, 0x80401000, PERM_R | PERM_GLOBAL, M2);
	CHECK_EQ(audit().bad, 0);
	pt_destroy(&pt);
}

/* Empty user tables go as soon as their last entry does. */
static void test_prune(void)
{
	uint64_t pages = 0;

	setup();
	CHECK_EQ(pt_map(&pt, 0x1000, 0x80001000, K4, RW, 0), 0);
	CHECK_EQ(pt_map(&pt, M2 * 7, 0x80001000, 3 * K4, RW, 0), 0);
	CHECK_EQ(pt_map(&pt, 5 * G1 + 0x7000, 0x80001000, K4, RW, 0), 0);
	CHECK_EQ(pt_map(&pt, 9 * G1, 0x80200000, M2, RW, MAP_HUGE), 0);
	CHECK_EQ(audit().tables, 2 + 1 + 2 + 1);
	CHECK_EQ(pt_unmap(&pt, 0x1000, K4, NULL), 0);
	CHECK_EQ(audit().tables, 2 + 2 + 1);
	CHECK_EQ(pt_unmap(&pt, M2 * 7 + K4, K4, NULL), 0);
	CHECK_EQ(audit().tables, 2 + 2 + 1); /* two pages left in that table */
	CHECK_EQ(pt_unmap(&pt, 9 * G1, M2, &pages), 0);
	CHECK_EQ(pages, 512);
	CHECK_EQ(audit().tables, 2 + 2);
	CHECK_EQ(pt_unmap(&pt, 0, 6 * G1, &pages), 0);
	CHECK_EQ(pages, 3);
	CHECK_EQ(pt_unmap(&pt, 0, 6 * G1, &pages), 0); /* nothing left: fine, no pages */
	CHECK_EQ(pages, 0);
	struct pt_audit a = audit();
	CHECK(a.tables == 0 && a.leaves[0] == 0 && a.leaves[1] == 0);
	CHECK_EQ(frame_free_count(), free_after_create);
	CHECK_EQ(frame_count(FRAME_PAGETABLE), 1);
	pt_destroy(&pt);
}

/* Kernel-half tables are shared by every address space: never pruned, never destroyed. */
static void test_kernel_tables_kept(void)
{
	setup();
	CHECK_EQ(pt_map(&pt, KVA + 3 * G1 + 5 * K4, 0x80005000, K4, RW | PERM_GLOBAL, 0), 0);
	CHECK_EQ(audit().tables, 2);
	uint64_t free_mapped = frame_free_count();
	CHECK_EQ(pt_unmap(&pt, KVA + 3 * G1, G1, NULL), 0);
	expect_unmapped(KVA + 3 * G1 + 5 * K4);
	CHECK_EQ(audit().tables, 2);
	CHECK_EQ(frame_free_count(), free_mapped);
	/* A process's own tables are the user half's: the kernel's are shared. */
	CHECK_EQ(pt_user_tables(&pt), 0);
	CHECK_EQ(pt_map(&pt, 0x10000, 0x80005000, K4, RW | PERM_USER, 0), 0);
	CHECK_EQ(pt_user_tables(&pt), 2);
	CHECK_EQ(pt_unmap(&pt, 0x10000, K4, NULL), 0);
	pt_destroy(&pt);
	CHECK_EQ(pt.root, 0);
	CHECK_EQ(frame_count(FRAME_PAGETABLE), 2);
}

static void test_destroy_returns_everything(void)
{
	fakemem_frames_all();
	uint64_t start = frame_free_count();

	CHECK_EQ(pt_create(&pt, OWNER), 0);
	CHECK_EQ(pt_map(&pt, 0, 0x80000000, 3 * M2 + 5 * K4, RW | PERM_USER, 0), 0);
	CHECK_EQ(pt_map(&pt, 7 * G1, 0x80000000, G1, RW | PERM_USER, MAP_HUGE), 0);
	CHECK_EQ(pt_map(&pt, 0x3fffe00000ull, 0x80000000, M2, PERM_R | PERM_USER, MAP_HUGE), 0);
	CHECK_EQ(pt_unmap(&pt, 7 * G1 + 5 * M2 + K4, K4, NULL), 0);
	CHECK_EQ(pt_protect(&pt, 0x3fffe00000ull + K4, K4, PERM_X), 0);
	CHECK(frame_count(FRAME_PAGETABLE) > 5);
	pt_destroy(&pt);
	CHECK_EQ(frame_free_count(), start);
	CHECK_EQ(frame_count(FRAME_PAGETABLE), 0);
	CHECK(frame_audit());
}

/* Ranges that end at the very top of the address space (va + size wraps to 0). */
static void test_top_of_address_space(void)
{
	const uintptr_t top_page = 0xfffffffffffff000ull, top_mega = 0xffffffffffe00000ull;
	const uintptr_t top_giga = 0xffffffffc0000000ull;
	uint64_t pages = 0;

	setup();
	CHECK_EQ(pt_map(&pt, top_giga, 0x80000000, G1, RW, MAP_HUGE), 0);
	expect(top_page, 0xbffff000, RW, G1);
	CHECK_EQ(pt_protect(&pt, top_mega, M2, PERM_R), 0);
	expect(top_page, 0xbffff000, PERM_R, M2);
	expect(top_mega - K4, 0xbfdff000, RW, M2);
	CHECK_EQ(pt_unmap(&pt, top_giga, G1, &pages), 0);
	CHECK_EQ(pages, G1 / K4);
	expect_unmapped(top_page);
	expect_unmapped(top_giga);

	CHECK_EQ(pt_map(&pt, top_mega, 0x80200000, M2, RW | PERM_GLOBAL, 0), 0);
	CHECK_EQ(pt_protect(&pt, top_page, K4, PERM_R), 0);
	expect(top_page, 0x803ff000, PERM_R | PERM_GLOBAL, K4);
	expect(top_page - K4, 0x803fe000, RW | PERM_GLOBAL, K4);
	CHECK_EQ(pt_unmap(&pt, top_page, K4, &pages), 0);
	CHECK_EQ(pages, 1);
	expect_unmapped(top_page);
	CHECK_EQ(pt_unmap(&pt, top_mega, M2, &pages), 0);
	CHECK_EQ(pages, 511);
	expect_unmapped(top_mega);
	struct pt_audit a = audit();
	CHECK_EQ(a.leaves[0] + a.leaves[1] + a.leaves[2], 0);
	pt_destroy(&pt);
}

static void test_unmap_counts_and_holes(void)
{
	uint64_t pages = 0;

	setup();
	CHECK_EQ(pt_map(&pt, 0x1000, 0x80001000, 2 * K4, RW, 0), 0);
	CHECK_EQ(pt_map(&pt, M2 * 2, 0x80400000, M2, RW, MAP_HUGE), 0);
	CHECK_EQ(pt_map(&pt, G1, 0x40000000, G1, RW, MAP_HUGE), 0);
	CHECK_EQ(pt_unmap(&pt, 0, G1 + 3 * M2 + K4, &pages), 0);
	CHECK_EQ(pages, 2 + 512 + 3 * 512 + 1);
	expect_unmapped(G1 + 3 * M2);
	expect(G1 + 3 * M2 + K4, 0x40601000, RW, K4);
	expect(G1 + 4 * M2, 0x40800000, RW, M2);
	CHECK_EQ(pt_unmap(&pt, 0x3000, K4, NULL), 0); /* a hole: no error */
	pt_destroy(&pt);
}

/* pt_audit() is the oracle of the other cases: it must see damage done by hand. */
static void test_audit_sees_damage(void)
{
	setup();
	CHECK_EQ(pt_map(&pt, 0x1000, 0x80001000, K4, RW, 0), 0);
	CHECK_EQ(pt_map(&pt, G1, 0x80000000, M2, RW, MAP_HUGE), 0);
	CHECK_EQ(audit().bad, 0);
	pte_t *root = phys_to_virt(pt.root);
	pte_t *l1 = phys_to_virt(pte_pa(root[0]));
	pte_t *l0 = phys_to_virt(pte_pa(l1[0]));
	pte_t *mega = &((pte_t *)phys_to_virt(pte_pa(root[1])))[0];
	const pte_t saved_root = root[0], saved_leaf = l0[1], saved_mega = *mega;
	const pte_t damage[][2] = {
		{saved_root | PTE_A, saved_leaf},    /* a table with A */
		{saved_root | PTE_U, saved_leaf},    /* a table with U */
		{saved_root, saved_leaf & ~PTE_A},   /* a leaf without A */
		{saved_root, saved_leaf & ~PTE_D},   /* a leaf without D */
		{saved_root, saved_leaf | PTE_X},    /* W+X */
		{saved_root, (saved_leaf & ~PTE_R)}, /* W only */
	};
	for (unsigned i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		root[0] = damage[i][0];
		l0[1] = damage[i][1];
		CHECK(audit().bad > 0);
	}
	root[0] = saved_root;
	l0[1] = saved_leaf;
	*mega = pte_make(0x80001000, saved_mega & PTE_FLAG_MASK); /* a misaligned megapage */
	CHECK(audit().bad > 0);
	*mega = saved_mega;
	CHECK_EQ(audit().bad, 0);
	pt_destroy(&pt);
}

/* Lend marks: Lend drops W and remembers it, MutableLend drops V; both block unmap/protect. */
/* A second table, for the receiving side of a lend. */
static struct page_table win_pt;

static void setup_pair(void)
{
	setup();
	CHECK_EQ(pt_create(&win_pt, OWNER + 1), 0);
}

static bool frames_of(paddr_t pa, uint64_t pages, uint32_t owner)
{
	for (uint64_t i = 0; i < pages; i++) {
		struct frame *f = frame_of(pa + i * K4);
		if (!f || f->state != FRAME_USER || f->owner != owner)
			return false;
	}
	return true;
}

/* User pages for the tests below, owned by OWNER in the frame table. */
static paddr_t user_pages(unsigned order)
{
	paddr_t pa = 0;

	CHECK(frame_alloc(order, FRAME_USER, OWNER, &pa));
	return pa;
}

static void test_lend_check(void)
{
	const unsigned urw = RW | PERM_USER;
	paddr_t mine, other = 0;
	bool straddles = true;

	setup();
	mine = user_pages(1);
	CHECK(frame_alloc(0, FRAME_USER, OWNER + 7, &other));
	CHECK_EQ(pt_map(&pt, 0x10000, mine, 2 * K4, urw, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x20000, mine, K4, PERM_R | PERM_USER, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x30000, other, K4, urw, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x40000, mine, K4, RW, 0), 0);	   /* no U */
	CHECK_EQ(pt_map(&pt, 0x50000, 0x10000000, K4, urw, 0), 0); /* not RAM: a device */

	CHECK_EQ(pt_lend_check(&pt, 0x10000, 2 * K4, true, false, OWNER, &straddles), 0);
	CHECK(!straddles);
	CHECK_EQ(pt_lend_check(&pt, 0x10000, 3 * K4, false, false, OWNER, &straddles),
		 PT_ERR_NOTMAPPED); /* the third page is a hole */
	CHECK_EQ(pt_lend_check(&pt, 0x20000, K4, false, false, OWNER, &straddles), 0);
	CHECK_EQ(pt_lend_check(&pt, 0x20000, K4, true, false, OWNER, &straddles), PT_ERR_PERM);
	CHECK_EQ(pt_lend_check(&pt, 0x30000, K4, false, false, OWNER, &straddles), PT_ERR_NOTOWNER);
	CHECK_EQ(pt_lend_check(&pt, 0x30000, K4, false, true, OWNER, &straddles), 0); /* borrowed */
	CHECK_EQ(pt_lend_check(&pt, 0x40000, K4, false, false, OWNER, &straddles),
		 PT_ERR_NOTMAPPED);
	CHECK_EQ(pt_lend_check(&pt, 0x50000, K4, false, true, OWNER, &straddles), PT_ERR_NOTOWNER);
	CHECK_EQ(pt_unmap(&pt, 0, M2, NULL), 0);
	CHECK_EQ(frame_free(mine, 1), 0);
	CHECK_EQ(frame_free(other, 0), 0);
	CHECK_EQ(frame_free_count(), free_after_create);
	pt_destroy(&pt);
}

static void test_lend_map_and_back(void)
{
	const unsigned urw = RW | PERM_USER;
	uint64_t free0;
	bool straddles, tables;

	setup_pair();
	paddr_t a = user_pages(1), b = user_pages(0);
	CHECK_EQ(pt_map(&pt, 0x10000, a, 2 * K4, urw, 0), 0);
	CHECK_EQ(pt_map(&pt, 0x12000, b, K4, PERM_R | PERM_USER, 0), 0);
	free0 = frame_free_count();

	/* Lend: the lender keeps read access only; the receiver reads. */
	CHECK_EQ(pt_lend_map(&pt, 0x10000, 3 * K4, PT_LEND_RO, &win_pt, 0x2000000000, &tables), 0);
	CHECK(tables); /* the window's first tables */
	expect(0x10000, a, PERM_R | PERM_USER | PERM_LENT, K4);
	expect(0x12000, b, PERM_R | PERM_USER | PERM_LENT, K4);
	CHECK_EQ(pt_lend_check(&pt, 0x10000, K4, false, false, OWNER, &straddles), PT_ERR_LENT);
	CHECK_EQ(pt_unmap(&pt, 0x10000, K4, NULL), PT_ERR_LENT);
	paddr_t got;
	unsigned perm;
	CHECK_EQ(pt_lookup(&win_pt, 0x2000001000, &got, &perm, NULL), 0);
	CHECK(got == a + K4 && perm == (PERM_R | PERM_USER));
	pt_lend_unmap(&pt, 0x10000, 3 * K4, &win_pt, 0x2000000000);
	expect(0x10000, a, urw, K4);
	expect(0x12000, b, PERM_R | PERM_USER, K4); /* read-only before: read-only again */
	CHECK_EQ(pt_lookup(&win_pt, 0x2000000000, NULL, NULL, NULL), PT_ERR_NOTMAPPED);

	/* MutableLend: the lender loses all access; the receiver writes. */
	CHECK_EQ(pt_lend_map(&pt, 0x10000, 2 * K4, PT_LEND_RW, &win_pt, 0x2000000000, &tables), 0);
	CHECK(!tables); /* kept from the lend before */
	expect_unmapped(0x10000);
	CHECK_EQ(pt_lookup(&win_pt, 0x2000000000, &got, &perm, NULL), 0);
	CHECK(got == a && perm == urw);
	pt_lend_unmap(&pt, 0x10000, 2 * K4, &win_pt, 0x2000000000);
	expect(0x10000, a, urw, K4);
	CHECK_EQ(audit().bad, 0);
	/* The window keeps its tables: more free pages would mean they went. */
	CHECK_EQ(frame_free_count(), free0 - 2);

	/* Send: the receiver gets what the sender had, the sender nothing, and owns the frames. */
	CHECK_EQ(pt_lend_map(&pt, 0x10000, 3 * K4, PT_SEND, &win_pt, 0x2000000000, &tables), 0);
	CHECK(!tables);
	CHECK(pt_send_clear(&pt, 0x10000, 3 * K4, OWNER + 1, false)); /* it freed tables */
	expect_unmapped(0x10000);
	CHECK(frames_of(a, 2, OWNER + 1) && frames_of(b, 1, OWNER + 1));
	CHECK_EQ(pt_lookup(&win_pt, 0x2000002000, &got, &perm, NULL), 0);
	CHECK(got == b && perm == (PERM_R | PERM_USER));
	CHECK_EQ(pt_lookup(&win_pt, 0x2000000000, NULL, &perm, NULL), 0);
	CHECK_EQ(perm, urw);
	CHECK_EQ(audit().tables, 0); /* the sender's emptied tables are gone */
	pt_lend_unmap(NULL, 0, 3 * K4, &win_pt, 0x2000000000);
	CHECK_EQ(frame_free(a, 1), 0);
	CHECK_EQ(frame_free(b, 0), 0);
	pt_destroy(&win_pt);
	pt_destroy(&pt);
}

static void test_lend_megapages(void)
{
	struct pt_audit a;
	bool straddles, tables;

	setup_pair();
	paddr_t big = user_pages(9);
	CHECK_EQ(pt_map(&pt, M2, big, M2, RW | PERM_USER, MAP_HUGE), 0);
	/* A window address aligned like the buffer: one 2 MiB entry. */
	CHECK_EQ(pt_lend_map(&pt, M2, M2, PT_LEND_RO, &win_pt, 0x2000200000, &tables), 0);
	CHECK(tables);
	pt_audit(&win_pt, &a);
	CHECK(a.leaves[1] == 1 && a.leaves[0] == 0);
	pt_lend_unmap(&pt, M2, M2, &win_pt, 0x2000200000);
	expect(M2 + 0x1234, big + 0x1234, RW | PERM_USER, M2);
	/* Not aligned: 512 entries of 4 KiB for the one megapage; the lender keeps its one. */
	CHECK_EQ(pt_lend_map(&pt, M2, M2, PT_LEND_RW, &win_pt, 0x2000201000, &tables), 0);
	CHECK(tables); /* a table for the small pages */
	pt_audit(&win_pt, &a);
	CHECK(a.leaves[1] == 0 && a.leaves[0] == 512);
	paddr_t got;
	CHECK_EQ(pt_lookup(&win_pt, 0x2000201000 + 0x5678, &got, NULL, NULL), 0);
	CHECK_EQ(got, big + 0x5678);
	pt_lend_unmap(&pt, M2, M2, &win_pt, 0x2000201000);
	expect(M2, big, RW | PERM_USER, M2);
	/* A range that starts inside a megapage: the check says it crosses the edge. */
	CHECK_EQ(pt_lend_check(&pt, M2 + K4, K4, false, false, OWNER, &straddles), 0);
	CHECK(straddles);
	CHECK_EQ(pt_lend_check(&pt, M2, M2, false, false, OWNER, &straddles), 0);
	CHECK(!straddles);
	CHECK_EQ(audit().bad, 0);
	pt_destroy(&win_pt);
	pt_destroy(&pt);
	CHECK_EQ(frame_free(big, 9), 0);
}

static void test_lend_nomem_all_or_nothing(void)
{
	static paddr_t held[MEMSIZE / K4];
	bool tables;

	setup_pair();
	paddr_t a = user_pages(0);
	CHECK_EQ(pt_map(&pt, 0x10000, a, K4, RW | PERM_USER, 0), 0);
	unsigned n = hold_frames(held, MEMSIZE / K4, 0); /* no page left for a window table */
	CHECK_EQ(pt_lend_map(&pt, 0x10000, K4, PT_LEND_RW, &win_pt, 0x2000000000, &tables),
		 PT_ERR_NOMEM);
	CHECK(!tables);				/* not even the first could be had */
	expect(0x10000, a, RW | PERM_USER, K4); /* untouched */
	while (n)
		CHECK_EQ(frame_free(held[--n], 0), 0);
	CHECK_EQ(pt_unmap(&pt, 0x10000, K4, NULL), 0);
	CHECK_EQ(frame_free(a, 0), 0);
	pt_destroy(&win_pt);
	pt_destroy(&pt);
	CHECK(frame_audit());
}

int main(void)
{
	fakemem_init(BASE, MEMSIZE);
	RUN(test_map_lookup_4k);
	RUN(test_huge_leaves);
	RUN(test_pte_bits);
	RUN(test_bad_perms);
	RUN(test_alignment_errors);
	RUN(test_range_errors);
	RUN(test_exists_all_or_nothing);
	RUN(test_nomem_rollback);
	RUN(test_split_megapage);
	RUN(test_protect);
	RUN(test_prune);
	RUN(test_kernel_tables_kept);
	RUN(test_destroy_returns_everything);
	RUN(test_top_of_address_space);
	RUN(test_unmap_counts_and_holes);
	RUN(test_audit_sees_damage);
	RUN(test_lend_check);
	RUN(test_lend_map_and_back);
	RUN(test_lend_megapages);
	RUN(test_lend_nomem_all_or_nothing);
	fakemem_free();
	return check_summary();
}
