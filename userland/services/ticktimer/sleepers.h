/*
 * sleepers.h — the ticktimer's pending sleeps: a set of fixed capacity,
 * kept in due order, that never allocates.
 */
#ifndef BATON_TICKTIMER_SLEEPERS_H
#define BATON_TICKTIMER_SLEEPERS_H

#include <stdbool.h>
#include <stdint.h>

struct sleeper {
	uint64_t due;	/* timebase ticks */
	uint64_t token; /* its message's answer token */
	uint32_t pid;	/* the caller's process */
};

/*
 * A sorted array, latest first: the next one due is the last, so taking it
 * moves nothing, and adding one moves the entries due after it (at most
 * capacity entries: a few KiB, cheaper here than a heap's scattered steps,
 * and it keeps sleepers due at the same tick in arrival order without a
 * sequence number).
 */
struct sleepers {
	struct sleeper *slot;
	unsigned count, capacity;
};

/* An empty set over storage[capacity]. */
void sleepers_init(struct sleepers *s, struct sleeper *storage, unsigned capacity);
/* Adds x after every sleeper due no later than it; false (nothing changed) when full. */
bool sleepers_add(struct sleepers *s, const struct sleeper *x);
/* When the next sleeper is due; UINT64_MAX when there is none. */
uint64_t sleepers_next_due(const struct sleepers *s);
/* Takes the next sleeper into *out if it is due at `now`; false otherwise. */
bool sleepers_take_due(struct sleepers *s, uint64_t now, struct sleeper *out);
/*
 * Removes every sleeper for which drop(sleeper, ctx) is true (drop may act
 * on it first, e.g. answer it), keeping the others in order; returns how
 * many went.
 */
unsigned sleepers_drop_if(struct sleepers *s, bool (*drop)(const struct sleeper *, void *),
			  void *ctx);

#endif
