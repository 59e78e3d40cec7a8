/*
 * store.c — the kv service's keys and values: a list of entries, the key
 * beside its value.  Small entries come from malloc; an entry of 64 KiB
 * or more is pages of its own, so deleting it gives them back to the
 * system (malloc's heap keeps what it once had).
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

static struct entry *head;
static size_t budget, held; /* bytes allowed (0: no budget) and bytes of entries now */

void store_set_budget(size_t bytes)
{
	budget = bytes;
}

#define LARGE_ENTRY (64u << 10)

static size_t entry_size(size_t value_len)
{
	return sizeof(struct entry) + value_len;
}

static struct entry *entry_alloc(size_t value_len)
{
	size_t size = entry_size(value_len);
	void *pages;

	if (size < LARGE_ENTRY)
		return malloc(size);
	return baton_map(NULL, baton_page_up(size), BATON_MAP_R | BATON_MAP_W, &pages) ? NULL
										       : pages;
}

static void entry_free(struct entry *e)
{
	if (!e)
		return;
	size_t size = entry_size(e->value_len);
	if (size < LARGE_ENTRY)
		free(e);
	else
		baton_unmap(e, baton_page_up(size));
}

/* The link that points at key's entry (or the list's end): a put or delete changes it. */
static struct entry **link_of(const char *key, uint32_t key_len)
{
	struct entry **at = &head;

	while (*at && ((*at)->key_len != key_len || memcmp((*at)->key, key, key_len) != 0))
		at = &(*at)->next;
	return at;
}

struct entry *store_find(const char *key, uint32_t key_len)
{
	return *link_of(key, key_len);
}

long store_put(const char *key, uint32_t key_len, const void *value, size_t value_len)
{
	struct entry **at = link_of(key, key_len), *old = *at;
	size_t freed = old ? entry_size(old->value_len) : 0;

	if (budget && held - freed + entry_size(value_len) > budget)
		return BATON_ERR_NOMEM;
	struct entry *e = entry_alloc(value_len);
	if (!e)
		return BATON_ERR_NOMEM;
	e->next = old ? old->next : NULL;
	e->value_len = value_len;
	e->key_len = key_len;
	memcpy(e->key, key, key_len);
	memcpy(e->value, value, value_len);
	*at = e;
	held += entry_size(value_len) - freed;
	entry_free(old);
	return BATON_OK;
}

long store_delete(const char *key, uint32_t key_len)
{
	struct entry **at = link_of(key, key_len), *e = *at;

	if (!e)
		return BATON_ERR_NOENT;
	*at = e->next;
	held -= entry_size(e->value_len);
	entry_free(e);
	return BATON_OK;
}

size_t store_list(char *out, size_t room, uint32_t *count)
{
	size_t bytes = 0;

	*count = 0;
	for (const struct entry *e = head; e; e = e->next, ++*count)
		bytes += e->key_len + 1;
	if (bytes > room)
		return bytes;
	for (const struct entry *e = head; e; e = e->next) {
		memcpy(out, e->key, e->key_len);
		out[e->key_len] = '\0';
		out += e->key_len + 1;
	}
	return bytes;
}
