/* ipc.h — servers, connections, messages and answer tokens: the kernel side of the five kinds. */
#ifndef BATON_IPC_IPC_H
#define BATON_IPC_IPC_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"

struct process;
struct thread;
struct trap_frame;

/*
 * A server belongs to one process and has a 128-bit id.  Messages wait in
 * its queue in arrival order; threads of its process wait in `receivers`.
 * A server that is destroyed stays allocated (dead) until the last handle
 * to it is closed, so a stale connection answers "server gone".
 */
struct server {
	uint64_t id[2];
	struct process *owner;
	uint32_t refs; /* handles pointing here */
	bool dead;
	unsigned depth;	       /* unread messages before senders wait */
	unsigned unread;       /* messages in `queue` */
	struct list queue;     /* struct message, FIFO */
	struct list receivers; /* struct thread (ipc_link), FIFO */
	struct list serving;   /* two-way messages handed out and not yet answered */
	struct list id_link;   /* in the id table */
	struct list owner_link;
};

enum message_state {
	MSG_FREE,
	MSG_QUEUED,  /* in the server's queue */
	MSG_SERVING, /* received; a two-way message waits for its answer */
};

/*
 * One message.  Messages live in a pool that only grows (kernel/ipc/message.c);
 * an answer token is index | generation << 24, and the generation changes
 * every time the slot is reused, so a token works once.
 */
struct message {
	uint32_t index;
	uint64_t generation;
	uint8_t kind;  /* BATON_KIND_* */
	uint8_t state; /* enum message_state */
	struct server *server;
	struct thread *caller; /* waits for the answer (two-way) or for queue space; NULL if gone */
	struct thread
		*sender_waiting; /* a one-way sender blocked until this leaves the full queue */
	uint32_t caller_pid;
	struct thread *receiver; /* the thread serving it */
	uint64_t id;
	uint64_t w[4]; /* the words (not kept for a BlockingScalar the fast path delivered);
			for memory: server address, length, offset, valid */
	/* Memory kinds */
	struct process *caller_proc; /* NULL once the caller is gone */
	uintptr_t caller_va;
	struct message *parent;	 /* the message whose pages these are, when forwarded */
	bool orphaned;		 /* pages already gone home; the window range is still held */
	struct list children;	 /* forwards of this message's pages still out */
	struct list child_link;	 /* in the parent's children */
	struct list link;	 /* server queue, or server serving list */
	struct list thread_link; /* receiver's serving list */
	struct list free_link;
};

/* Per-process handles: connections to servers, and servers owned (to receive on). */
enum handle_kind {
	HANDLE_FREE,
	HANDLE_CONNECTION,
	HANDLE_SERVER,
};

/*
 * A server handle never names a dead server: SERVER_DESTROY closes it in
 * the same call, and a process's exit destroys its servers while none of
 * its threads runs.  (A connection may: its server can die under it.)
 */
struct handle {
	uint8_t kind;
	struct server *server;
};

struct handle_table {
	struct handle *slots;
	unsigned size; /* slots allocated */
	unsigned used;
};

/* Hooks from the process code. */
void ipc_process_init(struct process *p);
/* Before the address space goes: servers destroyed, calls cancelled, handles closed. */
void ipc_process_exit(struct process *p);
/* A RECEIVE with a deadline that passed: off the receivers, the call says BATON_ERR_TIMEOUT. */
void ipc_receive_timed_out(struct thread *t);
/* SET_PRIORITY: t's own priority; what it inherits from the calls it serves stays on top. */
void ipc_set_base_priority(struct thread *t, unsigned priority);
/* A thread dying (alone, or with its process): whatever it waits on lets go of it. */
void ipc_thread_exit(struct thread *t);
/*
 * Whether [va, va+len) of p's message window belongs to a message not yet
 * received or answered (lent pages, pages in flight, an orphan's range):
 * UNMAP may not touch it.  Frame owners cannot say so for a lend between
 * two threads of one process.
 */
bool ipc_window_busy(struct process *p, uintptr_t va, uint64_t len);

/* Handles (ipc/handle.c) */
int handle_add(struct process *p, uint8_t kind, struct server *s);
/* The server behind handle h of table t if it is of `kind`; NULL for a bogus handle. */
static inline struct server *handle_lookup(const struct handle_table *t, uint64_t h, uint8_t kind)
{
	if (h - 1 >= t->size || t->slots[h - 1].kind != kind)
		return NULL; /* h = 0 wraps around to a huge index */
	return t->slots[h - 1].server;
}
#define handle_server(p, h, kind) handle_lookup(&(p)->handles, (h), (kind))
int handle_close(struct process *p, uint64_t h);
void handle_close_all(struct process *p);

/* Messages and tokens (ipc/message.c) */
/*
 * Messages come from chunks that are never given back, so a token's index
 * always names a message struct: the pool grows to the most messages ever
 * alive at once and stays there (docs/ipc.md).  Freeing bumps the
 * generation, which is what makes a used token fail.  Inline: every call
 * takes one and gives one back.
 */
#define MESSAGE_INDEX_BITS 24
#define MESSAGES_MAX	   (1u << 16) /* alive at once, system-wide */
#define MESSAGE_CHUNK	   32

struct message_pool {
	struct message *chunks[MESSAGES_MAX / MESSAGE_CHUNK];
	unsigned count;
	struct list free_list;
};
extern struct message_pool message_pool;
bool message_pool_grow(void);

static inline struct message *message_alloc(void)
{
	struct message_pool *mp = &message_pool;

	if (list_empty(&mp->free_list) && !message_pool_grow())
		return NULL;
	struct message *m = list_entry(mp->free_list.next, struct message, free_link);
	list_remove(&m->free_link);
	/* Field by field, not memset: this is on every call's path. */
	m->kind = 0;
	m->state = MSG_FREE;
	m->orphaned = false;
	m->server = NULL;
	m->caller = NULL;
	m->sender_waiting = NULL;
	m->receiver = NULL;
	m->caller_proc = NULL;
	m->caller_va = 0;
	m->parent = NULL;
	list_init(&m->link);
	list_init(&m->thread_link);
	list_init(&m->children);
	list_init(&m->child_link);
	return m;
}

/*
 * message_alloc() for the general paths (sends, interrupt sources): a
 * failure the tests inject (lib/failpoint.h) counts there.  The fast path
 * takes from a pool it has seen is not empty, and is off while one is armed.
 */
struct message *message_alloc_checked(void);

static inline void message_free(struct message *m)
{
	m->state = MSG_FREE;
	m->generation++;
	list_remove(&m->link);
	list_remove(&m->thread_link);
	list_remove(&m->child_link);
	list_add_head(&message_pool.free_list, &m->free_link);
}

static inline uint64_t message_token(const struct message *m)
{
	return (uint64_t)m->index | m->generation << MESSAGE_INDEX_BITS;
}

/* The message a token names, if the token is current; NULL otherwise. */
static inline struct message *message_from_token(uint64_t token)
{
	uint64_t index = token & ((1u << MESSAGE_INDEX_BITS) - 1);

	if (index >= message_pool.count)
		return NULL;
	struct message *m = &message_pool.chunks[index / MESSAGE_CHUNK][index % MESSAGE_CHUNK];
	if (m->state == MSG_FREE || m->generation != token >> MESSAGE_INDEX_BITS)
		return NULL;
	return m;
}

/*
 * A Scalar from the kernel itself (pid 0) to the live server s, in m, a
 * message the caller reserved beforehand (so that it cannot fail): handed
 * to a waiting receiver, or queued whatever the depth (callers bound how
 * many they send, see kernel/dev/irq.c).
 */
void ipc_notify(struct server *s, struct message *m, uint64_t id, const uint64_t w[4]);

/* Servers (ipc/server.c) */
/* depth: 0 (the default) to BATON_QUEUE_MAX, checked by the caller (the system call, on 64 bits). */
int server_create(struct process *p, const uint64_t id[2], bool choose, unsigned depth,
		  struct server **out);
void server_destroy(struct server *s);
struct server *server_find(const uint64_t id[2]);
void server_put(struct server *s);

#endif
