/* exit.c — when threads and processes end: nothing they held or waited on is lost or left hanging. */
#include "baton/errors.h"
#include "ipc/internal.h"
#include "proc/process.h"
#include "proc/thread.h"

void ipc_thread_exit(struct thread *t)
{
	struct message *m = t->call;

	if (t->state == THREAD_BLOCKED) {
		switch (t->block) {
		case BLOCK_CALL:
			m->caller = NULL; /* first: the server's priority no longer counts t */
			sc_release(t);
			t->call = NULL;
			if (m->state == MSG_QUEUED) {
				message_cancel(m, 0); /* never seen: its pages go back now */
			} else {
				/*
				 * Being served: the server keeps the pages until it
				 * answers, and they are freed then.  (Only a dying
				 * process's threads are blocked here.)
				 */
				m->caller_proc = NULL;
			}
			break;
		case BLOCK_SEND:
			m->sender_waiting = NULL; /* the message itself stays queued */
			t->call = NULL;
			break;
		case BLOCK_RECEIVE:
		case BLOCK_CONNECT:
			list_remove(&t->ipc_link);
			break;
		default:
			break;
		}
	}
	/* Messages it received and did not answer stay with the server, for another thread. */
	list_for_each_safe(pos, tmp, &t->serving)
	{
		struct message *s = list_entry(pos, struct message, thread_link);
		list_remove(pos);
		s->receiver = NULL;
	}
}

static void drop_sent_by(struct server *s, void *arg)
{
	const struct process *p = arg;

	list_for_each_safe(pos, tmp, &s->queue)
	{
		struct message *m = list_entry(pos, struct message, link);
		if (m->caller_pid == p->pid)
			message_cancel(m, 0);
	}
}

void ipc_process_exit(struct process *p)
{
	list_for_each(pos, &p->threads) ipc_thread_exit(list_entry(pos, struct thread, proc_link));
	list_for_each_safe(pos, tmp, &p->servers)
		server_destroy(list_entry(pos, struct server, owner_link));
	server_for_each(drop_sent_by, p); /* its queued one-way messages */
	handle_close_all(p);
}
