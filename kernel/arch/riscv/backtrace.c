/* backtrace.c — walks the frame-pointer chain (-fno-omit-frame-pointer) and names each return
 * address. */
#include "arch/arch.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/trap_frame.h"
#include "debug/log.h"
#include "debug/symbols.h"
#include "smp/hart.h"

/*
 * GCC's RISC-V frames: s0 (fp) points just above the frame; a function
 * that calls others saves ra at fp-8 and the caller's fp at fp-16.  A leaf
 * function saves only the caller's fp, at fp-8.  Every fp is checked to lie
 * on this hart's kernel or emergency stack before it is read, so a corrupt
 * chain ends the walk instead of faulting.
 */

#define MAX_FRAMES	    32
#define MAX_STEPS	    4096 /* a 16 KiB stack holds fewer frames than this */
#define EMERGENCY_STACK_MIN 4096

static bool on_stack(const struct hart *h, uintptr_t fp)
{
	if (fp & 7)
		return false;
	if (fp - 16 >= h->kstack_bottom && fp <= h->kstack_top)
		return true;
	return fp <= h->emergency_top && fp - 16 >= h->emergency_top - EMERGENCY_STACK_MIN;
}

static void print_frame(int n, uintptr_t pc)
{
	uintptr_t off;
	/* pc - 1: a return address may already belong to the next function. */
	const char *name = symbol_lookup(n == 0 ? pc : pc - 1, &off);

	if (name)
		kprint(" #%-2d 0x%016lx %s+0x%lx\n", n, pc, name, n == 0 ? off : off + 1);
	else
		kprint(" #%-2d 0x%016lx ?\n", n, pc);
}

/* Runs of the same return address (deep recursion) print once, with a count. */
static void walk(const struct hart *h, uintptr_t fp, int n)
{
	uintptr_t last = 0;
	unsigned repeats = 0, steps = 0;

	for (; n < MAX_FRAMES && steps < MAX_STEPS && on_stack(h, fp); steps++) {
		uintptr_t ra = *(uintptr_t *)(fp - 8);
		uintptr_t next = *(uintptr_t *)(fp - 16);
		if (!ra)
			break;
		if (ra == last) {
			repeats++;
		} else {
			if (repeats)
				kprint("     ... the frame above %u more times\n", repeats);
			repeats = 0;
			print_frame(n++, ra);
			last = ra;
		}
		if (next <= fp)
			break; /* callers live higher up the stack */
		fp = next;
	}
	if (repeats)
		kprint("     ... the frame above %u more times\n", repeats);
}

void arch_backtrace(const struct trap_frame *tf)
{
	const struct hart *h = this_hart();

	kprint("backtrace:\n");
	if (!tf) {
		walk(h, read_fp(), 0);
		return;
	}
	print_frame(0, tf->sepc);
	uintptr_t fp = tf->x[REG_S0];
	if (!on_stack(h, fp))
		return;
	uintptr_t saved = *(uintptr_t *)(fp - 8);
	if (on_stack(h, saved) && saved > fp) {
		/* The faulting function is a leaf: its return address is still in ra. */
		print_frame(1, tf->x[REG_RA]);
		walk(h, saved, 2);
	} else {
		walk(h, fp, 1);
	}
}
