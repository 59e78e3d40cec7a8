/* mutex.c — futex-backed mutexes for programs, and the locks picolibc takes (malloc's, FILEs'). */
#include <stdbool.h>
#include <sys/lock.h>

#include "baton/baton.h"
#include "ecall.h"

#define SPINS 64 /* worth it only with another hart running the holder */

long baton_futex_wait(uint32_t *addr, uint32_t expected)
{
	return ecall2(SYS_FUTEX_WAIT, addr, expected).status;
}

long baton_futex_wake(uint32_t *addr, unsigned count)
{
	struct baton_sysret r = ecall2(SYS_FUTEX_WAKE, addr, count);

	return r.status == BATON_OK ? (long)r.r[1] : r.status;
}

int baton_mutex_trylock(struct baton_mutex *m)
{
	uint32_t expected = 0;

	return __atomic_compare_exchange_n(&m->state, &expected, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* The three-state mutex: 2 means someone may be asleep, so unlock must wake. */
void baton_mutex_lock(struct baton_mutex *m)
{
	for (int i = 0; i < SPINS; i++) {
		if (baton_mutex_trylock(m))
			return;
		if (__atomic_load_n(&m->state, __ATOMIC_RELAXED) == 2)
			break;
	}
	while (__atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE) != 0)
		baton_futex_wait(&m->state, 2);
}

void baton_mutex_unlock(struct baton_mutex *m)
{
	if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
		baton_futex_wake(&m->state, 1);
}

/*
 * ---- picolibc's retargetable locks (sys/lock.h) -------------------------------------------
 *
 * picolibc takes one lock, __lock___libc_recursive_mutex, recursively
 * (malloc, getenv and setenv, atexit, arc4random, the time functions),
 * and makes others for the FILEs that fdopen (fopen, tmpfile) opens, taken
 * as plain locks (bufio, freopen).  No program here opens a FILE today
 * (stdin and stdout are stdio.c's, without a lock): the linker drops the
 * pool and the plain kind from every program.
 *
 * Every lock takes the recursive path, plain ones too: when the pool runs
 * out, a FILE's lock is the libc one, and a plain acquire of it that
 * recorded no owner would make the same thread's next malloc wait for
 * itself for good.
 */

struct __lock {
	struct baton_mutex m;
	uint32_t owner; /* tid of the holder */
	uint32_t depth;
};

struct __lock __lock___libc_recursive_mutex;

static struct __lock pool[32]; /* never given back: close keeps them (FILEs are rare) */
static unsigned pool_used;

static uint32_t self_tid(void)
{
	static __thread uint32_t tid;

	if (!tid)
		baton_self(&tid, NULL);
	return tid;
}

void __retarget_lock_init(_LOCK_T *lock)
{
	unsigned i = __atomic_fetch_add(&pool_used, 1, __ATOMIC_RELAXED);

	/* Out of locks: sharing the libc lock is coarse, but still correct. */
	*lock = i < sizeof(pool) / sizeof(pool[0]) ? &pool[i] : &__lock___libc_recursive_mutex;
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	__retarget_lock_init(lock);
}

void __retarget_lock_close(_LOCK_T lock)
{
	(void)lock;
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	(void)lock;
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	uint32_t me = self_tid();

	if (__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == me) {
		lock->depth++;
		return;
	}
	baton_mutex_lock(&lock->m);
	lock->owner = me;
	lock->depth = 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	uint32_t me = self_tid();

	if (__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == me) {
		lock->depth++;
		return 1;
	}
	if (!baton_mutex_trylock(&lock->m))
		return 0;
	lock->owner = me;
	lock->depth = 1;
	return 1;
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	if (--lock->depth)
		return;
	__atomic_store_n(&lock->owner, 0, __ATOMIC_RELAXED);
	baton_mutex_unlock(&lock->m);
}

/* The plain kind: the recursive path (see the top of this part). */
void __retarget_lock_acquire(_LOCK_T lock)
{
	__retarget_lock_acquire_recursive(lock);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return __retarget_lock_try_acquire_recursive(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
	__retarget_lock_release_recursive(lock);
}
