/* chacha.c — ChaCha20 (RFC 8439) and a fast-key-erasure generator on top of it. */
#include "lib/chacha.h"

#include "lib/string.h"

static uint32_t rotl(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

#define QUARTER(a, b, c, d)                                                                        \
	do {                                                                                       \
		a += b;                                                                            \
		d = rotl(d ^ a, 16);                                                               \
		c += d;                                                                            \
		b = rotl(b ^ c, 12);                                                               \
		a += b;                                                                            \
		d = rotl(d ^ a, 8);                                                                \
		c += d;                                                                            \
		b = rotl(b ^ c, 7);                                                                \
	} while (0)

void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
		    uint8_t out[64])
{
	/* "expand 32-byte k" */
	uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
	uint32_t x[16];

	memcpy(in + 4, key, 32);
	in[12] = counter;
	memcpy(in + 13, nonce, 12);
	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QUARTER(x[0], x[4], x[8], x[12]);
		QUARTER(x[1], x[5], x[9], x[13]);
		QUARTER(x[2], x[6], x[10], x[14]);
		QUARTER(x[3], x[7], x[11], x[15]);
		QUARTER(x[0], x[5], x[10], x[15]);
		QUARTER(x[1], x[6], x[11], x[12]);
		QUARTER(x[2], x[7], x[8], x[13]);
		QUARTER(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];
		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}

static void next_block(struct chacha_rng *r, uint8_t out[64])
{
	const uint32_t nonce[3] = {(uint32_t)(r->blocks >> 32), 0, 0};

	chacha20_block(r->key, (uint32_t)r->blocks, nonce, out);
	r->blocks++;
}

/* The first 32 bytes of a fresh block become the key: the old key is gone. */
static void rekey(struct chacha_rng *r)
{
	uint8_t block[64];

	next_block(r, block);
	memcpy(r->key, block, sizeof(r->key));
	memset(block, 0, sizeof(block));
}

void chacha_rng_mix(struct chacha_rng *r, const void *seed, size_t len)
{
	const uint8_t *s = seed;

	while (len) {
		size_t n = len < sizeof(r->key) ? len : sizeof(r->key);
		uint8_t *k = (uint8_t *)r->key;
		for (size_t i = 0; i < n; i++)
			k[i] ^= s[i];
		rekey(r);
		s += n;
		len -= n;
	}
}

void chacha_rng_bytes(struct chacha_rng *r, void *out, size_t len)
{
	uint8_t block[64], *o = out;

	while (len) {
		size_t n = len < sizeof(block) ? len : sizeof(block);
		next_block(r, block);
		memcpy(o, block, n);
		o += n;
		len -= n;
	}
	memset(block, 0, sizeof(block));
	rekey(r);
}
