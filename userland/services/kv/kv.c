/*
 * kv.c — an in-memory key-value store.  It serves at an id the kernel
 * chooses and registers it with names, so clients find it by name:
 *   kv [name [budget-bytes]]     (defaults: "kv", no budget)
 * include/baton/kv.h declares the interface, docs/services.md describes it.
 * One thread serves every call, so the store needs no lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/names.h"
#include "store.h"

/* The key at the start of req's data: 1..64 bytes, no NUL, inside the used bytes. */
static long check_key(const struct baton_kv_request *req, size_t used)
{
	if (req->key_len == 0 || req->key_len > BATON_KV_KEY_MAX)
		return BATON_ERR_RANGE;
	if (used - sizeof(*req) < req->key_len)
		return BATON_ERR_INVAL;
	return memchr(req->data, '\0', req->key_len) ? BATON_ERR_INVAL : BATON_OK;
}

static long on_put(void *ctx, const struct baton_envelope *e, const struct baton_kv_request *req,
		   size_t used, struct baton_rpc_none *r)
{
	long err = check_key(req, used);

	(void)ctx, (void)e, (void)r;
	if (err)
		return err;
	if (req->value_len > BATON_KV_VALUE_MAX)
		return BATON_ERR_RANGE;
	if (used - sizeof(*req) - req->key_len < req->value_len)
		return BATON_ERR_INVAL; /* the value is not all in the buffer */
	return store_put((const char *)req->data, req->key_len, req->data + req->key_len,
			 req->value_len);
}

static long on_get(void *ctx, const struct baton_envelope *e, struct baton_kv_request *req,
		   size_t used, struct baton_rpc_none *r)
{
	long err = check_key(req, used);
	const struct entry *found;

	(void)ctx, (void)e, (void)r;
	if (err)
		return err;
	if (used - sizeof(*req) - req->key_len < req->room)
		return BATON_ERR_INVAL; /* claims more room than it lent */
	found = store_find((const char *)req->data, req->key_len);
	if (!found)
		return BATON_ERR_NOENT;
	req->value_len = found->value_len; /* with RANGE too: the caller learns the size */
	if (found->value_len > req->room)
		return BATON_ERR_RANGE;
	memcpy(req->data + req->key_len, found->value, found->value_len);
	return BATON_OK;
}

static long on_delete(void *ctx, const struct baton_envelope *e, const struct baton_kv_request *req,
		      size_t used, struct baton_rpc_none *r)
{
	long err = check_key(req, used);

	(void)ctx, (void)e, (void)r;
	return err ? err : store_delete((const char *)req->data, req->key_len);
}

static long on_list(void *ctx, const struct baton_envelope *e, struct baton_kv_list *list,
		    size_t used, struct baton_rpc_none *r)
{
	(void)ctx, (void)e, (void)r;
	if (used - sizeof(*list) < list->room)
		return BATON_ERR_INVAL;
	list->bytes = store_list(list->keys, list->room, &list->count);
	return list->bytes > list->room ? BATON_ERR_RANGE : BATON_OK;
}

static const struct baton_kv_rpc_handlers handlers = {
	.put = on_put,
	.get = on_get,
	.delete = on_delete,
	.list = on_list,
};

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "kv";
	struct baton_server_id id;
	uint32_t server;

	if (argc > 2)
		store_set_budget(strtoull(argv[2], NULL, 0));
	long err = baton_server_create(&id, 0, 0, &server);
	if (!err)
		err = baton_names_register(name, &id, 0);
	if (err) {
		printf("kv: cannot serve as %s: %s\n", name, baton_strerror(err));
		return 1;
	}
	err = baton_rpc_serve(server, baton_kv_rpc_dispatch_any, (void *)&handlers, NULL);
	return err == BATON_ERR_GONE ? 0 : 1;
}
