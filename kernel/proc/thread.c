/* thread.c — creating threads, ending them, and handing the exit value to a joiner. */
#include "proc/thread.h"

#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/ipc.h"
#include "mm/kmem.h"
#include "proc/process.h"
#include "sched/sched.h"
#include "smp/hart.h"
#include "time/timer.h"

static uint32_t next_tid = 1;

int thread_create(struct process *p, uintptr_t entry, uintptr_t sp, uint64_t a0, uint64_t a1,
		  unsigned priority, struct thread **out)
{
	if (priority > BATON_PRIO_MAX)
		return BATON_ERR_RANGE;
	if (p->thread_count >= BATON_THREADS_MAX)
		return BATON_ERR_LIMIT;
	struct thread *t = kmem_alloc(sizeof(*t));
	if (!t)
		return BATON_ERR_NOMEM;

	t->tid = next_tid++;
	if (next_tid == 0)
		next_tid = 1;
	t->proc = p;
	t->priority = t->base_priority = (uint8_t)priority;
	t->hart = this_hart(); /* only the boot hart schedules so far */
	t->quantum = t->slice_left = timer_ns_to_ticks(SCHED_QUANTUM_MS * 1000000ull);
	list_init(&t->run_link);
	list_init(&t->ipc_link);
	list_init(&t->serving);
	t->sc = t;
	list_add_tail(&p->threads, &t->proc_link);
	p->thread_count++;
	p->live_threads++;
	arch_context_init(&t->ctx, entry, sp, a0, a1);
	sched_make_ready(t);
	*out = t;
	return BATON_OK;
}

struct thread *thread_find(struct process *p, uint32_t tid)
{
	list_for_each(pos, &p->threads)
	{
		struct thread *t = list_entry(pos, struct thread, proc_link);
		if (t->tid == tid)
			return t;
	}
	return NULL;
}

void thread_set_result(struct thread *t, long status, uint64_t r1, uint64_t r2)
{
	ctx_set_reg(&t->ctx, 0, (uint64_t)status);
	ctx_set_reg(&t->ctx, 1, r1);
	ctx_set_reg(&t->ctx, 2, r2);
}

void thread_deadline_passed(struct thread *t)
{
	if (t->block == BLOCK_RECEIVE)
		ipc_receive_timed_out(t);
	/* BLOCK_SLEEP: its result (OK) was set when it went to sleep. */
}

void thread_free(struct thread *t)
{
	t->proc->gone_cpu_ticks += t->cpu_ticks;
	list_remove(&t->proc_link);
	t->proc->thread_count--;
	kmem_free(t);
}

static struct thread *joiner_of(struct thread *t)
{
	list_for_each(pos, &t->proc->threads)
	{
		struct thread *j = list_entry(pos, struct thread, proc_link);
		if (j->state == THREAD_BLOCKED && j->block == BLOCK_JOIN && j->wait_arg == t->tid)
			return j;
	}
	return NULL;
}

void thread_exit(struct thread *t, uint64_t value)
{
	struct process *p = t->proc;
	struct thread *joiner = joiner_of(t);

	t->exit_value = value;
	ipc_thread_exit(t);
	sched_forget(t);
	p->live_threads--;
	if (joiner) {
		thread_set_result(joiner, BATON_OK, value, 0);
		sched_wake(joiner);
		thread_free(t);
	}
	if (p->live_threads == 0) {
		struct exit_status how = {.how = BATON_EXIT_NORMAL, .status = value};
		process_exit(p, &how);
	}
}
