/* flow.c — a message's way from queue to receiver, and out again when it cannot be answered. */
#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/internal.h"
#include "proc/thread.h"
#include "sched/sched.h"

void deliver(struct message *m, struct thread *receiver)
{
	envelope_write(&receiver->ctx, m);
	if (!kind_is_two_way(m->kind)) {
		message_free(m); /* Scalar: done; Send: the pages are the receiver's now */
		return;
	}
	m->state = MSG_SERVING;
	m->receiver = receiver;
	list_add_tail(&m->server->serving, &m->link);
	list_add_tail(&receiver->serving, &m->thread_link);
	if (m->caller)
		donate(receiver, m->caller);
}

/*
 * Off the queue.  A one-way sender blocks while its message is beyond the
 * queue's depth; the message that just moved up to the last allowed place
 * lets its sender go (unless the server is dead: then that message is
 * cancelled next, and its sender is told GONE).
 */
void dequeue(struct message *m)
{
	struct server *s = m->server;
	unsigned at = 0;

	list_remove(&m->link);
	s->unread--;
	if (s->unread < s->depth || s->dead)
		return; /* a dead server's messages are cancelled: their senders hear GONE */
	list_for_each(pos, &s->queue)
	{
		if (++at < s->depth)
			continue;
		struct message *q = list_entry(pos, struct message, link);
		if (q->sender_waiting) {
			thread_set_result(q->sender_waiting, BATON_OK, 0, 0);
			sched_wake(q->sender_waiting);
			q->sender_waiting->call = NULL;
			q->sender_waiting = NULL;
		}
		break;
	}
}

void finish_serving(struct message *m)
{
	struct thread *r = m->receiver;

	list_remove(&m->link);
	list_remove(&m->thread_link);
	m->receiver = NULL;
	if (r && m->caller)
		donate_end(r, m->caller);
	else if (r)
		prio_refresh(r);
}

static void wake_caller(struct message *m, long reason)
{
	if (kind_is_two_way(m->kind) && m->caller && reason) {
		m->caller->call = NULL;
		thread_set_result(m->caller, reason, 0, 0);
		sched_wake(m->caller);
	}
}

/*
 * A forward that a server is serving when its pages must go home (the
 * server it came from is gone): the pages leave that server's window now,
 * but the message stays with it, so its answer is "caller gone" rather
 * than an unknown token.  The window range stays taken until then, so
 * touching it faults instead of reaching a later message's pages.  m's own
 * forwards are gone already (cancel_children() takes the deepest first).
 */
static void orphan(struct message *m, long reason)
{
	transfer_orphan(m);
	if (m->receiver && m->caller)
		donate_end(m->receiver, m->caller);
	wake_caller(m, reason);
	m->caller = NULL;
	m->caller_proc = NULL;
	m->parent = NULL; /* which is being cancelled */
}

static struct message *first_child(const struct message *m)
{
	return list_entry(m->children.next, struct message, child_link);
}

/*
 * Forwards of m's pages go first, deepest first: the pages must be back
 * before each message gives them back.  A loop, not recursion: a chain of
 * forwards can be as long as there are servers, far deeper than a kernel
 * stack.  Each step takes a message without children off its parent's
 * list (transfer_orphan(), or message_cancel() freeing it), so it ends.
 */
static void cancel_children(struct message *m)
{
	while (!list_empty(&m->children)) {
		struct message *c = first_child(m);
		while (!list_empty(&c->children))
			c = first_child(c);
		if (c->state == MSG_SERVING)
			orphan(c, BATON_ERR_GONE);
		else
			message_cancel(c, BATON_ERR_GONE);
	}
}

void message_cancel(struct message *m, long reason)
{
	cancel_children(m);
	if (m->state == MSG_QUEUED)
		dequeue(m);
	else if (m->state == MSG_SERVING)
		finish_serving(m);
	if (m->sender_waiting) {
		thread_set_result(m->sender_waiting, reason, 0, 0);
		sched_wake(m->sender_waiting);
		m->sender_waiting->call = NULL;
	}
	if (m->kind == BATON_KIND_SEND)
		transfer_drop(m);
	else if (kind_has_memory(m->kind))
		transfer_return(m);
	wake_caller(m, reason);
	message_free(m);
}
