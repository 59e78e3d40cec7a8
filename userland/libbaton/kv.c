/* kv.c — the key-value store's client: found through names, one growing lend buffer, locked. */
#include <string.h>

#include "baton/kv.h"
#include "baton/names.h"

static struct baton_mutex lock = BATON_MUTEX_INIT;
static uint32_t conn; /* 0: not connected yet */
static struct baton_lendbuf buf;

void baton_kv_close(void)
{
	baton_mutex_lock(&lock);
	if (conn)
		baton_disconnect(conn);
	conn = 0;
	baton_lendbuf_free(&buf);
	baton_mutex_unlock(&lock);
}

static long open_locked(unsigned flags)
{
	if (conn)
		return BATON_OK;
	return flags & BATON_TRY ? baton_names_try_connect("kv", &conn)
				 : baton_names_connect("kv", &conn);
}

long baton_kv_open(unsigned flags)
{
	baton_mutex_lock(&lock);
	long err = open_locked(flags);
	baton_mutex_unlock(&lock);
	return err;
}

/*
 * Connected, and a buffer of at least size bytes.  It grows (at least
 * doubling, so a run of slowly growing values remaps it only a few times)
 * and never shrinks: the same size again costs nothing.
 */
static long ready(size_t size)
{
	long err = open_locked(0);

	return err ? err : baton_lendbuf_reserve(&buf, size);
}

/* A kv that ended leaves a dead connection: drop it, so the next call looks "kv" up again. */
static long check_gone(long err)
{
	if (err == BATON_ERR_GONE) {
		baton_disconnect(conn);
		conn = 0;
	}
	return err;
}

static long key_length(const char *key, uint32_t *len)
{
	size_t n = key ? strnlen(key, BATON_KV_KEY_MAX + 1) : 0;

	if (!key)
		return BATON_ERR_INVAL;
	if (n == 0 || n > BATON_KV_KEY_MAX)
		return BATON_ERR_RANGE;
	*len = (uint32_t)n;
	return BATON_OK;
}

/* The header and key at the start of the buffer (ready for used bytes); NULL on error. */
static struct baton_kv_request *start(const char *key, uint32_t key_len, size_t used, long *err)
{
	struct baton_kv_request *req;

	*err = ready(used);
	if (*err)
		return NULL;
	req = buf.base;
	req->key_len = key_len;
	req->value_len = 0;
	req->room = 0;
	memcpy(req->data, key, key_len);
	return req;
}

long baton_kv_put(const char *key, const void *value, size_t len)
{
	struct baton_rpc_none none;
	uint32_t key_len;
	long err = key_length(key, &key_len);

	if (err)
		return err;
	if (len > BATON_KV_VALUE_MAX)
		return BATON_ERR_RANGE;
	size_t used = sizeof(struct baton_kv_request) + key_len + len;
	baton_mutex_lock(&lock);
	struct baton_kv_request *req = start(key, key_len, used, &err);
	if (req) {
		req->value_len = len;
		memcpy(req->data + key_len, value, len);
		err = check_gone(baton_kv_rpc_put(conn, &buf, used, &none));
	}
	baton_mutex_unlock(&lock);
	return err;
}

long baton_kv_get(const char *key, void *out, size_t size, size_t *len)
{
	struct baton_rpc_none none;
	uint32_t key_len;
	long err = key_length(key, &key_len);

	*len = 0; /* a RANGE for the key must not read as a value's size */
	if (err)
		return err;
	size_t room = size < BATON_KV_VALUE_MAX ? size : BATON_KV_VALUE_MAX; /* never more needed */
	size_t used = sizeof(struct baton_kv_request) + key_len + room;
	baton_mutex_lock(&lock);
	struct baton_kv_request *req = start(key, key_len, used, &err);
	if (req) {
		req->room = room;
		err = check_gone(baton_kv_rpc_get(conn, &buf, used, &none));
		if (err == BATON_OK && req->value_len > room)
			err = BATON_ERR_INVAL; /* a kv that wrote past the room: trust nothing */
		if (err == BATON_OK || err == BATON_ERR_RANGE)
			*len = req->value_len;
		if (err == BATON_OK)
			memcpy(out, req->data + key_len, req->value_len);
	}
	baton_mutex_unlock(&lock);
	return err;
}

long baton_kv_delete(const char *key)
{
	struct baton_rpc_none none;
	uint32_t key_len;
	long err = key_length(key, &key_len);

	if (err)
		return err;
	size_t used = sizeof(struct baton_kv_request) + key_len;
	baton_mutex_lock(&lock);
	if (start(key, key_len, used, &err))
		err = check_gone(baton_kv_rpc_delete(conn, &buf, used, &none));
	baton_mutex_unlock(&lock);
	return err;
}

long baton_kv_list(char *out, size_t size, size_t *bytes, unsigned *count)
{
	struct baton_rpc_none none;
	struct baton_kv_list *list;
	size_t used = sizeof(*list) + size;

	baton_mutex_lock(&lock);
	long err = ready(used);
	if (err)
		goto done;
	list = buf.base;
	list->room = size;
	list->bytes = 0;
	list->count = 0;
	err = check_gone(baton_kv_rpc_list(conn, &buf, used, &none));
	if (err == BATON_OK && list->bytes > size)
		err = BATON_ERR_INVAL;			 /* as in get */
	if (err == BATON_OK || err == BATON_ERR_RANGE) { /* RANGE: bytes is the room needed */
		*bytes = list->bytes;
		*count = list->count;
	}
	if (err == BATON_OK)
		memcpy(out, list->keys, list->bytes);
done:
	baton_mutex_unlock(&lock);
	return err;
}
