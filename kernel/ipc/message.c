/* message.c — the message pool and answer tokens: index | generation << 24, checked in O(1). */
#include "baton/errors.h"
#include "ipc/ipc.h"
#include "lib/failpoint.h"
#include "lib/string.h"
#include "mm/kmem.h"

/*
 * Messages come from chunks that are never given back, so a token's index
 * always names a message struct: the pool grows to the most messages ever
 * alive at once and stays there (docs/ipc.md).  Freeing bumps the
 * generation, which is what makes a used token fail.
 */
struct message_pool message_pool = {.free_list = LIST_INIT(message_pool.free_list)};

bool message_pool_grow(void)
{
	struct message_pool *mp = &message_pool;
	struct message *chunk;

	if (mp->count + MESSAGE_CHUNK > MESSAGES_MAX ||
	    !(chunk = kmem_alloc(MESSAGE_CHUNK * sizeof(*chunk))))
		return false;
	mp->chunks[mp->count / MESSAGE_CHUNK] = chunk;
	for (unsigned i = 0; i < MESSAGE_CHUNK; i++) {
		struct message *m = &chunk[i];
		m->index = mp->count++;
		m->generation = 1;
		list_add_tail(&mp->free_list, &m->free_link);
	}
	return true;
}

struct message *message_alloc_checked(void)
{
	return failpoint_hit() ? NULL : message_alloc();
}
