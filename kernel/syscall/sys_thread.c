/* sys_thread.c — THREAD_CREATE, THREAD_EXIT, THREAD_JOIN, YIELD, SELF, priorities, info, SLEEP. */
#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/ipc.h"
#include "mm/usercopy.h"
#include "sched/sched.h"
#include "sync/futex.h"
#include "syscall/syscall.h"
#include "time/timer.h"

/* THREAD_CREATE(entry, stack_top, arg, priority) -> tid. */
long sys_thread_create(const uint64_t *a, uint64_t *r)
{
	struct process *p = current_process();
	struct thread *t;

	if (a[4] > BATON_PRIO_MAX)
		return BATON_ERR_RANGE;
	if (a[4] > p->max_priority)
		return BATON_ERR_PERM;
	if (a[2] & 15)
		return BATON_ERR_ALIGN; /* the psABI keeps sp 16-byte aligned */
	/* The entry must be user code, and the top of the stack writable user memory. */
	if (user_check(&p->vm, a[1], 2, PERM_X) || a[2] < 16 ||
	    user_check(&p->vm, a[2] - 16, 16, PERM_W))
		return BATON_ERR_FAULT;
	int err = thread_create(p, a[1], a[2], a[3], 0, (unsigned)a[4], &t);
	if (err)
		return err;
	r[1] = t->tid;
	return BATON_OK;
}

long sys_thread_exit(const uint64_t *a, uint64_t *r)
{
	(void)r;
	thread_exit(current_thread(), a[1]);
	return SYSCALL_NO_RESULT;
}

static struct thread *thread_arg(uint64_t tid)
{
	if (tid == 0)
		return current_thread();
	return tid <= UINT32_MAX ? thread_find(current_process(), (uint32_t)tid) : NULL;
}

/* THREAD_JOIN(tid) -> value; waits for a thread of the same process. */
long sys_thread_join(const uint64_t *a, uint64_t *r)
{
	struct thread *self = current_thread(), *t = a[1] ? thread_arg(a[1]) : NULL;

	if (!t)
		return BATON_ERR_NOENT;
	if (t == self)
		return BATON_ERR_DEADLOCK;
	if (t->joined)
		return BATON_ERR_INVAL;
	if (t->state == THREAD_DEAD) {
		r[1] = t->exit_value;
		thread_free(t);
		return BATON_OK;
	}
	t->joined = true;
	self->wait_arg = t->tid;
	sched_block_current(BLOCK_JOIN);
	return SYSCALL_NO_RESULT;
}

long sys_yield(const uint64_t *a, uint64_t *r)
{
	(void)a;
	(void)r;
	ctx_set_reg(&current_thread()->ctx, 0, BATON_OK);
	sched_yield_current();
	return SYSCALL_NO_RESULT;
}

long sys_self(const uint64_t *a, uint64_t *r)
{
	(void)a;
	r[1] = current_thread()->tid;
	r[2] = current_process()->pid;
	return BATON_OK;
}

/* SET_PRIORITY(tid or 0, priority): for threads of the caller's own process. */
long sys_set_priority(const uint64_t *a, uint64_t *r)
{
	struct thread *t = thread_arg(a[1]);
	(void)r;

	if (a[2] > BATON_PRIO_MAX)
		return BATON_ERR_RANGE;
	if (!t || t->state == THREAD_DEAD)
		return BATON_ERR_NOENT;
	if (a[2] > current_process()->max_priority)
		return BATON_ERR_PERM;
	ipc_set_base_priority(t, (unsigned)a[2]);
	return BATON_OK;
}

/* THREAD_INFO(tid or 0) -> cpu_ticks, priority, state. */
long sys_thread_info(const uint64_t *a, uint64_t *r)
{
	struct thread *t = thread_arg(a[1]);

	if (!t)
		return BATON_ERR_NOENT;
	r[1] = t->cpu_ticks;
	r[2] = t->priority;
	r[3] = t->state;
	return BATON_OK;
}

/* SLEEP(ns): returns after at least ns; 0 just yields. */
long sys_sleep(const uint64_t *a, uint64_t *r)
{
	uint64_t now = timer_now(), ticks = timer_ns_to_ticks(a[1]);
	(void)r;

	if (a[1] == 0)
		return sys_yield(a, r);
	sched_sleep_current(ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks);
	return SYSCALL_NO_RESULT;
}

/* FUTEX_WAIT(addr, expected): sleeps while the 32-bit word at addr holds expected. */
long sys_futex_wait(const uint64_t *a, uint64_t *r)
{
	(void)r;
	if (a[2] > UINT32_MAX)
		return BATON_ERR_RANGE;
	int err = futex_wait(current_thread(), a[1], (uint32_t)a[2]);
	return err ? err : SYSCALL_NO_RESULT;
}

/* FUTEX_WAKE(addr, count) -> how many threads woke. */
long sys_futex_wake(const uint64_t *a, uint64_t *r)
{
	if (a[1] & 3)
		return BATON_ERR_ALIGN;
	r[1] = futex_wake(current_process(), a[1], a[2] > UINT32_MAX ? UINT32_MAX : (unsigned)a[2]);
	return BATON_OK;
}
