/*
 * string.c — memcpy and memset for user programs, in place of picolibc's
 * byte-at-a-time versions (libbaton is linked first, so these win).  Bulk
 * copies are what the benchmark's `copy` measures against remapping: they
 * move eight words per loop when source and destination share an alignment.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		for (; n && ((uintptr_t)d & 7); n--)
			*d++ = *s++;
		uint64_t *dw = (uint64_t *)d;
		const uint64_t *sw = (const uint64_t *)s;
		for (; n >= 64; n -= 64, dw += 8, sw += 8) {
			uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			uint64_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];
			dw[0] = a, dw[1] = b, dw[2] = c, dw[3] = e;
			dw[4] = f, dw[5] = g, dw[6] = h, dw[7] = i;
		}
		for (; n >= 8; n -= 8)
			*dw++ = *sw++;
		d = (uint8_t *)dw;
		s = (const uint8_t *)sw;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t v = (uint8_t)c * 0x0101010101010101ull;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = (uint8_t)c;
	uint64_t *dw = (uint64_t *)d;
	for (; n >= 64; n -= 64, dw += 8) {
		dw[0] = v, dw[1] = v, dw[2] = v, dw[3] = v;
		dw[4] = v, dw[5] = v, dw[6] = v, dw[7] = v;
	}
	for (; n >= 8; n -= 8)
		*dw++ = v;
	d = (uint8_t *)dw;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}
