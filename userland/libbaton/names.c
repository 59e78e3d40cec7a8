/* names.c — the name service's client: one connection and one lend buffer per process, locked. */
#include <string.h>

#include "baton/names.h"

static struct baton_mutex lock = BATON_MUTEX_INIT;
static uint32_t conn; /* 0: not connected yet */
static struct baton_lendbuf buf;

typedef long (*request_fn)(uint32_t conn, struct baton_lendbuf *buf, size_t used,
			   struct baton_rpc_none *answer);

static long open_locked(unsigned flags)
{
	return conn ? BATON_OK : baton_connect(&BATON_NAMES_ID, flags, &conn);
}

long baton_names_open(unsigned flags)
{
	baton_mutex_lock(&lock);
	long err = open_locked(flags);
	baton_mutex_unlock(&lock);
	return err;
}

void baton_names_close(void)
{
	baton_mutex_lock(&lock);
	if (conn)
		baton_disconnect(conn);
	conn = 0;
	baton_lendbuf_free(&buf);
	baton_mutex_unlock(&lock);
}

/*
 * Connected and a buffer of at least size bytes.  The first connection
 * waits for names, as documented; a reconnection after GONE does not (a
 * names left stopped must not hang its clients).
 */
static long ready(size_t size, unsigned flags)
{
	long err = open_locked(flags);

	return err ? err : baton_lendbuf_reserve(&buf, size);
}

/*
 * A names that ended leaves a dead connection.  True (the call is to be
 * made once more, on a new connection) for the first GONE: the new names
 * knows nothing the old one was told, so repeating any call is safe.
 */
static bool again_after(long err, unsigned *attempt)
{
	if (err != BATON_ERR_GONE)
		return false;
	baton_disconnect(conn);
	conn = 0;
	return (*attempt)++ == 0;
}

/*
 * Only the name's length is checked here (it must fit), the rest by names;
 * before anything else, so that a bad name never waits for names to run.
 */
static long check_name(const char *name)
{
	size_t len = name ? strnlen(name, BATON_NAMES_NAME_MAX + 1) : 0;

	if (!name)
		return BATON_ERR_INVAL;
	if (len == 0 || len > BATON_NAMES_NAME_MAX)
		return BATON_ERR_RANGE;
	return BATON_OK;
}

/* A checked name into req. */
static void fill(struct baton_names_request *req, const char *name)
{
	memset(req, 0, sizeof(*req));
	memcpy(req->name, name, strlen(name));
}

/* One request through the shared buffer: id_in goes with it, id_out is what names wrote. */
static long request(request_fn call, const char *name, const struct baton_server_id *id_in,
		    unsigned cap, struct baton_server_id *id_out)
{
	struct baton_names_request *req;
	struct baton_rpc_none none;

	unsigned attempt = 0;
	long err = check_name(name);

	if (err)
		return err;
	baton_mutex_lock(&lock);
	do {
		err = ready(sizeof(*req), attempt ? BATON_TRY : 0);
		req = buf.base;
		if (!err) {
			fill(req, name);
			req->id = id_in ? *id_in : (struct baton_server_id){0, 0};
			req->cap = cap;
			err = call(conn, &buf, sizeof(*req), &none);
		}
	} while (again_after(err, &attempt));
	if (!err && id_out)
		*id_out = req->id;
	baton_mutex_unlock(&lock);
	return err;
}

long baton_names_register(const char *name, const struct baton_server_id *id, unsigned cap)
{
	if (!id)
		return BATON_ERR_INVAL;
	return request(baton_names_rpc_register_, name, id, cap, NULL);
}

long baton_names_lookup(const char *name, struct baton_server_id *id)
{
	return request(baton_names_rpc_lookup, name, NULL, 0, id);
}

long baton_names_unregister(const char *name)
{
	return request(baton_names_rpc_unregister, name, NULL, 0, NULL);
}

/*
 * A wait may last long: it has its own connection and buffer and takes no
 * lock, so the process's other threads go on using names meanwhile.  (It
 * is rare, at start-up: a connect and a map per wait cost little.)  A
 * names that ends during the wait is asked once more, as request() does:
 * the first connection waits for names, the one after GONE does not.
 */
long baton_names_wait(const char *name, struct baton_server_id *id)
{
	struct baton_lendbuf own = {0};
	struct baton_names_request *req;
	struct baton_rpc_none none;
	unsigned attempt = 0;
	long err = check_name(name);

	if (!err)
		err = baton_lendbuf_init(&own, sizeof(*req));
	if (err)
		return err;
	req = own.base;
	do {
		uint32_t c;
		err = baton_connect(&BATON_NAMES_ID, attempt ? BATON_TRY : 0, &c);
		if (err)
			break;
		fill(req, name);
		err = baton_names_rpc_wait(c, &own, sizeof(*req), &none);
		baton_disconnect(c);
	} while (err == BATON_ERR_GONE && attempt++ == 0);
	if (!err)
		*id = req->id;
	baton_lendbuf_free(&own);
	return err;
}

long baton_names_connect(const char *name, uint32_t *conn_out)
{
	struct baton_server_id id;
	long err = baton_names_wait(name, &id);

	return err ? err : baton_connect(&id, 0, conn_out);
}

long baton_names_try_connect(const char *name, uint32_t *conn_out)
{
	struct baton_server_id id;
	long err = baton_names_open(BATON_TRY);

	if (!err)
		err = baton_names_lookup(name, &id);
	return err ? err : baton_connect(&id, BATON_TRY, conn_out);
}

long baton_names_list(struct baton_names_entry *out, unsigned max, unsigned *count)
{
	struct baton_names_list *list;
	struct baton_rpc_none none;
	unsigned room = max < BATON_NAMES_MAX ? max : BATON_NAMES_MAX; /* never more needed */
	size_t size = sizeof(*list) + room * sizeof(list->entries[0]);
	unsigned attempt = 0;
	long err;

	baton_mutex_lock(&lock);
	do {
		if ((err = ready(size, attempt ? BATON_TRY : 0)))
			goto out;
		list = buf.base;
		list->capacity = room;
		err = baton_names_rpc_list(conn, &buf, size, &none);
	} while (again_after(err, &attempt));
	if (err == BATON_OK && list->count > room)
		err = BATON_ERR_INVAL; /* a names that wrote past the room: trust nothing */
	if (err == BATON_OK || err == BATON_ERR_RANGE) /* RANGE: count is the room needed */
		*count = list->count;
	if (err == BATON_OK)
		memcpy(out, list->entries, list->count * sizeof(list->entries[0]));
out:
	baton_mutex_unlock(&lock);
	return err;
}
