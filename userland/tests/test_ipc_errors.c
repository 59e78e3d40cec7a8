/* test_ipc_errors.c — every bad input to the message calls: the documented error, nothing changed. */
#include <stdlib.h>

#include "ipc_test.h"

#define KERNEL_PTR 0xffffffff80000000ull

static long sys(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
		uint64_t a6, uint64_t a7)
{
	return baton_syscall(n, a1, a2, a3, a4, a5, a6, a7).status;
}

static long probe_status(const char *what, uint64_t arg)
{
	char a[24];
	const char *argv[] = {what, a, NULL};

	snprintf(a, sizeof(a), "%lu", (unsigned long)arg);
	return t_probe_error(argv);
}

/* ---- servers and connections ----------------------------------------------------------- */

static void server_ids(void)
{
	struct baton_server_id id = t_fresh_id(), again = id, ids[40];
	uint32_t s1, s2, h[40];
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &s1) == BATON_OK;

	t_expect_result(baton_server_create(&again, BATON_SERVER_CHOOSE_ID, 0, &s2),
			BATON_ERR_EXISTS, "ipc.server.duplicate_id_refused");
	for (int i = 0; i < 40 && ok; i++) {
		ids[i] = (struct baton_server_id){0, 0};
		ok = baton_server_create(&ids[i], 0, 0, &h[i]) == BATON_OK &&
		     (ids[i].lo | ids[i].hi) != 0;
		for (int j = 0; j < i; j++)
			ok &= ids[j].lo != ids[i].lo || ids[j].hi != ids[i].hi;
	}
	for (int i = 0; i < 40; i++)
		baton_server_destroy(h[i]);
	t_case(ok, "ipc.server.kernel_chosen_ids_distinct");
	t_expect_result(sys(SYS_SERVER_CREATE, 1, 2, 1u << 5, 0, 0, 0, 0), BATON_ERR_FLAGS,
			"ipc.server.unknown_flag");
	t_expect_result(sys(SYS_SERVER_CREATE, 1, 2, 0, BATON_QUEUE_MAX + 1, 0, 0, 0),
			BATON_ERR_RANGE, "ipc.server.queue_too_deep");
	t_expect_result(baton_server_destroy(s1), BATON_OK, "ipc.server.destroy");
	t_expect_result(baton_server_destroy(s1), BATON_ERR_BADHANDLE, "ipc.server.destroy_twice");
	struct baton_server_id gone = id;
	uint32_t c;
	t_expect_result(baton_connect(&gone, BATON_TRY, &c), BATON_ERR_NOSERVER,
			"ipc.connect.try_unknown_id");
	t_expect_result(sys(SYS_CONNECT, id.lo, id.hi, 1u << 4, 0, 0, 0, 0), BATON_ERR_FLAGS,
			"ipc.connect.unknown_flag");
}

static struct baton_server_id waited_id;
static volatile long waited_err = 1;
static uint32_t waited_conn;

static void connect_early(void *arg)
{
	(void)arg;
	waited_err = baton_connect(&waited_id, 0, &waited_conn);
}

static void connect_waits_for_the_server(void)
{
	uint32_t tid, server;
	struct baton_thread_info info;
	bool ok;

	waited_id = t_fresh_id();
	ok = baton_thread_create(connect_early, NULL, 0, 20, &tid) == BATON_OK;
	/* It ran (higher priority) and is now blocked: no polling, no CPU. */
	ok &= baton_thread_info(tid, &info) == BATON_OK && info.state == BATON_THREAD_BLOCKED;
	ok &= waited_err == 1;
	ok &= baton_server_create(&waited_id, BATON_SERVER_CHOOSE_ID, 0, &server) == BATON_OK;
	ok &= baton_thread_join(tid, NULL) == BATON_OK && waited_err == BATON_OK;
	uint64_t w[4] = {0};
	ok &= baton_scalar(waited_conn, 1, w, 0) == BATON_OK;
	baton_server_destroy(server);
	t_expect_result(baton_scalar(waited_conn, 1, w, 0), BATON_ERR_GONE,
			"ipc.connect.gone_after_destroy");
	baton_disconnect(waited_conn);
	t_case(ok, "ipc.connect.waits_until_the_server_exists");
}

static void handles(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t server, conns[200];
	uint64_t w[4] = {0};
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 256, &server) == BATON_OK;

	for (int i = 0; i < 200 && ok; i++)
		ok = baton_connect(&id, 0, &conns[i]) == BATON_OK &&
		     baton_scalar(conns[i], 1, w, 0) == BATON_OK;
	for (int i = 0; i < 200; i++)
		ok &= baton_disconnect(conns[i]) == BATON_OK;
	t_case(ok, "ipc.connect.two_hundred_connections_in_one_process");

	uint32_t conn;
	baton_connect(&id, 0, &conn);
	t_expect_result(baton_scalar(0, 1, w, 0), BATON_ERR_BADHANDLE, "ipc.handle.zero");
	t_expect_result(baton_scalar(99999, 1, w, 0), BATON_ERR_BADHANDLE,
			"ipc.handle.out_of_range");
	t_expect_result(sys(SYS_SCALAR, 1ull << 40, 1, 0, 0, 0, 0, 0), BATON_ERR_BADHANDLE,
			"ipc.handle.huge");
	t_expect_result(baton_scalar(server, 1, w, 0), BATON_ERR_BADHANDLE,
			"ipc.handle.server_handle_is_not_a_connection");
	struct baton_envelope e;
	t_expect_result(baton_receive(conn, 0, &e), BATON_ERR_BADHANDLE,
			"ipc.handle.connection_is_not_a_server_handle");
	t_expect_result(baton_server_destroy(conn), BATON_ERR_BADHANDLE,
			"ipc.handle.destroy_needs_a_server_handle");
	t_expect_result(baton_disconnect(server), BATON_ERR_BADHANDLE,
			"ipc.handle.disconnect_needs_a_connection");
	t_expect_result(probe_status("scalar-handle", conn), BATON_ERR_BADHANDLE,
			"ipc.handle.means_nothing_in_another_process");
	t_expect_result(sys(SYS_SCALAR, conn, 1, 0, 0, 0, 0, 1u << 3), BATON_ERR_FLAGS,
			"ipc.scalar.unknown_flag");
	t_expect_result(sys(SYS_RECEIVE, server, 1u << 3, 0, 0, 0, 0, 0), BATON_ERR_FLAGS,
			"ipc.receive.unknown_flag");
	baton_disconnect(conn);
	t_expect_result(baton_disconnect(conn), BATON_ERR_BADHANDLE, "ipc.handle.disconnect_twice");
	baton_server_destroy(server);
}

/* ---- answers ------------------------------------------------------------------------- */

static uint32_t srv, srv_conn;
static volatile int caller_done;
static long caller_err;
static uint64_t caller_answer[5];

static void call_once(void *arg)
{
	uint64_t w[4] = {1, 2, 3, 4};
	unsigned kind = (unsigned)(uintptr_t)arg;

	if (kind == BATON_KIND_BLOCKING_SCALAR) {
		caller_err = baton_blocking_scalar(srv_conn, 7, w, 0, caller_answer, NULL);
	} else {
		void *page = t_pages(1);
		uint64_t off = 0, valid = 0;
		caller_err = baton_lend(srv_conn, 7, page, BATON_PAGE_SIZE, &off, &valid, 0);
		baton_unmap(page, BATON_PAGE_SIZE);
	}
	caller_done = 1;
}

/*
 * REPLY_RECEIVE with an answer that does not fit the message: WRONGKIND,
 * the caller still waits, and nothing is received (a Scalar queued first
 * is still there for a plain receive).
 */
static void reply_receive_wrong_kind(uint64_t token, unsigned how, const char *name)
{
	uint64_t x[5] = {0}, w[4] = {0};
	struct baton_envelope next;
	bool ok = baton_scalar(srv_conn, 9, w, 0) == BATON_OK;

	T_EXPECT_EQ(baton_reply_receive(token, how, x, srv, &next), BATON_ERR_WRONGKIND, ok);
	T_EXPECT(caller_done == 0, ok);
	T_EXPECT(baton_receive(srv, BATON_TRY, &next) == BATON_OK && next.id == 9, ok);
	t_case(ok, "%s", name);
}

/* Receives one message from a caller thread of the given kind. */
static bool take_call(unsigned kind, uint32_t *tid, struct baton_envelope *e)
{
	caller_done = 0;
	return baton_thread_create(call_once, (void *)(uintptr_t)kind, 0, 20, tid) == BATON_OK &&
	       baton_receive(srv, 0, e) == BATON_OK && e->kind == kind;
}

static void answers(void)
{
	struct baton_server_id id = t_fresh_id();
	struct baton_envelope e, empty;
	uint64_t w[5] = {11, 0, 0, 0, 0};
	uint32_t tid;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &srv) == BATON_OK &&
		  baton_connect(&id, 0, &srv_conn) == BATON_OK;

	t_expect_result(baton_receive(srv, BATON_TRY, &empty), BATON_ERR_EMPTY,
			"ipc.receive.try_empty");
	ok &= take_call(BATON_KIND_BLOCKING_SCALAR, &tid, &e);
	t_case(ok, "ipc.answers.setup");
	t_expect_result(baton_return_scalar(0, 1, w), BATON_ERR_BADTOKEN, "ipc.answer.token_zero");
	t_expect_result(baton_return_scalar(e.token ^ (1ull << 40), 1, w), BATON_ERR_BADTOKEN,
			"ipc.answer.forged_token");
	t_expect_result(baton_return_scalar(e.token + 1, 1, w), BATON_ERR_BADTOKEN,
			"ipc.answer.neighbouring_token");
	t_expect_result(probe_status("answer-token", e.token), BATON_ERR_BADTOKEN,
			"ipc.answer.foreign_process_token");
	t_expect_result(baton_return_memory(e.token, 0, 0), BATON_ERR_WRONGKIND,
			"ipc.answer.memory_answer_to_a_scalar");
	t_expect_result(baton_return_scalar(e.token, 3, w), BATON_ERR_INVAL,
			"ipc.answer.three_words");
	reply_receive_wrong_kind(e.token, BATON_REPLY_MEMORY,
				 "ipc.reply_receive.memory_answer_to_a_scalar");
	t_case(caller_done == 0, "ipc.answer.failed_answers_leave_the_caller_waiting");
	t_expect_result(baton_return_scalar(e.token, 1, w), BATON_OK, "ipc.answer.the_real_answer");
	t_expect_result(baton_return_scalar(e.token, 1, w), BATON_ERR_BADTOKEN,
			"ipc.answer.double_answer");
	baton_thread_join(tid, NULL);
	t_case(caller_done && caller_err == 0 && caller_answer[0] == 11,
	       "ipc.answer.caller_got_it_once");

	ok = take_call(BATON_KIND_LEND, &tid, &e);
	t_expect_result(baton_return_scalar(e.token, 1, w), BATON_ERR_WRONGKIND,
			"ipc.answer.scalar_answer_to_a_lend");
	reply_receive_wrong_kind(e.token, 1, "ipc.reply_receive.scalar_answer_to_a_lend");
	t_expect_result(baton_return_memory(e.token, 0, 0), BATON_OK, "ipc.answer.memory_answer");
	baton_thread_join(tid, NULL);
	t_case(ok && caller_err == 0, "ipc.answer.lend_answered");
	baton_disconnect(srv_conn);
	baton_server_destroy(srv);
}

/* ---- answers that find nobody ---------------------------------------------------------- */

/*
 * Receives a probe's BlockingScalar (work-call) and kills the probe while
 * the message is still being served here: its caller is gone.
 */
static bool serve_a_killed_caller(uint32_t server, const struct baton_server_id *id,
				  struct baton_envelope *e)
{
	char lo[24], hi[24];
	const char *argv[] = {"work-call", lo, hi, NULL};
	struct baton_exit ex;
	uint32_t pid;

	t_id_args(id, lo, hi);
	return baton_spawn("probe", argv, &pid) == BATON_OK &&
	       baton_receive(server, 0, e) == BATON_OK && e->kind == BATON_KIND_BLOCKING_SCALAR &&
	       baton_kill(pid) == BATON_OK && baton_wait(pid, &ex) == BATON_OK &&
	       ex.how == BATON_EXIT_KILLED;
}

/*
 * The answer to a caller that was killed meanwhile goes nowhere:
 * CALLER_GONE, the token is used up, REPLY_RECEIVE receives nothing after
 * it (a Scalar queued first is still there), and no page is lost.
 */
static void caller_gone(void)
{
	struct baton_server_id id = t_fresh_id();
	struct baton_envelope e, next;
	uint64_t x[5] = {1, 0, 0, 0, 0}, w[4] = {0};
	uint32_t server, conn;
	struct baton_mem_info m0 = t_mem();
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server) == BATON_OK &&
		  serve_a_killed_caller(server, &id, &e);

	t_expect_result(ok ? baton_return_scalar(e.token, 1, x) : -999, BATON_ERR_CALLER_GONE,
			"ipc.return_scalar.caller_killed_while_served");
	t_expect_result(baton_return_scalar(e.token, 1, x), BATON_ERR_BADTOKEN,
			"ipc.return_scalar.caller_gone_used_the_token_up");

	ok = baton_connect(&id, 0, &conn) == BATON_OK && serve_a_killed_caller(server, &id, &e) &&
	     baton_scalar(conn, 9, w, 0) == BATON_OK;
	t_expect_result(ok ? baton_reply_receive(e.token, 1, x, server, &next) : -999,
			BATON_ERR_CALLER_GONE, "ipc.reply_receive.caller_killed_while_served");
	ok = baton_receive(server, BATON_TRY, &next) == BATON_OK && next.id == 9;
	t_case(ok, "ipc.reply_receive.caller_gone_received_nothing");
	baton_disconnect(conn);
	baton_server_destroy(server);
	t_case(t_pages_back(&m0, true), "ipc.answer.caller_gone_every_page_back");
}

/* REPLY_RECEIVE answers, then waits in its receive half; the server destroyed meanwhile: GONE. */
static uint32_t rr_server;
static volatile long rr_end = 1;

static void answer_then_wait(void *arg)
{
	struct baton_envelope e;
	uint64_t x[5] = {5, 0, 0, 0, 0};
	(void)arg;

	if (baton_receive(rr_server, 0, &e) == BATON_OK)
		rr_end = baton_reply_receive(e.token, 1, x, rr_server, &e);
}

static void reply_receive_server_destroyed(void)
{
	struct baton_server_id id = t_fresh_id();
	uint64_t w[4] = {0}, got[5] = {0};
	uint32_t conn, tid;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &rr_server) == BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK &&
		  baton_thread_create(answer_then_wait, NULL, 0, BATON_PRIO_DEFAULT, &tid) ==
			  BATON_OK;

	ok = ok && baton_blocking_scalar(conn, 1, w, 0, got, NULL) == BATON_OK && got[0] == 5;
	ok = ok && t_wait_blocked(tid); /* in the receive half */
	ok &= baton_server_destroy(rr_server) == BATON_OK && baton_thread_join(tid, NULL) == 0;
	T_EXPECT_EQ(rr_end, BATON_ERR_GONE, ok);
	t_case(ok, "ipc.reply_receive.server_destroyed_while_waiting_gone");
	baton_disconnect(conn);
}

/* ---- buffers ------------------------------------------------------------------------- */

static uint32_t data_conn, data_pid;

static void buffer_rules(void)
{
	struct baton_mem_info m0;
	uint64_t off = 0, valid = 0;
	uint8_t *p = t_pages(1);

	/* One lend first: the server's window makes its page tables once and keeps them. */
	baton_lend(data_conn, OP_SUM, p, BATON_PAGE_SIZE, &off, &valid, 0);
	baton_unmap(p, BATON_PAGE_SIZE);
	baton_mem_info(&m0); /* before the buffer: its page tables come and go with it */
	p = t_pages(4);

	t_expect_result(baton_lend(data_conn, OP_CHECK, p + 8, BATON_PAGE_SIZE, &off, &valid, 0),
			BATON_ERR_ALIGN, "ipc.buffer.misaligned_address");
	t_expect_result(baton_lend(data_conn, OP_CHECK, p, 100, &off, &valid, 0), BATON_ERR_ALIGN,
			"ipc.buffer.partial_page");
	t_expect_result(baton_lend(data_conn, OP_CHECK, p, 0, &off, &valid, 0), BATON_ERR_RANGE,
			"ipc.buffer.empty");
	t_expect_result(baton_lend(data_conn, OP_CHECK, (void *)KERNEL_PTR, 4096, &off, &valid, 0),
			BATON_ERR_FAULT, "ipc.buffer.kernel_address");
	t_expect_result(baton_send(data_conn, OP_CHECK, (void *)(BATON_MAP_BASE + (8ull << 30)),
				   4096, 0, 0, 0),
			BATON_ERR_FAULT, "ipc.buffer.unmapped");
	t_expect_result(sys(SYS_LEND, data_conn, OP_CHECK, (uintptr_t)p, ~0ull - 4095, 0, 0, 0),
			BATON_ERR_RANGE, "ipc.buffer.length_wraps");
	t_expect_result(sys(SYS_LEND, data_conn, OP_CHECK, BATON_USER_END - 4096, 8192, 0, 0, 0),
			BATON_ERR_FAULT, "ipc.buffer.crosses_user_end");
	t_expect_result(sys(SYS_LEND, data_conn, OP_CHECK, (uintptr_t)p, 4096, 0, 0, 1u << 2),
			BATON_ERR_FLAGS, "ipc.lend.unknown_flag");
	baton_protect(p, BATON_PAGE_SIZE, BATON_MAP_R);
	t_expect_result(baton_mutable_lend(data_conn, OP_FILL, p, BATON_PAGE_SIZE, &off, &valid, 0),
			BATON_ERR_PERM, "ipc.mutable_lend.read_only_page_refused");
	t_expect_result(baton_lend(data_conn, OP_SUM, p, BATON_PAGE_SIZE, &off, &valid, 0),
			BATON_OK, "ipc.lend.read_only_page_can_be_lent");
	t_expect_result(baton_lend(data_conn, OP_SUM, (void *)((uintptr_t)t_case & ~4095ul), 4096,
				   &off, &valid, 0),
			BATON_OK, "ipc.lend.program_text_can_be_lent_read_only");
	t_expect_result(baton_mutable_lend(data_conn, OP_FILL,
					   (void *)((uintptr_t)t_case & ~4095ul), 4096, &off,
					   &valid, 0),
			BATON_ERR_PERM, "ipc.mutable_lend.program_text_refused");
	baton_unmap(p, 4 * BATON_PAGE_SIZE);
	t_case(t_pages_back(&m0, true), "ipc.buffer.refusals_change_nothing");
}

/* A 10-page lend whose seventh page is missing fails, and pages 1-6 are as they were. */
static void all_or_nothing(void)
{
	uint8_t *p = t_pages(10);
	uint64_t off = 0, valid = 0;
	bool ok = p != NULL;

	t_fill(p, 10 * BATON_PAGE_SIZE, 1);
	baton_unmap(p + 6 * BATON_PAGE_SIZE, BATON_PAGE_SIZE);
	uint64_t free0 = t_free_pages();
	t_expect_result(
		baton_mutable_lend(data_conn, OP_FILL, p, 10 * BATON_PAGE_SIZE, &off, &valid, 0),
		BATON_ERR_FAULT, "ipc.all_or_nothing.mutable_lend_with_a_hole_refused");
	t_expect_result(baton_send(data_conn, OP_CHECK, p, 10 * BATON_PAGE_SIZE, 1, 0, 0),
			BATON_ERR_FAULT, "ipc.all_or_nothing.send_with_a_hole_refused");
	ok &= t_pattern(p, 6 * BATON_PAGE_SIZE, 1); /* untouched */
	memset(p, 0x33, 6 * BATON_PAGE_SIZE);	    /* and writable */
	ok &= p[6 * BATON_PAGE_SIZE - 1] == 0x33 && t_free_pages() == free0;
	t_case(ok, "ipc.all_or_nothing.pages_before_the_hole_intact_and_writable");
	baton_unmap(p, 10 * BATON_PAGE_SIZE);
}

static void lent_page_rules(void)
{
	char lo[24], hi[24];
	const char *argv[] = {"lend-write", lo, hi, NULL};
	struct baton_server_id id;
	uint32_t conn, pid;
	struct baton_exit ex;
	bool ok = t_server(0, NULL, &id, &pid, &conn) == BATON_OK;

	snprintf(lo, sizeof(lo), "0x%lx", (unsigned long)id.lo);
	snprintf(hi, sizeof(hi), "0x%lx", (unsigned long)id.hi);
	/* Another thread of the lender writes the lent page: it faults (docs/ipc.md). */
	ok &= t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT && ex.status == 15;
	t_case(ok, "ipc.lend.lender_writing_a_lent_page_faults");
	argv[0] = "lend-read";
	ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL && ex.status == 98;
	t_case(ok, "ipc.lend.lender_may_read_a_lent_page");
	argv[0] = "mlend-read";
	ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT && ex.status == 13;
	t_case(ok, "ipc.mutable_lend.lender_reading_faults");
	t_server_stop(pid, conn);
}

static uint8_t *lend_target;

static void lend_held(void *arg)
{
	uint64_t off = 0, valid = 0;

	if (arg)
		baton_mutable_lend(srv_conn, OP_HOLD, lend_target, BATON_PAGE_SIZE, &off, &valid,
				   0);
	else
		baton_lend(srv_conn, OP_HOLD, lend_target, BATON_PAGE_SIZE, &off, &valid, 0);
}

/*
 * Heap pages above the break, the first lent and held: shrinking the heap
 * over it is LENT and changes nothing (no page freed while still mapped).
 */
static void heap_shrink_over_a_lent_page(void)
{
	struct baton_server_id id;
	uint32_t conn, pid, tid;
	uint64_t w[4] = {0}, held[5];
	uintptr_t start, end;
	bool ok = t_server(0, NULL, &id, &pid, &conn) == BATON_OK &&
		  baton_heap(0, &start) == BATON_OK;
	intptr_t grow = (intptr_t)(((start + 4095) & ~4095ul) - start + 4 * 4096);

	ok = ok && baton_heap(grow, &start) == BATON_OK;
	uint8_t *pages = (uint8_t *)((start + 4095) & ~4095ul);
	srv_conn = conn;
	lend_target = pages;
	pages[0] = 3, pages[4096] = 4;
	ok = ok && baton_thread_create(lend_held, (void *)true, 0, 20, &tid) == BATON_OK &&
	     baton_blocking_scalar(conn, OP_HELD, w, 0, held, NULL) == 0 && held[0] == 1;
	uint64_t own = t_mem().own_pages;
	T_EXPECT_EQ(baton_heap(-grow, &end), BATON_ERR_LENT, ok);
	T_EXPECT_EQ(t_mem().own_pages, own, ok);
	T_EXPECT(pages[4096] == 4, ok); /* the neighbour is still mapped, and its own */
	ok &= baton_blocking_scalar(conn, OP_ANSWER_HELD, w, 0, held, NULL) == 0 &&
	      baton_thread_join(tid, NULL) == BATON_OK;
	own = t_mem().own_pages; /* the lending thread's stack went with its join */
	T_EXPECT_EQ(baton_heap(-grow, &end), BATON_OK, ok);
	T_EXPECT_EQ(t_mem().own_pages, own - 4, ok);
	t_case(ok, "ipc.lend.heap_shrink_over_a_lent_page_lent_nothing_freed");
	t_server_stop(pid, conn);
}

/* A page lent (mutably or not) and held by the server: nothing else may use it. */
static void already_lent(bool mutable_lend)
{
	const char *kind = mutable_lend ? "mutable_lend" : "lend";
	struct baton_server_id id;
	uint32_t conn, pid, tid;
	uint64_t w[4] = {0}, held[5];
	bool ok = t_server(0, NULL, &id, &pid, &conn) == BATON_OK;
	uint8_t *p = t_pages(2);
	char name[80];

	srv_conn = conn;
	lend_target = p;
	p[0] = 4;
	ok &= baton_thread_create(lend_held, (void *)mutable_lend, 0, 20, &tid) == BATON_OK;
	ok &= baton_blocking_scalar(conn, OP_HELD, w, 0, held, NULL) == 0 && held[0] == 1;
	uint64_t off = 0, valid = 0;
	snprintf(name, sizeof(name), "ipc.%s.already_lent_page_refused", kind);
	t_expect_result(baton_lend(conn, OP_SUM, p, BATON_PAGE_SIZE, &off, &valid, 0),
			BATON_ERR_LENT, name);
	snprintf(name, sizeof(name), "ipc.%s.range_with_a_lent_page_refused", kind);
	t_expect_result(baton_mutable_lend(conn, OP_SUM, p, 2 * BATON_PAGE_SIZE, &off, &valid, 0),
			BATON_ERR_LENT, name);
	snprintf(name, sizeof(name), "ipc.%s.lent_page_cannot_be_sent", kind);
	t_expect_result(baton_send(conn, OP_CHECK, p, BATON_PAGE_SIZE, 0, 0, 0), BATON_ERR_LENT,
			name);
	snprintf(name, sizeof(name), "ipc.%s.lent_page_cannot_be_unmapped", kind);
	t_expect_result(baton_unmap(p, BATON_PAGE_SIZE), BATON_ERR_LENT, name);
	snprintf(name, sizeof(name), "ipc.%s.lent_page_cannot_be_protected", kind);
	t_expect_result(baton_protect(p, BATON_PAGE_SIZE, BATON_MAP_R), BATON_ERR_LENT, name);
	p[BATON_PAGE_SIZE] = 5; /* the neighbour is untouched */
	ok &= baton_blocking_scalar(conn, OP_ANSWER_HELD, w, 0, held, NULL) == 0 && held[0] == 0;
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	T_EXPECT(p[0] == 4, ok);
	p[0] = 6; /* writable again */
	t_case(ok, "ipc.%s.page_comes_back_after_the_answer", kind);
	baton_unmap(p, 2 * BATON_PAGE_SIZE);
	t_server_stop(pid, conn);
}

static void queue_full(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t server, conn;
	uint64_t w[4] = {0};
	uint8_t *p = t_pages(1);
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 2, &server) == BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK;

	ok &= baton_scalar(conn, 1, w, BATON_TRY) == BATON_OK;
	ok &= baton_scalar(conn, 1, w, BATON_TRY) == BATON_OK;
	t_case(ok, "ipc.queue.two_fit_in_a_queue_of_two");
	t_expect_result(baton_scalar(conn, 1, w, BATON_TRY), BATON_ERR_QUEUEFULL,
			"ipc.queue.try_scalar_full");
	uint64_t free0 = t_free_pages();
	p[0] = 8;
	t_expect_result(baton_send(conn, 1, p, BATON_PAGE_SIZE, 0, 0, BATON_TRY),
			BATON_ERR_QUEUEFULL, "ipc.queue.try_send_full");
	t_case(p[0] == 8 && t_free_pages() == free0, "ipc.queue.try_send_full_moved_no_page");
	/* The two-way kinds with TRY: refused before any page is lent. */
	uint64_t got[5], off = 0, valid = 0;
	t_expect_result(baton_blocking_scalar(conn, 1, w, BATON_TRY, got, NULL),
			BATON_ERR_QUEUEFULL, "ipc.queue.try_blocking_scalar_full");
	t_expect_result(baton_lend(conn, 1, p, BATON_PAGE_SIZE, &off, &valid, BATON_TRY),
			BATON_ERR_QUEUEFULL, "ipc.queue.try_lend_full");
	p[0] = 9; /* not lent: still writable */
	t_case(p[0] == 9, "ipc.queue.try_lend_full_left_the_page_writable");
	baton_disconnect(conn);
	baton_server_destroy(server);
	baton_unmap(p, BATON_PAGE_SIZE);
}

/* A server may not give away (Send) or unmap pages it was only lent. */
static uint32_t b_server, b_conn;
static volatile long b_send_err = 1, b_unmap_err = 1, b_unmap_align_err = 1, b_unmap_range_err = 1;

static void borrow_serve(void *arg)
{
	struct baton_envelope e;

	(void)arg;
	if (baton_receive(b_server, 0, &e))
		return;
	b_send_err = baton_send(b_conn, 1, (void *)e.w[0], e.w[1], 0, 0, BATON_TRY);
	/* Bad arguments are bad arguments even over lent pages. */
	b_unmap_align_err = baton_unmap((void *)(e.w[0] + 1), e.w[1]);
	b_unmap_range_err = baton_unmap((void *)e.w[0], BATON_WINDOW_END); /* past the window */
	b_unmap_err = baton_unmap((void *)e.w[0], e.w[1]);
	baton_return_memory(e.token, 0, 0);
}

static void borrowed_pages(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t tid;
	uint8_t *p = t_pages(1);
	uint64_t off = 0, valid = 0;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &b_server) == BATON_OK &&
		  baton_connect(&id, 0, &b_conn) == BATON_OK &&
		  baton_thread_create(borrow_serve, NULL, 0, 20, &tid) == BATON_OK;

	ok &= baton_lend(b_conn, 1, p, BATON_PAGE_SIZE, &off, &valid, 0) == BATON_OK;
	baton_thread_join(tid, NULL);
	t_expect_result(b_send_err, BATON_ERR_NOTOWNER,
			"ipc.send.borrowed_pages_cannot_be_given_away");
	t_expect_result(b_unmap_err, BATON_ERR_BUSY, "ipc.lend.borrowed_pages_cannot_be_unmapped");
	t_expect_result(b_unmap_align_err, BATON_ERR_ALIGN,
			"ipc.lend.unmap_of_borrowed_pages_unaligned_is_align");
	t_expect_result(b_unmap_range_err, BATON_ERR_RANGE,
			"ipc.lend.unmap_of_borrowed_pages_past_the_window_is_range");
	p[0] = 1;
	t_case(ok, "ipc.lend.pages_back_after_the_refusals");
	baton_disconnect(b_conn);
	baton_server_destroy(b_server);
	baton_unmap(p, BATON_PAGE_SIZE);
}

/* ---- limits -------------------------------------------------------------------------- */

/*
 * Handles run out at BATON_HANDLES_MAX per process (servers system-wide at
 * BATON_SERVERS_MAX, which one process reaches no sooner): the next one is
 * LIMIT, and closing them all gives every page back.
 */
static void limits(void)
{
	static uint32_t handles[BATON_HANDLES_MAX + 1];
	struct baton_server_id id = t_fresh_id();
	uint64_t free0 = t_free_or_cached();
	uint32_t server;
	unsigned n = 0;
	long err = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server);

	while (err == BATON_OK && n < BATON_HANDLES_MAX)
		err = baton_connect(&id, 0, &handles[n++]);
	t_expect_result(err, BATON_ERR_LIMIT, "ipc.connect.limit_of_handles_per_process");
	n -= err != BATON_OK;
	for (unsigned i = 0; i < n; i++)
		baton_disconnect(handles[i]);
	baton_server_destroy(server);

	n = 0;
	do {
		struct baton_server_id any = {0, 0};
		err = baton_server_create(&any, 0, 0, &handles[n]);
	} while (err == BATON_OK && ++n < BATON_HANDLES_MAX + 1);
	t_expect_result(err, BATON_ERR_LIMIT, "ipc.server.limit_of_servers");
	for (unsigned i = 0; i < n; i++)
		baton_server_destroy(handles[i]);
	t_case(t_free_or_cached() == free0, "ipc.limits.every_page_back");
}

/* ---- answering a lend whose pages are lent on ------------------------------------------ */

static uint32_t on_server, on_conn, end_conn;
static long on_busy = 1, on_busy_rr = 1, on_answer = 1, on_forward = 1;
static bool on_received_nothing;
static struct baton_envelope on_env;

static void lend_on(void *arg)
{
	uint64_t off = 0, valid = 0;
	(void)arg;

	on_forward =
		baton_lend(end_conn, OP_HOLD, (void *)on_env.w[0], on_env.w[1], &off, &valid, 0);
}

/*
 * Answer-and-receive too early: BUSY, and nothing received (a Scalar
 * queued first is still there for a plain receive).
 */
static void reply_receive_too_early(void)
{
	uint64_t w[4] = {0}, x[5] = {0};
	struct baton_envelope next;

	baton_scalar(on_conn, 9, w, 0);
	on_busy_rr = baton_reply_receive(on_env.token, BATON_REPLY_MEMORY, x, on_server, &next);
	on_received_nothing =
		baton_receive(on_server, BATON_TRY, &next) == BATON_OK && next.id == 9;
}

/* Receives the lend, lends it on to a holding server, and tries to answer too early. */
static void serve_and_lend_on(void *arg)
{
	uint64_t w[4] = {0}, got[5] = {0};
	uint32_t tid;
	(void)arg;

	if (baton_receive(on_server, 0, &on_env) ||
	    baton_thread_create(lend_on, NULL, 0, BATON_PRIO_DEFAULT, &tid))
		return;
	for (int i = 0; i < 1000 && got[0] < 1; i++) {
		baton_sleep_ns(500000);
		baton_blocking_scalar(end_conn, OP_HELD, w, 0, got, NULL);
	}
	on_busy = baton_return_memory(on_env.token, 0, 0);
	reply_receive_too_early();
	baton_blocking_scalar(end_conn, OP_ANSWER_HELD, w, 0, got, NULL);
	baton_thread_join(tid, NULL);
	on_answer = baton_return_memory(on_env.token, 0, 0);
}

static void answer_while_lent_on(void)
{
	struct baton_server_id id = t_fresh_id(), end_id;
	uint32_t end_pid, tid;
	uint8_t *buf = t_pages(2);
	uint64_t off = 0, valid = 0;
	bool ok = buf && t_server(0, NULL, &end_id, &end_pid, &end_conn) == BATON_OK &&
		  baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &on_server) == BATON_OK &&
		  baton_connect(&id, 0, &on_conn) == BATON_OK &&
		  baton_thread_create(serve_and_lend_on, NULL, 0, BATON_PRIO_DEFAULT, &tid) == 0;

	ok &= baton_lend(on_conn, 1, buf, 2 * BATON_PAGE_SIZE, &off, &valid, 0) == BATON_OK;
	baton_thread_join(tid, NULL);
	t_expect_result(on_busy, BATON_ERR_BUSY, "ipc.answer.lend_still_lent_on_is_busy");
	t_expect_result(on_busy_rr, BATON_ERR_BUSY, "ipc.reply_receive.lend_still_lent_on_is_busy");
	t_case(on_received_nothing, "ipc.reply_receive.busy_received_nothing");
	ok &= on_forward == BATON_OK && on_answer == BATON_OK;
	buf[0] = 1; /* writable again */
	t_case(ok, "ipc.answer.lend_answered_once_the_forward_is_back");
	baton_disconnect(on_conn);
	baton_server_destroy(on_server);
	t_server_stop(end_pid, end_conn);
	baton_unmap(buf, 2 * BATON_PAGE_SIZE);
}

/* ---- odds and ends --------------------------------------------------------------------- */

static void odd_arguments(void)
{
	uint64_t off = 0, valid = 0, out;
	uint8_t *buf = t_pages(1);
	uint64_t x[5] = {0};

	t_expect_result(baton_lend(data_conn, OP_SUM, buf,
				   BATON_WINDOW_END - BATON_WINDOW_BASE + 4096, &off, &valid, 0),
			BATON_ERR_RANGE, "ipc.buffer.larger_than_the_window");
	t_expect_result(sys(SYS_REPLY_RECEIVE, 1, 3 | 1u << 8, 0, 0, 0, 0, 0), BATON_ERR_INVAL,
			"ipc.reply_receive.three_words");
	t_expect_result(baton_reply_receive(1, 1, x, data_conn, NULL), BATON_ERR_BADHANDLE,
			"ipc.reply_receive.connection_is_not_a_server");
	t_expect_result(baton_kernel_control(999, 0, &out), BATON_ERR_INVAL,
			"ipc.control.unknown_op");
	t_expect_result(baton_kernel_control(BATON_CTL_FRAMES, 99, &out), BATON_ERR_RANGE,
			"ipc.control.unknown_frame_state");
	uint64_t text = 1, kernel = 1;
	bool ok = baton_kernel_control(BATON_CTL_LEAF_SIZE, (uintptr_t)&sys, &text) == BATON_OK &&
		  text == BATON_PAGE_SIZE;
	ok &= baton_kernel_control(BATON_CTL_LEAF_SIZE, 0xffffffff80000000ull, &kernel) ==
		      BATON_OK &&
	      kernel == 0; /* the kernel image: mapped, but not the caller's */
	t_case(ok, "ipc.control.leaf_size_of_the_kernel_half_is_zero");
	baton_unmap(buf, BATON_PAGE_SIZE);
}

int main(void)
{
	struct baton_server_id id;

	server_ids();
	connect_waits_for_the_server();
	handles();
	answers();
	caller_gone();
	reply_receive_server_destroyed();
	if (t_server(0, NULL, &id, &data_pid, &data_conn) == BATON_OK) {
		buffer_rules();
		all_or_nothing();
		odd_arguments();
		t_server_stop(data_pid, data_conn);
	}
	lent_page_rules();
	already_lent(false);
	already_lent(true);
	heap_shrink_over_a_lent_page();
	queue_full();
	borrowed_pages();
	answer_while_lent_on();
	limits();
	return t_done();
}
