/* trap.c — decodes scause for traps taken in the kernel and sends each where it belongs. */
#include "arch/arch.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/trap_frame.h"
#include "debug/log.h"
#include "debug/panic.h"
#include "debug/symbols.h"
#include "dev/irq.h"
#include "mm/layout.h"
#include "proc/process.h"
#include "sched/charge.h"
#include "sched/sched.h"
#include "smp/hart.h"
#include "syscall/syscall.h"
#include "time/timer.h"

const char *arch_trap_cause_name(uint64_t scause)
{
	static const char *const exceptions[] = {
		[EXC_INSN_MISALIGNED] = "instruction address misaligned",
		[EXC_INSN_ACCESS] = "instruction access fault",
		[EXC_ILLEGAL_INSN] = "illegal instruction",
		[EXC_BREAKPOINT] = "breakpoint",
		[EXC_LOAD_MISALIGNED] = "load address misaligned",
		[EXC_LOAD_ACCESS] = "load access fault",
		[EXC_STORE_MISALIGNED] = "store address misaligned",
		[EXC_STORE_ACCESS] = "store access fault",
		[EXC_ECALL_U] = "environment call from U-mode",
		[EXC_ECALL_S] = "environment call from S-mode",
		[EXC_INSN_PAGE_FAULT] = "instruction page fault",
		[EXC_LOAD_PAGE_FAULT] = "load page fault",
		[EXC_STORE_PAGE_FAULT] = "store page fault",
	};
	uint64_t code = scause & ~SCAUSE_INTERRUPT;

	if (scause & SCAUSE_INTERRUPT) {
		switch (code) {
		case IRQ_S_SOFT:
			return "supervisor software interrupt";
		case IRQ_S_TIMER:
			return "supervisor timer interrupt";
		case IRQ_S_EXT:
			return "supervisor external interrupt";
		default:
			return "unknown interrupt";
		}
	}
	if (code < sizeof(exceptions) / sizeof(exceptions[0]) && exceptions[code])
		return exceptions[code];
	return "unknown exception";
}

/*
 * FU740 erratum CIP-453: stval of instruction faults is not sign-extended
 * from bit 38.  Doing it everywhere is harmless.
 */
static uint64_t fault_address(const struct trap_frame *tf)
{
	uint64_t v = tf->stval, code = tf->scause;

	if ((code == EXC_INSN_PAGE_FAULT || code == EXC_INSN_ACCESS) && (v >> 38 & 1))
		v |= ~((1ul << 39) - 1);
	return v;
}

static void interrupt(struct trap_frame *tf)
{
	switch (tf->scause & ~SCAUSE_INTERRUPT) {
	case IRQ_S_TIMER:
		timer_interrupt();
		return;
	case IRQ_S_SOFT:
		csr_clear_sip(SIE_SSIE);
		hart_ipi_received();
		return;
	case IRQ_S_EXT:
		irq_dispatch();
		return;
	default:
		panic_trap(tf, "unexpected interrupt in the kernel");
	}
}

void trap_from_kernel(struct trap_frame *tf)
{
	struct hart *h = this_hart();

	if (tf->scause & SCAUSE_INTERRUPT) {
		interrupt(tf);
		return;
	}
	if (h->probe_armed && tf->scause == EXC_ILLEGAL_INSN) {
		/* arch_timer_init() expected this: skip the 4-byte CSR instruction. */
		h->probe_armed = false;
		h->probe_faulted = true;
		tf->sepc += 4;
		return;
	}
	panic_trap(tf, "fault in kernel mode");
}

/*
 * An interrupt or a fault from user mode (system calls enter through
 * syscall_from_user()).  Returns the context to resume, which sched_next()
 * chooses.
 */
struct trap_frame *trap_from_user(struct trap_frame *tf)
{
	sched_charge_current();
	if (tf->scause & SCAUSE_INTERRUPT)
		interrupt(tf);
	else
		process_fault(tf->scause, tf->sepc, fault_address(tf));
	return sched_next();
}

/* The vector found sp off this hart's kernel stack, or without room for a frame. */
__attribute__((noreturn)) void kernel_bad_stack(struct trap_frame *tf)
{
	const struct hart *h = this_hart();
	uint64_t sp = tf->x[REG_SP];

	/*
	 * Overflow: no room for a frame above the bottom, or sp in the guard
	 * below it (bounds, not bottom - sp, which wraps for an sp just above
	 * the bottom).
	 */
	if (sp > h->kstack_bottom - KSTACK_SLOT_SIZE && sp < h->kstack_bottom + TF_SIZE)
		panic_trap(tf, "kernel stack overflow (sp ran into the guard page)");
	panic_trap(tf, "trap in the kernel with sp off the kernel stack");
}

static void print_location(const char *label, uint64_t addr)
{
	uintptr_t off;
	const char *name = symbol_lookup(addr, &off);

	if (name)
		kprint("%-7s 0x%016lx  %s+0x%lx\n", label, addr, name, off);
	else
		kprint("%-7s 0x%016lx\n", label, addr);
}

void arch_dump_trap_frame(const struct trap_frame *tf)
{
	static const char *const names[32] = {
		"zero", "ra", "sp", "gp", "tp",	 "t0",	"t1", "t2", "s0", "s1", "a0",
		"a1",	"a2", "a3", "a4", "a5",	 "a6",	"a7", "s2", "s3", "s4", "s5",
		"s6",	"s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};

	kprint("cause   %s (scause 0x%lx)\n", arch_trap_cause_name(tf->scause), tf->scause);
	print_location("sepc", tf->sepc);
	kprint("stval   0x%016lx\n", fault_address(tf));
	kprint("sstatus 0x%016lx  hart %u\n", tf->sstatus, this_hart()->hartid);
	for (int i = 1; i < 32; i += 4) {
		kprint("%4s %016lx %4s %016lx %4s %016lx", names[i], tf->x[i], names[i + 1],
		       tf->x[i + 1], names[i + 2], tf->x[i + 2]);
		if (i + 3 < 32)
			kprint(" %4s %016lx", names[i + 3], tf->x[i + 3]);
		kprint("\n");
	}
}
