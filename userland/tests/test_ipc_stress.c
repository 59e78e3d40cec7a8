/* test_ipc_stress.c — threads sending random valid and invalid messages to four servers: the
 * kernel survives, every numbered message arrives once and in order, every page comes back. */
#include <stdlib.h>

#include "ipc_test.h"

/*
 * CLIENTS threads each take ITERATIONS random steps from a PRNG seeded with
 * the base seed (argv[1], or SEED) and their index, so a failing run can be
 * replayed: under -icount exactly, otherwise with another interleaving.  The
 * servers: three ipc_server processes with queues of 2, 4 and 32, and one
 * thread of this process ("own", queue of 4) that holds some lends for a
 * while, so that the other threads can find those pages lent.
 *
 * Every message of a valid step carries the next number of its (thread,
 * server) pair; a step that fails with QUEUEFULL sent nothing and uses no
 * number.  At the end each server's last number from each thread must be the
 * thread's count, with nothing out of order, and the counts of Scalars and
 * Sends must match.  Invalid steps must get exactly their error.
 */
#define CLIENTS	    8
#define ITERATIONS  1000
#define SEED	    0x5eedba70ull
#define EXTERNAL    3		   /* ipc_server processes: servers 0..2 */
#define OWN	    EXTERNAL	   /* the server thread of this process: server 3 */
#define SERVERS	    (EXTERNAL + 1) /* with the thread */
#define BUF_PAGES   8
#define PAGE	    BATON_PAGE_SIZE
#define STACK	    (32u << 10)
#define HOLD_SPAN   6  /* messages the own server serves before it answers a held lend */
#define HOLD_YIELDS 4  /* or yields it makes while nothing waits */
#define DEADLINE_S  30 /* before stuck threads are reported: a run takes well under 1 s */
#define KERNEL_PTR  0xffffffc000000000ull
#define UNMAPPED    (BATON_MAP_END - (1ull << 30)) /* far above anything MAP hands out */
#define PRIVATE	    (BATON_MAP_END - (2ull << 30)) /* 2 MiB for each client, mapped by it */
#define TOKEN_RING  64
#define MAX_PRINTED 4
#define UNKNOWN_ID  0 /* invalid calls use an op no server counts, should one get through */
#define BAD_HANDLE  (BATON_HANDLES_MAX + 1)

enum stat {
	S_SCALAR,   /* Scalar OP_SEQ_NOTE accepted */
	S_BLOCKING, /* BlockingScalar OP_SEQ answered */
	S_LEND,	    /* Lend OP_SEQ_LEND answered */
	S_MLEND,    /* MutableLend OP_SEQ_LEND answered */
	S_SEND,	    /* Send OP_SEQ_SEND accepted */
	S_CONNECT,  /* connect, one numbered message, disconnect */
	S_FULL,	    /* try-variants refused with QUEUEFULL */
	S_HANDLE,   /* invalid: bogus or wrong-kind handles */
	S_FLAGS,    /* invalid: unknown flags */
	S_BUFFER, /* invalid: misaligned, empty, partial, huge, kernel, unmapped, read-only, holes */
	S_LENT,	  /* invalid: pages lent by another thread */
	S_LENT_RW_PROTECT, /* invalid: PROTECT of pages another thread lent mutably */
	S_TOKEN,	   /* invalid: forged, used and wrong answers */
	S_RECEIVE,	   /* invalid: receiving and answering through the wrong handles */
	S_COUNT
};

static const char *const stat_names[S_COUNT] = {
	"scalar", "blocking", "lend", "mlend",		 "send",  "connect", "queuefull", "handle",
	"flags",  "buffer",   "lent", "lent_rw_protect", "token", "receive",
};

struct client {
	unsigned idx;
	uint32_t tid;
	uint64_t rng, seed;
	unsigned step, printed;
	uint8_t *buf;  /* BUF_PAGES pages, lent from */
	uint8_t *ro;   /* one read-only page holding the pattern of ro_seed */
	uint8_t *edge; /* PRIVATE + idx * 2 MiB: one page, nothing mapped after it */
	uint64_t ro_seed;
	uint64_t seq[SERVERS];	 /* numbered messages each server accepted */
	uint64_t notes[SERVERS]; /* of them Scalars */
	uint64_t sends[SERVERS]; /* of them Sends */
	uint64_t stats[S_COUNT];
	unsigned bad_order;	       /* answers saying a message came out of order */
	unsigned bad_content;	       /* lent or refused buffers with the wrong bytes */
	unsigned bad_valid;	       /* valid calls that failed */
	unsigned bad_invalid[S_COUNT]; /* invalid calls that did not give their error */
	uintptr_t hold_va;	       /* what this thread lends the own server (it may hold it) */
	uint64_t hold_len;
	volatile int done;
};

static struct client clients[CLIENTS];
static struct baton_server_id ids[SERVERS];
static uint32_t conns[SERVERS], pids[EXTERNAL];
static uint64_t hz;

/* ---- the server thread of this process ------------------------------------------------ */

static uint32_t own_server;
static uint64_t own_last[64], own_notes, own_out_of_order, own_sends, own_bad;
static long own_end;

/* The lend the own server holds: other threads try to lend, send, unmap and protect it. */
static struct baton_mutex hold_lock = BATON_MUTEX_INIT;
static struct {
	bool active, mutable_lend;
	unsigned owner;
	uintptr_t va;
	uint64_t len;
} hold;

/* Tokens the own server has answered: answering them again must fail. */
static uint64_t used_tokens[TOKEN_RING];
static unsigned used_count;

static void token_used(uint64_t token)
{
	unsigned at = __atomic_fetch_add(&used_count, 1, __ATOMIC_RELAXED);

	__atomic_store_n(&used_tokens[at % TOKEN_RING], token, __ATOMIC_RELEASE);
}

static bool own_in_order(uint64_t sender, uint64_t seq)
{
	bool in_order = sender < 64 && seq == own_last[sender % 64] + 1;

	own_last[sender % 64] = seq;
	return in_order;
}

struct held {
	uint64_t token, offset, valid;
};

static void own_release(struct held *h)
{
	baton_mutex_lock(&hold_lock);
	hold.active = false;
	baton_mutex_unlock(&hold_lock);
	if (baton_return_memory(h->token, h->offset, h->valid) != BATON_OK)
		own_bad++;
	token_used(h->token);
	h->token = 0;
}

/* One message; a lend may be kept in *h instead of answered. */
static void own_handle(const struct baton_envelope *e, struct held *h)
{
	uint8_t *buf = (uint8_t *)e->w[0];
	uint64_t sender = e->w[3] >> 32, x[5] = {0};

	switch (e->id) {
	case OP_SEQ:
		x[0] = own_in_order(e->w[0], e->w[1]);
		if (baton_return_scalar(e->token, 1, x) != BATON_OK)
			own_bad++;
		token_used(e->token);
		return;
	case OP_SEQ_NOTE:
		own_notes++;
		own_out_of_order += !own_in_order(e->w[0], e->w[1]);
		return;
	case OP_SEQ_SEND:
		own_sends++;
		own_out_of_order += !own_in_order(sender, (uint32_t)e->w[3]);
		own_bad += !ipc_pattern_ok(buf, e->w[1], e->w[2]);
		own_bad += baton_unmap(buf, e->w[1]) != BATON_OK;
		return;
	case OP_SEQ_LEND: {
		struct held now = {e->token, own_in_order(sender, (uint32_t)e->w[3]),
				   ipc_pattern_ok(buf, e->w[1], e->w[2]) ? e->w[1] : 0};
		if (e->kind == BATON_KIND_MUTABLE_LEND)
			ipc_pattern_fill(buf, e->w[1], ~e->w[2]);
		if (h->token)
			own_release(h);
		*h = now;
		if (sender < CLIENTS) {
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			baton_mutex_lock(&hold_lock);
			hold.owner = (unsigned)sender;
			hold.va = clients[sender].hold_va;
			hold.len = clients[sender].hold_len;
			hold.mutable_lend = e->kind == BATON_KIND_MUTABLE_LEND;
			hold.active = hold.len == e->w[1];
			baton_mutex_unlock(&hold_lock);
		}
		return;
	}
	default:
		own_bad++;
		if (e->token)
			baton_return_scalar(e->token, 1, x);
		return;
	}
}

static void own_serve(void *arg)
{
	struct baton_envelope e;
	struct held h = {0};
	unsigned since = 0, idle = 0;
	long err;

	(void)arg;
	for (;;) {
		err = baton_receive(own_server, h.token ? BATON_TRY : 0, &e);
		if (err == BATON_ERR_EMPTY) {
			if (++idle <= HOLD_YIELDS) {
				baton_yield();
			} else {
				own_release(&h);
			}
			continue;
		}
		if (err != BATON_OK)
			break;
		if (h.token && ++since >= HOLD_SPAN)
			own_release(&h);
		uint64_t before = h.token;
		own_handle(&e, &h);
		if (h.token != before)
			since = idle = 0;
	}
	if (h.token)
		own_release(&h);
	own_end = err;
}

/* ---- the client threads --------------------------------------------------------------- */

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t rnd(struct client *c)
{
	uint64_t x = c->rng; /* xorshift64* */

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	c->rng = x;
	return x * 0x2545f4914f6cdd1dull;
}

static unsigned pick(struct client *c, unsigned n)
{
	return (unsigned)((rnd(c) >> 32) % n);
}

static void note(struct client *c, unsigned *counter, const char *what, long got, long want)
{
	(*counter)++;
	if (c->printed++ < MAX_PRINTED)
		printf("  client %u step %u: %s: got %ld (%s), want %ld (%s)\n", c->idx, c->step,
		       what, got, baton_strerror(got), want, baton_strerror(want));
}

/* A check on bytes or answers that failed. */
static void wrong(struct client *c, unsigned *counter, const char *what)
{
	(*counter)++;
	if (c->printed++ < MAX_PRINTED)
		printf("  client %u step %u: wrong %s\n", c->idx, c->step, what);
}

/* An invalid call: exactly `want`. */
static void expect(struct client *c, enum stat kind, long got, long want, const char *what)
{
	c->stats[kind]++;
	if (got != want)
		note(c, &c->bad_invalid[kind], what, got, want);
}

/* A valid call: OK, or QUEUEFULL for a try.  Returns whether it was sent. */
static bool sent(struct client *c, long err, unsigned flags, const char *what)
{
	if (err == BATON_OK)
		return true;
	if (err == BATON_ERR_QUEUEFULL && (flags & BATON_TRY))
		c->stats[S_FULL]++;
	else
		note(c, &c->bad_valid, what, err, BATON_OK);
	return false;
}

static uint64_t next_seq(struct client *c, unsigned s)
{
	return (uint64_t)c->idx << 32 | (c->seq[s] + 1);
}

static unsigned try_flag(struct client *c)
{
	return pick(c, 3) == 0 ? BATON_TRY : 0;
}

static void valid_scalar(struct client *c, unsigned s, uint32_t conn)
{
	unsigned flags = try_flag(c);
	uint64_t w[4] = {c->idx, c->seq[s] + 1, pick(c, 300), 0};

	if (sent(c, baton_scalar(conn, OP_SEQ_NOTE, w, flags), flags, "scalar")) {
		c->seq[s]++;
		c->notes[s]++;
		c->stats[S_SCALAR]++;
	}
}

static void valid_blocking(struct client *c, unsigned s, uint32_t conn)
{
	unsigned flags = try_flag(c), count = 0;
	uint64_t w[4] = {c->idx, c->seq[s] + 1, pick(c, 3000), 0}, got[5];

	if (!sent(c, baton_blocking_scalar(conn, OP_SEQ, w, flags, got, &count), flags,
		  "blocking_scalar"))
		return;
	c->seq[s]++;
	c->stats[S_BLOCKING]++;
	if (got[0] != 1 || count != 1)
		note(c, &c->bad_order, "blocking_scalar answer", (long)got[0], 1);
}

static void valid_lend(struct client *c, unsigned s, uint32_t conn, bool mutable_lend)
{
	unsigned flags = try_flag(c), first = pick(c, BUF_PAGES - 3);
	uint64_t len = (1 + pick(c, 4)) * PAGE, seed = rnd(c);
	uint8_t *p = c->buf + first * PAGE;

	if (!mutable_lend && pick(c, 6) == 0) { /* the read-only page */
		p = c->ro;
		len = PAGE;
		seed = c->ro_seed;
	} else {
		ipc_pattern_fill(p, len, seed);
	}
	uint64_t off = seed, valid = next_seq(c, s);
	c->hold_va = (uintptr_t)p;
	c->hold_len = len;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	long err = mutable_lend ? baton_mutable_lend(conn, OP_SEQ_LEND, p, len, &off, &valid, flags)
				: baton_lend(conn, OP_SEQ_LEND, p, len, &off, &valid, flags);
	if (sent(c, err, flags, mutable_lend ? "mutable_lend" : "lend")) {
		c->seq[s]++;
		c->stats[mutable_lend ? S_MLEND : S_LEND]++;
		if (off != 1)
			note(c, &c->bad_order, "lend answer", (long)off, 1);
		if (valid != len)
			note(c, &c->bad_content, "server saw the lent pattern", (long)valid,
			     (long)len);
		if (!ipc_pattern_ok(p, len, mutable_lend ? ~seed : seed))
			wrong(c, &c->bad_content, "pattern after the lend");
	} else if (!ipc_pattern_ok(p, len, seed)) {
		wrong(c, &c->bad_content, "pattern after a refused lend");
	}
}

static void valid_send(struct client *c, unsigned s, uint32_t conn)
{
	unsigned flags = try_flag(c);
	uint64_t len = (1 + pick(c, 4)) * PAGE, seed = rnd(c);
	uint8_t *p = t_pages(len / PAGE);

	if (!p) {
		note(c, &c->bad_valid, "map for a send", BATON_ERR_NOMEM, BATON_OK);
		return;
	}
	ipc_pattern_fill(p, len, seed);
	if (sent(c, baton_send(conn, OP_SEQ_SEND, p, len, seed, next_seq(c, s), flags), flags,
		 "send")) {
		c->seq[s]++;
		c->sends[s]++;
		c->stats[S_SEND]++;
		/* The pages left: nothing is mapped there now. */
		long err = baton_protect(p + pick(c, (unsigned)(len / PAGE)) * PAGE, PAGE,
					 BATON_MAP_R);
		if (err != BATON_ERR_FAULT)
			note(c, &c->bad_valid, "sent page still mapped", err, BATON_ERR_FAULT);
	} else if (!ipc_pattern_ok(p, len, seed)) {
		wrong(c, &c->bad_content, "pattern after a refused send");
	}
	long err = baton_unmap(p, len);
	if (err != BATON_OK)
		note(c, &c->bad_valid, "unmap after a send", err, BATON_OK);
}

/* A connection of its own, one numbered message over it, and gone again. */
static void valid_connect(struct client *c, unsigned s)
{
	uint32_t conn;
	long err = baton_connect(&ids[s], pick(c, 2) ? BATON_TRY : 0, &conn);

	if (err != BATON_OK) {
		note(c, &c->bad_valid, "connect", err, BATON_OK);
		return;
	}
	c->stats[S_CONNECT]++;
	if (pick(c, 2))
		valid_scalar(c, s, conn);
	else
		valid_blocking(c, s, conn);
	if ((err = baton_disconnect(conn)) != BATON_OK)
		note(c, &c->bad_valid, "disconnect", err, BATON_OK);
}

/* ---- invalid calls -------------------------------------------------------------------- */

static long sys(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
		uint64_t a6, uint64_t a7)
{
	return baton_syscall(n, a1, a2, a3, a4, a5, a6, a7).status;
}

/* A sending call of a random kind with a buffer or words; flags in a7. */
static long send_any(struct client *c, uint64_t conn, uint64_t a3, uint64_t a4, uint64_t flags)
{
	static const uint64_t calls[] = {SYS_LEND, SYS_MUTABLE_LEND, SYS_SEND};

	return sys(calls[pick(c, 3)], conn, UNKNOWN_ID, a3, a4, 0, 0, flags);
}

static void invalid_handle(struct client *c)
{
	uint64_t w[4] = {0}, got[5];
	uint64_t h = pick(c, 3) == 0 ? 0 : BAD_HANDLE + pick(c, 1u << 20);
	uint8_t *p = c->buf + pick(c, BUF_PAGES) * PAGE;
	struct baton_envelope e;

	switch (pick(c, 8)) {
	case 0:
		expect(c, S_HANDLE, baton_scalar((uint32_t)h, UNKNOWN_ID, w, 0),
		       BATON_ERR_BADHANDLE, "scalar on a bogus handle");
		break;
	case 1:
		expect(c, S_HANDLE, baton_blocking_scalar((uint32_t)h, UNKNOWN_ID, w, 0, got, NULL),
		       BATON_ERR_BADHANDLE, "blocking_scalar on a bogus handle");
		break;
	case 2:
		expect(c, S_HANDLE,
		       send_any(c, h | 1ull << (32 + pick(c, 31)), (uintptr_t)p, PAGE, 0),
		       BATON_ERR_BADHANDLE, "lend or send on a huge handle");
		break;
	case 3:
		expect(c, S_HANDLE, send_any(c, own_server, (uintptr_t)p, PAGE, 0),
		       BATON_ERR_BADHANDLE, "lend or send on a server handle");
		break;
	case 4:
		expect(c, S_HANDLE, baton_disconnect(pick(c, 2) ? own_server : (uint32_t)h),
		       BATON_ERR_BADHANDLE, "disconnect of a non-connection");
		break;
	case 5:
		expect(c, S_HANDLE,
		       baton_server_destroy(pick(c, 2) ? conns[pick(c, SERVERS)] : (uint32_t)h),
		       BATON_ERR_BADHANDLE, "server_destroy of a non-server");
		break;
	case 6:
		expect(c, S_HANDLE, baton_receive(conns[pick(c, SERVERS)], BATON_TRY, &e),
		       BATON_ERR_BADHANDLE, "receive on a connection");
		break;
	default: {
		struct baton_server_id none = {~0ull - pick(c, 1000), c->idx};
		uint32_t conn;
		expect(c, S_HANDLE, baton_connect(&none, BATON_TRY, &conn), BATON_ERR_NOSERVER,
		       "try_connect to an unknown id");
		break;
	}
	}
}

static void invalid_flags(struct client *c)
{
	uint64_t bad = 1ull << (1 + pick(c, 40));
	uint64_t conn = pick(c, 4) == 0 ? BAD_HANDLE : conns[pick(c, EXTERNAL)];
	uint8_t *p = c->buf + pick(c, BUF_PAGES) * PAGE;
	static const uint64_t scalars[] = {SYS_SCALAR, SYS_BLOCKING_SCALAR};

	switch (pick(c, 4)) {
	case 0:
		expect(c, S_FLAGS,
		       sys(scalars[pick(c, 2)], conn, UNKNOWN_ID, 0, 0, 0, 0, bad | BATON_TRY),
		       BATON_ERR_FLAGS, "scalar with an unknown flag");
		break;
	case 1:
		expect(c, S_FLAGS, send_any(c, conn, (uintptr_t)p, PAGE, bad), BATON_ERR_FLAGS,
		       "lend or send with an unknown flag");
		break;
	case 2:
		/* bit 1 is BATON_DEADLINE for RECEIVE: a known flag */
		expect(c, S_FLAGS,
		       sys(SYS_RECEIVE, own_server, (bad << 1) | BATON_TRY, 0, 0, 0, 0, 0),
		       BATON_ERR_FLAGS, "receive with an unknown flag");
		break;
	default:
		expect(c, S_FLAGS,
		       sys(SYS_CONNECT, ids[conn % SERVERS].lo, ids[conn % SERVERS].hi, bad, 0, 0,
			   0, 0),
		       BATON_ERR_FLAGS, "connect with an unknown flag");
		break;
	}
}

static void invalid_buffer(struct client *c)
{
	uint64_t conn = conns[pick(c, EXTERNAL)], pages = 1 + pick(c, 3);
	uint8_t *p = c->buf + pick(c, BUF_PAGES - 3) * PAGE;

	switch (pick(c, 10)) {
	case 0:
		expect(c, S_BUFFER,
		       send_any(c, conn, (uintptr_t)p + 8 * (1 + pick(c, 511)), PAGE, 0),
		       BATON_ERR_ALIGN, "misaligned buffer");
		break;
	case 1:
		expect(c, S_BUFFER,
		       send_any(c, conn, (uintptr_t)p, pages * PAGE - 1 - pick(c, PAGE - 1), 0),
		       BATON_ERR_ALIGN, "length not a page multiple");
		break;
	case 2:
		expect(c, S_BUFFER, send_any(c, conn, (uintptr_t)p, 0, 0), BATON_ERR_RANGE,
		       "length zero");
		break;
	case 3:
		expect(c, S_BUFFER,
		       send_any(c, conn, (uintptr_t)p,
				pick(c, 2) ? ~0ull - PAGE + 1
					   : (BATON_WINDOW_END - BATON_WINDOW_BASE) +
						     (uint64_t)(1 + pick(c, 1000)) * PAGE,
				0),
		       BATON_ERR_RANGE, "huge length");
		break;
	case 4:
		expect(c, S_BUFFER,
		       send_any(c, conn, KERNEL_PTR + (uint64_t)pick(c, 1u << 20) * PAGE,
				pages * PAGE, 0),
		       BATON_ERR_FAULT, "kernel address");
		break;
	case 5:
		expect(c, S_BUFFER, send_any(c, conn, BATON_USER_END - PAGE, 2 * PAGE, 0),
		       BATON_ERR_FAULT, "range across the user end");
		break;
	case 6:
		expect(c, S_BUFFER,
		       send_any(c, conn, UNMAPPED + (uint64_t)pick(c, 1000) * PAGE, pages * PAGE,
				0),
		       BATON_ERR_FAULT, "unmapped buffer");
		break;
	case 7: /* the walk finds the hole after the edge page */
		expect(c, S_BUFFER,
		       send_any(c, conn, (uintptr_t)c->edge,
				pick(c, 2) ? 32ull << 30 : pages * PAGE + PAGE, 0),
		       BATON_ERR_FAULT, "buffer running past its mapping");
		break;
	case 8: {
		uint64_t off = 0, valid = 0;
		expect(c, S_BUFFER,
		       baton_mutable_lend((uint32_t)conn, UNKNOWN_ID, c->ro, PAGE, &off, &valid, 0),
		       BATON_ERR_PERM, "mutable_lend of a read-only page");
		if (!ipc_pattern_ok(c->ro, PAGE, c->ro_seed))
			wrong(c, &c->bad_content, "read-only page after the refusal");
		break;
	}
	default: { /* a hole in the middle: nothing moves, the pages around it stay as they were */
		uint8_t *q = NULL; /* in the private area: no other thread's map fills the hole */
		uint64_t seed = rnd(c);
		baton_map(c->edge + 16 * PAGE, 3 * PAGE, BATON_MAP_R | BATON_MAP_W, (void **)&q);
		if (!q) {
			note(c, &c->bad_valid, "map three pages", BATON_ERR_NOMEM, BATON_OK);
			break;
		}
		ipc_pattern_fill(q, 3 * PAGE, seed);
		baton_unmap(q + PAGE, PAGE);
		expect(c, S_BUFFER, send_any(c, conn, (uintptr_t)q, 3 * PAGE, 0), BATON_ERR_FAULT,
		       "buffer with a hole");
		if (!ipc_pattern_ok(q, PAGE, seed) || !ipc_pattern_ok(q + 2 * PAGE, PAGE, seed + 2))
			wrong(c, &c->bad_content, "pages around the hole");
		q[0] ^= 1; /* still writable */
		q[2 * PAGE] ^= 1;
		long err = baton_unmap(q, 3 * PAGE);
		if (err != BATON_OK)
			note(c, &c->bad_valid, "unmap after the hole", err, BATON_OK);
		break;
	}
	}
}

/* Pages another thread has lent to the own server, which holds them: every use is refused. */
static bool invalid_lent(struct client *c)
{
	uint64_t conn = conns[pick(c, EXTERNAL)];
	bool done = false;

	baton_mutex_lock(&hold_lock);
	if (hold.active && hold.owner != c->idx) {
		struct client *o = &clients[hold.owner];
		uintptr_t va = hold.va;
		uint64_t len = hold.len;
		/* Sometimes with the owner's untouched neighbour page too. */
		if (va > (uintptr_t)o->buf && va < (uintptr_t)o->buf + BUF_PAGES * PAGE &&
		    pick(c, 2)) {
			va -= PAGE;
			len += PAGE;
		}
		switch (pick(c, 4)) {
		case 0:
		case 1:
			expect(c, S_LENT, send_any(c, conn, va, len, 0), BATON_ERR_LENT,
			       hold.mutable_lend ? "lend or send of a mutably lent page"
						 : "lend or send of a lent page");
			break;
		case 2:
			expect(c, S_LENT, baton_unmap((void *)va, len), BATON_ERR_LENT,
			       hold.mutable_lend ? "unmap of a mutably lent page"
						 : "unmap of a lent page");
			break;
		default:
			expect(c, hold.mutable_lend ? S_LENT_RW_PROTECT : S_LENT,
			       baton_protect((void *)va, len, BATON_MAP_R), BATON_ERR_LENT,
			       hold.mutable_lend ? "protect of a mutably lent page"
						 : "protect of a lent page");
			break;
		}
		done = true;
	}
	baton_mutex_unlock(&hold_lock);
	return done;
}

static void invalid_token(struct client *c)
{
	uint64_t w[5] = {1, 2, 3, 4, 5}, token;
	unsigned n = __atomic_load_n(&used_count, __ATOMIC_RELAXED);
	static const unsigned counts[] = {1, 2, 5};

	switch (pick(c, 3)) {
	case 0: /* generation 0 never exists */
		token = pick(c, 1u << 24);
		break;
	case 1: /* nor a generation beyond 2^39 */
		token = rnd(c) | 1ull << 63;
		break;
	default: /* answered already */
		token = n ? __atomic_load_n(&used_tokens[pick(c, n < TOKEN_RING ? n : TOKEN_RING)],
					    __ATOMIC_ACQUIRE)
			  : 0;
		break;
	}
	switch (pick(c, 5)) {
	case 0:
		expect(c, S_TOKEN, baton_return_scalar(token, counts[pick(c, 3)], w),
		       BATON_ERR_BADTOKEN, "return_scalar with a bad token");
		break;
	case 1:
		expect(c, S_TOKEN, baton_return_memory(token, 0, 0), BATON_ERR_BADTOKEN,
		       "return_memory with a bad token");
		break;
	case 2:
		expect(c, S_TOKEN, baton_return_scalar(token, pick(c, 2) ? 3 : 0, w),
		       BATON_ERR_INVAL, "return_scalar of 0 or 3 words");
		break;
	case 3: {
		struct baton_envelope e;
		expect(c, S_RECEIVE, baton_reply_receive(token, 1, w, own_server, &e),
		       BATON_ERR_BADTOKEN, "reply_receive with a bad token");
		break;
	}
	default: {
		struct baton_envelope e;
		bool how = pick(c, 2);
		expect(c, S_RECEIVE,
		       baton_reply_receive(token, how ? 1 : 3, w,
					   how ? conns[pick(c, SERVERS)] : own_server, &e),
		       how ? BATON_ERR_BADHANDLE : BATON_ERR_INVAL,
		       "reply_receive on a connection or with 3 words");
		break;
	}
	}
}

static void client(void *arg)
{
	struct client *c = arg;

	c->rng = splitmix(c->seed) | 1;
	c->ro_seed = rnd(c);
	c->buf = t_pages(BUF_PAGES);
	c->ro = t_pages(1);
	baton_map((void *)(PRIVATE + c->idx * BATON_MEGAPAGE), PAGE, BATON_MAP_R | BATON_MAP_W,
		  (void **)&c->edge);
	if (!c->buf || !c->ro || !c->edge) {
		note(c, &c->bad_valid, "map the buffers", BATON_ERR_NOMEM, BATON_OK);
		c->done = 1;
		return;
	}
	ipc_pattern_fill(c->ro, PAGE, c->ro_seed);
	long err = baton_protect(c->ro, PAGE, BATON_MAP_R);
	if (err)
		note(c, &c->bad_valid, "protect", err, BATON_OK);
	for (c->step = 0; c->step < ITERATIONS; c->step++) {
		unsigned s = pick(c, SERVERS), r = pick(c, 100);
		if (r < 15)
			valid_scalar(c, s, conns[s]);
		else if (r < 30)
			valid_blocking(c, s, conns[s]);
		else if (r < 43)
			valid_lend(c, s, conns[s], false);
		else if (r < 53)
			valid_lend(c, s, conns[s], true);
		else if (r < 63)
			valid_send(c, s, conns[s]);
		else if (r < 66)
			valid_connect(c, s);
		else if (r < 72)
			invalid_handle(c);
		else if (r < 75)
			invalid_flags(c);
		else if (r < 85)
			invalid_buffer(c);
		else if (r < 92 && invalid_lent(c))
			;
		else
			invalid_token(c);
	}
	if ((err = baton_unmap(c->buf, BUF_PAGES * PAGE)) || (err = baton_unmap(c->ro, PAGE)) ||
	    (err = baton_unmap(c->edge, PAGE)))
		note(c, &c->bad_valid, "unmap the buffers", err, BATON_OK);
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
}

/* ---- main ----------------------------------------------------------------------------- */

static bool all_done(void)
{
	for (unsigned i = 0; i < CLIENTS; i++)
		if (!__atomic_load_n(&clients[i].done, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

/* Waits for the clients until the deadline; prints those that are stuck. */
static bool wait_clients(void)
{
	uint64_t deadline = baton_rdtime() + DEADLINE_S * hz;
	while (!all_done() && baton_rdtime() < deadline)
		baton_sleep_ns(5000000);
	if (!all_done()) {
		for (unsigned i = 0; i < CLIENTS; i++) {
			struct baton_thread_info info = {0};
			baton_thread_info(clients[i].tid, &info);
			printf("  client %u (tid %u): %s at step %u, thread state %u\n", i,
			       clients[i].tid, clients[i].done ? "done" : "stuck", clients[i].step,
			       info.state);
		}
		return false;
	}
	bool ok = true;
	for (unsigned i = 0; i < CLIENTS; i++)
		ok &= baton_thread_join(clients[i].tid, NULL) == BATON_OK;
	return ok;
}

static bool stop_server(unsigned s)
{
	uint64_t w[4] = {0};
	struct baton_exit ex = {0};
	bool ok = baton_scalar(conns[s], OP_EXIT, w, 0) == BATON_OK &&
		  baton_wait(pids[s], &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL &&
		  ex.status == 0;

	if (!ok)
		printf("  server %u (pid %u): how %u status %lu\n", s, pids[s], ex.how,
		       (unsigned long)ex.status);
	return baton_disconnect(conns[s]) == BATON_OK && ok;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : SEED;
	struct baton_mem_info m0, m1;
	uint32_t own_tid;
	bool ok = true;

	printf("stress: seed 0x%lx, %u threads x %u steps, %u servers\n", (unsigned long)seed,
	       CLIENTS, ITERATIONS, SERVERS);
	struct baton_sysinfo si;
	baton_sysinfo(&si);
	hz = si.timebase_hz;
	baton_mem_info(&m0); /* before any buffer, thread or server */
	uint64_t t0 = baton_rdtime();
	static const unsigned depth[EXTERNAL] = {2, 4, 0};
	for (unsigned s = 0; s < EXTERNAL && ok; s++)
		ok = t_server(depth[s], NULL, &ids[s], &pids[s], &conns[s]) == BATON_OK;
	ids[OWN] = t_fresh_id();
	ok = ok &&
	     baton_server_create(&ids[OWN], BATON_SERVER_CHOOSE_ID, 4, &own_server) == BATON_OK &&
	     baton_connect(&ids[OWN], 0, &conns[OWN]) == BATON_OK &&
	     baton_thread_create(own_serve, NULL, STACK, BATON_PRIO_DEFAULT, &own_tid) == BATON_OK;
	if (!t_case(ok, "ipc.stress.servers_started")) {
		for (unsigned s = 0; s < EXTERNAL; s++)
			if (pids[s])
				baton_kill(pids[s]);
		return t_done();
	}
	for (unsigned i = 0; i < CLIENTS && ok; i++) {
		clients[i].idx = i;
		clients[i].seed = seed + i;
		ok = baton_thread_create(client, &clients[i], STACK, BATON_PRIO_DEFAULT,
					 &clients[i].tid) == BATON_OK;
	}
	ok = ok && wait_clients();
	if (!t_case(ok, "ipc.stress.kernel_survived_all_threads_finished")) {
		for (unsigned s = 0; s < EXTERNAL; s++)
			baton_kill(pids[s]);
		return t_done();
	}
	uint64_t t1 = baton_rdtime();

	/* Numbered messages: once each, in order, none missing. */
	uint64_t totals[S_COUNT] = {0};
	unsigned bad_order = 0, bad_content = 0, bad_valid = 0, bad_invalid[S_COUNT] = {0};
	for (unsigned i = 0; i < CLIENTS; i++) {
		struct client *c = &clients[i];
		for (unsigned k = 0; k < S_COUNT; k++)
			totals[k] += c->stats[k];
		bad_order += c->bad_order;
		bad_content += c->bad_content;
		bad_valid += c->bad_valid;
		for (unsigned k = 0; k < S_COUNT; k++)
			bad_invalid[k] += c->bad_invalid[k];
	}
	bool numbered = bad_order == 0;
	bool contents = bad_content == 0;
	for (unsigned s = 0; s < EXTERNAL; s++) {
		uint64_t w[4] = {0}, got[5] = {0}, notes = 0, sends = 0;
		bool asked = baton_blocking_scalar(conns[s], OP_NOTES, w, 0, got, NULL) == BATON_OK;
		for (unsigned i = 0; i < CLIENTS; i++) {
			uint64_t last[5] = {0};
			notes += clients[i].notes[s];
			sends += clients[i].sends[s];
			w[0] = i;
			asked &= baton_blocking_scalar(conns[s], OP_LAST_SEQ, w, 0, last, NULL) ==
				 BATON_OK;
			T_EXPECT_EQ(last[0], clients[i].seq[s], numbered);
		}
		T_EXPECT(asked, numbered);
		T_EXPECT_EQ(got[0], notes, numbered);
		T_EXPECT_EQ(got[2], 0, numbered);
		T_EXPECT_EQ(got[3], sends, numbered);
		T_EXPECT_EQ(got[4], 0, contents);
	}
	baton_server_destroy(own_server); /* its thread's RECEIVE ends with GONE */
	bool own_ok = baton_thread_join(own_tid, NULL) == BATON_OK && own_end == BATON_ERR_GONE;
	{
		uint64_t notes = 0, sends = 0;
		for (unsigned i = 0; i < CLIENTS; i++) {
			notes += clients[i].notes[OWN];
			sends += clients[i].sends[OWN];
			T_EXPECT_EQ(own_last[i], clients[i].seq[OWN], numbered);
		}
		T_EXPECT_EQ(own_notes, notes, numbered);
		T_EXPECT_EQ(own_sends, sends, numbered);
		T_EXPECT_EQ(own_out_of_order, 0, numbered);
		T_EXPECT_EQ(own_bad, 0, contents);
	}
	t_case(numbered, "ipc.stress.no_message_lost_duplicated_or_reordered");
	t_case(contents, "ipc.stress.lent_and_sent_contents_right");
	t_case(bad_valid == 0, "ipc.stress.valid_calls_succeeded");
	/* Each kind of invalid call ran, and each gave its error. */
	bool invalid = true;
	for (unsigned k = S_HANDLE; k < S_COUNT; k++) {
		if (k == S_LENT || k == S_LENT_RW_PROTECT)
			continue;
		T_EXPECT(totals[k] > 0, invalid);
		T_EXPECT_EQ(bad_invalid[k], 0, invalid);
	}
	t_case(invalid, "ipc.stress.invalid_calls_gave_their_errors");
	/* Lending, sending, unmapping or protecting pages another thread has lent out. */
	bool lent = totals[S_LENT] > 0;
	T_EXPECT_EQ(bad_invalid[S_LENT], 0, lent);
	t_case(lent, "ipc.stress.pages_lent_by_another_thread_refused");
	/* Apart: the kernel says FAULT here (the lender's entry is invalid while lent mutably). */
	lent = totals[S_LENT_RW_PROTECT] > 0;
	T_EXPECT_EQ(bad_invalid[S_LENT_RW_PROTECT], 0, lent);
	t_case(lent, "ipc.stress.protect_of_a_mutably_lent_page_says_lent");

	bool stopped = own_ok && baton_disconnect(conns[OWN]) == BATON_OK;
	for (unsigned s = 0; s < EXTERNAL; s++)
		stopped &= stop_server(s);
	t_case(stopped, "ipc.stress.servers_answered_to_the_end");

	printf("stress: %lu ms:", (unsigned long)((t1 - t0) * 1000 / hz));
	for (unsigned k = 0; k < S_COUNT; k++)
		printf(" %s %lu", stat_names[k], (unsigned long)totals[k]);
	printf("\n");

	uint64_t lent_ro = 1, lent_rw = 1;
	baton_kernel_control(BATON_CTL_LENT_PAGES, 0, &lent_ro);
	baton_kernel_control(BATON_CTL_LENT_PAGES, 1, &lent_rw);
	baton_mem_info(&m1);
	ok = m1.free_pages + m1.kernel_pages + m1.table_pages ==
		     m0.free_pages + m0.kernel_pages + m0.table_pages &&
	     m1.own_pages == m0.own_pages && lent_ro == 0 && lent_rw == 0;
	if (!ok)
		printf("  free+kernel %lu -> %lu, own %lu -> %lu, lent %lu + %lu\n",
		       (unsigned long)(m0.free_pages + m0.kernel_pages),
		       (unsigned long)(m1.free_pages + m1.kernel_pages),
		       (unsigned long)m0.own_pages, (unsigned long)m1.own_pages,
		       (unsigned long)lent_ro, (unsigned long)lent_rw);
	t_case(ok, "ipc.stress.every_page_back");
	return t_done();
}
