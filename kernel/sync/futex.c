/* futex.c — a hashed set of wait queues keyed by (process, address), FIFO within each. */
#include "sync/futex.h"

#include "arch/arch.h"
#include "baton/errors.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/thread.h"
#include "sched/sched.h"

#define BUCKETS 64

static struct list buckets[BUCKETS];
static bool ready;

static struct list *bucket(uintptr_t addr)
{
	if (!ready) {
		for (unsigned i = 0; i < BUCKETS; i++)
			list_init(&buckets[i]);
		ready = true;
	}
	return &buckets[(addr >> 2) % BUCKETS];
}

int futex_wait(struct thread *t, uintptr_t addr, uint32_t expected)
{
	uint32_t now;

	if (addr & 3)
		return BATON_ERR_ALIGN;
	int err = user_read(&t->proc->vm, &now, addr, sizeof(now));
	if (err)
		return err;
	if (now != expected)
		return BATON_ERR_AGAIN; /* it changed before we slept: the caller retries */
	t->wait_arg = addr;
	list_add_tail(bucket(addr), &t->ipc_link);
	sched_block_current(BLOCK_FUTEX);
	return BATON_OK;
}

unsigned futex_wake(struct process *p, uintptr_t addr, unsigned count)
{
	unsigned woken = 0;

	list_for_each_safe(pos, tmp, bucket(addr))
	{
		struct thread *t = list_entry(pos, struct thread, ipc_link);
		if (woken == count)
			break;
		if (t->proc != p || t->wait_arg != addr)
			continue;
		list_remove(pos);
		thread_set_result(t, BATON_OK, 0, 0);
		sched_wake(t);
		woken++;
	}
	return woken;
}

void futex_forget(struct thread *t)
{
	if (t->state == THREAD_BLOCKED && t->block == BLOCK_FUTEX)
		list_remove(&t->ipc_link);
}
