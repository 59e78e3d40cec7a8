/* registry.h — the names service's table: names, the servers they stand for, owners and caps. */
#ifndef BATON_NAMES_REGISTRY_H
#define BATON_NAMES_REGISTRY_H

#include <stdbool.h>

#include "baton/names.h"

struct name {
	char name[BATON_NAMES_NAME_MAX + 1]; /* "" for a free slot */
	struct baton_server_id id;
	uint32_t owner;
	uint32_t cap;	  /* 0: no cap */
	uint32_t clients; /* pids[0..clients-1] have looked it up */
	uint32_t *pids;	  /* cap entries (NULL without a cap) */
};

/* BATON_OK for 1..63 printable bytes and a NUL inside the 64; RANGE or INVAL otherwise. */
long name_check(const char name[BATON_NAMES_NAME_MAX + 1]);

/* The live entry for name, or NULL; an entry whose server has gone is dropped on the way. */
struct name *registry_find(const char *name);
/* EXISTS, LIMIT (full even after dropping dead entries), NOMEM. */
long registry_add(const char *name, const struct baton_server_id *id, uint32_t owner, uint32_t cap,
		  struct name **added);
void registry_remove(struct name *n);
/* Counts pid against n's cap: OK, or LIMIT if the cap is reached and pid is new. */
long registry_admit(struct name *n, uint32_t pid);
/*
 * Drops dead entries, then writes the live ones to out[0..capacity-1] if
 * they fit; returns how many there are.
 */
unsigned registry_list(struct baton_names_entry *out, unsigned capacity);

#endif
