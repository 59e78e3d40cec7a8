/* mmu_switch.h — satp written inline: every message between two processes switches spaces. */
#ifndef BATON_ARCH_RISCV_MMU_SWITCH_H
#define BATON_ARCH_RISCV_MMU_SWITCH_H

#include "arch/riscv/csr.h"
#include "arch/riscv/pte.h"
#include "smp/hart.h"

static inline void arch_mmu_switch(paddr_t root, uint16_t asid)
{
	struct hart *h = this_hart();

	csr_write_satp(SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) | (root >> 12));
	h->satp_writes++;
	h->active_root = root;
	if (asid == 0) {
		sfence_vma_all(); /* no ASID of its own: nothing tells the spaces apart */
		h->tlb_flushes++;
	}
}

#endif
