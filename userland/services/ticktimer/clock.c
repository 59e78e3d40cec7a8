/* clock.c — timebase ticks to nanoseconds and back (clock.h). */
#include "clock.h"

#define NS_PER_S 1000000000ull

/* whole * unit + part, or UINT64_MAX where it would not fit. */
static uint64_t combine(uint64_t whole, uint64_t unit, uint64_t part)
{
	if (whole > (UINT64_MAX - part) / unit)
		return UINT64_MAX;
	return whole * unit + part;
}

uint64_t clock_ticks_to_ns(uint64_t ticks, uint64_t hz)
{
	return combine(ticks / hz, NS_PER_S, ticks % hz * NS_PER_S / hz);
}

uint64_t clock_ns_to_ticks(uint64_t ns, uint64_t hz)
{
	return combine(ns / NS_PER_S, hz, (ns % NS_PER_S * hz + NS_PER_S - 1) / NS_PER_S);
}
