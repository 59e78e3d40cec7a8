/* trap_vector.S — saves every register into a trap frame, calls C, restores, returns with sret. */
#include "arch/riscv/asm_offsets.h"

/*
 * Only traps taken in S-mode arrive here so far (user mode comes with the
 * process work); sscratch is 0 in the kernel, reserved for the user-entry
 * swap.  tp is always this hart's struct hart.
 *
 * Before pushing a frame the vector checks that the stack has room for it:
 * a kernel stack that ran into its guard page would otherwise fault again
 * on every push.  Such a trap moves to the hart's emergency stack and
 * reports a stack overflow instead.
 */

.macro SAVE_GPRS
	sd	x1, TF_X(1)(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
.endm

.macro SAVE_CSRS
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
.endm

	.section .text
	.balign 4
	.globl trap_vector
trap_vector:
	sd	t0, HART_TRAP_SCRATCH(tp)
	ld	t0, HART_KSTACK_BOTTOM(tp)
	addi	t0, t0, TF_SIZE
	bltu	sp, t0, stack_overflow
	ld	t0, HART_TRAP_SCRATCH(tp)

	addi	sp, sp, -TF_SIZE
	SAVE_GPRS
	addi	t0, sp, TF_SIZE
	sd	t0, TF_X(2)(sp)
	SAVE_CSRS

	mv	a0, sp
	call	trap_from_kernel

	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	ld	x1, TF_X(1)(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, TF_X(\n)(sp)
	.endr
	addi	sp, sp, TF_SIZE
	sret

stack_overflow:
	ld	t0, HART_TRAP_SCRATCH(tp)
	csrw	sscratch, sp		/* the overflowed sp, for the report */
	ld	sp, HART_EMERGENCY_TOP(tp)
	addi	sp, sp, -TF_SIZE
	SAVE_GPRS
	csrr	t0, sscratch
	sd	t0, TF_X(2)(sp)
	csrw	sscratch, zero
	SAVE_CSRS
	mv	a0, sp
	call	kernel_stack_overflow	/* does not return */
1:	wfi
	j	1b
