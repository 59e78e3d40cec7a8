/* server.c — creating, finding and destroying servers; threads waiting to connect. */
#include "baton/errors.h"
#include "baton/syscall.h"
#include "dev/irq.h"
#include "ipc/internal.h"
#include "mm/kmem.h"
#include "platform/entropy.h"
#include "proc/process.h"
#include "proc/thread.h"
#include "sched/sched.h"

#define BUCKETS 256

static struct list buckets[BUCKETS];
static struct list connect_waiters;
static unsigned live_servers;
static bool ready;

static void init_tables(void)
{
	for (unsigned i = 0; i < BUCKETS; i++)
		list_init(&buckets[i]);
	list_init(&connect_waiters);
	ready = true;
}

static struct list *bucket(const uint64_t id[2])
{
	if (!ready)
		init_tables();
	return &buckets[(id[0] ^ id[1] ^ id[0] >> 29 ^ id[1] >> 31) % BUCKETS];
}

struct server *server_find(const uint64_t id[2])
{
	list_for_each(pos, bucket(id))
	{
		struct server *s = list_entry(pos, struct server, id_link);
		if (s->id[0] == id[0] && s->id[1] == id[1])
			return s;
	}
	return NULL;
}

/* Threads blocked in CONNECT for this id get a connection now. */
static void connect_waiting(struct server *s)
{
	list_for_each_safe(pos, tmp, &connect_waiters)
	{
		struct thread *t = list_entry(pos, struct thread, ipc_link);
		if (t->connect_id[0] != s->id[0] || t->connect_id[1] != s->id[1])
			continue;
		list_remove(pos);
		int h = handle_add(t->proc, HANDLE_CONNECTION, s);
		thread_set_result(t, h < 0 ? h : BATON_OK, h < 0 ? 0 : (uint64_t)h, 0);
		sched_wake(t);
	}
}

int server_create(struct process *p, const uint64_t id[2], bool choose, unsigned depth,
		  struct server **out)
{
	uint64_t want[2] = {id[0], id[1]};

	if (live_servers >= BATON_SERVERS_MAX)
		return BATON_ERR_LIMIT;
	if (choose && server_find(want))
		return BATON_ERR_EXISTS; /* nobody takes over a running server's id */
	while (!choose && (random_bytes(want, sizeof(want)), server_find(want)))
		;
	struct server *s = kmem_alloc(sizeof(*s));
	if (!s)
		return BATON_ERR_NOMEM;
	s->id[0] = want[0];
	s->id[1] = want[1];
	s->owner = p;
	s->depth = depth ? depth : BATON_QUEUE_DEFAULT;
	list_init(&s->queue);
	list_init(&s->receivers);
	list_init(&s->serving);
	list_add_tail(bucket(want), &s->id_link);
	list_add_tail(&p->servers, &s->owner_link);
	live_servers++;
	*out = s;
	return BATON_OK;
}

/* Announced only once the owner holds its handle: a failed create leaves no trace. */
void server_publish(struct server *s)
{
	connect_waiting(s);
}

void server_destroy(struct server *s)
{
	if (s->dead)
		return;
	s->dead = true;
	list_remove(&s->id_link);
	list_remove(&s->owner_link);
	live_servers--;
	list_for_each_safe(pos, tmp, &s->receivers)
	{
		struct thread *t = list_entry(pos, struct thread, ipc_link);
		list_remove(pos);
		thread_set_result(t, BATON_ERR_GONE, 0, 0);
		sched_wake(t);
	}
	list_for_each_safe(pos, tmp, &s->queue)
		message_cancel(list_entry(pos, struct message, link), BATON_ERR_GONE);
	list_for_each_safe(pos, tmp, &s->serving)
		message_cancel(list_entry(pos, struct message, link), BATON_ERR_GONE);
	s->unread = 0;
	irq_server_gone(s);
	if (s->refs == 0)
		kmem_free(s); /* only a create that failed gets here without a handle */
}

/* Drops a reference; a destroyed server is freed with its last handle. */
void server_put(struct server *s)
{
	if (--s->refs == 0 && s->dead)
		kmem_free(s);
}

int connect_wait(struct thread *t, const uint64_t id[2])
{
	t->connect_id[0] = id[0];
	t->connect_id[1] = id[1];
	if (!ready)
		init_tables();
	list_add_tail(&connect_waiters, &t->ipc_link);
	sched_block_current(BLOCK_CONNECT);
	return BATON_OK;
}

void server_for_each(void (*fn)(struct server *s, void *arg), void *arg)
{
	if (!ready)
		init_tables();
	for (unsigned i = 0; i < BUCKETS; i++) {
		list_for_each_safe(pos, tmp, &buckets[i])
			fn(list_entry(pos, struct server, id_link), arg);
	}
}
