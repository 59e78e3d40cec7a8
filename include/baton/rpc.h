/*
 * rpc.h — typed messages without an IDL compiler.  An interface is one
 * X-macro list in a header: for each call its name, the message kind that
 * carries it, its argument type and its answer type.  From that one list
 * come the opcodes, the client stubs and the server's dispatch, so the C
 * compiler checks both sides against the same declaration.
 *
 *   #define CLOCK_CALLS(X)                                                  \
 *           X(clock, tick,  SCALAR,          struct clock_tick, struct baton_rpc_none) \
 *           X(clock, now,   BLOCKING_SCALAR, struct baton_rpc_none, struct clock_time)
 *   BATON_RPC_INTERFACE(clock, CLOCK_CALLS)
 *
 * gives CLOCK_OP_tick and CLOCK_OP_now, client stubs clock_tick(conn, &args)
 * and clock_now(conn, &args, &answer), and, for the server, struct
 * clock_handlers with one member per call, typed after the list, and
 * clock_dispatch().  docs/writing-a-service.md walks through one.
 *
 * What each kind carries (the sizes are checked at compile time):
 *
 *   SCALAR           args in the four words (32 bytes); no answer
 *   BLOCKING_SCALAR  args in the four words; answer in five words (40 bytes)
 *   LEND             args at the start of a lend buffer, read-only for the
 *                    server; answer in the two words offset/valid (16 bytes)
 *   MUTABLE_LEND     the same, writable: the server may fill the buffer
 *   SEND             args at the start of pages that become the server's
 *
 * A handler returns BATON_OK to answer now, BATON_RPC_LATER to keep the
 * message and answer it itself later (baton_rpc_answer_*), or an error,
 * which the client receives as the call's result.  Messages with an
 * unknown opcode, the wrong kind or a buffer too small for the arguments
 * are answered with BATON_ERR_INVAL (two-way) or dropped (one-way).
 */
#ifndef BATON_RPC_H
#define BATON_RPC_H

#include <stdbool.h>
#include <string.h>

#include "baton/baton.h"

/* For calls without arguments or answer. */
struct baton_rpc_none {
	char unused;
};

/* A handler's "I keep this message and answer it later". */
#define BATON_RPC_LATER 1

/*
 * How a server's error reaches the client: a BlockingScalar answer of one
 * word (the error; real answers have five), or a memory answer whose valid
 * is this mark and whose offset is the error.
 */
#define BATON_RPC_ERROR_MARK (~0ull)

/* ---- Lend buffers --------------------------------------------------------------------- */

/*
 * A page-aligned buffer for the lending kinds, made once and reused: a
 * client that makes the same call again and again allocates nothing and
 * zeroes nothing on the way (Xous mapped and zeroed fresh pages per lend).
 */
struct baton_lendbuf {
	void *base;
	size_t size; /* a whole number of pages */
};

/* Maps size bytes (rounded up to pages) for buf; BATON_OK or the MAP error. */
long baton_lendbuf_init(struct baton_lendbuf *buf, size_t size);
void baton_lendbuf_free(struct baton_lendbuf *buf);
/*
 * buf (initialised, or all zero) holds at least size bytes: grown (at least
 * doubling, its contents not kept) when smaller, never shrunk.  BATON_OK or
 * the MAP error (then buf is empty).
 */
long baton_lendbuf_reserve(struct baton_lendbuf *buf, size_t size);

/* ---- Answers a server gives later ------------------------------------------------------ */

static inline long baton_rpc_answer_scalar(uint64_t token, const void *answer, size_t size)
{
	uint64_t w[5] = {0};

	memcpy(w, answer, size);
	return baton_return_scalar(token, 5, w);
}

static inline long baton_rpc_answer_memory(uint64_t token, const void *answer, size_t size)
{
	uint64_t w[2] = {0};

	memcpy(w, answer, size);
	return baton_return_memory(token, w[0], w[1]);
}

/* An error as the answer of a two-way call kept for later (the client's call returns it). */
long baton_rpc_answer_error(const struct baton_envelope *e, long err);

/*
 * Keeps a call to answer later in one of n places (a place is free when its
 * token is 0; answer a kept call, then zero its token).  When all are
 * taken, the calls of processes that ended are answered GONE first (the
 * kernel frees their messages then): a dead caller's call is not withdrawn,
 * and only an answer lets it go.  BATON_OK, or BATON_ERR_LIMIT when the
 * places are full of living callers.
 */
long baton_rpc_keep(struct baton_envelope *kept, unsigned n, const struct baton_envelope *e);

/* ---- The pieces the interface macro is made of ------------------------------------------ */

/* Whether the args of a call of this kind fit where the kind carries them. */
#define BATON_RPC_FITS_SCALAR(Args, Answer)	     (sizeof(Args) <= 32)
#define BATON_RPC_FITS_BLOCKING_SCALAR(Args, Answer) (sizeof(Args) <= 32 && sizeof(Answer) <= 40)
#define BATON_RPC_FITS_LEND(Args, Answer)	     (sizeof(Answer) <= 16)
#define BATON_RPC_FITS_MUTABLE_LEND(Args, Answer)    (sizeof(Answer) <= 16)
#define BATON_RPC_FITS_SEND(Args, Answer)	     1

/* Client stubs, one shape per kind. */
#define BATON_RPC_STUB_SCALAR(iface, name, Args, Answer)                                           \
	static inline long iface##_##name(uint32_t conn, const Args *args)                         \
	{                                                                                          \
		uint64_t w[4] = {0};                                                               \
		memcpy(w, args, sizeof(Args));                                                     \
		return baton_scalar(conn, iface##_OP_##name, w, 0);                                \
	}
#define BATON_RPC_STUB_BLOCKING_SCALAR(iface, name, Args, Answer)                                  \
	static inline long iface##_##name(uint32_t conn, const Args *args, Answer *answer)         \
	{                                                                                          \
		uint64_t w[4] = {0}, got[5];                                                       \
		unsigned count = 0;                                                                \
		memcpy(w, args, sizeof(Args));                                                     \
		long err = baton_blocking_scalar(conn, iface##_OP_##name, w, 0, got, &count);      \
		if (err == BATON_OK && count == 1)                                                 \
			return (long)got[0]; /* the server's error */                              \
		if (err == BATON_OK)                                                               \
			memcpy(answer, got, sizeof(Answer));                                       \
		return err;                                                                        \
	}
/*
 * Lends: the args are at the start of buf (fill them through
 * iface##_##name##_args(buf)); used bytes of it are lent, in whole pages.
 * RANGE, with nothing sent, if used is more than the buffer holds.
 */
#define BATON_RPC_STUB_LEND_KIND(iface, name, Args, Answer, call)                                  \
	static inline Args *iface##_##name##_args(struct baton_lendbuf *buf)                       \
	{                                                                                          \
		return (Args *)buf->base;                                                          \
	}                                                                                          \
	static inline long iface##_##name(uint32_t conn, struct baton_lendbuf *buf, size_t used,   \
					  Answer *answer)                                          \
	{                                                                                          \
		uint64_t w[2] = {0, used};                                                         \
		size_t len = baton_page_up(used);                                                  \
		if (used > buf->size)                                                              \
			return BATON_ERR_RANGE; /* never lend the pages after the buffer */        \
		long err = call(conn, iface##_OP_##name, buf->base, len ? len : BATON_PAGE_SIZE,   \
				&w[0], &w[1], 0);                                                  \
		if (err == BATON_OK && w[1] == BATON_RPC_ERROR_MARK)                               \
			return (long)w[0]; /* the server's error */                                \
		if (err == BATON_OK)                                                               \
			memcpy(answer, w, sizeof(Answer));                                         \
		return err;                                                                        \
	}
#define BATON_RPC_STUB_LEND(iface, name, Args, Answer)                                             \
	BATON_RPC_STUB_LEND_KIND(iface, name, Args, Answer, baton_lend)
#define BATON_RPC_STUB_MUTABLE_LEND(iface, name, Args, Answer)                                     \
	BATON_RPC_STUB_LEND_KIND(iface, name, Args, Answer, baton_mutable_lend)
/* Send: pages (page-aligned, len a whole number of pages) leave; args at their start. */
#define BATON_RPC_STUB_SEND(iface, name, Args, Answer)                                             \
	static inline long iface##_##name(uint32_t conn, void *pages, size_t len, size_t used)     \
	{                                                                                          \
		return baton_send(conn, iface##_OP_##name, pages, len, 0, used, 0);                \
	}

/* Handler types, one shape per kind. */
#define BATON_RPC_HANDLER_SCALAR(name, Args, Answer)                                               \
	void (*name)(void *ctx, const struct baton_envelope *e, const Args *args);
#define BATON_RPC_HANDLER_BLOCKING_SCALAR(name, Args, Answer)                                      \
	long (*name)(void *ctx, const struct baton_envelope *e, const Args *args, Answer *answer);
#define BATON_RPC_HANDLER_LEND(name, Args, Answer)                                                 \
	long (*name)(void *ctx, const struct baton_envelope *e, const Args *args, size_t used,     \
		     Answer *answer);
#define BATON_RPC_HANDLER_MUTABLE_LEND(name, Args, Answer)                                         \
	long (*name)(void *ctx, const struct baton_envelope *e, Args *args, size_t used,           \
		     Answer *answer);
/* The handler owns the pages (in its message window) and unmaps them when done. */
#define BATON_RPC_HANDLER_SEND(name, Args, Answer)                                                 \
	void (*name)(void *ctx, const struct baton_envelope *e, Args *args, size_t used);

/*
 * Dispatch cases, one shape per kind.  The buffer kinds check that the
 * buffer holds the args; `how` tells the serve loop how to answer.
 */
#define BATON_RPC_CASE_SCALAR(iface, name, Args, Answer)                                           \
	case iface##_OP_##name: {                                                                  \
		Args a;                                                                            \
		if (e->kind != BATON_KIND_SCALAR)                                                  \
			break;                                                                     \
		memcpy(&a, e->w, sizeof(a));                                                       \
		h->name(ctx, e, &a);                                                               \
		return 0;                                                                          \
	}
#define BATON_RPC_CASE_BLOCKING_SCALAR(iface, name, Args, Answer)                                  \
	case iface##_OP_##name: {                                                                  \
		Args a;                                                                            \
		Answer r;                                                                          \
		if (e->kind != BATON_KIND_BLOCKING_SCALAR)                                         \
			break;                                                                     \
		memcpy(&a, e->w, sizeof(a));                                                       \
		memset(&r, 0, sizeof(r));                                                          \
		long err = h->name(ctx, e, &a, &r);                                                \
		if (err)                                                                           \
			return err;                                                                \
		memcpy(out, &r, sizeof(r));                                                        \
		*how = 5;                                                                          \
		return 0;                                                                          \
	}
#define BATON_RPC_CASE_LEND_KIND(iface, name, Args, Answer, KIND, cast)                            \
	case iface##_OP_##name: {                                                                  \
		Answer r;                                                                          \
		if (e->kind != KIND || e->w[3] < sizeof(Args) || e->w[3] > e->w[1])                \
			break;                                                                     \
		memset(&r, 0, sizeof(r));                                                          \
		long err = h->name(ctx, e, (cast)e->w[0], e->w[3], &r);                            \
		if (err)                                                                           \
			return err;                                                                \
		memcpy(out, &r, sizeof(r));                                                        \
		*how = BATON_REPLY_MEMORY;                                                         \
		return 0;                                                                          \
	}
#define BATON_RPC_CASE_LEND(iface, name, Args, Answer)                                             \
	BATON_RPC_CASE_LEND_KIND(iface, name, Args, Answer, BATON_KIND_LEND, const Args *)
#define BATON_RPC_CASE_MUTABLE_LEND(iface, name, Args, Answer)                                     \
	BATON_RPC_CASE_LEND_KIND(iface, name, Args, Answer, BATON_KIND_MUTABLE_LEND, Args *)
#define BATON_RPC_CASE_SEND(iface, name, Args, Answer)                                             \
	case iface##_OP_##name:                                                                    \
		if (e->kind != BATON_KIND_SEND || e->w[3] < sizeof(Args) || e->w[3] > e->w[1])     \
			break;                                                                     \
		h->name(ctx, e, (Args *)e->w[0], e->w[3]);                                         \
		return 0;

#define BATON_RPC_OP(iface, name, KIND, Args, Answer) iface##_OP_##name,
#define BATON_RPC_CHECK(iface, name, KIND, Args, Answer)                                           \
	_Static_assert(BATON_RPC_FITS_##KIND(Args, Answer),                                        \
		       #iface "_" #name ": arguments or answer too big for " #KIND);
#define BATON_RPC_STUB(iface, name, KIND, Args, Answer)                                            \
	BATON_RPC_STUB_##KIND(iface, name, Args, Answer)
#define BATON_RPC_HANDLER(iface, name, KIND, Args, Answer)                                         \
	BATON_RPC_HANDLER_##KIND(name, Args, Answer)
#define BATON_RPC_CASE(iface, name, KIND, Args, Answer)                                            \
	BATON_RPC_CASE_##KIND(iface, name, Args, Answer)

/*
 * The whole interface.  Opcodes start at 1.  iface##_dispatch() returns 0
 * with *how = 0 (no answer: one-way, or kept for later), 1..5 words or
 * BATON_REPLY_MEMORY and the answer in out[]; or an error to answer with.
 */
#define BATON_RPC_INTERFACE(iface, LIST)                                                           \
	enum iface##_op{iface##_OP_NONE, LIST(BATON_RPC_OP)};                                      \
	LIST(BATON_RPC_CHECK)                                                                      \
	LIST(BATON_RPC_STUB)                                                                       \
	struct iface##_handlers {                                                                  \
		LIST(BATON_RPC_HANDLER)                                                            \
	};                                                                                         \
	static inline long iface##_dispatch(const struct iface##_handlers *h, void *ctx,           \
					    const struct baton_envelope *e, uint64_t out[5],       \
					    unsigned *how)                                         \
	{                                                                                          \
		*how = 0;                                                                          \
		switch (e->id) {                                                                   \
			LIST(BATON_RPC_CASE)                                                       \
		default:                                                                           \
			break;                                                                     \
		}                                                                                  \
		return BATON_ERR_INVAL; /* unknown call, wrong kind, or buffer too small */        \
	}                                                                                          \
	static inline long iface##_dispatch_any(void *handlers, void *ctx,                         \
						const struct baton_envelope *e, uint64_t out[5],   \
						unsigned *how)                                     \
	{                                                                                          \
		return iface##_dispatch((const struct iface##_handlers *)handlers, ctx, e, out,    \
					how);                                                      \
	}

/* ---- The server loop ------------------------------------------------------------------ */

typedef long (*baton_rpc_dispatch_fn)(void *handlers, void *ctx, const struct baton_envelope *e,
				      uint64_t out[5], unsigned *how);

/*
 * A server's loop, with what some servers need besides dispatch:
 * messages from the kernel (pid 0: a driver's interrupts, docs/drivers.md)
 * and a deadline to wake at when nothing comes (a timer's next sleeper, a
 * driver's polling).  Both hooks are optional (NULL).
 */
struct baton_rpc_loop {
	uint32_t server;
	baton_rpc_dispatch_fn dispatch;
	void *handlers;
	void *ctx;
	void (*kernel_message)(void *ctx, const struct baton_envelope *e); /* NULL: dropped */
	uint64_t (*deadline)(void *ctx); /* when to stop waiting (UINT64_MAX: never) */
	void (*timeout)(void *ctx);	 /* the deadline passed (checked before each receive) */
};

/*
 * Receives and dispatches until the server is destroyed (then returns
 * BATON_ERR_GONE) or a receive fails.  Without a deadline an answer and the
 * next receive are one trap (REPLY_RECEIVE).  An answer that fails (its
 * caller died, or a handler answered the message itself) is dropped and
 * the loop goes on, with or without a deadline.  A one-way message that the
 * dispatch refuses is dropped; a refused Send's pages are unmapped.
 */
long baton_rpc_run(const struct baton_rpc_loop *loop);

/* baton_rpc_run with dispatch only:  baton_rpc_serve(server, clock_dispatch_any, &handlers, ctx); */
long baton_rpc_serve(uint32_t server, baton_rpc_dispatch_fn dispatch, void *handlers, void *ctx);

#endif
