/*
 * kv.h — an in-memory key-value store (userland/services/kv/), found
 * through names as "kv".  Keys are strings of 1..64 bytes, values any
 * bytes up to 16 MiB, copied into the server's memory.  The interface is
 * declared once here for the service and the client library
 * (libbaton/kv.c); docs/services.md describes it call by call.
 */
#ifndef BATON_KV_H
#define BATON_KV_H

#include "baton/rpc.h"

/* Limits (docs/services.md); how many keys fit is up to the server's memory. */
#define BATON_KV_KEY_MAX   64		/* bytes of a key, no NUL inside */
#define BATON_KV_VALUE_MAX (16ul << 20) /* bytes of a value */

/*
 * put, get and delete carry this header at the start of a lend buffer,
 * then the key (key_len bytes, no NUL), then for put the value and for get
 * the room the server fills with it.
 */
struct baton_kv_request {
	uint32_t key_len;
	uint32_t unused;
	uint64_t value_len; /* put: value bytes after the key.  get: written by kv, the value's
			       size, also when the room is too small (RANGE) */
	uint64_t room;	    /* get: value bytes the buffer has room for after the key */
	uint8_t data[];	    /* the key, then the value */
};

/* `list`: this header, then room for the keys, each ending with a NUL. */
struct baton_kv_list {
	uint64_t room;	/* in: bytes after this header for keys */
	uint64_t bytes; /* out: bytes the keys take (also with RANGE: the room needed) */
	uint32_t count; /* out: how many keys */
	uint32_t unused;
	char keys[];
};

/* The calls: every answer is in the buffer or is just "done", so no answer words. */
#define BATON_KV_CALLS(X)                                                                          \
	X(baton_kv_rpc, put, LEND, struct baton_kv_request, struct baton_rpc_none)                 \
	X(baton_kv_rpc, get, MUTABLE_LEND, struct baton_kv_request, struct baton_rpc_none)         \
	X(baton_kv_rpc, delete, LEND, struct baton_kv_request, struct baton_rpc_none)              \
	X(baton_kv_rpc, list, MUTABLE_LEND, struct baton_kv_list, struct baton_rpc_none)
BATON_RPC_INTERFACE(baton_kv_rpc, BATON_KV_CALLS)

/* ---- The client library (libbaton/kv.c) ------------------------------------------------- */

/*
 * One connection to "kv" per process, made on first use with
 * baton_names_connect (which waits until names exists and "kv" is
 * registered), and one lend buffer that grows to the largest request so
 * far and is reused, behind a mutex: every call is safe from any thread
 * (calls of one process take turns).  Each call copies the key and value
 * once into the buffer (put) or out of it (get).  A call that finds kv
 * gone (GONE) drops the connection; the next call looks "kv" up again.
 *
 * Errors of every call: RANGE (key empty or longer than 64 bytes), INVAL
 * (NULL key), GONE, NOMEM (the buffer cannot grow), and the names errors
 * of the lookup.
 */

/*
 * Connects now if not connected.  With BATON_TRY it does not wait: names'
 * NOSERVER or NOENT when kv (or names) is not running, so a caller that
 * must not wait (a shell command) calls this first.
 */
long baton_kv_open(unsigned flags);

/*
 * Stores a copy of value[0..len-1] under key, replacing any value.
 * RANGE: len > 16 MiB; NOMEM: kv has no memory for it (the old value stays).
 */
long baton_kv_put(const char *key, const void *value, size_t len);
/*
 * Copies the value into buf and its size into *len.  NOENT: no such key;
 * RANGE: size is smaller than the value, *len says how big it is (nothing
 * copied), so a retry with that size works; *len is 0 when RANGE is for
 * the key instead.
 */
long baton_kv_get(const char *key, void *buf, size_t size, size_t *len);
/* NOENT: no such key. */
long baton_kv_delete(const char *key);
/*
 * Writes every key, each ending with a NUL, into buf; *bytes gets the bytes
 * written and *count the keys.  RANGE: size is too small; *bytes then says
 * how much is needed.
 */
long baton_kv_list(char *buf, size_t size, size_t *bytes, unsigned *count);
/* Disconnects and unmaps the buffer (nothing else may be calling); the next call reconnects. */
void baton_kv_close(void);

#endif
