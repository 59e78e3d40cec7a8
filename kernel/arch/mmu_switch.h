/* mmu_switch.h — arch_mmu_switch(root, asid): puts a user address space in satp (or the
 * architecture's equivalent); where the hart has no ASIDs it also flushes the TLB.  Inline,
 * and so in a header of its own: it needs struct hart, which needs arch.h. */
#ifndef BATON_ARCH_MMU_SWITCH_H
#define BATON_ARCH_MMU_SWITCH_H

#include "arch/riscv/mmu_switch.h"

#endif
