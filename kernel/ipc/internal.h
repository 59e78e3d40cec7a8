/* internal.h — what the files of kernel/ipc/ share among themselves. */
#ifndef BATON_IPC_INTERNAL_H
#define BATON_IPC_INTERNAL_H

#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/ipc.h"
#include "proc/thread.h"

struct trap_frame;

static inline bool kind_is_two_way(uint8_t kind)
{
	return kind == 2 /* BLOCKING_SCALAR */ || kind == 4 /* LEND */ ||
	       kind == 5 /* MUTABLE_LEND */;
}

/* How many words a BlockingScalar's answer may carry (RETURN_SCALAR, REPLY_RECEIVE). */
static inline bool answer_count_ok(uint64_t count)
{
	return count == 1 || count == 2 || count == 5;
}

static inline bool kind_has_memory(uint8_t kind)
{
	return kind >= 3; /* SEND, LEND, MUTABLE_LEND */
}

/* The kinds answered with memory (offset and valid). */
static inline bool kind_is_lend(uint8_t kind)
{
	_Static_assert(BATON_KIND_MUTABLE_LEND == BATON_KIND_LEND + 1 && BATON_KIND_LEND == 4,
		       "LEND and MUTABLE_LEND are the last two kinds");
	return kind >= BATON_KIND_LEND;
}

/* The thread waiting longest in RECEIVE on s, or NULL. */
static inline struct thread *first_receiver(struct server *s)
{
	return list_empty(&s->receivers) ? NULL
					 : list_entry(s->receivers.next, struct thread, ipc_link);
}

/* The message a token names, if t's process owns its server and it waits for an answer. */
static inline struct message *answer_target(struct thread *t, uint64_t token)
{
	struct message *m = message_from_token(token);

	if (!m || m->server->owner != t->proc || m->state != MSG_SERVING)
		return NULL;
	return m;
}

/* server.c */
void server_publish(struct server *s);
int connect_wait(struct thread *t, const uint64_t id[2]);
/* Every live server, for a dead process's queued messages. */
void server_for_each(void (*fn)(struct server *s, void *arg), void *arg);

/* call.c: the general path's piece that the fast path shares */
/* Fills a fresh message; for the memory kinds this moves or lends the pages. */
int message_prepare(struct message *m, struct thread *t, struct server *s, uint8_t kind,
		    uint64_t id, const uint64_t w[4]);

/* transfer.c: the pages of the memory kinds */
int transfer_lend(struct message *m, struct process *caller, uintptr_t va, uint64_t len,
		  bool mutable_lend, struct process *server);
int transfer_send(struct message *m, struct process *caller, uintptr_t va, uint64_t len,
		  struct process *server);
/* Pages lent out now, system-wide (KERNEL_CONTROL BATON_CTL_LENT_PAGES). */
uint64_t transfer_lent_pages(bool mutable_lend);
/* A lend answered or cancelled: pages back to the caller, or freed if the caller is gone. */
void transfer_return(struct message *m);
/* A forward whose pages must go home now: unmapped, but the range is kept until it is answered. */
void transfer_orphan(struct message *m);
/* A Send that was never received: its pages (the server's now) are freed. */
void transfer_drop(struct message *m);

/*
 * The envelope RECEIVE hands over, in the receiver's registers (docs/ipc.md):
 * a0 OK, a1 the token (0: nothing to answer), a2 pid | kind << 32, a3 the
 * id; envelope_head() writes those, the caller the four words in a4..a7.
 */
static inline void envelope_head(struct trap_frame *ctx, uint64_t token, uint32_t pid, uint8_t kind,
				 uint64_t id)
{
	ctx_set_reg(ctx, 0, BATON_OK);
	ctx_set_reg(ctx, 1, token);
	ctx_set_reg(ctx, 2, (uint64_t)pid | (uint64_t)kind << 32);
	ctx_set_reg(ctx, 3, id);
}

static inline void envelope_write(struct trap_frame *ctx, const struct message *m)
{
	envelope_head(ctx, kind_is_two_way(m->kind) ? message_token(m) : 0, m->caller_pid, m->kind,
		      m->id);
	for (unsigned i = 0; i < 4; i++)
		ctx_set_reg(ctx, 4 + i, m->w[i]);
}

/* flow.c: moving messages between queue, receiver and caller */
/* Hands m to a receiving thread (dequeued or fresh). */
void deliver(struct message *m, struct thread *receiver);
/* Takes m off its queue; wakes a sender that was waiting for room. */
void dequeue(struct message *m);
/* A message that will never be answered: pages undone, caller woken with `reason` (0: not). */
void message_cancel(struct message *m, long reason);
/* A two-way message is over: off the serving lists, the receiver's donation ends. */
void finish_serving(struct message *m);

/* donate.c: scheduling contexts and priority inheritance */
void donate(struct thread *receiver, struct thread *caller);
void donate_end(struct thread *receiver, struct thread *caller);
void prio_refresh(struct thread *t);
void prio_boost_server(struct server *s, unsigned priority);
/* A dying thread's scheduling context stops being used by the threads serving it. */
void sc_release(struct thread *owner);

#endif
