/* entry.S — image header, boot-hart entry from the firmware, the jump to high addresses, HSM entry. */
#include "arch/riscv/asm_offsets.h"
#include "arch/riscv/pte.h"
#include "mm/layout.h"

/*
 * Until the jump to KERNEL_VBASE everything here runs at the physical load
 * address with the MMU off, so it uses only PC-relative addressing (lla).
 * The firmware enters with a0 = hart id, a1 = device tree (physical).
 */

	.section .head.text, "ax"
	.option push
	.option norvc
	.globl _start
_start:
	/*
	 * RISC-V Image header, as U-Boot's booti reads it (Linux
	 * Documentation/arch/riscv/boot-image-header.rst).  code0 must be a
	 * 4-byte jump because U-Boot and QEMU start execution at offset 0.
	 */
	j	boot_entry		/* code0 */
	.word	0			/* code1 */
	.dword	0x200000		/* text_offset: RAM base + 2 MiB */
	.dword	_image_size		/* image_size, .bss included */
	.dword	0			/* flags: little-endian */
	.word	0x00000002		/* version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated, still written) */
	.ascii	"RSC\x05"		/* magic2, the one U-Boot checks */
	.word	0			/* res3: no PE/COFF header */
	.option pop

boot_entry:
	csrw	sie, zero
	csrw	sscratch, zero
	lla	t0, early_trap
	csrw	stvec, t0

	/*
	 * SBI v0.1 firmware may send every hart here at once: the first one
	 * through boots, the others wait forever (HSM firmware sends only one).
	 */
	lla	t0, boot_lottery
	li	t1, 1
	amoadd.w t1, t1, (t0)
	bnez	t1, park

	mv	s0, a0			/* hart id */
	mv	s1, a1			/* device tree */

	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	lla	sp, boot_stack_top
	lla	s2, _start		/* physical load address */
	mv	a0, s2
	call	early_mmu_build		/* satp value, or 0 if we cannot run here */
	beqz	a0, park
	sfence.vma
	csrw	satp, a0
	sfence.vma

	/* Leave the identity map: same code, KERNEL_VBASE - load address higher. */
	li	s3, KERNEL_VBASE
	sub	s3, s3, s2
	lla	t0, 3f
	add	t0, t0, s3
	jr	t0
3:
	add	sp, sp, s3
	lla	tp, hart_table		/* slot 0 is the boot hart's; see smp/hart.c */
	lla	t0, trap_vector
	csrw	stvec, t0
	mv	a0, s0
	mv	a1, s1
	mv	a2, s2
	call	kmain
	j	park

/*
 * Harts started by SBI HSM arrive here with the MMU off: a0 = hart id,
 * a1 = their struct hart (a kernel virtual address).  They go through the
 * boot page table to reach high addresses, then switch to the kernel's.
 */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrw	sscratch, zero
	lla	t0, early_trap
	csrw	stvec, t0
	lla	t0, early_root
	srli	t0, t0, PAGE_SHIFT
	li	t1, SATP_MODE_SV39
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma
	lla	t2, _start
	li	t0, KERNEL_VBASE
	sub	t0, t0, t2
	lla	t1, 4f
	add	t1, t1, t0
	jr	t1
4:
	mv	tp, a1
	lla	t0, kernel_satp		/* the real kernel table: it maps the stacks */
	ld	t0, 0(t0)
	csrw	satp, t0
	sfence.vma
	ld	sp, HART_KSTACK_TOP(tp)
	mv	s0, zero		/* backtraces stop here */
	lla	t0, trap_vector
	csrw	stvec, t0
	call	secondary_main		/* a0 = hart id, a1 = struct hart */
	j	park

/* Calls fn(arg) on a new stack; fn must not return.  Used to leave the boot stack. */
	.globl arch_run_on_stack
arch_run_on_stack:			/* a0 = arg, a1 = fn, a2 = stack top */
	mv	sp, a2
	mv	s0, zero		/* backtraces stop here */
	jalr	a1
	j	park

park:
	csrw	sie, zero
5:	wfi
	j	5b

/* A trap before the MMU is on: say so through the legacy SBI console, then park. */
	.balign 4
early_trap:
	lla	s4, early_trap_msg
6:	lbu	a0, 0(s4)
	beqz	a0, park
	li	a7, 1			/* legacy console_putchar */
	ecall
	addi	s4, s4, 1
	j	6b

	.section .rodata
early_trap_msg:
	.asciz	"\nbaton: trap during early boot (MMU off); parked\n"

	.section .data
	.balign 4
boot_lottery:
	.word	0

	.section .bss.boot_stack, "aw", @nobits
	.balign	PAGE_SIZE
boot_stack:
	.space	KSTACK_SIZE
	.globl boot_stack_top
boot_stack_top:
