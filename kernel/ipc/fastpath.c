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
 * Two more make up a stream of Scalars: the words go into a waiting
 * receiver's registers, or into the queue while it has room; a RECEIVE
 * takes a queued Scalar, or waits for the next message.  The scheduler then decides who runs, as after
 * any call.
 *
 * Each first checks everything that could make the general path do
 * something else — an error to report, a queue to serve, a slice that is
 * over, a thread that would outrank the one switched to, a priority that
 * needs the general rules — and if any holds, hands the call, unchanged,
 * to the general way (syscall_general(), then kernel/ipc/call.c), which
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
#include "arch/mmu_switch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/internal.h"
#include "lib/compiler.h"
#include "proc/process.h"
#include "proc/thread.h"
#include "sched/sched.h"
#include "smp/hart.h"
#include "syscall/syscall.h"

static bool ipc_fastpath_enabled = true;

bool ipc_fastpath_set(bool on)
{
	bool was = ipc_fastpath_enabled;

	ipc_fastpath_enabled = on;
	return was;
}

/*
 * The call goes the general way.  Every case below ends in a tail call,
 * here, to sched_next() or to hand_over(); those of a server loop
 * (BlockingScalar and the scalar answers) call nothing else, so they set
 * up no stack frame at all.
 */
static struct trap_frame *decline(struct trap_frame *tf)
{
	return syscall_general(tf);
}

/* The caller's own result registers, as the general dispatch writes them: a0, and a1..a7 = 0. */
static inline void call_result(struct trap_frame *tf, long status)
{
	ctx_set_reg(tf, 0, (uint64_t)status);
	for (unsigned i = 1; i < 8; i++)
		ctx_set_reg(tf, i, 0);
}

/* Makes `to` (blocked, on no queue) the running thread: no queues, no timer. */
static inline struct trap_frame *hand_over(struct hart *h, struct thread *to)
{
	struct vm *vm = &to->proc->vm;

	to->state = THREAD_RUNNING;
	to->block = BLOCK_NONE;
	h->current = to;
	h->user_ctx = &to->ctx;
	h->fastpath_hits++;
	if (h->active_root != vm->pt.root)
		arch_mmu_switch(vm->pt.root, vm->asid);
	return &to->ctx;
}

/* A message from the pool if one is free (growing the pool is the general path's work). */
static inline struct message *message_take(void)
{
	return list_empty(&message_pool.free_list) ? NULL : message_alloc();
}

/*
 * The checks of a two-way call on connection a[1]: a fresh message for it,
 * with the server and its first waiting receiver, if the call can switch
 * straight to that receiver; NULL if not.
 */
static ALWAYS_INLINE struct message *ready_call(struct hart *h, struct thread *t, const uint64_t *a,
						struct server **server, struct thread **receiver)
{
	struct server *s = handle_server(t->proc, a[1], HANDLE_CONNECTION);
	struct thread *r;

	if (!s || s->dead || a[7] != 0 || !(r = first_receiver(s)) || t->sc->slice_left == 0 ||
	    run_queue_outranks(&h->rq, t->priority))
		return NULL;
	/* A receiver with a deadline is taken off the timer list there; one that serves other
	 * calls too takes its priority by the general rule (prio_refresh()). */
	if (r->hart != h || r->timed || !list_empty(&r->serving))
		return NULL;
	*server = s;
	*receiver = r;
	return message_take();
}

/*
 * deliver() and donate() for m, a fresh call from t to its waiting receiver
 * r, which serves nothing else: m on the serving lists, the envelope's
 * first four registers written (the caller writes the words), r on t's
 * scheduling context at the higher of the two priorities; then t waits and
 * r runs.
 */
static ALWAYS_INLINE struct trap_frame *
serve_now(struct hart *h, struct thread *t, struct thread *r, struct server *s, struct message *m)
{
	list_remove(&r->ipc_link);
	m->state = MSG_SERVING;
	m->receiver = r;
	list_add_tail(&s->serving, &m->link);
	list_add_tail(&r->serving, &m->thread_link);
	envelope_head(&r->ctx, message_token(m), m->caller_pid, m->kind, m->id);
	r->sc = t->sc;
	r->priority = r->base_priority > t->priority ? r->base_priority : t->priority;
	t->call = m;
	t->state = THREAD_BLOCKED;
	t->block = BLOCK_CALL;
	return hand_over(h, r);
}

/* BLOCKING_SCALAR (conn, id, w0..w3, flags): the words go from register to register. */
static NOINLINE NO_FRAME_POINTER struct trap_frame *call_scalar(struct hart *h, struct thread *t,
								struct trap_frame *tf)
{
	const uint64_t *a = ctx_args(tf);
	struct server *s;
	struct thread *r;
	struct message *m = ready_call(h, t, a, &s, &r);

	if (!m)
		return decline(tf);
	m->kind = BATON_KIND_BLOCKING_SCALAR;
	m->server = s;
	m->id = a[2];
	m->caller = t;
	m->caller_pid = t->proc->pid;
	m->caller_proc = t->proc;
	/* A BlockingScalar's words are not read again once it is served: not kept in m. */
	for (unsigned i = 0; i < 4; i++)
		ctx_set_reg(&r->ctx, 4 + i, a[3 + i]);
	return serve_now(h, t, r, s, m);
}

/* LEND / MUTABLE_LEND (conn, id, address, length, offset, valid, flags). */
static inline struct trap_frame *call_memory(struct hart *h, struct thread *t,
					     struct trap_frame *tf, uint8_t kind)
{
	const uint64_t *a = ctx_args(tf);
	struct server *s;
	struct thread *r;
	struct message *m = ready_call(h, t, a, &s, &r);

	if (!m)
		return decline(tf);
	int err = message_prepare(m, t, s, kind, a[2], &a[3]);
	if (err) {
		/* A bad buffer: every check before it was the general path's too, so this is the
		 * answer it would give (and declining now would repeat message_prepare's work). */
		message_free(m);
		call_result(tf, err);
		return sched_next();
	}
	for (unsigned i = 0; i < 4; i++)
		ctx_set_reg(&r->ctx, 4 + i, m->w[i]);
	return serve_now(h, t, r, s, m);
}

static NOINLINE struct trap_frame *call_lend(struct hart *h, struct thread *t,
					     struct trap_frame *tf)
{
	return call_memory(h, t, tf, BATON_KIND_LEND);
}

static NOINLINE struct trap_frame *call_mutable_lend(struct hart *h, struct thread *t,
						     struct trap_frame *tf)
{
	return call_memory(h, t, tf, BATON_KIND_MUTABLE_LEND);
}

/*
 * SCALAR (conn, id, w0..w3, flags 0): into a waiting receiver's registers
 * (no message at all: it would be freed at once; tokens are opaque, so that
 * a pool slot's generation then moves once less is nothing a caller sees),
 * or queued while the queue has room.  The sender goes on unless the receiver it woke outranks it:
 * sched_next() decides, as after any call.
 */
static NOINLINE struct trap_frame *send_scalar(struct hart *h, struct thread *t,
					       struct trap_frame *tf)
{
	const uint64_t *a = ctx_args(tf);
	struct server *s = handle_server(t->proc, a[1], HANDLE_CONNECTION);
	struct message *m;
	struct thread *r;

	/* An empty pool is the general path's (it grows it, or answers NOMEM) even when no message
	 * would be kept: the result must not depend on which way the call went. */
	if (!s || s->dead || a[7] != 0 || list_empty(&message_pool.free_list))
		return decline(tf);
	if ((r = first_receiver(s))) {
		struct trap_frame *rx = &r->ctx;

		list_remove(&r->ipc_link);
		envelope_head(rx, 0, t->proc->pid, BATON_KIND_SCALAR, a[2]);
		for (unsigned i = 0; i < 4; i++)
			ctx_set_reg(rx, 4 + i, a[3 + i]);
		sched_wake(r);
	} else {
		if (s->unread >= s->depth)
			return decline(tf); /* full: the sender waits there */
		m = message_alloc();	    /* the pool has one: checked above */
		m->kind = BATON_KIND_SCALAR;
		m->server = s;
		m->id = a[2];
		m->caller_pid = t->proc->pid;
		m->caller_proc = t->proc;
		for (unsigned i = 0; i < 4; i++)
			m->w[i] = a[3 + i];
		m->state = MSG_QUEUED;
		list_add_tail(&s->queue, &m->link);
		s->unread++;
	}
	call_result(tf, BATON_OK);
	h->fastpath_hits++;
	return sched_next();
}

/*
 * RECEIVE (server, flags, deadline): a Scalar first in the queue goes into
 * t's own registers; an empty queue, with no deadline and no TRY, blocks t
 * until a message comes.  Other kinds in the queue go the general way.
 */
static NOINLINE struct trap_frame *receive(struct hart *h, struct thread *t, struct trap_frame *tf)
{
	const uint64_t *a = ctx_args(tf);
	struct server *s = handle_server(t->proc, a[1], HANDLE_SERVER);
	struct message *m;

	if (!s || (a[2] & ~(uint64_t)(BATON_TRY | BATON_DEADLINE))) /* alive: ipc.h */
		return decline(tf);
	if (list_empty(&s->queue)) {
		if (a[2] != 0)
			return decline(tf); /* EMPTY, TIMEOUT or a timer to set */
		list_add_tail(&s->receivers, &t->ipc_link);
		sched_block_current(BLOCK_RECEIVE);
		h->fastpath_hits++;
		return sched_next(); /* whoever sends writes the envelope */
	}
	m = list_entry(s->queue.next, struct message, link);
	if (m->kind != BATON_KIND_SCALAR)
		return decline(tf);
	dequeue(m); /* may let a sender go that waited for room */
	envelope_write(tf, m);
	message_free(m);
	h->fastpath_hits++;
	return sched_next();
}

/*
 * The message answered by t, if the answer can switch straight back to its
 * caller: the caller lent t its context, t serves only this message (so
 * its priority afterwards is its own), and after the answer neither t nor
 * another ready thread outranks the caller.
 */
static ALWAYS_INLINE struct message *direct_answer(struct hart *h, struct thread *t, uint64_t token,
						   unsigned how, bool memory)
{
	struct message *m = answer_target(t, token);
	struct thread *c;

	/* check_answer()'s rules, for the answers taken here */
	if (!m || (memory ? !kind_is_lend(m->kind) || !list_empty(&m->children)
			  : m->kind != BATON_KIND_BLOCKING_SCALAR || !answer_count_ok(how)))
		return NULL;
	if (!(c = m->caller) || t->sc != c->sc || t->sc == t || c->hart != h ||
	    t->sc->slice_left == 0)
		return NULL;
	if (t->serving.next != &m->thread_link || t->serving.prev != &m->thread_link)
		return NULL;
	if (t->base_priority > c->priority || run_queue_outranks(&h->rq, c->priority))
		return NULL;
	return m;
}

/*
 * settle() + finish_serving() + donate_end() for a direct answer of `how`
 * with words or offset and valid x: the caller's registers written, m back
 * in the pool (which takes it off the serving lists).  Returns the caller.
 */
static ALWAYS_INLINE struct thread *answer_direct(struct thread *t, struct message *m, unsigned how,
						  const uint64_t *x, bool memory)
{
	struct thread *c = m->caller;
	struct trap_frame *cx = &c->ctx;

	if (memory)
		transfer_return(m);
	t->sc = t;
	t->priority = t->base_priority; /* it serves nothing else: see direct_answer() */
	message_free(m);
	c->call = NULL;
	ctx_set_reg(cx, 0, BATON_OK);
	if (memory) {
		ctx_set_reg(cx, 1, x[0]);
		ctx_set_reg(cx, 2, x[1]);
		for (unsigned i = 3; i < 7; i++)
			ctx_set_reg(cx, i, 0);
		return c;
	}
	/* Words past the count come back 0; how is 1, 2 or 5. */
	bool all = how == 5;
	ctx_set_reg(cx, 1, x[0]);
	ctx_set_reg(cx, 2, how >= 2 ? x[1] : 0);
	ctx_set_reg(cx, 3, all ? x[2] : 0);
	ctx_set_reg(cx, 4, all ? x[3] : 0);
	ctx_set_reg(cx, 5, all ? x[4] : 0);
	ctx_set_reg(cx, 6, how);
	return c;
}

/* RETURN_SCALAR (token, count, w1..w5) and RETURN_MEMORY (token, offset, valid). */
static ALWAYS_INLINE struct trap_frame *
give_answer(struct hart *h, struct thread *t, struct trap_frame *tf, unsigned how, bool memory)
{
	const uint64_t *a = ctx_args(tf);
	struct message *m = direct_answer(h, t, a[1], how, memory);

	if (!m)
		return decline(tf);
	struct thread *c = answer_direct(t, m, how, &a[memory ? 2 : 3], memory);
	call_result(tf, BATON_OK);
	sched_requeue_current(true); /* the server keeps its turn at the head of its queue */
	return hand_over(h, c);
}

/* REPLY_RECEIVE (token, how | server << 8, x1..x5) with nothing waiting in the queue. */
static ALWAYS_INLINE struct trap_frame *
reply_receive(struct hart *h, struct thread *t, struct trap_frame *tf, unsigned how, bool memory)
{
	const uint64_t *a = ctx_args(tf);
	struct server *s = handle_server(t->proc, a[2] >> 8, HANDLE_SERVER);
	struct message *m;

	if (!s || !list_empty(&s->queue) || !(m = direct_answer(h, t, a[1], how, memory)))
		return decline(tf);
	struct thread *c = answer_direct(t, m, how, &a[3], memory);
	list_add_tail(&s->receivers, &t->ipc_link);
	t->state = THREAD_BLOCKED;
	t->block = BLOCK_RECEIVE;
	return hand_over(h, c);
}

/* One function per answer of words and one per answer of memory: only the latter calls out. */
static NOINLINE struct trap_frame *return_scalar(struct hart *h, struct thread *t,
						 struct trap_frame *tf)
{
	uint64_t count = ctx_reg(tf, 2);

	if (!answer_count_ok(count))
		return decline(tf);
	return give_answer(h, t, tf, (unsigned)count, false);
}

static NOINLINE struct trap_frame *return_memory(struct hart *h, struct thread *t,
						 struct trap_frame *tf)
{
	return give_answer(h, t, tf, BATON_REPLY_MEMORY, true);
}

static NOINLINE NO_FRAME_POINTER struct trap_frame *
reply_receive_scalar(struct hart *h, struct thread *t, struct trap_frame *tf)
{
	return reply_receive(h, t, tf, ctx_reg(tf, 2) & 0xff,
			     false); /* direct_answer() checks how */
}

static NOINLINE struct trap_frame *reply_receive_memory(struct hart *h, struct thread *t,
							struct trap_frame *tf)
{
	return reply_receive(h, t, tf, BATON_REPLY_MEMORY, true);
}

/* REPLY_RECEIVE: the answer of words and the answer of memory each have their own code. */
static NO_FRAME_POINTER struct trap_frame *answer_and_receive(struct hart *h, struct thread *t,
							      struct trap_frame *tf)
{
	if ((ctx_reg(tf, 2) & 0xff) == BATON_REPLY_MEMORY)
		return reply_receive_memory(h, t, tf);
	return reply_receive_scalar(h, t, tf);
}

typedef struct trap_frame *(*fast_call)(struct hart *h, struct thread *t, struct trap_frame *tf);

/* The calls with a quick way (a table, not a switch: one load and a jump for any of them). */
static const fast_call fast_calls[SYS_COUNT] = {
	[SYS_SCALAR] = send_scalar,
	[SYS_BLOCKING_SCALAR] = call_scalar,
	[SYS_LEND] = call_lend,
	[SYS_MUTABLE_LEND] = call_mutable_lend,
	[SYS_RECEIVE] = receive,
	[SYS_RETURN_SCALAR] = return_scalar,
	[SYS_RETURN_MEMORY] = return_memory,
	[SYS_REPLY_RECEIVE] = answer_and_receive,
};

NO_FRAME_POINTER struct trap_frame *ipc_fastpath(struct trap_frame *tf)
{
	uint64_t n = ctx_reg(tf, 0);
	struct hart *h = this_hart();

	if (n >= SYS_COUNT || !fast_calls[n] || !ipc_fastpath_enabled)
		return decline(tf);
	return fast_calls[n](h, h->current, tf);
}
