/* entropy.c — one generator for the kernel; every draw stirs in the time and cycle counters. */
#include "platform/entropy.h"

#include "arch/arch.h"
#include "lib/chacha.h"

static struct chacha_rng rng;
static bool seeded;

static void stir(void)
{
	uint64_t jitter[2] = {arch_read_time(), arch_read_cycles()};

	chacha_rng_mix(&rng, jitter, sizeof(jitter));
}

void entropy_init(const struct machine *m)
{
	seeded = m->rng_seed_len >= 16;
	chacha_rng_mix(&rng, m->rng_seed, m->rng_seed_len);
	chacha_rng_mix(&rng, m->model, sizeof(m->model));
	stir();
}

bool entropy_has_seed(void)
{
	return seeded;
}

void random_bytes(void *out, size_t len)
{
	stir();
	chacha_rng_bytes(&rng, out, len);
}
