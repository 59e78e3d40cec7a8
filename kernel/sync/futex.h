/* futex.h — user-space locks' slow path: wait while a word holds a value, wake waiters. */
#ifndef BATON_SYNC_FUTEX_H
#define BATON_SYNC_FUTEX_H

#include <stdint.h>

struct process;
struct thread;

/*
 * Waiters are keyed by (process, user address): a futex is private to its
 * process.  A lock in user space tries atomics first and comes here only
 * when it is contended, so the common case costs no system call.
 */
int futex_wait(struct thread *t, uintptr_t addr, uint32_t expected);
unsigned futex_wake(struct process *p, uintptr_t addr, unsigned count);
/* A thread dying while it waits. */
void futex_forget(struct thread *t);

#endif
