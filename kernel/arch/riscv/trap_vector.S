/* trap_vector.S — saves every register, calls C, and returns with sret: from user mode and from the kernel. */
#include "arch/riscv/asm_offsets.h"
#include "arch/riscv/csr.h"

/*
 * sscratch tells where a trap came from: it holds this hart's struct hart
 * while the hart runs user code, and 0 while it runs the kernel.  tp is the
 * struct hart whenever the kernel runs.
 *
 * From user mode the registers go straight into the running thread's
 * context (hart->user_ctx), and C runs on the top of the hart's kernel
 * stack: there is one kernel stack per hart, not per thread, because no
 * thread ever sleeps inside the kernel.  C returns the context to resume,
 * which may belong to another thread.
 *
 * From the kernel the registers go on the current stack.  Before pushing,
 * the vector checks that sp is on this hart's kernel stack with room for a
 * frame: a stack that ran into its guard page would otherwise fault again
 * on every push.  Such a trap moves to the hart's emergency stack and
 * reports a stack overflow (or a kernel trap with a foreign sp).
 */


/* Before sret to user mode from the context in a0: sscratch, sepc, and sstatus for user mode. */
.macro TO_USER_CSRS
	csrw	sscratch, tp
	ld	t0, TF_SEPC(a0)
	csrw	sepc, t0
	li	t0, SSTATUS_SPP
	csrc	sstatus, t0		/* sret goes to user mode... */
	li	t0, SSTATUS_SPIE
	csrs	sstatus, t0		/* ...with interrupts on */
.endm

.macro SAVE_CSRS base, tmp
	csrr	\tmp, sepc
	sd	\tmp, TF_SEPC(\base)
	csrr	\tmp, sstatus
	sd	\tmp, TF_SSTATUS(\base)
	csrr	\tmp, scause
	sd	\tmp, TF_SCAUSE(\base)
	csrr	\tmp, stval
	sd	\tmp, TF_STVAL(\base)
.endm

	.section .text
	.balign 4
	.globl trap_vector
trap_vector:
	csrrw	tp, sscratch, tp
	bnez	tp, from_user
	csrrw	tp, sscratch, zero	/* from the kernel: tp back, sscratch stays 0 */

	sd	t0, HART_TRAP_SCRATCH(tp)
	ld	t0, HART_KSTACK_BOTTOM(tp)
	addi	t0, t0, TF_SIZE
	bltu	sp, t0, bad_stack	/* no room for a frame: overflow */
	ld	t0, HART_KSTACK_TOP(tp)
	bgtu	sp, t0, bad_stack	/* not on this hart's kernel stack at all */
	ld	t0, HART_TRAP_SCRATCH(tp)

	addi	sp, sp, -TF_SIZE
	sd	x1, TF_X(1)(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
	addi	t0, sp, TF_SIZE
	sd	t0, TF_X(2)(sp)
	SAVE_CSRS sp, t0

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

from_user:				/* tp = struct hart, sscratch = the user's tp */
	sd	t0, HART_TRAP_SCRATCH(tp)
	csrr	t0, scause
	addi	t0, t0, -EXC_ECALL_U
	beqz	t0, syscall_entry
	ld	t0, HART_USER_CTX(tp)
	sd	zero, TF_X(0)(t0)	/* saved whole */
	.irp n, 1,2,3,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_X(\n)(t0)
	.endr
	ld	t1, HART_TRAP_SCRATCH(tp)
	sd	t1, TF_X(5)(t0)		/* the user's t0 */
	csrrw	t1, sscratch, zero	/* the user's tp; back in the kernel: sscratch = 0 */
	sd	t1, TF_X(4)(t0)
	SAVE_CSRS t0, t1
	ld	sp, HART_KSTACK_TOP(tp)
	mv	s0, zero		/* backtraces end here */
	mv	a0, t0
	call	trap_from_user		/* returns the context to resume */
	j	arch_return_to_user

/*
 * A system call saves less: ecall clobbers t0..t6 (docs/abi.md), so they
 * are not saved, and x[0] of the context says so (CTX_SYSCALL).  s0..s11
 * are saved all the same: the call may end in another thread, and the
 * context of this one must then be complete.
 */
syscall_entry:				/* t0..t6 are free */
	ld	t0, HART_USER_CTX(tp)
	sd	ra, TF_X(1)(t0)
	sd	sp, TF_X(2)(t0)
	sd	gp, TF_X(3)(t0)
	csrrw	t1, sscratch, zero	/* the user's tp; back in the kernel: sscratch = 0 */
	sd	t1, TF_X(4)(t0)
	.irp n, 8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27
	sd	x\n, TF_X(\n)(t0)
	.endr
	csrr	t1, sepc
	addi	t1, t1, 4		/* past the ecall */
	sd	t1, TF_SEPC(t0)
	li	t1, CTX_SYSCALL
	sd	t1, TF_X(0)(t0)
	ld	sp, HART_KSTACK_TOP(tp)
	mv	s0, zero		/* backtraces end here */
	mv	s1, t0			/* kept across the call: the context we came from */
	mv	a0, t0
	call	syscall_from_user	/* returns the context to resume */
	bne	a0, s1, arch_return_to_user
	/* Back to the same thread: its s-registers are still here, but s0 and s1. */
	ld	s0, TF_X(8)(a0)
	ld	s1, TF_X(9)(a0)
	j	return_syscall

/* Restores a thread's user registers from the context in a0 and enters user mode. */
	.globl arch_return_to_user
arch_return_to_user:
	ld	t0, TF_X(0)(a0)
	bnez	t0, return_switched	/* saved by a system call: t0..t6 were not kept */
	TO_USER_CSRS
	.irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, TF_X(\n)(a0)
	.endr
	ld	a0, TF_X(10)(a0)
	sret

return_switched:			/* another thread, last stopped by a system call */
	.irp n, 8,9,18,19,20,21,22,23,24,25,26,27
	ld	x\n, TF_X(\n)(a0)
	.endr
return_syscall:
	TO_USER_CSRS
	ld	ra, TF_X(1)(a0)
	ld	sp, TF_X(2)(a0)
	ld	gp, TF_X(3)(a0)
	ld	tp, TF_X(4)(a0)
	.irp n, 11,12,13,14,15,16,17
	ld	x\n, TF_X(\n)(a0)
	.endr
	/* t0..t6 held kernel values: nothing of them may reach user mode. */
	.irp n, 5,6,7,28,29,30,31
	mv	x\n, zero
	.endr
	ld	a0, TF_X(10)(a0)
	sret

bad_stack:
	ld	t0, HART_TRAP_SCRATCH(tp)
	csrw	sscratch, sp		/* the overflowed sp, for the report */
	ld	sp, HART_EMERGENCY_TOP(tp)
	addi	sp, sp, -TF_SIZE
	sd	x1, TF_X(1)(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_X(\n)(sp)
	.endr
	csrr	t0, sscratch
	sd	t0, TF_X(2)(sp)
	csrw	sscratch, zero
	SAVE_CSRS sp, t0
	mv	a0, sp
	call	kernel_bad_stack	/* does not return */
1:	wfi
	j	1b
