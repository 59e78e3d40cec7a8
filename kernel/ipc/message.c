/* message.c — the message pool and answer tokens: index | generation << 24, checked in O(1). */
#include "baton/errors.h"
#include "ipc/ipc.h"
#include "lib/string.h"
#include "mm/kmem.h"

/*
 * Messages come from chunks that are never given back, so a token's index
 * always names a message struct: the pool grows to the most messages ever
 * alive at once and stays there (docs/ipc.md).  Freeing bumps the
 * generation, which is what makes a used token fail.
 */
#define INDEX_BITS   24
#define MAX_MESSAGES (1u << 16) /* alive at once, system-wide */
#define PER_CHUNK    32

static struct message *chunks[MAX_MESSAGES / PER_CHUNK];
static unsigned count;
static struct list free_list = LIST_INIT(free_list);

static bool grow(void)
{
	struct message *chunk;

	if (count + PER_CHUNK > MAX_MESSAGES || !(chunk = kmem_alloc(PER_CHUNK * sizeof(*chunk))))
		return false;
	chunks[count / PER_CHUNK] = chunk;
	for (unsigned i = 0; i < PER_CHUNK; i++) {
		struct message *m = &chunk[i];
		m->index = count++;
		m->generation = 1;
		list_add_tail(&free_list, &m->free_link);
	}
	return true;
}

struct message *message_alloc(void)
{
	if (list_empty(&free_list) && !grow())
		return NULL;
	struct message *m = list_entry(free_list.next, struct message, free_link);
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

void message_free(struct message *m)
{
	m->state = MSG_FREE;
	m->generation++;
	list_remove(&m->link);
	list_remove(&m->thread_link);
	list_remove(&m->child_link);
	list_add_head(&free_list, &m->free_link);
}

uint64_t message_token(const struct message *m)
{
	return (uint64_t)m->index | m->generation << INDEX_BITS;
}

/* The message a token names, if the token is current; NULL otherwise. */
struct message *message_from_token(uint64_t token)
{
	uint64_t index = token & ((1u << INDEX_BITS) - 1);

	if (index >= count)
		return NULL;
	struct message *m = &chunks[index / PER_CHUNK][index % PER_CHUNK];
	if (m->state == MSG_FREE || m->generation != token >> INDEX_BITS)
		return NULL;
	return m;
}
