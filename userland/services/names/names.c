/*
 * names.c — the name service: maps names to server ids.  It serves at the
 * fixed id BATON_NAMES_ID, so every process can reach it without asking
 * anyone; include/baton/names.h declares the interface, docs/services.md
 * describes it.  One thread serves every call, so the table needs no lock.
 */
#include <stdio.h>

#include "registry.h"
#include "waiters.h"

static long on_register(void *ctx, const struct baton_envelope *e,
			const struct baton_names_request *req, size_t used,
			struct baton_rpc_none *r)
{
	struct baton_server_info info;
	struct name *n;
	long err = name_check(req->name);

	(void)ctx, (void)used, (void)r;
	if (err)
		return err;
	if (req->cap > BATON_NAMES_CAP_MAX)
		return BATON_ERR_RANGE;
	/* The kernel knows who owns the server: nobody registers another's. */
	err = baton_server_info(&req->id, &info);
	if (err)
		return err; /* NOSERVER */
	if (info.owner != e->pid)
		return BATON_ERR_PERM;
	/* The entry just added, not a second search: that one could find its server gone. */
	err = registry_add(req->name, &req->id, e->pid, req->cap, &n);
	if (err == BATON_OK)
		waiters_wake(n);
	return err;
}

/* The registered name: name_check's error, or NOENT if it is not registered. */
static long find_registered(const char *name, struct name **out)
{
	long err = name_check(name);

	if (err)
		return err;
	*out = registry_find(name);
	return *out ? BATON_OK : BATON_ERR_NOENT;
}

static long on_lookup(void *ctx, const struct baton_envelope *e, struct baton_names_request *req,
		      size_t used, struct baton_rpc_none *r)
{
	struct name *n;
	long err = find_registered(req->name, &n);

	(void)ctx, (void)used, (void)r;
	if (err)
		return err;
	err = registry_admit(n, e->pid);
	if (err == BATON_OK)
		req->id = n->id;
	return err;
}

/* A lookup that, for a name not registered yet, is kept and answered at its registration. */
static long on_wait(void *ctx, const struct baton_envelope *e, struct baton_names_request *req,
		    size_t used, struct baton_rpc_none *r)
{
	long err = on_lookup(ctx, e, req, used, r);

	if (err != BATON_ERR_NOENT)
		return err;
	err = waiters_add(e);
	return err ? err : BATON_RPC_LATER;
}

static long on_unregister(void *ctx, const struct baton_envelope *e,
			  const struct baton_names_request *req, size_t used,
			  struct baton_rpc_none *r)
{
	struct name *n;
	long err = find_registered(req->name, &n);

	(void)ctx, (void)used, (void)r;
	if (err)
		return err;
	if (n->owner != e->pid)
		return BATON_ERR_PERM;
	registry_remove(n);
	return BATON_OK;
}

static long on_list(void *ctx, const struct baton_envelope *e, struct baton_names_list *list,
		    size_t used, struct baton_rpc_none *r)
{
	size_t room = (used - sizeof(*list)) / sizeof(list->entries[0]);

	(void)ctx, (void)e, (void)r;
	if (list->capacity > room)
		return BATON_ERR_INVAL; /* claims more room than it lent */
	list->count = registry_list(list->entries, list->capacity);
	return list->count > list->capacity ? BATON_ERR_RANGE : BATON_OK;
}

static const struct baton_names_rpc_handlers handlers = {
	.register_ = on_register,
	.lookup = on_lookup,
	.wait = on_wait,
	.unregister = on_unregister,
	.list = on_list,
};

int main(void)
{
	struct baton_server_id id = BATON_NAMES_ID;
	uint32_t server;
	long err = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server);

	if (err) { /* EXISTS: another names runs already */
		printf("names: cannot serve: %s\n", baton_strerror(err));
		return 1;
	}
	err = baton_rpc_serve(server, baton_names_rpc_dispatch_any, (void *)&handlers, NULL);
	return err == BATON_ERR_GONE ? 0 : 1;
}
