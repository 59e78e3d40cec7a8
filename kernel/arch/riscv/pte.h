/* pte.h — Sv39 page-table entry layout (RISC-V privileged spec, section "Sv39"). */
#ifndef BATON_ARCH_RISCV_PTE_H
#define BATON_ARCH_RISCV_PTE_H

#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_U (1ul << 4)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)
/* The two bits the hardware leaves to software (RSW): lending marks, see pagetable.c. */
#define PTE_SW_LENT  (1ul << 8) /* lent out of this address space */
#define PTE_SW_WAS_W (1ul << 9) /* lent read-only: write access to give back */

#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  ((1ul << 44) - 1)
#define PTE_FLAG_MASK 0x3fful

#define SV39_LEVELS		3
#define SV39_ENTRIES		512
#define SV39_VA_BITS		39
#define SV39_LEVEL_SHIFT(level) (12 + 9 * (level)) /* level 0 maps 4 KiB, 1 2 MiB, 2 1 GiB */

#define SATP_MODE_SV39	(8ul << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK	0xfffful

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef uint64_t pte_t;

static inline pte_t pte_make(uint64_t pa, uint64_t flags)
{
	return ((pa >> 12) << PTE_PPN_SHIFT) | flags;
}

static inline uint64_t pte_pa(pte_t pte)
{
	return ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << 12;
}

/*
 * A leaf keeps its R/X bits even while a MutableLend has cleared V, so
 * "leaf" does not depend on V; "live" means the hardware may use it.
 */
static inline int pte_is_leaf(pte_t pte)
{
	return (pte & (PTE_R | PTE_X)) != 0;
}

static inline int pte_is_live_leaf(pte_t pte)
{
	return (pte & PTE_V) && pte_is_leaf(pte);
}

static inline int pte_is_table(pte_t pte)
{
	return (pte & (PTE_V | PTE_R | PTE_W | PTE_X)) == PTE_V;
}
#endif

#endif
