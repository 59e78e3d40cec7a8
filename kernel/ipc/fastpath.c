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
 * over, a thread that would outrank the one switched to — and if any
 * holds, returns NULL before changing anything, and the call goes the
 * general way (kernel/ipc/call.c), which gives the same result.  When it
 * goes through: no scheduler pass, no timer change (the slice is the
 * same), satp written only if the other thread's space differs, and no
 * TLB flush where the hart has ASIDs.
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
#include "syscall/syscall.h"

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

static bool slice_left(const struct thread *t)
{
	return t->sc->slice_left > 0;
}

/* BLOCKING_SCALAR / LEND / MUTABLE_LEND (conn, id, w0..w3, flags). */
static struct trap_frame *call(struct thread *t, struct trap_frame *tf, uint8_t kind)
{
	struct server *s = handle_server(t->proc, ctx_reg(tf, 1), HANDLE_CONNECTION);
	struct thread *r;
	struct message *m;
	uint64_t w[4];

	if (!s || s->dead || ctx_reg(tf, 7) != 0 || !(r = first_receiver(s)) ||
	    r->hart != t->hart || !slice_left(t) || sched_ready_above(t->priority))
		return NULL;
	if (!(m = message_alloc()))
		return NULL;
	for (unsigned i = 0; i < 4; i++)
		w[i] = ctx_reg(tf, 3 + i);
	if (message_prepare(m, t, s, kind, ctx_reg(tf, 2), w)) {
		message_free(m); /* a bad buffer: the general path says which error */
		return NULL;
	}
	list_remove(&r->ipc_link);
	deliver(m, r); /* the envelope, and t's context and priority lent to r */
	t->call = m;
	sched_block_current(BLOCK_CALL);
	return sched_switch_same_context(r);
}

/*
 * The message answered by t, if the answer can switch straight back to its
 * caller: the caller lent t its context, and after the answer neither t
 * (at its own priority) nor another ready thread outranks the caller.
 */
static struct message *direct_answer(struct thread *t, uint64_t token, unsigned how)
{
	struct message *m = answer_target(t, token);
	struct thread *c;

	if (check_answer(m, how) || !(c = m->caller) || t->sc != c->sc || t->sc == t ||
	    c->hart != t->hart || !slice_left(t))
		return NULL;
	if (t->serving.next != &m->thread_link || t->serving.prev != &m->thread_link)
		return NULL; /* serving others too: its priority after this is not plain */
	if (t->base_priority > c->priority || sched_ready_above(c->priority))
		return NULL;
	return m;
}

/* RETURN_SCALAR (token, count, w1..w5) and RETURN_MEMORY (token, offset, valid). */
static struct trap_frame *give_answer(struct thread *t, struct trap_frame *tf, unsigned how)
{
	uint64_t x[5];
	struct message *m = direct_answer(t, ctx_reg(tf, 1), how);
	bool direct;

	if (!m)
		return NULL;
	for (unsigned i = 0; i < 5; i++)
		x[i] = ctx_reg(tf, (how == BATON_REPLY_MEMORY ? 2 : 3) + i);
	struct thread *c = answer(t, m, how, x, &direct);
	ctx_set_reg(tf, 0, BATON_OK);
	for (unsigned i = 1; i < 8; i++)
		ctx_set_reg(tf, i, 0); /* as the general dispatch writes r[1..7] */
	sched_requeue_current(true);   /* the server keeps its turn at the head of its queue */
	return sched_switch_same_context(c);
}

/* REPLY_RECEIVE (token, how | server << 8, x1..x5) with nothing waiting in the queue. */
static struct trap_frame *reply_receive(struct thread *t, struct trap_frame *tf)
{
	unsigned how = ctx_reg(tf, 2) & 0xff;
	struct server *s = handle_server(t->proc, ctx_reg(tf, 2) >> 8, HANDLE_SERVER);
	struct message *m;
	uint64_t x[5];
	bool direct;

	if (!s || s->dead || !list_empty(&s->queue) || !(m = direct_answer(t, ctx_reg(tf, 1), how)))
		return NULL;
	for (unsigned i = 0; i < 5; i++)
		x[i] = ctx_reg(tf, 3 + i);
	struct thread *c = answer(t, m, how, x, &direct);
	t->receiving = s;
	list_add_tail(&s->receivers, &t->ipc_link);
	sched_block_current(BLOCK_RECEIVE);
	return sched_switch_same_context(c);
}

struct trap_frame *ipc_fastpath(struct trap_frame *tf)
{
	struct thread *t = current_thread();
	struct trap_frame *next = NULL;

	switch (ctx_reg(tf, 0)) {
	case SYS_BLOCKING_SCALAR:
		next = call(t, tf, BATON_KIND_BLOCKING_SCALAR);
		break;
	case SYS_LEND:
		next = call(t, tf, BATON_KIND_LEND);
		break;
	case SYS_MUTABLE_LEND:
		next = call(t, tf, BATON_KIND_MUTABLE_LEND);
		break;
	case SYS_RETURN_SCALAR:
		if (ctx_reg(tf, 2) == 1 || ctx_reg(tf, 2) == 2 || ctx_reg(tf, 2) == 5)
			next = give_answer(t, tf, (unsigned)ctx_reg(tf, 2));
		break;
	case SYS_RETURN_MEMORY:
		next = give_answer(t, tf, BATON_REPLY_MEMORY);
		break;
	case SYS_REPLY_RECEIVE:
		next = reply_receive(t, tf);
		break;
	default:
		break;
	}
	hits += next != NULL;
	return next;
}
