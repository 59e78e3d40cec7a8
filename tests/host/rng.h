/* rng.h — a seeded xorshift generator, so randomized tests fail the same way every run. */
#ifndef BATON_TESTS_RNG_H
#define BATON_TESTS_RNG_H

#include <stdint.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static inline void rng_seed(uint64_t seed)
{
	rng_state = seed ? seed : 1;
}

static inline uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Uniform enough in [0, n) for tests; n > 0. */
static inline uint64_t rng_below(uint64_t n)
{
	return rng_next() % n;
}

#endif
