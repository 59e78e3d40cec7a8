/* lock.h — a yielding spinlock for libbaton's own shared state (stdout buffer, thread table). */
#ifndef BATON_LIBBATON_LOCK_H
#define BATON_LIBBATON_LOCK_H

#include "baton/baton.h"

/* Yields instead of spinning: the holder may be a preempted thread of lower priority. */
static inline void lib_lock(int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		baton_yield();
}

static inline void lib_unlock(int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

#endif
