/* layout.h — the kernel's virtual address map and the constants that define it. */
#ifndef BATON_MM_LAYOUT_H
#define BATON_MM_LAYOUT_H

/*
 * Sv39: 39-bit virtual addresses, sign-extended, so the upper half starts at
 * 0xffff_ffc0_0000_0000.  The lower half belongs to the running process
 * (its map is drawn in include/baton/layout.h once processes exist).
 *
 *   0x0000_0000_0000_0000 +--------------------------------+
 *                         | user half (256 GiB)             |
 *   0x0000_003f_ffff_ffff +--------------------------------+
 *                           ... non-canonical hole ...
 *   0xffff_ffc0_0000_0000 +--------------------------------+ DIRECT_MAP_BASE
 *                         | direct map: VA = PA + base      |
 *                         | RAM only, RW, no X, global;      |
 *                         | no-map reservations and the      |
 *                         | kernel image are left out        |
 *   0xffff_ffe0_0000_0000 +--------------------------------+ KSTACK_BASE
 *                         | kernel stacks, one 64 KiB slot   |
 *                         | each: 16 KiB stack on top, the   |
 *                         | rest an unmapped guard below     |
 *   0xffff_ffe0_4000_0000 +--------------------------------+ KMMIO_BASE
 *                         | device registers the kernel     |
 *                         | itself drives (the PLIC): RW,   |
 *                         | no X, global; mapped at boot     |
 *   0xffff_ffe0_8000_0000 +--------------------------------+
 *                           ... unused ...
 *   0xffff_ffff_8000_0000 +--------------------------------+ KERNEL_VBASE
 *                         | kernel image, linked here and    |
 *                         | loaded at any 2 MiB-aligned PA:  |
 *                         | text RX, rodata R, data+bss RW   |
 *   0xffff_ffff_ffff_ffff +--------------------------------+
 *
 * Physically the kernel runs wherever the boot loader put it (0x8020_0000
 * on QEMU and the SiFive boards, 0x4020_0000 on the VisionFive 2); the
 * image's VA - PA offset is computed at entry (see arch/riscv/entry.S).
 */

#ifdef __ASSEMBLER__
#define LAYOUT_UL(x) x
#else
#define LAYOUT_UL(x) x##ul
#endif

#define PAGE_SHIFT    12
#define PAGE_SIZE     (LAYOUT_UL(1) << PAGE_SHIFT)
#define MEGAPAGE_SIZE (LAYOUT_UL(1) << 21)
#define GIGAPAGE_SIZE (LAYOUT_UL(1) << 30)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* To the page boundary at or below x / at or above x (callers keep x + 4095 from wrapping). */
static inline uint64_t page_down(uint64_t x)
{
	return x & ~(PAGE_SIZE - 1);
}

static inline uint64_t page_up(uint64_t x)
{
	return page_down(x + PAGE_SIZE - 1);
}
#endif

#define DIRECT_MAP_BASE LAYOUT_UL(0xffffffc000000000)
#define DIRECT_MAP_SIZE (LAYOUT_UL(128) << 30) /* RAM above 128 GiB is not used */

#define KSTACK_BASE	 LAYOUT_UL(0xffffffe000000000)
#define KSTACK_SLOT_SIZE (LAYOUT_UL(64) << 10)
#define KSTACK_SIZE	 (LAYOUT_UL(16) << 10)
#define KSTACK_SLOTS	 64

#define KMMIO_BASE LAYOUT_UL(0xffffffe040000000)
#define KMMIO_SIZE (LAYOUT_UL(1) << 30)

#define KERNEL_VBASE LAYOUT_UL(0xffffffff80000000)

#endif
