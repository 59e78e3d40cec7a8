/* kmap.h — the kernel's own page table: direct map of RAM, W^X image, kernel stacks. */
#ifndef BATON_MM_KMAP_H
#define BATON_MM_KMAP_H

#include <stdint.h>

#include "arch/arch.h"
#include "platform/machine.h"

extern struct page_table kernel_pt;
/* satp for kernel_pt: entry.S loads it on harts coming up through HSM. */
extern uint64_t kernel_satp;

/* Builds kernel_pt for this machine and switches the boot hart to it. */
void kmap_init(const struct machine *m, const struct phys_range *ram, unsigned nram);

struct kstack {
	uintptr_t bottom;
	uintptr_t top;
};
/* KSTACK_SIZE of fresh pages in the stack region, an unmapped guard below. */
void kstack_alloc(struct kstack *ks);

/*
 * Every address space copies the kernel's root entries when it is made, so
 * the kernel half must not gain a root entry afterwards: called before the
 * first process, after which kstack_alloc() (the only later kernel-half
 * mapper) refuses to run.
 */
void kmap_freeze(void);

/*
 * Maps device registers the kernel drives (read-write, not executable,
 * global) and returns their virtual address; size is rounded up to pages.
 * Only before kmap_freeze().
 */
void *kmap_mmio(paddr_t pa, uint64_t size);

#endif
