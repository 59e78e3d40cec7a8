/* sleepers.c — the ticktimer's pending sleeps in due order, latest first (sleepers.h). */
#include <string.h>

#include "sleepers.h"

void sleepers_init(struct sleepers *s, struct sleeper *storage, unsigned capacity)
{
	s->slot = storage;
	s->count = 0;
	s->capacity = capacity;
}

/* How many sleepers are due strictly after `due`: they stay in front of a new one. */
static unsigned due_after(const struct sleepers *s, uint64_t due)
{
	unsigned lo = 0, hi = s->count;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (s->slot[mid].due > due)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool sleepers_add(struct sleepers *s, const struct sleeper *x)
{
	if (s->count == s->capacity)
		return false;
	unsigned at = due_after(s, x->due);
	memmove(&s->slot[at + 1], &s->slot[at], (s->count - at) * sizeof(s->slot[0]));
	s->slot[at] = *x;
	s->count++;
	return true;
}

uint64_t sleepers_next_due(const struct sleepers *s)
{
	return s->count ? s->slot[s->count - 1].due : UINT64_MAX;
}

bool sleepers_take_due(struct sleepers *s, uint64_t now, struct sleeper *out)
{
	if (!s->count || s->slot[s->count - 1].due > now)
		return false;
	*out = s->slot[--s->count];
	return true;
}

unsigned sleepers_drop_if(struct sleepers *s, bool (*drop)(const struct sleeper *, void *),
			  void *ctx)
{
	unsigned kept = 0, before = s->count;

	for (unsigned i = 0; i < before; i++)
		if (!drop(&s->slot[i], ctx))
			s->slot[kept++] = s->slot[i];
	s->count = kept;
	return before - kept;
}
