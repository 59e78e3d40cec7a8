/* store.h — the kv service's keys and values (small ones malloc'd, large ones pages of their own). */
#ifndef BATON_KV_STORE_H
#define BATON_KV_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "baton/kv.h"

struct entry {
	struct entry *next;
	size_t value_len;
	uint32_t key_len;
	char key[BATON_KV_KEY_MAX];
	uint8_t value[];
};

/* At most this many bytes of entries (0: as many as malloc gives); beyond, NOMEM. */
void store_set_budget(size_t bytes);
struct entry *store_find(const char *key, uint32_t key_len);
/* Copies the value in; the old one (if any) goes only once the new one is in.  NOMEM. */
long store_put(const char *key, uint32_t key_len, const void *value, size_t value_len);
long store_delete(const char *key, uint32_t key_len); /* NOENT */
/*
 * Writes the keys, each ending with a NUL, to out if they fit in room
 * bytes; returns the bytes they take and *count how many there are.
 */
size_t store_list(char *out, size_t room, uint32_t *count);

#endif
