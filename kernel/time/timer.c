/* timer.c — timebase bookkeeping and the per-hart timer interrupt (scheduling ticks come later). */
#include "time/timer.h"

#include "arch/arch.h"
#include "sched/sched.h"
#include "smp/hart.h"

static uint64_t frequency;

void timer_set_frequency(uint64_t hz)
{
	frequency = hz;
}

uint64_t timer_frequency(void)
{
	return frequency;
}

uint64_t timer_ns_to_ticks(uint64_t ns)
{
	/* Split to avoid overflow: timebases are at most tens of MHz. */
	return ns / 1000000000u * frequency + ns % 1000000000u * frequency / 1000000000u;
}

const char *timer_init_hart(bool dt_has_sstc)
{
	return arch_timer_init(dt_has_sstc) ? "Sstc (stimecmp)" : "SBI TIME";
}

void timer_arm(uint64_t deadline)
{
	arch_timer_program(deadline);
}

void timer_interrupt(void)
{
	struct hart *h = this_hart();

	h->last_tick_time = timer_now();
	h->timer_ticks++;
	h->timer_fired = true;
	arch_timer_program(UINT64_MAX); /* also clears the pending interrupt; re-armed by sched */
	sched_timer();
}
