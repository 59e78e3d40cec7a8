/* hart.h — per-hart state, reached through tp, and bringing the other harts up. */
#ifndef BATON_SMP_HART_H
#define BATON_SMP_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"
#include "platform/machine.h"
#include "sched/runqueue.h"

#define HART_MAX 16 /* harts the kernel runs on; more in the device tree are left alone */

/*
 * One per hart that runs the kernel.  tp always points at the hart's own
 * struct while in the kernel (sscratch is 0 there; it will hold this
 * pointer while the hart is in user mode).  The first four fields are read
 * by the trap vector: their offsets are fixed in arch/riscv/asm_offsets.h.
 */
struct trap_frame;
struct thread;

struct hart {
	uint64_t trap_scratch;	     /* the vector parks a register here */
	uintptr_t kstack_bottom;     /* lowest address of the kernel stack */
	uintptr_t kstack_top;	     /* initial sp */
	uintptr_t emergency_top;     /* stack for reporting a kernel stack overflow */
	struct trap_frame *user_ctx; /* the vector saves user registers here: &current->ctx */

	uint32_t hartid;
	uint32_t index; /* slot in hart_table; 0 is the boot hart */
	volatile bool online;
	bool dt_sstc;	  /* the device tree names Sstc for this hart */
	bool timer_sstc;  /* stimecmp is usable: no SBI call per timer */
	int plic_context; /* S-mode external interrupt context, -1 if none */

	volatile bool probe_armed;   /* next illegal instruction is expected */
	volatile bool probe_faulted; /* ... and it happened */

	volatile uint64_t timer_ticks;
	uint64_t last_tick_time;
	volatile uint64_t ipis;

	struct thread *current; /* running thread; NULL while idle */
	struct run_queue rq;
	uint64_t run_start;	/* when current last went to user mode */
	bool timer_fired;	/* the timer went off: it must be armed again */
	paddr_t active_root;	/* page table in satp */
	uint64_t satp_writes;	/* address-space switches, for the benchmarks */
	uint64_t tlb_flushes;	/* sfence.vma of every kind: all, one ASID, one page */
	uint64_t fastpath_hits; /* message calls the IPC fast path completed, for the tests */
};

extern struct hart hart_table[HART_MAX];
extern unsigned hart_count; /* slots in use */

static inline struct hart *this_hart(void)
{
	return arch_this_hart();
}

/* Slot 0 for the boot hart, running on the boot stack in the image. */
void hart_boot_init(uint32_t hartid);
/* Gives every usable hart a slot and kernel stacks (needs mm). */
void harts_setup(const struct machine *m);
/* Moves the boot hart onto its guarded kernel stack and continues in fn. */
__attribute__((noreturn)) void hart_boot_switch_stack(void (*fn)(void *));
/* Starts the other harts through SBI HSM and waits for each; returns how many came up. */
unsigned harts_start_secondaries(void);
unsigned harts_online(void);
/* Sends an IPI to every other online hart. */
void harts_signal_others(void);

/* Called from the IPI handler. */
void hart_ipi_received(void);

#endif
