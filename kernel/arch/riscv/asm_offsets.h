/* asm_offsets.h — field offsets the assembly uses; C checks each with a _Static_assert. */
#ifndef BATON_ARCH_RISCV_ASM_OFFSETS_H
#define BATON_ARCH_RISCV_ASM_OFFSETS_H

/* struct hart (smp/hart.h) */
#define HART_TRAP_SCRATCH  0
#define HART_KSTACK_BOTTOM 8
#define HART_KSTACK_TOP	   16
#define HART_EMERGENCY_TOP 24
#define HART_USER_CTX	   32 /* the running thread's saved user registers */

/* struct trap_frame (arch/riscv/trap_frame.h): x0..x31, then the trap CSRs */
#define TF_X(n)	   ((n)*8)
#define TF_SEPC	   256
#define TF_SSTATUS 264
#define TF_SCAUSE  272
#define TF_STVAL   280
#define TF_SIZE	   288 /* a multiple of 16: the stack stays aligned */
/* x[0] of a user context: how it was saved.  0: every register; CTX_SYSCALL: by ecall, t0..t6
 * not kept. */
#define CTX_SYSCALL 1

#endif
