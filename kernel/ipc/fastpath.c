/*
 * fastpath.c — the message calls' quick way through the kernel.
 *
 * Three cases make up a server loop, and each is a straight hand-over of
 * the hart from one thread to the other on the same scheduling context:
 *
 *   a two-way call (BlockingScalar, Lend, MutableLend) to a server with a
 *   thread waiting in RECEIVE;
 *   an answer (RETURN_SCALAR, RETURN_MEMORY) to a caller that lent the
 *   server its context;
 *   answer-and-receive (REPLY_RECEIVE) with nothing else queued.
 *
 * Each first checks everything that could make the general path do
 * something else — an error to report, a queue to serve, a slice that is
 * over, a thread that would outrank the one switched to, a priority that
 * needs the general rules — and if any holds, returns NULL before changing
 * anything, and the call goes the general way (kernel/ipc/call.c), which
 * gives the same result.  When it goes through: no scheduler pass, no
 * timer change (the slice is the same), satp written only if the other
 * thread's space differs, and no TLB flush where the hart has ASIDs.
 *
 * The steps are the general path's (message_prepare, deliver, donate,
 * settle, finish_serving) written out for the one case each handles, so
 * that the common call costs as little as it can: docs/performance.md
 * shows what each step costs.
 */
#include "ipc/fastpath.h"

#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/internal.h"
#include "proc/process.h"
#include "proc/thread.h"
#include "sched/sched.h"
#include "smp/hart.h"

bool ipc_fastpath_enabled = true;
static uint64_t hits;

bool ipc_fastpath_set(bool on)
{
	bool was = ipc_fastpath_enabled;

	ipc_fastpath_enabled = on;
	return was;
}

uint64_t ipc_fastpath_hits(void)
{
	return hits;
}

/* Whether a ready thread on h outranks `priority` (the scheduler would run it). */
static inline bool outranked(const struct hart *h, unsigned priority)
{
	return (h->rq.ready_mask >> priority) > 1;
}

/* Makes `to` (blocked, on no queue) the running thread: no queues, no timer. */
static inline struct trap_frame *hand_over(struct hart *h, struct thread *to)
{
	struct vm *vm = &to->proc->vm;

	to->state = THREAD_RUNNING;
	to->block = BLOCK_NONE;
	h->current = to;
	h->user_ctx = &to->ctx;
	if (h->active_root != vm->pt.root)
		arch_mmu_switch(vm->pt.root, vm->asid);
	hits++;
	return &to->ctx;
}

/* BLOCKING_SCALAR / LEND / MUTABLE_LEND (conn, id, w0..w3, flags). */
static struct trap_frame *call(struct hart *h, struct thread *t, struct trap_frame *tf,
			       uint8_t kind)
{
	const uint64_t *a = ctx_args(tf);
	struct server *s = handle_server(t->proc, a[1], HANDLE_CONNECTION);
	struct thread *r;
	struct message *m;

	if (!s || s->dead || a[7] != 0 || list_empty(&s->receivers) || t->sc->slice_left == 0 ||
	    outranked(h, t->priority))
		return NULL;
	r = list_entry(s->receivers.next, struct thread, ipc_link);
	if (r->hart != h || r->timed || !(m = message_alloc()))
		return NULL; /* a receiver with a deadline is taken off the timer list there */
	if (kind == BATON_KIND_BLOCKING_SCALAR) {
		m->kind = kind;
		m->server = s;
		m->id = a[2];
		m->caller = t;
		m->caller_pid = t->proc->pid;
		m->caller_proc = t->proc;
		for (unsigned i = 0; i < 4; i++)
			m->w[i] = a[3 + i];
	} else if (message_prepare(m, t, s, kind, a[2], &a[3])) {
		message_free(m); /* a bad buffer: the general path says which error */
		return NULL;
	}
	/* deliver(): the envelope in r's registers, m on the serving lists. */
	bool only = list_empty(&r->serving);
	list_remove(&r->ipc_link);
	m->state = MSG_SERVING;
	m->receiver = r;
	list_add_tail(&s->serving, &m->link);
	list_add_tail(&r->serving, &m->thread_link);
	envelope_write(&r->ctx, m);
	/* donate(): r runs on t's context, at the higher of its own and t's priority. */
	r->sc = t->sc;
	if (only)
		r->priority = r->base_priority > t->priority ? r->base_priority : t->priority;
	else
		prio_refresh(r); /* it serves others too: the general rule */
	t->call = m;
	t->state = THREAD_BLOCKED;
	t->block = BLOCK_CALL;
	return hand_over(h, r);
}

/*
 * The message answered by t, if the answer can switch straight back to its
 * caller: the caller lent t its context, t serves only this message (so
 * its priority afterwards is its own), and after the answer neither t nor
 * another ready thread outranks the caller.
 */
static struct message *direct_answer(struct hart *h, struct thread *t, uint64_t token, unsigned how)
{
	struct message *m = message_from_token(token);
	struct thread *c;

	/* answer_target() and check_answer(), for the answers taken here */
	if (!m || m->server->owner != t->proc || m->state != MSG_SERVING)
		return NULL;
	if (how == BATON_REPLY_MEMORY
		    ? !kind_has_memory(m->kind) || m->kind == BATON_KIND_SEND ||
			      !list_empty(&m->children)
		    : m->kind != BATON_KIND_BLOCKING_SCALAR || (how != 1 && how != 2 && how != 5))
		return NULL;
	if (!(c = m->caller) || t->sc != c->sc || t->sc == t || c->hart != h ||
	    t->sc->slice_left == 0)
		return NULL;
	if (t->serving.next != &m->thread_link || t->serving.prev != &m->thread_link)
		return NULL;
	if (t->base_priority > c->priority || outranked(h, c->priority))
		return NULL;
	return m;
}

/* settle() + finish_serving() + donate_end() for a direct answer; returns the caller. */
static struct thread *answer_direct(struct thread *t, struct message *m, unsigned how,
				    const uint64_t *x)
{
	struct thread *c = m->caller;

	if (how == BATON_REPLY_MEMORY)
		transfer_return(m);
	list_remove(&m->link);
	list_remove(&m->thread_link);
	t->sc = t;
	t->priority = t->base_priority; /* it serves nothing else: see direct_answer() */
	message_free(m);
	c->call = NULL;
	ctx_set_reg(&c->ctx, 0, BATON_OK);
	if (how == BATON_REPLY_MEMORY) {
		ctx_set_reg(&c->ctx, 1, x[0]);
		ctx_set_reg(&c->ctx, 2, x[1]);
		for (unsigned i = 3; i < 7; i++)
			ctx_set_reg(&c->ctx, i, 0);
	} else {
		for (unsigned i = 0; i < 5; i++)
			ctx_set_reg(&c->ctx, i + 1, i < how ? x[i] : 0);
		ctx_set_reg(&c->ctx, 6, how);
	}
	return c;
}

/* RETURN_SCALAR (token, count, w1..w5) and RETURN_MEMORY (token, offset, valid). */
static struct trap_frame *give_answer(struct hart *h, struct thread *t, struct trap_frame *tf,
				      unsigned how)
{
	const uint64_t *a = ctx_args(tf);
	struct message *m = direct_answer(h, t, a[1], how);

	if (!m)
		return NULL;
	struct thread *c = answer_direct(t, m, how, &a[how == BATON_REPLY_MEMORY ? 2 : 3]);
	ctx_set_reg(tf, 0, BATON_OK);
	for (unsigned i = 1; i < 8; i++)
		ctx_set_reg(tf, i, 0); /* as the general dispatch writes r[1..7] */
	sched_requeue_current(true);   /* the server keeps its turn at the head of its queue */
	return hand_over(h, c);
}

/* REPLY_RECEIVE (token, how | server << 8, x1..x5) with nothing waiting in the queue. */
static struct trap_frame *reply_receive(struct hart *h, struct thread *t, struct trap_frame *tf)
{
	const uint64_t *a = ctx_args(tf);
	unsigned how = a[2] & 0xff;
	struct server *s = handle_server(t->proc, a[2] >> 8, HANDLE_SERVER);
	struct message *m;

	if (!s || s->dead || !list_empty(&s->queue) || !(m = direct_answer(h, t, a[1], how)))
		return NULL;
	struct thread *c = answer_direct(t, m, how, &a[3]);
	t->receiving = s;
	list_add_tail(&s->receivers, &t->ipc_link);
	t->state = THREAD_BLOCKED;
	t->block = BLOCK_RECEIVE;
	return hand_over(h, c);
}

struct trap_frame *ipc_fastpath(struct trap_frame *tf)
{
	struct hart *h = this_hart();
	struct thread *t = h->current;
	uint64_t n = ctx_reg(tf, 0), count;

	switch (n) {
	case SYS_BLOCKING_SCALAR:
		return call(h, t, tf, BATON_KIND_BLOCKING_SCALAR);
	case SYS_LEND:
		return call(h, t, tf, BATON_KIND_LEND);
	case SYS_MUTABLE_LEND:
		return call(h, t, tf, BATON_KIND_MUTABLE_LEND);
	case SYS_RETURN_SCALAR:
		count = ctx_reg(tf, 2);
		if (count == 1 || count == 2 || count == 5)
			return give_answer(h, t, tf, (unsigned)count);
		return NULL;
	case SYS_RETURN_MEMORY:
		return give_answer(h, t, tf, BATON_REPLY_MEMORY);
	case SYS_REPLY_RECEIVE:
		return reply_receive(h, t, tf);
	default:
		return NULL;
	}
}
