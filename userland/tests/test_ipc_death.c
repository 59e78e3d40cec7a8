/*
 * test_ipc_death.c — servers and callers that die mid-message: everyone
 * waiting wakes with an answer, lent pages come home as they were, and
 * every page is accounted for.
 */
#include "ipc_test.h"

#define LENT_PAGES 3

/* Three callers at once: BlockingScalar, Lend and MutableLend, all held or queued. */
struct caller {
	unsigned kind;
	uint32_t conn, tid;
	uint8_t *buf;
	long err;
};

static void call(void *arg)
{
	struct caller *c = arg;
	uint64_t w[4] = {0}, got[5], off = 0, valid = 0;
	size_t len = LENT_PAGES * BATON_PAGE_SIZE;

	if (c->kind == BATON_KIND_BLOCKING_SCALAR)
		c->err = baton_blocking_scalar(c->conn, OP_HOLD, w, 0, got, NULL);
	else if (c->kind == BATON_KIND_LEND)
		c->err = baton_lend(c->conn, OP_HOLD, c->buf, len, &off, &valid, 0);
	else
		c->err = baton_mutable_lend(c->conn, OP_HOLD, c->buf, len, &off, &valid, 0);
}

static bool start_callers(struct caller c[3], uint32_t conn)
{
	static const unsigned kinds[3] = {BATON_KIND_BLOCKING_SCALAR, BATON_KIND_LEND,
					  BATON_KIND_MUTABLE_LEND};
	bool ok = true;

	for (unsigned i = 0; i < 3; i++) {
		c[i] = (struct caller){.kind = kinds[i], .conn = conn, .err = 1};
		c[i].buf = t_pages(LENT_PAGES);
		ok &= c[i].buf != NULL;
		if (c[i].buf)
			t_fill(c[i].buf, LENT_PAGES * BATON_PAGE_SIZE, 40 + i);
		ok &= ok && baton_thread_create(call, &c[i], 0, BATON_PRIO_DEFAULT, &c[i].tid) == 0;
	}
	return ok;
}

/* Every caller woke with "server gone"; its pages hold what they held and are writable. */
static bool callers_woke_with_pages_intact(struct caller c[3])
{
	bool ok = true;

	for (unsigned i = 0; i < 3; i++) {
		baton_thread_join(c[i].tid, NULL);
		T_EXPECT_EQ(c[i].err, BATON_ERR_GONE, ok);
		T_EXPECT(t_pattern(c[i].buf, LENT_PAGES * BATON_PAGE_SIZE, 40 + i), ok);
		c[i].buf[0] ^=
			0xff; /* faults the whole test if the page did not come back writable */
		baton_unmap(c[i].buf, LENT_PAGES * BATON_PAGE_SIZE);
	}
	return ok;
}

static uint64_t held(uint32_t conn)
{
	uint64_t w[4] = {0}, got[5] = {0};

	baton_blocking_scalar(conn, OP_HELD, w, 0, got, NULL);
	return got[0];
}

/* A server process that dies while it holds all three calls unanswered. */
static void server_dies_while_serving(void)
{
	struct baton_server_id id;
	struct caller c[3];
	uint32_t pid, conn;
	uint64_t w[4] = {0}, got[5], free0 = t_free_or_cached();
	bool ok = t_server(0, NULL, &id, &pid, &conn) == BATON_OK && start_callers(c, conn);

	for (int i = 0; i < 1000 && ok && held(conn) < 3; i++)
		baton_sleep_ns(500000);
	ok &= held(conn) == 3;
	ok &= baton_kill(pid) == BATON_OK && baton_wait(pid, NULL) == BATON_OK;
	ok &= callers_woke_with_pages_intact(c);
	t_case(ok, "ipc.death.server_dies_serving_three_callers_all_wake_gone_pages_intact");
	ok = baton_scalar(conn, OP_NOTE, w, 0) == BATON_ERR_GONE &&
	     baton_blocking_scalar(conn, OP_ADD, w, 0, got, NULL) == BATON_ERR_GONE;
	t_case(ok, "ipc.death.later_calls_on_the_connection_say_gone");
	baton_disconnect(conn);
	t_case(t_free_or_cached() == free0, "ipc.death.server_dies_serving_no_page_lost");
}

/*
 * A server that never receives ends (its process killed, or destroyed by
 * its owner) with three callers and a Send in its queue.
 */
static void server_ends_with_a_full_queue(bool kill_process)
{
	const char *how = kill_process ? "process_killed" : "destroyed";
	struct baton_server_id id = t_fresh_id();
	struct caller c[3];
	char lo[24], hi[24];
	const char *argv[] = {"server-idle", lo, hi, NULL};
	uint32_t pid = 0, conn, server = 0;
	uint64_t w[4] = {0}, free0 = t_free_or_cached();
	bool ok;

	t_id_args(&id, lo, hi);
	if (kill_process)
		ok = baton_spawn("probe", argv, &pid) == BATON_OK;
	else
		ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server) == BATON_OK;
	ok &= baton_connect(&id, 0, &conn) == BATON_OK;
	uint8_t *sent = t_pages(4);
	ok &= sent && baton_send(conn, OP_CHECK, sent, 4 * BATON_PAGE_SIZE, 0, 0, 0) == BATON_OK;
	ok &= baton_scalar(conn, OP_NOTE, w, 0) == BATON_OK && start_callers(c, conn);
	for (unsigned i = 0; i < 3 && ok; i++)
		ok = t_wait_blocked(c[i].tid);
	if (kill_process)
		ok &= baton_kill(pid) == BATON_OK && baton_wait(pid, NULL) == BATON_OK;
	else
		ok &= baton_server_destroy(server) == BATON_OK;
	ok &= callers_woke_with_pages_intact(c);
	t_case(ok, "ipc.death.server_%s_queued_callers_wake_gone_pages_intact", how);
	ok = baton_scalar(conn, OP_NOTE, w, 0) == BATON_ERR_GONE;
	baton_disconnect(conn);
	ok &= baton_connect(&id, BATON_TRY, &conn) == BATON_ERR_NOSERVER; /* the id is free again */
	t_case(ok, "ipc.death.server_%s_connection_says_gone", how);
	t_case(t_free_or_cached() == free0, "ipc.death.server_%s_unreceived_send_pages_freed", how);
}

/* A caller killed while the server holds its MutableLend. */
static void caller_dies_mid_mutable_lend(void)
{
	struct baton_server_id id;
	char lo[24], hi[24];
	const char *argv[] = {"mlend-hold", lo, hi, NULL};
	uint32_t pid, conn, probe;
	uint64_t w[4] = {0}, got[5] = {0};
	struct baton_mem_info m0;

	baton_mem_info(&m0);
	bool ok = t_server(0, NULL, &id, &pid, &conn) == BATON_OK;
	t_id_args(&id, lo, hi);
	ok &= baton_spawn("probe", argv, &probe) == BATON_OK;
	for (int i = 0; i < 1000 && ok && held(conn) < 1; i++)
		baton_sleep_ns(500000);
	ok &= held(conn) == 1;
	ok &= baton_kill(probe) == BATON_OK && baton_wait(probe, NULL) == BATON_OK;
	/*
	 * Take and fill every free page there is room for now: had the dead
	 * caller's lent pages been freed with it, some would be ours, and the
	 * server's sum below (and our unmap) would show it.
	 */
	uint64_t free_now = t_free_pages(), take = free_now > 4096 ? 4096 : free_now / 2;
	uint8_t *mine = t_pages(take);
	ok &= mine != NULL;
	if (mine)
		memset(mine, 0xab, take * BATON_PAGE_SIZE);
	uint64_t free_before_answer = t_free_pages();
	w[0] = 1; /* and sum the buffers */
	ok &= baton_blocking_scalar(conn, OP_ANSWER_HELD, w, 0, got, NULL) == BATON_OK;
	T_EXPECT_EQ(got[0], 1, ok);			  /* its answer said "caller gone" */
	T_EXPECT_EQ(got[1], 9 * 4 * BATON_PAGE_SIZE, ok); /* still mapped until then */
	t_case(ok, "ipc.death.caller_dies_mid_mutable_lend_answer_says_caller_gone");
	/* The answer frees the four lent pages, once; ours stay ours. */
	ok = t_free_pages() == free_before_answer + 4;
	ok &= mine && baton_unmap(mine, take * BATON_PAGE_SIZE) == BATON_OK;
	t_case(ok, "ipc.death.caller_dies_mid_mutable_lend_pages_freed_once_by_the_answer");
	t_server_stop(pid, conn);
	t_case(t_pages_back(&m0, false), "ipc.death.caller_dies_mid_mutable_lend_every_page_back");
}

static uint32_t chain_conn;
static uint8_t *chain_buf;
static long chain_err = 1;

static void lend_down_the_chain(void *arg)
{
	uint64_t off = 0, valid = OP_HOLD; /* A lends it on to B, which holds it */
	(void)arg;

	chain_err = baton_mutable_lend(chain_conn, OP_FORWARD, chain_buf,
				       LENT_PAGES * BATON_PAGE_SIZE, &off, &valid, 0);
}

/*
 * Caller -> A -> B, and A dies while B holds the pages A lent on: the
 * caller wakes with "server gone" and its pages; B's answer says "caller
 * gone".
 */
static void middle_of_a_chain_dies(void)
{
	struct baton_server_id id_a, id_b;
	uint32_t pid_a, pid_b, conn_b, tid;
	uint64_t w[4] = {0}, got[5] = {0}, free0 = t_free_or_cached();
	bool ok = t_server(0, NULL, &id_b, &pid_b, &conn_b) == BATON_OK &&
		  t_server(0, &id_b, &id_a, &pid_a, &chain_conn) == BATON_OK &&
		  (chain_buf = t_pages(LENT_PAGES)) != NULL;

	if (ok) {
		t_fill(chain_buf, LENT_PAGES * BATON_PAGE_SIZE, 3);
		ok = baton_thread_create(lend_down_the_chain, NULL, 0, BATON_PRIO_DEFAULT, &tid) ==
		     BATON_OK;
	}
	for (int i = 0; i < 1000 && ok && held(conn_b) < 1; i++)
		baton_sleep_ns(500000);
	ok &= held(conn_b) == 1;
	ok &= baton_kill(pid_a) == BATON_OK && baton_wait(pid_a, NULL) == BATON_OK;
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	T_EXPECT_EQ(chain_err, BATON_ERR_GONE, ok);
	T_EXPECT(t_pattern(chain_buf, LENT_PAGES * BATON_PAGE_SIZE, 3), ok);
	chain_buf[0] = 0; /* writable again */
	t_case(ok, "ipc.death.middle_of_a_chain_dies_caller_wakes_gone_pages_intact");
	ok = baton_blocking_scalar(conn_b, OP_ANSWER_HELD, w, 0, got, NULL) == BATON_OK;
	T_EXPECT_EQ(got[0], 1, ok);
	t_case(ok, "ipc.death.middle_of_a_chain_dies_end_of_chain_answer_says_caller_gone");
	t_server_stop(pid_b, conn_b);
	baton_disconnect(chain_conn);
	baton_unmap(chain_buf, LENT_PAGES * BATON_PAGE_SIZE);
	t_case(t_free_or_cached() == free0, "ipc.death.middle_of_a_chain_dies_no_page_lost");
}

static uint64_t ticks_of(uint32_t tid)
{
	struct baton_thread_info info = {0};

	baton_thread_info(tid, &info);
	return info.cpu_ticks;
}

static uint64_t ms_ticks(uint64_t ms)
{
	return baton_timebase_hz() / 1000 * ms;
}

/*
 * Caller -> A -> B with B working on the caller's scheduling context, and A
 * dies: B must stop running on (and charging) that context, which outlives
 * nothing here: the caller goes to sleep and later exits.
 */
static volatile long work_err = 1;
static volatile uint64_t ticks_when_woken, ticks_after_sleep;

static void work_down_the_chain(void *arg)
{
	uint64_t w[4] = {40000000, 0, 0, 0}, got[5]; /* A passes it to B, which spins */
	(void)arg;

	work_err = baton_blocking_scalar(chain_conn, OP_WORK, w, 0, got, NULL);
	ticks_when_woken = ticks_of(0);
	baton_sleep_ns(150000000); /* asleep, it must be charged nothing */
	ticks_after_sleep = ticks_of(0);
}

static void broken_chain_stops_charging_the_caller(void)
{
	struct baton_server_id id_a, id_b;
	uint32_t pid_a, pid_b, conn_b, tid;
	bool ok = t_server(0, NULL, &id_b, &pid_b, &conn_b) == BATON_OK &&
		  t_server(0, &id_b, &id_a, &pid_a, &chain_conn) == BATON_OK &&
		  baton_thread_create(work_down_the_chain, NULL, 0, BATON_PRIO_DEFAULT, &tid) == 0;

	baton_sleep_ns(20000000); /* B spins on the caller's context */
	ok &= baton_kill(pid_a) == BATON_OK && baton_wait(pid_a, NULL) == BATON_OK;
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	T_EXPECT_EQ(work_err, BATON_ERR_GONE, ok);
	uint64_t charged = ticks_after_sleep - ticks_when_woken;
	if (charged >= ms_ticks(2))
		printf("  the caller slept 150 ms and was charged %llu ticks\n",
		       (unsigned long long)charged);
	T_EXPECT(charged < ms_ticks(2), ok);
	t_case(ok, "ipc.death.middle_of_a_chain_dies_the_end_stops_using_the_callers_time");
	t_server_stop(pid_b, conn_b);
	baton_disconnect(chain_conn);
}

/*
 * Caller -> A -> B (holding), A dies, and a second client then lends to B:
 * B's stale window address must not reach the second client's pages.
 */
static uint32_t hold_conn;
static uint8_t *second_buf;

static void lend_second(void *arg)
{
	uint64_t off = 0, valid = 0;
	(void)arg;

	baton_lend(hold_conn, OP_HOLD, second_buf, LENT_PAGES * BATON_PAGE_SIZE, &off, &valid, 0);
}

static void orphaned_window_is_not_reused(void)
{
	struct baton_server_id id_a, id_b;
	uint32_t pid_a, pid_b, tid, tid2;
	struct baton_exit ex;
	uint64_t w[4] = {1, 0, 0, 0}, got[5] = {0};
	bool ok = t_server(0, NULL, &id_b, &pid_b, &hold_conn) == BATON_OK &&
		  t_server(0, &id_b, &id_a, &pid_a, &chain_conn) == BATON_OK &&
		  (chain_buf = t_pages(LENT_PAGES)) != NULL &&
		  (second_buf = t_pages(LENT_PAGES)) != NULL;

	t_fill(chain_buf, LENT_PAGES * BATON_PAGE_SIZE, 3);
	memset(second_buf, 1, LENT_PAGES * BATON_PAGE_SIZE);
	ok &= baton_thread_create(lend_down_the_chain, NULL, 0, BATON_PRIO_DEFAULT, &tid) == 0;
	for (int i = 0; i < 1000 && ok && held(hold_conn) < 1; i++)
		baton_sleep_ns(500000);
	ok &= baton_kill(pid_a) == BATON_OK && baton_wait(pid_a, NULL) == BATON_OK;
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	ok &= baton_thread_create(lend_second, NULL, 0, BATON_PRIO_DEFAULT, &tid2) == BATON_OK;
	for (int i = 0; i < 1000 && ok && held(hold_conn) < 2; i++)
		baton_sleep_ns(500000);
	/* B sums both held buffers: reading the orphan's window address must fault B. */
	long err = baton_blocking_scalar(hold_conn, OP_ANSWER_HELD, w, 0, got, NULL);
	T_EXPECT_EQ(err, BATON_ERR_GONE, ok);
	if (err == BATON_ERR_GONE)
		ok &= baton_wait(pid_b, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT;
	else
		t_server_stop(pid_b, hold_conn); /* it read something: failed, but end it */
	baton_thread_join(tid2, NULL);
	T_EXPECT(second_buf[0] == 1, ok);
	second_buf[0] = 2; /* back, and writable */
	t_case(ok, "ipc.death.orphaned_window_range_not_given_to_the_next_lend");
	baton_disconnect(hold_conn);
	baton_disconnect(chain_conn);
	baton_unmap(chain_buf, LENT_PAGES * BATON_PAGE_SIZE);
	baton_unmap(second_buf, LENT_PAGES * BATON_PAGE_SIZE);
}

/* A caller at priority 25 dies mid-call: the server drops back to its own priority at once. */
static volatile uint64_t sung;
static volatile bool stop_singing;

static void sing(void *arg)
{
	(void)arg;
	while (!stop_singing)
		sung++;
}

static void dead_callers_priority_is_not_kept(void)
{
	struct baton_server_id id;
	uint32_t pid, conn, probe, tid;
	char lo[24], hi[24];
	const char *argv[] = {"work-call", lo, hi, NULL};
	bool ok = baton_set_priority(0, 30) == BATON_OK &&
		  t_server(0, NULL, &id, &pid, &conn) == BATON_OK;

	t_id_args(&id, lo, hi);
	ok &= baton_spawn("probe", argv, &probe) == BATON_OK;
	baton_sleep_ns(20000000); /* the server works for the probe, at 25 */
	ok &= baton_kill(probe) == BATON_OK && baton_wait(probe, NULL) == BATON_OK;
	stop_singing = false;
	ok &= baton_thread_create(sing, NULL, 0, 20, &tid) == BATON_OK;
	baton_sleep_ns(1000000);
	uint64_t s0 = sung;
	baton_sleep_ns(50000000); /* the server (16) still works: the singer (20) runs */
	T_EXPECT(sung > s0, ok);
	t_case(ok, "ipc.death.dead_callers_priority_not_kept_by_the_server");
	stop_singing = true;
	baton_thread_join(tid, NULL);
	baton_set_priority(0, BATON_PRIO_DEFAULT);
	t_server_stop(pid, conn);
}

/* A caller that exits with a Send, a Lend and blocked Scalars still queued. */
static void caller_dies_with_messages_queued(void)
{
	struct baton_server_id id = t_fresh_id();
	struct baton_envelope e;
	char lo[24], hi[24];
	const char *argv[] = {"queue-and-exit", lo, hi, NULL};
	uint32_t server, probe;
	struct baton_exit ex;
	struct baton_mem_info m0;

	baton_mem_info(&m0);
	t_id_args(&id, lo, hi);
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 2, &server) == BATON_OK &&
		  baton_spawn("probe", argv, &probe) == BATON_OK &&
		  baton_wait(probe, &ex) == BATON_OK;
	T_EXPECT(ex.how == BATON_EXIT_NORMAL && ex.status == 0, ok);
	T_EXPECT_EQ(baton_receive(server, BATON_TRY, &e), BATON_ERR_EMPTY, ok);
	t_case(ok, "ipc.death.dead_callers_queued_messages_dropped");
	baton_server_destroy(server);
	t_case(t_pages_back(&m0, false), "ipc.death.dead_callers_queued_pages_freed");
}

static uint32_t waiting_conn;
static long waiting_result = 1;

static void send_into_a_full_queue(void *arg)
{
	uint64_t w[4] = {0};
	(void)arg;
	waiting_result = baton_scalar(waiting_conn, 7, w, 0);
}

/* A one-way sender waiting for room when the server is destroyed hears GONE, not OK. */
static void destroyed_server_wakes_a_waiting_sender_gone(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t server, tid;
	uint64_t w[4] = {0};
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 1, &server) == BATON_OK &&
		  baton_connect(&id, 0, &waiting_conn) == BATON_OK &&
		  baton_scalar(waiting_conn, 1, w, 0) == BATON_OK &&
		  baton_thread_create(send_into_a_full_queue, NULL, 0, BATON_PRIO_DEFAULT, &tid) ==
			  BATON_OK;
	ok = ok && t_wait_blocked(tid);
	ok &= baton_server_destroy(server) == BATON_OK;
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	T_EXPECT_EQ(waiting_result, BATON_ERR_GONE, ok);
	baton_disconnect(waiting_conn);
	t_case(ok, "ipc.death.sender_waiting_for_room_hears_gone_when_the_server_is_destroyed");
}

/* ---- a chain deeper than 16 whose client dies --------------------------------------- */

#define DEEP 20

static uint32_t deep_server[DEEP], deep_conn[DEEP];
static volatile bool deep_reached, deep_client_gone;
static volatile uint64_t deep_own_ticks;

static uint64_t own_cpu_ticks(void)
{
	struct baton_thread_info me;

	baton_thread_info(0, &me);
	return me.cpu_ticks;
}

/*
 * Link i of the chain: its call goes on to link i + 1; the last waits until
 * the client is dead, then spins and records how much of that time was
 * charged to itself.
 */
static void deep_link(void *arg)
{
	unsigned i = (unsigned)(uintptr_t)arg;
	uint64_t w[4] = {0}, got[5], x[5] = {0};
	struct baton_envelope e;

	if (baton_receive(deep_server[i], 0, &e))
		return;
	if (i + 1 < DEEP) {
		baton_blocking_scalar(deep_conn[i + 1], 0, w, 0, got, NULL);
	} else {
		deep_reached = true;
		while (!deep_client_gone)
			baton_sleep_ns(1000000);
		uint64_t t0 = own_cpu_ticks();
		for (volatile uint64_t n = 0; n < 2000000; n++)
			;
		deep_own_ticks = own_cpu_ticks() - t0;
	}
	baton_return_scalar(e.token, 1, x); /* CALLER_GONE at the top: nobody to answer */
}

/*
 * Every thread down a chain of calls runs on the client's context; when the
 * client dies, all of them, however deep, get their own back (the deepest
 * once ran on a freed thread's context and charged its time there).
 */
static void deep_chain_gets_its_own_time_back(void)
{
	struct baton_server_id ids[DEEP];
	uint32_t tid[DEEP], probe;
	char lo[24], hi[24];
	const char *argv[] = {"work-call", lo, hi, NULL};
	bool ok = baton_set_priority(0, 30) == BATON_OK;

	for (unsigned i = 0; i < DEEP && ok; i++) {
		ids[i] = t_fresh_id();
		ok = baton_server_create(&ids[i], BATON_SERVER_CHOOSE_ID, 0, &deep_server[i]) ==
			     BATON_OK &&
		     baton_connect(&ids[i], 0, &deep_conn[i]) == BATON_OK &&
		     baton_thread_create(deep_link, (void *)(uintptr_t)i, 0, BATON_PRIO_DEFAULT,
					 &tid[i]) == BATON_OK;
	}
	t_id_args(&ids[0], lo, hi);
	ok &= baton_spawn("probe", argv, &probe) == BATON_OK;
	for (int n = 0; n < 2000 && ok && !deep_reached; n++)
		baton_sleep_ns(1000000);
	T_EXPECT(deep_reached, ok);
	ok &= baton_kill(probe) == BATON_OK && baton_wait(probe, NULL) == BATON_OK;
	deep_client_gone = true;
	for (unsigned i = 0; i < DEEP; i++)
		baton_thread_join(tid[i], NULL);
	T_EXPECT(deep_own_ticks > 0, ok);
	if (!ok)
		printf("  the deepest link was charged %llu ticks for its own spin\n",
		       (unsigned long long)deep_own_ticks);
	t_case(ok, "ipc.death.chain_deeper_than_16_gets_its_own_context_back");
	for (unsigned i = 0; i < DEEP; i++) {
		baton_disconnect(deep_conn[i]);
		baton_server_destroy(deep_server[i]);
	}
}

/* ---- a long chain of forwarded lends whose first server is destroyed ---------------- */

#define FORWARDS 250 /* links: about as many threads as a process may have */

static uint32_t fw_server[FORWARDS], fw_conn[FORWARDS];
static volatile bool fw_reached, fw_release;
static volatile long fw_first_err = 1;

/* Link i lends the page it was lent on to link i + 1; the last holds it until released. */
static void forward_link(void *arg)
{
	unsigned i = (unsigned)(uintptr_t)arg;
	uint64_t off = 0, valid = 0, x[5] = {0};
	struct baton_envelope e;

	if (baton_receive(fw_server[i], 0, &e))
		return;
	if (i + 1 < FORWARDS) {
		baton_lend(fw_conn[i + 1], 0, (void *)e.w[0], e.w[1], &off, &valid, 0);
	} else {
		fw_reached = true;
		while (!fw_release)
			baton_sleep_ns(1000000);
	}
	baton_return_scalar(e.token, 1, x); /* nobody is waiting any more: an error, ignored */
}

static void forward_client(void *arg)
{
	uint64_t off = 0, valid = 0;

	fw_first_err = baton_lend(fw_conn[0], 0, arg, BATON_PAGE_SIZE, &off, &valid, 0);
}

/*
 * Destroying the first server of a chain of 250 forwards takes every
 * forward's pages home, deepest first: without a kernel stack as deep as
 * the chain (this once overflowed it and panicked the kernel).
 */
static void destroyed_server_with_a_long_forward_chain(void)
{
	struct baton_mem_info m0;
	uint32_t tid[FORWARDS], client;
	uint8_t *page = NULL;
	bool ok = baton_mem_info(&m0) == BATON_OK &&
		  baton_map(NULL, BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W, (void **)&page) ==
			  BATON_OK;
	unsigned made = 0;

	for (; made < FORWARDS && ok; made++) {
		struct baton_server_id id = t_fresh_id();
		ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &fw_server[made]) ==
			     BATON_OK &&
		     baton_connect(&id, 0, &fw_conn[made]) == BATON_OK &&
		     baton_thread_create(forward_link, (void *)(uintptr_t)made, 0,
					 BATON_PRIO_DEFAULT, &tid[made]) == BATON_OK;
	}
	ok &= baton_thread_create(forward_client, page, 0, BATON_PRIO_DEFAULT, &client) == BATON_OK;
	for (int n = 0; n < 5000 && ok && !fw_reached; n++)
		baton_sleep_ns(1000000);
	T_EXPECT(fw_reached, ok);
	T_EXPECT_EQ(baton_server_destroy(fw_server[0]), BATON_OK, ok);
	fw_release = true;
	baton_thread_join(client, NULL);
	for (unsigned i = 0; i < made; i++)
		baton_thread_join(tid[i], NULL);
	T_EXPECT_EQ(fw_first_err, BATON_ERR_GONE, ok);
	page[0] = 1; /* the client's page is its own again, writable */
	t_case(ok, "ipc.death.destroyed_server_with_250_forwards_takes_every_page_home");
	for (unsigned i = 0; i < made; i++) {
		baton_disconnect(fw_conn[i]);
		if (i)
			baton_server_destroy(fw_server[i]);
	}
	baton_unmap(page, BATON_PAGE_SIZE);
	t_case(t_pages_back(&m0, false), "ipc.death.long_forward_chain_no_page_lost");
}

int main(void)
{
	server_dies_while_serving();
	destroyed_server_wakes_a_waiting_sender_gone();
	server_ends_with_a_full_queue(true);
	server_ends_with_a_full_queue(false);
	caller_dies_mid_mutable_lend();
	caller_dies_with_messages_queued();
	middle_of_a_chain_dies();
	broken_chain_stops_charging_the_caller();
	orphaned_window_is_not_reused();
	dead_callers_priority_is_not_kept();
	deep_chain_gets_its_own_time_back();
	destroyed_server_with_a_long_forward_chain();
	return t_done();
}
