/*
 * names.h — the name service: programs find servers by name instead of by
 * 128-bit id.  The interface is declared once here, for the service
 * (userland/services/names/) and the client library (libbaton/names.c);
 * docs/services.md describes it call by call.
 */
#ifndef BATON_NAMES_H
#define BATON_NAMES_H

#include "baton/rpc.h"

/* The one id every process knows: "names-id" "baton-01" in ASCII. */
#define BATON_NAMES_ID ((struct baton_server_id){0x6e616d65732d6964ull, 0x6261746f6e2d3031ull})

/* Limits (docs/services.md). */
#define BATON_NAMES_NAME_MAX 63	  /* bytes of a name: printable ASCII, no spaces */
#define BATON_NAMES_MAX	     256  /* names registered at once */
#define BATON_NAMES_CAP_MAX  1024 /* a register's cap (distinct pids), = BATON_PROCESSES_MAX */
#define BATON_NAMES_WAITERS  64	  /* `wait` calls kept at once */

/*
 * register, lookup, wait and unregister carry this at the start of a lend
 * buffer.  The name ends with a NUL inside name[].
 */
struct baton_names_request {
	char name[BATON_NAMES_NAME_MAX + 1];
	struct baton_server_id id; /* register: in; lookup and wait: written by names */
	uint32_t cap;		   /* register: distinct pids that may look it up, 0 = any */
	uint32_t unused;
};

/* One registered name, as `list` reports it. */
struct baton_names_entry {
	char name[BATON_NAMES_NAME_MAX + 1];
	struct baton_server_id id;
	uint32_t owner;	  /* the pid that registered it (and owns the server) */
	uint32_t cap;	  /* as registered; 0 = no cap */
	uint32_t clients; /* distinct pids counted against the cap so far */
	uint32_t unused;
};

/* `list`: this header, then room for `capacity` entries, in a MutableLend buffer. */
struct baton_names_list {
	uint32_t capacity; /* in: entries the buffer has room for */
	uint32_t count;	   /* out: names registered (also with RANGE: the room needed) */
	struct baton_names_entry entries[];
};

/*
 * The calls (register_ has the underscore because `register` is a C
 * keyword, and the name becomes a struct member).  Every answer is in the buffer or is just "done", so no
 * answer words are used: a lookup's id comes back in the MutableLend
 * buffer rather than in the two answer words, where an id whose high word
 * is all ones would read as an error (BATON_RPC_ERROR_MARK).
 */
#define BATON_NAMES_CALLS(X)                                                                       \
	X(baton_names_rpc, register_, LEND, struct baton_names_request, struct baton_rpc_none)     \
	X(baton_names_rpc, lookup, MUTABLE_LEND, struct baton_names_request,                       \
	  struct baton_rpc_none)                                                                   \
	X(baton_names_rpc, wait, MUTABLE_LEND, struct baton_names_request, struct baton_rpc_none)  \
	X(baton_names_rpc, unregister, LEND, struct baton_names_request, struct baton_rpc_none)    \
	X(baton_names_rpc, list, MUTABLE_LEND, struct baton_names_list, struct baton_rpc_none)
BATON_RPC_INTERFACE(baton_names_rpc, BATON_NAMES_CALLS)

/* ---- The client library (libbaton/names.c) ---------------------------------------------- */

/*
 * One connection to names per process, made on first use, and one lend
 * buffer, behind a mutex: every call is safe from any thread.
 *
 * Waiting: the first call connects with baton_connect, which WAITS until
 * names exists (at boot it may start after its clients).  Where that would
 * be wrong (a shell command), call baton_names_open(BATON_TRY) first: it
 * fails with BATON_ERR_NOSERVER when names is not running.  A call that
 * finds names gone (it ended and init started it again) drops the dead
 * connection and is made once more on a new one, without waiting: GONE
 * only if that one is gone too, NOSERVER if no names runs now.  The same
 * holds for baton_names_wait (and so baton_names_connect), which use a
 * connection of their own.
 *
 * Errors of every call: RANGE (name empty or longer than 63 bytes), INVAL
 * (a byte outside '!'..'~' in the name), GONE, and the mapping errors of
 * the lend buffer (NOMEM).
 */
long baton_names_open(unsigned flags);
/* Disconnects and unmaps the buffer (nothing else may be calling); the next call reconnects. */
void baton_names_close(void);

/*
 * id must be a server the calling process owns (PERM otherwise, NOSERVER
 * if none has it); cap: how many distinct processes may look the name up
 * (0 = no cap).  EXISTS if taken, LIMIT if 256 names are registered,
 * RANGE if cap > 1024.
 */
long baton_names_register(const char *name, const struct baton_server_id *id, unsigned cap);
/* NOENT if nobody registered it (or its server is gone); LIMIT if its cap is reached. */
long baton_names_lookup(const char *name, struct baton_server_id *id);
/*
 * Like lookup, but if the name is not registered yet, waits until it is
 * (names keeps the call and answers it then).  LIMIT if 64 calls wait.
 * It uses a connection and buffer of its own and holds no lock meanwhile.
 * A names that ends meanwhile: asked once more of the one running then
 * (NOSERVER if none runs).
 */
long baton_names_wait(const char *name, struct baton_server_id *id);
/* baton_names_wait, then baton_connect: waits for the name, as baton_connect waits for an id. */
long baton_names_connect(const char *name, uint32_t *conn);
/* Never waits: NOSERVER if names (or the named server) is not running, NOENT if no name. */
long baton_names_try_connect(const char *name, uint32_t *conn);
/* Only the pid that registered it: PERM otherwise; NOENT if not registered. */
long baton_names_unregister(const char *name);
/*
 * Fills out[0..max-1] and *count with the registered names.  RANGE if
 * more than max are registered; *count then says how many there are.
 */
long baton_names_list(struct baton_names_entry *out, unsigned max, unsigned *count);

#endif
