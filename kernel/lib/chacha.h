/* chacha.h — the ChaCha20 block function and a generator built on it, for unguessable ids. */
#ifndef BATON_LIB_CHACHA_H
#define BATON_LIB_CHACHA_H

#include <stddef.h>
#include <stdint.h>

/* RFC 8439, section 2.3: one 64-byte keystream block. */
void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
		    uint8_t out[64]);

/*
 * A generator: every request takes keystream and then replaces the key
 * with fresh keystream, so earlier outputs cannot be recomputed from a
 * later state.  Seeding mixes bytes into the key; seed as often as there
 * is something to add.
 */
struct chacha_rng {
	uint32_t key[8];
	uint64_t blocks;
};

void chacha_rng_mix(struct chacha_rng *r, const void *seed, size_t len);
void chacha_rng_bytes(struct chacha_rng *r, void *out, size_t len);

#endif
