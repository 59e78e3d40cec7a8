/* early_mmu.c — builds the boot page table while the MMU is still off. */
#include <stdint.h>

#include "arch/riscv/pte.h"
#include "mm/layout.h"

/*
 * This runs at the physical load address before paging is on, so only
 * PC-relative addressing works: no pointer stored in data, no jump tables
 * (the kernel is built with -fno-jump-tables), no calls out of this file.
 * Taking the address of a symbol here yields its physical address.
 *
 * The boot table maps three things, each with the largest pages possible:
 *  - the image's own gigapage(s) 1:1, so the instructions after the satp
 *    write keep running;
 *  - the image at KERNEL_VBASE, in 2 MiB pages (hence the alignment rule);
 *  - the first DIRECT_MAP_SIZE of physical memory at DIRECT_MAP_BASE, in
 *    gigapages, so C code can read the device tree and build the real
 *    tables (mm/kmap.c), which replace this one.
 * Secondary harts pass through it again on their way up (entry.S).
 */

extern char _start[], _end[];

pte_t early_root[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t early_kernel_l1[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

static void early_puts(const char *s)
{
	while (*s) {
		register long a0 __asm__("a0") = *s++;
		register long a7 __asm__("a7") = 1; /* SBI legacy console_putchar */
		__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "a1", "memory");
	}
}

static unsigned root_index(uint64_t va)
{
	return (va >> 30) & (SV39_ENTRIES - 1);
}

uint64_t early_mmu_build(uint64_t load_pa)
{
	const uint64_t rwx = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
	uint64_t size = (uint64_t)(_end - _start);

	if (load_pa & (MEGAPAGE_SIZE - 1)) {
		early_puts("\nbaton: load address is not 2 MiB aligned; cannot start\n");
		return 0;
	}
	if (load_pa + size > (1ul << (SV39_VA_BITS - 1)) || size > GIGAPAGE_SIZE) {
		early_puts("\nbaton: loaded above 256 GiB; cannot start\n");
		return 0;
	}
	for (uint64_t gb = load_pa >> 30; gb <= (load_pa + size - 1) >> 30; gb++)
		early_root[gb] = pte_make(gb << 30, rwx);

	early_root[root_index(KERNEL_VBASE)] = pte_make((uint64_t)early_kernel_l1, PTE_V);
	for (uint64_t i = 0; i * MEGAPAGE_SIZE < size; i++)
		early_kernel_l1[((KERNEL_VBASE >> 21) & (SV39_ENTRIES - 1)) + i] =
			pte_make(load_pa + i * MEGAPAGE_SIZE, rwx | PTE_G);

	for (uint64_t gb = 0; gb < DIRECT_MAP_SIZE >> 30; gb++)
		early_root[root_index(DIRECT_MAP_BASE) + gb] =
			pte_make(gb << 30, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G);

	return SATP_MODE_SV39 | ((uint64_t)early_root >> PAGE_SHIFT);
}
