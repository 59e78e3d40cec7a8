/* clock.h — timebase ticks to nanoseconds and back, without overflow for any real timebase. */
#ifndef BATON_TICKTIMER_CLOCK_H
#define BATON_TICKTIMER_CLOCK_H

#include <stdint.h>

/*
 * Both are exact for hz up to 18 GHz (hz * 10^9 fits in 64 bits); the
 * whole seconds and the remainder go separately, so ticks * 10^9 never has
 * to fit.  ns saturates at UINT64_MAX (584 years).
 */

/* Rounded down: an uptime is never ahead of the counter. */
uint64_t clock_ticks_to_ns(uint64_t ticks, uint64_t hz);
/* Rounded up: a sleep of ns never ends early. */
uint64_t clock_ns_to_ticks(uint64_t ns, uint64_t hz);

#endif
