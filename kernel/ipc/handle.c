/* handle.c — per-process handle tables: a handle is an index + 1, meaningless in another process. */
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/ipc.h"
#include "lib/string.h"
#include "mm/kmem.h"
#include "proc/process.h"

#define FIRST_SIZE 16

void ipc_process_init(struct process *p)
{
	p->handles = (struct handle_table){0};
	list_init(&p->servers);
}

/* Doubles the table (up to BATON_HANDLES_MAX); the old one is copied and freed. */
static int grow(struct handle_table *t)
{
	unsigned size = t->size ? t->size * 2 : FIRST_SIZE;

	if (size > BATON_HANDLES_MAX)
		size = BATON_HANDLES_MAX;
	if (size <= t->size)
		return BATON_ERR_LIMIT;
	struct handle *slots = kmem_alloc(size * sizeof(*slots));
	if (!slots)
		return BATON_ERR_NOMEM;
	if (t->slots) {
		memcpy(slots, t->slots, t->size * sizeof(*slots));
		kmem_free(t->slots);
	}
	t->slots = slots;
	t->size = size;
	return BATON_OK;
}

/* Returns the new handle (> 0) or an error; takes a reference on s. */
int handle_add(struct process *p, uint8_t kind, struct server *s)
{
	struct handle_table *t = &p->handles;
	int err;

	if (t->used == t->size && (err = grow(t)))
		return err;
	for (unsigned i = 0; i < t->size; i++) {
		if (t->slots[i].kind == HANDLE_FREE) {
			t->slots[i] = (struct handle){kind, s};
			t->used++;
			s->refs++;
			return (int)i + 1;
		}
	}
	return BATON_ERR_LIMIT; /* not reached: used < size */
}

int handle_close(struct process *p, uint64_t h)
{
	struct handle_table *t = &p->handles;

	if (h == 0 || h > t->size || t->slots[h - 1].kind == HANDLE_FREE)
		return BATON_ERR_BADHANDLE;
	struct server *s = t->slots[h - 1].server;
	t->slots[h - 1] = (struct handle){HANDLE_FREE, NULL};
	t->used--;
	server_put(s);
	return BATON_OK;
}

void handle_close_all(struct process *p)
{
	struct handle_table *t = &p->handles;

	for (unsigned i = 0; i < t->size; i++) {
		if (t->slots[i].kind != HANDLE_FREE)
			handle_close(p, i + 1);
	}
	kmem_free(t->slots);
	*t = (struct handle_table){0};
}
