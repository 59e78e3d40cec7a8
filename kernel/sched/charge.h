/* charge.h — time accounting on every entry from user mode (inline: every system call does it). */
#ifndef BATON_SCHED_CHARGE_H
#define BATON_SCHED_CHARGE_H

#include "proc/thread.h"
#include "smp/hart.h"
#include "time/timer.h"

/* Charges the time since the last return to user mode to the running thread's context. */
static inline void sched_charge_current(void)
{
	struct hart *h = this_hart();
	struct thread *t = h->current;
	uint64_t now = timer_now(), ran = now - h->run_start;

	if (!t)
		return;
	/* A thread serving a call runs on its caller's context: the caller pays. */
	t->sc->cpu_ticks += ran;
	t->sc->slice_left = t->sc->slice_left > ran ? t->sc->slice_left - ran : 0;
	h->run_start = now;
}

#endif
