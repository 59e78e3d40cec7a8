/* pagetable_internal.h — what pagetable.c and pt_bulk.c share about Sv39 tables. */
#ifndef BATON_ARCH_RISCV_PAGETABLE_INTERNAL_H
#define BATON_ARCH_RISCV_PAGETABLE_INTERNAL_H

#include "arch/arch.h"
#include "arch/riscv/pte.h"

#define PAGE_4K	      (1ull << 12)
#define USER_HALF_END (1ull << (SV39_VA_BITS - 1)) /* root entries 0..255 */

static inline uint64_t level_size(int level)
{
	return 1ull << SV39_LEVEL_SHIFT(level);
}

static inline unsigned vpn(uintptr_t va, int level)
{
	return (va >> SV39_LEVEL_SHIFT(level)) & (SV39_ENTRIES - 1);
}

static inline pte_t *table_of(paddr_t pa)
{
	return phys_to_virt(pa);
}

/*
 * Finds the entry for `va` at `level`, walking down from the root.  With
 * `create`, missing tables are added (and *made set, if made is not NULL:
 * the caller then flushes the whole ASID).  A leaf met on the way ends the
 * walk (PT_ERR_EXISTS); *table and *level_found say where it stopped.
 */
int pt_find_entry(const struct page_table *pt, uintptr_t va, int level, bool create, paddr_t *table,
		  int *level_found, bool *made);

/* Frees now-empty user tables on the path to `va`, bottom up; true if it freed one. */
bool pt_prune(const struct page_table *pt, uintptr_t va);

#endif
