/* sched.c — per-hart priority round-robin: ready FIFOs per priority, time slices, sleepers, idle.
 */
#include "sched/sched.h"

#include "arch/arch.h"
#include "baton/errors.h"
#include "lib/compiler.h"
#include "proc/process.h"
#include "proc/thread.h"
#include "smp/hart.h"
#include "time/timer.h"

/*
 * The running thread is in no queue.  A thread that is preempted before its
 * slice is over goes back to the head of its queue (it keeps its turn); one
 * whose slice ran out goes to the tail with a fresh slice.
 */

void sched_init_hart(struct hart *h)
{
	h->rq.ready_mask = 0;
	for (unsigned p = 0; p < PRIO_LEVELS; p++)
		list_init(&h->rq.ready[p]);
	list_init(&h->rq.sleepers);
}

static void enqueue(struct thread *t, bool at_head)
{
	struct run_queue *rq = &t->hart->rq;

	t->state = THREAD_READY;
	if (at_head)
		list_add_head(&rq->ready[t->priority], &t->run_link);
	else
		list_add_tail(&rq->ready[t->priority], &t->run_link);
	rq->ready_mask |= 1u << t->priority;
}

static void dequeue(struct thread *t)
{
	struct run_queue *rq = &t->hart->rq;

	list_remove(&t->run_link);
	if (list_empty(&rq->ready[t->priority]))
		rq->ready_mask &= ~(1u << t->priority);
}

/* Index of the highest set bit, -1 for none (no libgcc in the kernel: no __builtin_clz). */
static int highest_bit(uint32_t x)
{
	int n = 0;

	if (!x)
		return -1;
	for (int step = 16; step; step >>= 1) {
		if (x >> step) {
			x >>= step;
			n += step;
		}
	}
	return n;
}

static int highest_ready(const struct run_queue *rq)
{
	return highest_bit(rq->ready_mask);
}

static struct thread *take_highest(struct run_queue *rq)
{
	int p = highest_ready(rq);

	if (p < 0)
		return NULL;
	struct thread *t = list_entry(rq->ready[p].next, struct thread, run_link);
	dequeue(t);
	return t;
}

void sched_make_ready(struct thread *t)
{
	enqueue(t, false);
}

void sched_block_current(uint8_t reason)
{
	struct thread *t = this_hart()->current;

	t->state = THREAD_BLOCKED;
	t->block = reason;
}

/* Off the sleepers: it woke before its deadline (or at it). */
static void untime(struct thread *t)
{
	if (t->timed) {
		list_remove(&t->run_link);
		t->timed = false;
	}
}

void sched_wake(struct thread *t)
{
	if (t->state != THREAD_BLOCKED)
		return;
	untime(t);
	t->block = BLOCK_NONE;
	enqueue(t, false);
}

void sched_block_until(uint64_t when)
{
	struct thread *t = this_hart()->current;
	struct list *sleepers = &t->hart->rq.sleepers, *at = sleepers;

	list_for_each(pos, sleepers)
	{
		if (list_entry(pos, struct thread, run_link)->wake_at > when) {
			at = pos;
			break;
		}
	}
	t->wake_at = when;
	t->timed = true;
	list_insert_between(&t->run_link, at->prev, at);
}

void sched_sleep_current(uint64_t when)
{
	struct thread *t = this_hart()->current;

	sched_block_current(BLOCK_SLEEP);
	sched_block_until(when);
	thread_set_result(t, BATON_OK, 0, 0);
}

void sched_forget(struct thread *t)
{
	if (t->state == THREAD_READY)
		dequeue(t);
	else if (t->state == THREAD_BLOCKED)
		untime(t);
	if (t->hart && t->hart->current == t)
		t->hart->current = NULL;
	t->state = THREAD_DEAD;
}

void sched_yield_current(void)
{
	struct hart *h = this_hart();
	struct thread *t = h->current;

	t->sc->slice_left = t->sc->quantum;
	enqueue(t, false);
	h->current = NULL;
}

void sched_requeue_current(bool at_head)
{
	struct hart *h = this_hart();

	enqueue(h->current, at_head);
	h->current = NULL;
}

void sched_hand_over(struct thread *to)
{
	struct hart *h = this_hart();

	if (to->state == THREAD_READY)
		dequeue(to);
	else if (to->state == THREAD_BLOCKED)
		untime(to);
	to->block = BLOCK_NONE;
	to->state = THREAD_RUNNING;
	h->current = to;
}

void sched_set_priority(struct thread *t, unsigned priority)
{
	if (t->state == THREAD_READY) {
		dequeue(t);
		t->priority = (uint8_t)priority;
		enqueue(t, false);
	} else {
		t->priority = (uint8_t)priority; /* sched_next() weighs it on the way out */
	}
}

void sched_timer(void)
{
	struct hart *h = this_hart();
	uint64_t now = timer_now();

	while (!list_empty(&h->rq.sleepers)) {
		struct thread *t = list_entry(h->rq.sleepers.next, struct thread, run_link);
		if (t->wake_at > now)
			break;
		thread_deadline_passed(t); /* what it waited for did not come in time */
		sched_wake(t);
	}
}

static uint64_t next_wakeup(struct hart *h)
{
	if (list_empty(&h->rq.sleepers))
		return UINT64_MAX;
	return list_entry(h->rq.sleepers.next, struct thread, run_link)->wake_at;
}

/* Makes t the running thread: its address space, its timer, its context for the vector. */
static struct trap_frame *switch_to(struct hart *h, struct thread *t)
{
	uint64_t now = timer_now(), slice_end = now + t->sc->slice_left;
	uint64_t wake = next_wakeup(h);

	t->state = THREAD_RUNNING;
	h->current = t;
	h->user_ctx = &t->ctx;
	vm_activate(&t->proc->vm);
	timer_arm(slice_end < wake ? slice_end : wake);
	h->timer_fired = false;
	h->run_start = now;
	return &t->ctx;
}

/* Nothing to run: wait for an interrupt to make something ready. */
__attribute__((noreturn)) static void idle(struct hart *h)
{
	h->current = NULL;
	h->user_ctx = NULL;
	for (;;) {
		arch_irq_disable();
		sched_timer();
		struct thread *t = take_highest(&h->rq);
		if (t)
			arch_return_to_user(switch_to(h, t));
		timer_arm(next_wakeup(h));
		/* With interrupts off, wfi still wakes on a pending one; enabling takes it. */
		arch_wait_for_interrupt();
		arch_irq_enable();
	}
}

/*
 * The running thread keeps the hart unless a higher priority is ready, or
 * its slice is over and another thread of its priority is waiting.
 */
static NOINLINE struct trap_frame *choose(struct hart *h, struct thread *cur)
{
	if (cur && cur->state == THREAD_RUNNING) {
		/* A donated context's slice ending preempts the whole chain riding on it. */
		bool expired = cur->sc->slice_left == 0;
		int best = highest_ready(&h->rq);

		if (expired)
			cur->sc->slice_left = cur->sc->quantum;
		if (best > cur->priority || (expired && best == cur->priority)) {
			enqueue(cur, !expired);
			cur = NULL;
		}
	} else {
		cur = NULL;
	}
	if (!cur)
		cur = take_highest(&h->rq);
	if (!cur)
		idle(h);
	return switch_to(h, cur);
}

/*
 * Most system calls end here with nothing changed for the scheduler: the
 * thread that trapped goes on (same space, its timer armed), decided
 * without a stack frame; choose() does the rest.
 */
NO_FRAME_POINTER struct trap_frame *sched_next(void)
{
	struct hart *h = this_hart();
	struct thread *cur = h->current;

	if (cur && cur->state == THREAD_RUNNING && cur->sc->slice_left != 0 &&
	    !run_queue_outranks(&h->rq, cur->priority) && !h->timer_fired &&
	    h->user_ctx == &cur->ctx)
		return &cur->ctx;
	return choose(h, cur);
}

void sched_start(void)
{
	arch_return_to_user(sched_next());
}
