/*
 * ring.h — a byte ring of a power-of-two size.  The counters run freely and
 * wrap; their difference is what the ring holds, so full and empty never
 * look alike.
 */
#ifndef CONSOLE_RING_H
#define CONSOLE_RING_H

#include <stddef.h>
#include <stdint.h>

struct ring {
	char *bytes;
	uint32_t size; /* a power of two */
	uint32_t head; /* where the next byte goes */
	uint32_t tail; /* where the oldest byte is */
};

static inline uint32_t ring_used(const struct ring *r)
{
	return r->head - r->tail;
}

static inline uint32_t ring_room(const struct ring *r)
{
	return r->size - ring_used(r);
}

/* Forgets what the ring holds. */
static inline void ring_drop_all(struct ring *r)
{
	r->tail = r->head;
}

static inline void ring_put(struct ring *r, char c)
{
	r->bytes[r->head++ & (r->size - 1)] = c;
}

static inline char ring_peek(const struct ring *r)
{
	return r->bytes[r->tail & (r->size - 1)];
}

static inline char ring_get(struct ring *r)
{
	return r->bytes[r->tail++ & (r->size - 1)];
}

/* Copies up to n bytes in; returns how many fit. */
static inline size_t ring_write(struct ring *r, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && ring_room(r); i++)
		ring_put(r, src[i]);
	return i;
}

#endif
