/* panic.c — one hart reports (message, registers, backtrace), the others halt, the firmware powers
 * off. */
#include "debug/panic.h"

#include <stdarg.h>

#include "arch/arch.h"
#include "debug/console.h"
#include "debug/log.h"
#include "lib/format.h"
#include "platform/power.h"
#include "smp/hart.h"

#define NOBODY (-1)

static int panic_owner = NOBODY; /* index of the hart that reports */
static char message[256];	 /* static: the stack may be what broke */

bool panic_in_progress(void)
{
	return __atomic_load_n(&panic_owner, __ATOMIC_ACQUIRE) != NOBODY;
}

/* Returns only for the first hart to panic; any later panic halts its hart. */
static void claim_report(void)
{
	int me = (int)this_hart()->index;
	int expected = NOBODY;

	if (__atomic_compare_exchange_n(&panic_owner, &expected, me, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		return;
	if (expected == me) {
		/* The report itself failed: say so and stop without another try. */
		console_force_unlock();
		kprint("\n*** nested panic on hart %u while reporting; powering off\n",
		       this_hart()->hartid);
		power_off(true);
	}
	arch_halt();
}

__attribute__((noreturn)) static void finish(const struct trap_frame *tf)
{
	console_force_unlock();
	kprint("\n*** PANIC on hart %u: %s\n", this_hart()->hartid, message);
	if (tf)
		arch_dump_trap_frame(tf);
	arch_backtrace(tf);
	harts_signal_others();
	kprint("*** halted; asking the firmware to power off (reason: system failure)\n");
	power_off(true);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	claim_report();
	va_start(ap, fmt);
	vformat(message, sizeof(message), fmt, ap);
	va_end(ap);
	finish(NULL);
}

void panic_trap(const struct trap_frame *tf, const char *what)
{
	arch_irq_disable();
	claim_report();
	format(message, sizeof(message), "%s", what);
	finish(tf);
}
