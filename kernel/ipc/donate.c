/* donate.c — quantum inheritance and priority inheritance for the two-way kinds. */
#include "ipc/internal.h"
#include "proc/thread.h"
#include "sched/sched.h"

/*
 * A thread serving a two-way message runs on its caller's scheduling
 * context: the caller's slice, the caller's priority, time charged to the
 * caller (t->sc).  Chains pass it on, since a server's own calls donate the
 * context it is running on.  A server that is busy when a caller comes
 * runs, until it answers, at the highest priority among itself and the
 * callers it is serving or that wait in its queue.  Raising priority down
 * a chain stops at MAX_CHAIN (a bounded recursion); handing contexts back
 * does not (sc_reclaim_below()).
 */
#define MAX_CHAIN 16

static unsigned inherited(const struct thread *t)
{
	unsigned p = 0;

	list_for_each(pos, &t->serving)
	{
		const struct message *m = list_entry(pos, struct message, thread_link);
		if (m->caller && m->caller->priority > p)
			p = m->caller->priority;
		list_for_each(q, &m->server->queue)
		{
			const struct message *w = list_entry(q, struct message, link);
			if (kind_is_two_way(w->kind) && w->caller && w->caller->priority > p)
				p = w->caller->priority;
		}
	}
	return p;
}

/* The call t waits in, if it is blocked in one (then t->call's server has it, or serves it). */
static struct message *blocked_call(const struct thread *t)
{
	return t->state == THREAD_BLOCKED && t->block == BLOCK_CALL ? t->call : NULL;
}

static void boost(struct server *s, unsigned priority, int depth)
{
	list_for_each(pos, &s->serving)
	{
		struct thread *r = list_entry(pos, struct message, link)->receiver;
		if (!r || r->priority >= priority)
			continue;
		sched_set_priority(r, priority);
		if (depth < MAX_CHAIN && blocked_call(r))
			boost(r->call->server, priority, depth + 1);
	}
}

void prio_boost_server(struct server *s, unsigned priority)
{
	boost(s, priority, 0);
}

void prio_refresh(struct thread *t)
{
	unsigned p = t->base_priority, i = inherited(t);

	if (t->sc != t && t->sc->priority > p)
		p = t->sc->priority;
	if (i > p)
		p = i;
	if (p == t->priority)
		return;
	sched_set_priority(t, p);
	if (blocked_call(t))
		boost(t->call->server, p, 1);
}

void ipc_set_base_priority(struct thread *t, unsigned priority)
{
	t->base_priority = (uint8_t)priority;
	prio_refresh(t); /* what it inherits stays on top */
	/* Whoever serves its call runs at what it gave: lowered too, not only raised. */
	if (blocked_call(t) && t->call->receiver)
		prio_refresh(t->call->receiver);
}

void donate(struct thread *receiver, struct thread *caller)
{
	receiver->sc = caller->sc;
	prio_refresh(receiver);
}

/*
 * Everyone down the chain of calls from t that runs on sc gets its own
 * context back, however deep: a context left behind may be a thread about
 * to be freed.  The walk ends: a thread blocked in a call receives nothing,
 * so each link's call is newer than the one above and the chain has no
 * cycle.
 */
static void sc_reclaim_below(struct thread *t, struct thread *sc)
{
	while (blocked_call(t) && t->call->receiver) {
		struct thread *r = t->call->receiver;
		if (r->sc == sc) {
			r->sc = r;
			prio_refresh(r);
		}
		t = r;
	}
}

void donate_end(struct thread *receiver, struct thread *caller)
{
	struct thread *sc = caller->sc;

	if (receiver->sc == sc) {
		receiver->sc = receiver;
		sc_reclaim_below(receiver, sc);
	}
	prio_refresh(receiver);
}

/* Down the chain of calls from owner: whoever runs on owner's context gets its own back. */
void sc_release(struct thread *owner)
{
	sc_reclaim_below(owner, owner->sc);
	if (owner->call && owner->call->receiver)
		prio_refresh(owner->call->receiver);
}
