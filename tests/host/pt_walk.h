/* pt_walk.h — reads an Sv39 table straight through pte.h, apart from pagetable.c's walker. */
#ifndef BATON_TESTS_PT_WALK_H
#define BATON_TESTS_PT_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "arch/riscv/pte.h"
#include "mm/physmap.h"

struct test_leaf {
	uintptr_t va; /* sign-extended */
	pte_t pte;
	int level; /* 0: 4 KiB, 1: 2 MiB, 2: 1 GiB */
};

typedef void pt_leaf_fn(void *ctx, const struct test_leaf *leaf);

/*
 * Calls fn for every leaf in address order.  Returns the number of non-leaf
 * entries that are not exactly V plus a PPN (or sit at level 0).
 */
unsigned pt_walk(paddr_t root, pt_leaf_fn *fn, void *ctx);

/* Every leaf, in a malloc'd array, for before/after comparisons. */
struct pt_snapshot {
	struct test_leaf *leaf;
	size_t count, cap;
	unsigned bad_tables;
};
void pt_snap(paddr_t root, struct pt_snapshot *s);
int pt_snap_equal(const struct pt_snapshot *a, const struct pt_snapshot *b);
void pt_snap_free(struct pt_snapshot *s);

#endif
