/* registry.c — the names service's table: a fixed array searched linearly (256 names at most). */
#include <stdlib.h>
#include <string.h>

#include "registry.h"

static struct name table[BATON_NAMES_MAX];

long name_check(const char name[BATON_NAMES_NAME_MAX + 1])
{
	size_t len = strnlen(name, BATON_NAMES_NAME_MAX + 1);

	if (len == 0 || len > BATON_NAMES_NAME_MAX)
		return BATON_ERR_RANGE;
	for (size_t i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~') /* control bytes, space, DEL, non-ASCII */
			return BATON_ERR_INVAL;
	return BATON_OK;
}

/*
 * Whether the entry's server still runs.  The owner is compared too: a
 * server that died and whose id another process took (ids can be chosen)
 * is not the one that was registered.
 */
static bool alive(const struct name *n)
{
	struct baton_server_info info;

	return baton_server_info(&n->id, &info) == BATON_OK && info.owner == n->owner;
}

void registry_remove(struct name *n)
{
	free(n->pids);
	memset(n, 0, sizeof(*n));
}

/* Dead entries go when someone looks: names hears of no server's death. */
static void drop_dead(void)
{
	for (unsigned i = 0; i < BATON_NAMES_MAX; i++)
		if (table[i].name[0] && !alive(&table[i]))
			registry_remove(&table[i]);
}

struct name *registry_find(const char *name)
{
	for (unsigned i = 0; i < BATON_NAMES_MAX; i++) {
		struct name *n = &table[i];
		if (!n->name[0] || strcmp(n->name, name) != 0)
			continue;
		if (alive(n))
			return n;
		registry_remove(n);
		return NULL;
	}
	return NULL;
}

static struct name *free_slot(void)
{
	for (unsigned i = 0; i < BATON_NAMES_MAX; i++)
		if (!table[i].name[0])
			return &table[i];
	return NULL;
}

long registry_add(const char *name, const struct baton_server_id *id, uint32_t owner, uint32_t cap,
		  struct name **added)
{
	struct name *n;

	if (registry_find(name))
		return BATON_ERR_EXISTS;
	n = free_slot();
	if (!n) {
		drop_dead();
		n = free_slot();
	}
	if (!n)
		return BATON_ERR_LIMIT;
	n->pids = cap ? malloc(cap * sizeof(*n->pids)) : NULL;
	if (cap && !n->pids)
		return BATON_ERR_NOMEM;
	strcpy(n->name, name);
	n->id = *id;
	n->owner = owner;
	n->cap = cap;
	n->clients = 0;
	*added = n;
	return BATON_OK;
}

/*
 * Processes that ended give their places back, so a client that init
 * restarts is not locked out by its dead self.  Asked only when the cap is
 * reached: one PROCESS_INFO per counted pid.  Pids are not reused until
 * they wrap at 2^32, so a live pid is the process that looked.
 */
static void drop_ended(struct name *n)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < n->clients; i++)
		if (baton_process_alive(n->pids[i]))
			n->pids[kept++] = n->pids[i];
	n->clients = kept;
}

long registry_admit(struct name *n, uint32_t pid)
{
	if (!n->cap)
		return BATON_OK;
	for (uint32_t i = 0; i < n->clients; i++)
		if (n->pids[i] == pid)
			return BATON_OK; /* counted already: it may look again */
	if (n->clients == n->cap)
		drop_ended(n);
	if (n->clients == n->cap)
		return BATON_ERR_LIMIT;
	n->pids[n->clients++] = pid;
	return BATON_OK;
}

static void describe(const struct name *n, struct baton_names_entry *out)
{
	memset(out, 0, sizeof(*out));
	strcpy(out->name, n->name);
	out->id = n->id;
	out->owner = n->owner;
	out->cap = n->cap;
	out->clients = n->clients;
}

unsigned registry_list(struct baton_names_entry *out, unsigned capacity)
{
	unsigned count = 0;

	drop_dead();
	for (unsigned i = 0; i < BATON_NAMES_MAX; i++)
		count += table[i].name[0] != 0;
	if (count > capacity)
		return count;
	for (unsigned i = 0, j = 0; i < BATON_NAMES_MAX; i++)
		if (table[i].name[0])
			describe(&table[i], &out[j++]);
	return count;
}
