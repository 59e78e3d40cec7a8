/* timer.h — the timebase and each hart's one-shot timer interrupt. */
#ifndef BATON_TIME_TIMER_H
#define BATON_TIME_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"

void timer_set_frequency(uint64_t hz);
uint64_t timer_frequency(void);

/* Now, in timebase ticks (inline: every system call reads it). */
static inline uint64_t timer_now(void)
{
	return arch_read_time();
}
uint64_t timer_ns_to_ticks(uint64_t ns);

/* Sets up this hart's timer (Sstc or SBI); returns a name for the log. */
const char *timer_init_hart(bool dt_has_sstc);
/* One interrupt at the absolute time `deadline` (timebase ticks). */
void timer_arm(uint64_t deadline);
/* Called from the trap handler: counts the tick and disarms. */
void timer_interrupt(void);

#endif
