/* spinlock.h — a test-and-set spinlock for the few places harts meet outside the kernel lock. */
#ifndef BATON_SYNC_SPINLOCK_H
#define BATON_SYNC_SPINLOCK_H

#include <stdbool.h>

struct spinlock {
	int locked;
};

static inline bool spin_trylock(struct spinlock *l)
{
	return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

static inline void spin_lock(struct spinlock *l)
{
	while (!spin_trylock(l)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
