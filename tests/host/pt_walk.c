/* pt_walk.c — an independent Sv39 table reader for the page-table and direct-map tests. */
#include "pt_walk.h"

#include <stdlib.h>
#include <string.h>

static uintptr_t sign_extend(uint64_t va)
{
	return va & (1ull << (SV39_VA_BITS - 1)) ? va | ~((1ull << SV39_VA_BITS) - 1) : va;
}

static unsigned walk_table(paddr_t table, int level, uint64_t va_base, pt_leaf_fn *fn, void *ctx)
{
	const pte_t *t = phys_to_virt(table);
	unsigned bad = 0;

	for (unsigned i = 0; i < SV39_ENTRIES; i++) {
		pte_t e = t[i];
		uint64_t va = va_base + ((uint64_t)i << SV39_LEVEL_SHIFT(level));
		if (!(e & PTE_V))
			continue;
		if (e & (PTE_R | PTE_X)) {
			struct test_leaf leaf = {sign_extend(va), e, level};
			fn(ctx, &leaf);
		} else if (level == 0 || (e & PTE_FLAG_MASK) != PTE_V) {
			bad++;
		} else {
			bad += walk_table(pte_pa(e), level - 1, va, fn, ctx);
		}
	}
	return bad;
}

unsigned pt_walk(paddr_t root, pt_leaf_fn *fn, void *ctx)
{
	return walk_table(root, SV39_LEVELS - 1, 0, fn, ctx);
}

static void snap_add(void *ctx, const struct test_leaf *leaf)
{
	struct pt_snapshot *s = ctx;

	if (s->count == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->leaf = realloc(s->leaf, s->cap * sizeof(*s->leaf));
		if (!s->leaf)
			abort();
	}
	s->leaf[s->count++] = *leaf;
}

void pt_snap(paddr_t root, struct pt_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->bad_tables = pt_walk(root, snap_add, s);
}

int pt_snap_equal(const struct pt_snapshot *a, const struct pt_snapshot *b)
{
	if (a->count != b->count || a->bad_tables != b->bad_tables)
		return 0;
	for (size_t i = 0; i < a->count; i++) {
		const struct test_leaf *x = &a->leaf[i], *y = &b->leaf[i];
		if (x->va != y->va || x->pte != y->pte || x->level != y->level)
			return 0;
	}
	return 1;
}

void pt_snap_free(struct pt_snapshot *s)
{
	free(s->leaf);
	memset(s, 0, sizeof(*s));
}
