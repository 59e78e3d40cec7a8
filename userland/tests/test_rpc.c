/* test_rpc.c — the typed-RPC layer (include/baton/rpc.h): every kind, errors, late answers. */
#include "baton/rpc.h"
#include "ipc_test.h"

struct pair {
	uint64_t a, b;
};
struct sum {
	uint64_t total;
};
struct text {
	uint32_t len;
	char bytes[100];
};
struct count {
	uint64_t letters;
};

#define DEMO_CALLS(X)                                                                              \
	X(demo, note, SCALAR, struct pair, struct baton_rpc_none)                                  \
	X(demo, add, BLOCKING_SCALAR, struct pair, struct sum)                                     \
	X(demo, fail, BLOCKING_SCALAR, struct pair, struct sum)                                    \
	X(demo, later, BLOCKING_SCALAR, struct pair, struct sum)                                   \
	X(demo, twice, BLOCKING_SCALAR, struct pair, struct sum)                                   \
	X(demo, lend_twice, LEND, struct text, struct count)                                       \
	X(demo, letters, LEND, struct text, struct count)                                          \
	X(demo, shout, MUTABLE_LEND, struct text, struct count)                                    \
	X(demo, give, SEND, struct text, struct baton_rpc_none)
BATON_RPC_INTERFACE(demo, DEMO_CALLS)

/* ---- the server side ------------------------------------------------------------------ */

struct demo_state {
	uint64_t notes, given;
	uint64_t kept_token;
};

static void on_note(void *ctx, const struct baton_envelope *e, const struct pair *p)
{
	struct demo_state *st = ctx;
	(void)e;
	st->notes += p->a + p->b;
}

static long on_add(void *ctx, const struct baton_envelope *e, const struct pair *p, struct sum *r)
{
	(void)ctx, (void)e;
	r->total = p->a + p->b;
	return BATON_OK;
}

static long on_fail(void *ctx, const struct baton_envelope *e, const struct pair *p, struct sum *r)
{
	(void)ctx, (void)e, (void)p, (void)r;
	return BATON_ERR_NOENT;
}

/* Kept; the next call answers it. */
static long on_later(void *ctx, const struct baton_envelope *e, const struct pair *p, struct sum *r)
{
	struct demo_state *st = ctx;
	(void)p, (void)r;
	if (st->kept_token) {
		struct sum s = {77};
		baton_rpc_answer_scalar(st->kept_token, &s, sizeof(s));
		st->kept_token = 0;
		r->total = 78;
		return BATON_OK;
	}
	st->kept_token = e->token;
	return BATON_RPC_LATER;
}

/*
 * Answers its own message and then returns an answer as well: the loop's
 * answer finds the message gone (BADTOKEN), which must not end serving.
 */
static long on_twice(void *ctx, const struct baton_envelope *e, const struct pair *p, struct sum *r)
{
	struct sum s = {p->a * p->b};
	(void)ctx;
	baton_rpc_answer_scalar(e->token, &s, sizeof(s));
	r->total = 1;
	return BATON_OK;
}

/* The same for a lend: the loop's memory answer finds no message. */
static long on_lend_twice(void *ctx, const struct baton_envelope *e, const struct text *t,
			  size_t used, struct count *r)
{
	struct count c = {t->len};
	(void)ctx, (void)used;
	baton_rpc_answer_memory(e->token, &c, sizeof(c));
	r->letters = 1;
	return BATON_OK;
}

static long on_letters(void *ctx, const struct baton_envelope *e, const struct text *t, size_t used,
		       struct count *r)
{
	(void)ctx, (void)e, (void)used;
	if (t->len > sizeof(t->bytes))
		return BATON_ERR_RANGE;
	for (uint32_t i = 0; i < t->len; i++)
		r->letters += (t->bytes[i] | 0x20) >= 'a' && (t->bytes[i] | 0x20) <= 'z';
	return BATON_OK;
}

static long on_shout(void *ctx, const struct baton_envelope *e, struct text *t, size_t used,
		     struct count *r)
{
	(void)ctx, (void)e, (void)used;
	for (uint32_t i = 0; i < t->len && i < sizeof(t->bytes); i++)
		if (t->bytes[i] >= 'a' && t->bytes[i] <= 'z')
			t->bytes[i] -= 32, r->letters++;
	return BATON_OK;
}

static void on_give(void *ctx, const struct baton_envelope *e, struct text *t, size_t used)
{
	struct demo_state *st = ctx;
	(void)used;
	st->given += t->len;
	baton_unmap((void *)e->w[0], e->w[1]);
}

static const struct demo_handlers handlers = {
	.note = on_note,
	.add = on_add,
	.fail = on_fail,
	.later = on_later,
	.twice = on_twice,
	.lend_twice = on_lend_twice,
	.letters = on_letters,
	.shout = on_shout,
	.give = on_give,
};

static struct demo_state state;
static uint32_t server;

static void serve(void *arg)
{
	(void)arg;
	baton_rpc_serve(server, demo_dispatch_any, (void *)&handlers, &state);
}

/* A loop with a deadline, flooded by a sender of higher priority: the timeout must still run. */
static uint32_t timed_server;
static uint64_t timed_deadline;
static bool timed_out;

static uint64_t timed_deadline_of(void *ctx)
{
	(void)ctx;
	return timed_deadline;
}

static void timed_timeout(void *ctx)
{
	(void)ctx;
	__atomic_store_n(&timed_out, true, __ATOMIC_RELEASE);
	timed_deadline = UINT64_MAX;
}

static void serve_timed(void *arg)
{
	struct baton_rpc_loop loop = {.server = timed_server,
				      .dispatch = demo_dispatch_any,
				      .handlers = (void *)&handlers,
				      .ctx = arg,
				      .deadline = timed_deadline_of,
				      .timeout = timed_timeout};
	baton_rpc_run(&loop);
}

static void deadline_under_a_stream(void)
{
	static struct demo_state st;
	struct baton_server_id id = t_fresh_id();
	struct baton_sysinfo info;
	struct pair p = {1, 1};
	uint32_t tid, c;
	unsigned sent = 0;
	bool ok = baton_sysinfo(&info) == BATON_OK &&
		  baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 4, &timed_server) == BATON_OK &&
		  baton_connect(&id, 0, &c) == BATON_OK;

	timed_deadline = baton_rdtime() + info.timebase_hz / 500; /* 2 ms from now */
	ok = ok && baton_thread_create(serve_timed, &st, 0, BATON_PRIO_DEFAULT - 1, &tid) == 0;
	/* The queue of 4 stays full: the server never finds it empty. */
	while (ok && !__atomic_load_n(&timed_out, __ATOMIC_ACQUIRE) && sent < 200000)
		ok = demo_note(c, &p) == BATON_OK && ++sent;
	ok &= __atomic_load_n(&timed_out, __ATOMIC_ACQUIRE);
	baton_disconnect(c);
	baton_server_destroy(timed_server);
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	t_case(ok, "rpc.run.deadline_met_while_messages_keep_coming");
}

/* ---- the client side ------------------------------------------------------------------ */

/*
 * Waits (sleeping, bounded) until a thread receives on the server: a serve
 * loop that ended would leave the next call waiting for good.
 */
static bool receiving(const struct baton_server_id *id)
{
	struct baton_server_info info;

	for (int i = 0; i < 2000; i++) {
		if (baton_server_info(id, &info) == BATON_OK && info.receivers == 1)
			return true;
		baton_sleep_ns(500000);
	}
	return false;
}

static uint32_t conn;
static long later_err = 1;
static struct sum later_answer;

static void call_later(void *arg)
{
	struct pair p = {0, 0};
	(void)arg;
	later_err = demo_later(conn, &p, &later_answer);
}

/* The lend buffer's growth: to at least twice its size, to the size asked if more, never down. */
static void lendbuf_reserve(void)
{
	struct baton_lendbuf b = {0};
	bool ok = baton_lendbuf_reserve(&b, 1) == BATON_OK && b.size == BATON_PAGE_SIZE;
	void *first = b.base;

	ok = ok && baton_lendbuf_reserve(&b, 100) == BATON_OK &&
	     b.base == first; /* nothing mapped */
	ok = ok && baton_lendbuf_reserve(&b, BATON_PAGE_SIZE + 1) == BATON_OK &&
	     b.size == 2 * BATON_PAGE_SIZE;
	ok = ok && baton_lendbuf_reserve(&b, 3 * BATON_PAGE_SIZE) == BATON_OK &&
	     b.size == 4 * BATON_PAGE_SIZE;
	ok = ok && baton_lendbuf_reserve(&b, 9 * BATON_PAGE_SIZE) == BATON_OK &&
	     b.size == 9 * BATON_PAGE_SIZE;
	ok = ok && baton_lendbuf_reserve(&b, 1) == BATON_OK && b.size == 9 * BATON_PAGE_SIZE;
	baton_lendbuf_free(&b);
	t_case(ok, "rpc.lendbuf_reserve_grows_at_least_doubling_never_shrinks");
}

int main(void)
{
	struct baton_server_id id = t_fresh_id();
	struct baton_lendbuf buf;
	uint32_t server_tid, caller_tid;
	struct sum s;
	struct count c;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server) == BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK &&
		  baton_thread_create(serve, NULL, 0, BATON_PRIO_DEFAULT, &server_tid) == 0 &&
		  baton_lendbuf_init(&buf, 1) == BATON_OK;
	if (!ok) {
		t_case(false, "rpc.setup");
		return t_done();
	}

	struct pair p = {40, 2};
	ok = demo_add(conn, &p, &s) == BATON_OK && s.total == 42;
	t_case(ok, "rpc.blocking_scalar.typed_args_and_answer");
	t_expect_result(demo_fail(conn, &p, &s), BATON_ERR_NOENT,
			"rpc.blocking_scalar.server_error");

	for (int i = 0; i < 10; i++)
		demo_note(conn, &p);
	ok = demo_add(conn, &p, &s) == BATON_OK && state.notes == 420; /* after the notes */
	t_case(ok, "rpc.scalar.notes_arrive");

	struct text *t = demo_letters_args(&buf);
	strcpy(t->bytes, "Hello, 42 worlds");
	t->len = (uint32_t)strlen(t->bytes);
	ok = demo_letters(conn, &buf, sizeof(*t), &c) == BATON_OK && c.letters == 11;
	t_case(ok, "rpc.lend.args_in_the_buffer");
	t->len = 1000;
	t_expect_result(demo_letters(conn, &buf, sizeof(*t), &c), BATON_ERR_RANGE,
			"rpc.lend.server_error");
	t->len = 5;
	t_expect_result(demo_letters(conn, &buf, 4, &c), BATON_ERR_INVAL,
			"rpc.lend.buffer_smaller_than_the_args_refused");
	t_expect_result(demo_letters(conn, &buf, buf.size + 1, &c), BATON_ERR_RANGE,
			"rpc.lend.used_beyond_the_buffer_range_nothing_lent");
	t_expect_result(demo_letters(conn, &buf, SIZE_MAX, &c), BATON_ERR_RANGE,
			"rpc.lend.used_that_would_wrap_range");

	struct text *u = demo_shout_args(&buf);
	strcpy(u->bytes, "quiet");
	u->len = 5;
	ok = demo_shout(conn, &buf, sizeof(*u), &c) == BATON_OK && c.letters == 5 &&
	     strcmp(u->bytes, "QUIET") == 0;
	t_case(ok, "rpc.mutable_lend.server_writes_the_buffer");

	void *pages;
	ok = baton_map(NULL, BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W, &pages) == BATON_OK;
	((struct text *)pages)->len = 9;
	ok &= demo_give(conn, pages, BATON_PAGE_SIZE, sizeof(struct text)) == BATON_OK;
	ok &= demo_add(conn, &p, &s) == BATON_OK && state.given == 9;
	t_case(ok, "rpc.send.pages_reach_the_handler");

	uint64_t w[4] = {1, 2, 0, 0}, got[5];
	t_expect_result(baton_scalar(conn, demo_OP_add, w, 0), BATON_OK, "rpc.wrong_kind_sent");
	unsigned count = 0;
	ok = baton_blocking_scalar(conn, demo_OP_note, w, 0, got, &count) == BATON_OK &&
	     count == 1 && (long)got[0] == BATON_ERR_INVAL;
	t_case(ok, "rpc.wrong_kind_answered_inval");
	ok = baton_blocking_scalar(conn, 999, w, 0, got, &count) == BATON_OK && count == 1 &&
	     (long)got[0] == BATON_ERR_INVAL;
	t_case(ok, "rpc.unknown_call_answered_inval");

	ok = baton_thread_create(call_later, NULL, 0, BATON_PRIO_DEFAULT, &caller_tid) == 0 &&
	     t_wait_blocked(caller_tid);
	ok &= demo_later(conn, &p, &s) == BATON_OK && s.total == 78; /* answers the kept one */
	ok &= baton_thread_join(caller_tid, NULL) == BATON_OK && later_err == BATON_OK &&
	      later_answer.total == 77;
	t_case(ok, "rpc.answer_later");

	p = (struct pair){6, 7};
	ok = demo_twice(conn, &p, &s) == BATON_OK && s.total == 42; /* the handler's own answer */
	T_EXPECT(receiving(&id), ok);
	ok = ok && demo_add(conn, &p, &s) == BATON_OK && s.total == 13;
	t_case(ok, "rpc.serve_goes_on_after_an_answer_to_an_answered_scalar");
	t = demo_lend_twice_args(&buf);
	t->len = 9;
	/* Only to a loop that serves: a call to one that ended would wait for good. */
	ok = receiving(&id) && demo_lend_twice(conn, &buf, sizeof(*t), &c) == BATON_OK &&
	     c.letters == 9;
	T_EXPECT(receiving(&id), ok);
	ok = ok && demo_add(conn, &p, &s) == BATON_OK && s.total == 13;
	t_case(ok, "rpc.serve_goes_on_after_an_answer_to_an_answered_lend");

	baton_server_destroy(server);
	ok = baton_thread_join(server_tid, NULL) == BATON_OK;
	t_case(ok, "rpc.serve_ends_when_the_server_is_destroyed");
	deadline_under_a_stream();
	lendbuf_reserve();
	baton_lendbuf_free(&buf);
	baton_disconnect(conn);
	return t_done();
}
