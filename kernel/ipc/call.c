/* call.c — the general path of the five kinds: send, receive, answer, answer-and-receive. */
#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/call.h"
#include "ipc/internal.h"
#include "proc/process.h"
#include "proc/thread.h"
#include "sched/sched.h"
#include "syscall/syscall.h"
#include "time/timer.h"

int message_prepare(struct message *m, struct thread *t, struct server *s, uint8_t kind,
		    uint64_t id, const uint64_t w[4])
{
	struct process *p = t->proc;

	m->kind = kind;
	m->server = s;
	m->id = id;
	m->caller_pid = p->pid;
	m->caller_proc = p;
	if (kind_is_two_way(kind))
		m->caller = t;
	if (!kind_has_memory(kind)) {
		for (unsigned i = 0; i < 4; i++)
			m->w[i] = w[i];
		return BATON_OK;
	}
	int err = kind == BATON_KIND_SEND
			  ? transfer_send(m, p, w[0], w[1], s->owner)
			  : transfer_lend(m, p, w[0], w[1], kind == BATON_KIND_MUTABLE_LEND,
					  s->owner);
	m->w[2] = w[2];
	m->w[3] = w[3];
	return err;
}

long ipc_send(struct thread *t, struct server *s, uint8_t kind, uint64_t id, const uint64_t w[4],
	      bool try_only)
{
	struct thread *r;
	struct message *m;

	if (s->dead)
		return BATON_ERR_GONE;
	r = first_receiver(s);
	if (try_only && !r && s->unread >= s->depth)
		return BATON_ERR_QUEUEFULL; /* checked before any page moves */
	if (!(m = message_alloc_checked()))
		return BATON_ERR_NOMEM;
	int err = message_prepare(m, t, s, kind, id, w);
	if (err) {
		message_free(m);
		return err;
	}
	bool two_way = kind_is_two_way(kind);
	if (r) {
		list_remove(&r->ipc_link);
		deliver(m, r);
		if (!two_way) {
			sched_wake(r);
			return BATON_OK;
		}
		/* A waiting server: switch straight to it, on the caller's context. */
		t->call = m;
		sched_block_current(BLOCK_CALL);
		sched_hand_over(r);
		return SYSCALL_NO_RESULT;
	}
	m->state = MSG_QUEUED;
	list_add_tail(&s->queue, &m->link);
	s->unread++;
	if (two_way) {
		t->call = m;
		sched_block_current(BLOCK_CALL);
		prio_boost_server(s, t->priority);
		return SYSCALL_NO_RESULT;
	}
	if (s->unread > s->depth) { /* full: wait, in order, until it moves up */
		m->sender_waiting = t;
		t->call = m;
		sched_block_current(BLOCK_SEND);
		return SYSCALL_NO_RESULT;
	}
	return BATON_OK;
}

void ipc_notify(struct server *s, struct message *m, uint64_t id, const uint64_t w[4])
{
	struct thread *r = first_receiver(s);

	m->kind = BATON_KIND_SCALAR;
	m->server = s;
	m->id = id;
	m->caller_pid = 0;
	for (unsigned i = 0; i < 4; i++)
		m->w[i] = w[i];
	if (r) {
		list_remove(&r->ipc_link);
		deliver(m, r);
		sched_wake(r);
		return;
	}
	m->state = MSG_QUEUED;
	list_add_tail(&s->queue, &m->link);
	s->unread++;
}

long ipc_receive(struct thread *t, struct server *s, bool try_only, uint64_t deadline)
{
	if (!list_empty(&s->queue)) {
		struct message *m = list_entry(s->queue.next, struct message, link);
		dequeue(m);
		deliver(m, t); /* the envelope goes into t's own registers */
		return SYSCALL_NO_RESULT;
	}
	if (try_only)
		return BATON_ERR_EMPTY;
	if (deadline <= timer_now())
		return BATON_ERR_TIMEOUT;
	list_add_tail(&s->receivers, &t->ipc_link);
	sched_block_current(BLOCK_RECEIVE);
	if (deadline != UINT64_MAX)
		sched_block_until(deadline);
	return SYSCALL_NO_RESULT;
}

void ipc_receive_timed_out(struct thread *t)
{
	list_remove(&t->ipc_link);
	thread_set_result(t, BATON_ERR_TIMEOUT, 0, 0);
}

/* Ends m with an answer: the caller's registers get a0 = OK and `words`. */
static struct thread *settle(struct thread *t, struct message *m, const uint64_t *words,
			     unsigned count, bool *direct)
{
	struct thread *caller = m->caller;

	*direct = caller && t->sc == caller->sc && t->sc != t;
	if (kind_has_memory(m->kind))
		transfer_return(m);
	finish_serving(m);
	message_free(m);
	if (!caller)
		return NULL;
	caller->call = NULL;
	ctx_set_reg(&caller->ctx, 0, BATON_OK);
	for (unsigned i = 0; i < 6; i++)
		ctx_set_reg(&caller->ctx, i + 1, i < count ? words[i] : 0);
	return caller;
}

/* Whether m (NULL: the token named nothing) may be answered this way; an error if not. */
static int check_answer(const struct message *m, unsigned how)
{
	if (!m)
		return BATON_ERR_BADTOKEN;
	if (how == BATON_REPLY_MEMORY) {
		if (!kind_is_lend(m->kind))
			return BATON_ERR_WRONGKIND;
		if (!list_empty(&m->children))
			return BATON_ERR_BUSY; /* its pages are lent on: that answer comes first */
		return BATON_OK;
	}
	return m->kind == BATON_KIND_BLOCKING_SCALAR ? BATON_OK
						     : BATON_ERR_WRONGKIND; /* count: checked */
}

/*
 * Answers m (checked): scalar answers are words then the count in a6,
 * memory answers offset and valid.  Returns the caller (NULL if it is gone)
 * and whether it had lent t its scheduling context (then the answer should
 * switch straight back).
 */
static struct thread *answer(struct thread *t, struct message *m, unsigned how, const uint64_t x[5],
			     bool *direct)
{
	uint64_t words[6] = {x[0], x[1], x[2], x[3], x[4], how};

	if (how == BATON_REPLY_MEMORY)
		return settle(t, m, x, 2, direct);
	for (unsigned i = how; i < 5; i++)
		words[i] = 0;
	return settle(t, m, words, 6, direct);
}

/* The answer checked and given; *caller is who waited for it (CALLER_GONE: nobody now). */
static long answer_checked(struct thread *t, uint64_t token, unsigned how, const uint64_t x[5],
			   struct thread **caller, bool *direct)
{
	struct message *m = answer_target(t, token);
	int err = check_answer(m, how);

	if (err)
		return err;
	*caller = answer(t, m, how, x, direct);
	return *caller ? BATON_OK : BATON_ERR_CALLER_GONE;
}

long ipc_answer(struct thread *t, uint64_t token, unsigned how, const uint64_t x[5])
{
	struct thread *caller;
	bool direct;
	long err = answer_checked(t, token, how, x, &caller, &direct);

	if (err)
		return err;
	if (direct) {
		/* Straight back to the caller; the server keeps its turn at the head of its queue. */
		sched_requeue_current(true);
		sched_hand_over(caller);
	} else {
		sched_wake(caller);
	}
	return BATON_OK;
}

long ipc_reply_receive(struct thread *t, struct server *s, uint64_t token, unsigned how,
		       const uint64_t x[5])
{
	struct thread *caller;
	bool direct;
	long err = answer_checked(t, token, how, x, &caller, &direct);

	if (err)
		return err;
	if (!list_empty(&s->queue)) {
		sched_wake(caller); /* more work waits: the server goes on with it */
		return ipc_receive(t, s, false, UINT64_MAX);
	}
	ipc_receive(t, s, false, UINT64_MAX); /* blocks: nothing queued */
	if (direct)
		sched_hand_over(caller);
	else
		sched_wake(caller);
	return SYSCALL_NO_RESULT;
}
