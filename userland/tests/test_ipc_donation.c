/*
 * test_ipc_donation.c — quantum and priority inheritance: a server answering
 * a two-way call runs at its caller's priority, on its caller's time, with
 * nothing scheduled in between, and a busy server is raised to the highest
 * priority waiting on it.
 */
#include "ipc_test.h"

#define PRIO_SERVER  2
#define PRIO_LOW     3
#define PRIO_MEDIUM  10
#define PRIO_HIGH    20
#define PRIO_CONTROL 30

static volatile bool stop;
static volatile uint64_t canary;

static uint64_t own_ticks(void)
{
	struct baton_thread_info me;

	baton_thread_info(0, &me);
	return me.cpu_ticks;
}

static void spin(uint64_t loops)
{
	for (volatile uint64_t i = 0; i < loops; i++)
		;
}

/* What `loops` of spinning costs when this thread does it itself. */
static uint64_t local_cost(uint64_t loops)
{
	uint64_t t0 = own_ticks();

	spin(loops);
	return own_ticks() - t0;
}

static long work(uint32_t conn, uint64_t loops, uint64_t got[5])
{
	uint64_t w[4] = {loops, 0, 0, 0};

	return baton_blocking_scalar(conn, OP_WORK, w, 0, got, NULL);
}

static long set_server_priority(uint32_t conn, unsigned priority)
{
	uint64_t w[4] = {priority, 0, 0, 0}, got[5];
	long err = baton_blocking_scalar(conn, OP_PRIORITY, w, 0, got, NULL);

	return err ? err : (long)got[0];
}

/* ---- A medium-priority thread that spins until told to stop, or gives up ----------- */

struct spinner {
	uint64_t deadline; /* timebase ticks */
	bool gave_up;
};

static void spin_until_stopped(void *arg)
{
	struct spinner *s = arg;

	while (!stop)
		if (baton_rdtime() > s->deadline) {
			s->gave_up = true;
			return;
		}
}

static uint64_t ticks_from_now(uint64_t ms)
{
	return baton_rdtime() + baton_timebase_hz() / 1000 * ms;
}

/* ---- Direct switch: the server works on the caller's priority and time ------------- */

static void runs_on_the_callers_context(uint32_t conn)
{
	const uint64_t loops = 200000;
	uint64_t got[5], server0, mine0, cost = local_cost(loops);
	bool ok = work(conn, 1, got) == BATON_OK;

	server0 = got[1];
	mine0 = own_ticks();
	for (int i = 0; i < 4 && ok; i++)
		ok = work(conn, loops, got) == BATON_OK;
	uint64_t mine = own_ticks() - mine0;
	T_EXPECT_EQ(got[0], BATON_PRIO_DEFAULT, ok); /* ran at the caller's priority */
	t_case(ok, "ipc.donation.server_runs_at_the_callers_priority");
	ok = got[1] == server0;
	if (!ok)
		printf("  server ticks grew %llu -> %llu\n", (unsigned long long)server0,
		       (unsigned long long)got[1]);
	t_case(ok, "ipc.donation.server_cpu_time_does_not_grow_while_serving");
	ok = mine >= 4 * cost - cost / 2;
	if (!ok)
		printf("  caller charged %llu ticks; the work costs %llu\n",
		       (unsigned long long)mine, (unsigned long long)(4 * cost));
	t_case(ok, "ipc.donation.caller_is_charged_for_the_servers_work");
}

/* Scalar and Send do not donate: the server does their work on its own time. */
static void one_way_messages_do_not_donate(uint32_t conn)
{
	const uint64_t loops = 200000;
	uint64_t got[5], cost = local_cost(loops);
	bool ok = work(conn, 1, got) == BATON_OK;
	uint64_t server0 = got[1], mine0 = own_ticks();

	for (uint64_t i = 1; i <= 4 && ok; i++) {
		uint64_t w[4] = {40, i, loops, 0}; /* OP_SEQ_NOTE: sender 40, number i, work */
		ok = baton_scalar(conn, OP_SEQ_NOTE, w, 0) == BATON_OK;
	}
	ok &= work(conn, 1, got) == BATON_OK; /* queued behind them: they are done */
	uint64_t mine = own_ticks() - mine0;
	T_EXPECT(got[1] - server0 >= 4 * cost - cost / 2, ok); /* the server's own time */
	T_EXPECT(mine < cost, ok);			       /* not the sender's */
	t_case(ok, "ipc.donation.scalar_work_is_charged_to_the_server");
}

/* ---- Same-priority canary: nothing runs between a call and its switch ------------ */

static uint32_t own_server;

static void serve_canary(void *arg)
{
	struct baton_envelope e;
	long err = baton_receive(own_server, 0, &e);
	(void)arg;

	while (err == BATON_OK) {
		uint64_t x[5] = {canary};
		err = baton_reply_receive(e.token, 1, x, own_server, &e);
	}
}

/* Counts while it runs; gives up after a while, so a broken kernel fails the test, not hangs. */
static void sing(void *arg)
{
	uint64_t deadline = ticks_from_now(3000);
	(void)arg;

	while (!stop && baton_rdtime() < deadline)
		canary++;
}

static void nothing_runs_between_call_and_switch(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t conn, server_tid, canary_tid;
	unsigned mismatches = 0, calls = 1000;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &own_server) == BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK &&
		  baton_thread_create(serve_canary, NULL, 0, PRIO_SERVER, &server_tid) == BATON_OK;

	baton_sleep_ns(1000000); /* the server thread gets to its first RECEIVE */
	stop = false;
	ok &= baton_thread_create(sing, NULL, 0, BATON_PRIO_DEFAULT, &canary_tid) == BATON_OK;
	baton_yield(); /* the canary sings for a slice: it is running, not just created */
	uint64_t sang = canary;
	for (unsigned i = 0; i < calls && ok; i++) {
		uint64_t w[4] = {0}, got[5], before = canary;
		ok = baton_blocking_scalar(conn, 0, w, 0, got, NULL) == BATON_OK;
		mismatches += got[0] != before || canary != before;
	}
	stop = true;
	baton_thread_join(canary_tid, NULL);
	/* A slice may end inside a call (the chain is preempted as a whole); no more than that. */
	T_EXPECT(mismatches <= 2, ok);
	T_EXPECT(sang > 0, ok);
	printf("  %u of %u calls saw the canary move; it sang %llu times\n", mismatches, calls,
	       (unsigned long long)canary);
	t_case(ok, "ipc.donation.same_priority_canary_never_runs_inside_a_call");
	baton_server_destroy(own_server);
	baton_thread_join(server_tid, NULL);
	baton_disconnect(conn);
}

/* ---- Inversion: high calls low while medium spins -------------------------------- */

struct client {
	uint32_t conn;
	uint64_t loops;
	int calls;
	long err;
	uint64_t got[5];
};

static void call_work(void *arg)
{
	struct client *c = arg;

	for (int i = 0; i < c->calls && !c->err; i++)
		c->err = work(c->conn, c->loops, c->got);
	stop = true;
}

/*
 * `high` makes its calls while a medium-priority thread spins, on a server
 * of low priority: without inheritance the server would never run again.
 */
static bool calls_beside_a_spinner(struct client *high)
{
	struct spinner medium = {ticks_from_now(2000), false};
	uint32_t m, h;
	bool ok;

	stop = false;
	ok = baton_thread_create(spin_until_stopped, &medium, 0, PRIO_MEDIUM, &m) == 0 &&
	     baton_thread_create(call_work, high, 0, PRIO_HIGH, &h) == 0;
	baton_thread_join(h, NULL);
	baton_thread_join(m, NULL);
	T_EXPECT_EQ(high->err, BATON_OK, ok);
	T_EXPECT(!medium.gave_up, ok);
	return ok;
}

static void high_calls_low_while_medium_spins(uint32_t conn)
{
	struct client high = {conn, 500000, 20, 0, {0}};
	bool ok = calls_beside_a_spinner(&high);

	T_EXPECT_EQ(high.got[0], PRIO_HIGH, ok);
	t_case(ok, "ipc.donation.high_calls_low_server_while_medium_spins");
}

/*
 * A low-priority caller is being served when a high-priority one queues:
 * the server is raised to high, finishes the low call, then serves high.
 */
static void busy_server_is_raised(uint32_t conn)
{
	struct spinner medium = {ticks_from_now(4000), false};
	struct client low = {conn, 3000000, 1, 0, {0}}, high = {conn, 1000, 1, 0, {0}};
	uint32_t l, m, h;

	stop = false;
	bool ok = baton_thread_create(call_work, &low, 0, PRIO_LOW, &l) == BATON_OK;
	baton_sleep_ns(2000000); /* low's call is now being served, on low's priority */
	ok &= baton_thread_create(spin_until_stopped, &medium, 0, PRIO_MEDIUM, &m) == 0 &&
	      baton_thread_create(call_work, &high, 0, PRIO_HIGH, &h) == 0;
	baton_thread_join(h, NULL);
	baton_thread_join(m, NULL);
	baton_thread_join(l, NULL);
	T_EXPECT(low.err == BATON_OK && high.err == BATON_OK, ok);
	T_EXPECT(!medium.gave_up, ok);
	T_EXPECT_EQ(low.got[0], PRIO_HIGH, ok); /* finished low's work at high's priority */
	t_case(ok, "ipc.donation.busy_server_raised_to_the_waiting_callers_priority");
}

/* ---- Chains: client -> A -> B -------------------------------------------------- */

static void chain_donates_through(uint32_t conn_a)
{
	struct client high = {conn_a, 500000, 20, 0, {0}};
	bool ok = calls_beside_a_spinner(&high);

	T_EXPECT_EQ(high.got[0], PRIO_HIGH, ok); /* B ran at the client's priority */
	T_EXPECT_EQ(high.got[2], PRIO_HIGH, ok); /* and so did A */
	t_case(ok, "ipc.donation.chain_runs_at_the_clients_priority");
}

/*
 * A chained call longer than a slice: the chain is preempted as a whole
 * (a same-priority thread gets its turns), and every tick is the client's.
 */
static void long_chain_call_is_preempted_as_a_whole(uint32_t conn_a)
{
	const uint64_t loops = 6000000;
	uint64_t got[5], first[5], cost = local_cost(loops / 4) * 4;
	uint32_t canary_tid;
	bool ok = work(conn_a, 1, first) == BATON_OK;

	stop = false;
	canary = 0;
	ok &= baton_thread_create(sing, NULL, 0, BATON_PRIO_DEFAULT, &canary_tid) == BATON_OK;
	uint64_t mine0 = own_ticks();
	ok &= work(conn_a, loops, got) == BATON_OK;
	uint64_t mine = own_ticks() - mine0, sang = canary;
	stop = true;
	baton_thread_join(canary_tid, NULL);
	T_EXPECT(sang > 0, ok); /* it had turns while the chain worked */
	T_EXPECT(mine >= cost - cost / 8, ok);
	T_EXPECT_EQ(got[1], first[1], ok); /* B's own time did not grow */
	T_EXPECT_EQ(got[3], first[3], ok); /* nor A's */
	printf("  work %llu ticks, charged to the client %llu\n", (unsigned long long)cost,
	       (unsigned long long)mine);
	t_case(ok, "ipc.donation.long_chain_preempted_as_a_whole_and_charged_to_the_client");
}

static uint32_t own_conn;

static void call_own_server(void *arg)
{
	uint64_t w[4] = {0}, got[5];
	(void)arg;
	baton_blocking_scalar(own_conn, 9, w, 0, got, NULL);
}

/* A call of priority 25 that this thread (base 10) now serves, from a thread of its own. */
struct served_call {
	uint32_t server, caller;
	struct baton_envelope e;
};

static bool serve_a_caller_at_25(struct served_call *c)
{
	struct baton_server_id id = t_fresh_id();

	return baton_set_priority(0, 10) == BATON_OK &&
	       baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &c->server) == BATON_OK &&
	       baton_connect(&id, 0, &own_conn) == BATON_OK &&
	       baton_thread_create(call_own_server, NULL, 0, 25, &c->caller) == BATON_OK &&
	       baton_receive(c->server, 0, &c->e) == BATON_OK;
}

/* The caller joined (answered or not), the server gone, this thread at its usual priority. */
static bool served_call_end(struct served_call *c)
{
	bool ok = baton_thread_join(c->caller, NULL) == BATON_OK;

	baton_disconnect(own_conn);
	baton_server_destroy(c->server);
	baton_set_priority(0, BATON_PRIO_DEFAULT);
	return ok;
}

/*
 * A thread serving a caller of priority 25 lowers its own priority to 12:
 * it still runs at 25 while it serves, and at 12 once it has answered.
 */
static void set_priority_while_serving_keeps_the_inherited(void)
{
	struct baton_thread_info serving, answered;
	struct served_call c;
	uint64_t w[5] = {0};
	bool ok = serve_a_caller_at_25(&c);

	ok = ok && baton_set_priority(0, 12) == BATON_OK && baton_thread_info(0, &serving) == 0;
	ok = ok && baton_return_scalar(c.e.token, 1, w) == BATON_OK &&
	     baton_thread_info(0, &answered) == BATON_OK;
	T_EXPECT_EQ(serving.priority, 25, ok);
	T_EXPECT_EQ(answered.priority, 12, ok);
	ok &= served_call_end(&c);
	t_case(ok, "ipc.donation.set_priority_while_serving_keeps_the_inherited");
}

/*
 * The caller of priority 25 is lowered to 5 while this thread (base 10)
 * serves it: the server comes down with it, to its own 10.
 */
static void caller_lowered_while_served_lowers_the_server(void)
{
	struct baton_thread_info raised, lowered;
	struct served_call c;
	uint64_t w[5] = {0};
	bool ok = serve_a_caller_at_25(&c);

	ok = ok && baton_thread_info(0, &raised) == BATON_OK &&
	     baton_set_priority(c.caller, 5) == BATON_OK &&
	     baton_thread_info(0, &lowered) == BATON_OK;
	T_EXPECT_EQ(raised.priority, 25, ok);
	T_EXPECT_EQ(lowered.priority, 10, ok);
	ok &= baton_return_scalar(c.e.token, 1, w) == BATON_OK;
	ok &= served_call_end(&c);
	t_case(ok, "ipc.donation.caller_lowered_while_served_lowers_the_server");
}

int main(void)
{
	struct baton_server_id id, id_b;
	uint32_t pid, conn, pid_b, conn_b, pid_a, conn_a;

	if (t_server(0, NULL, &id, &pid, &conn) || set_server_priority(conn, PRIO_SERVER)) {
		t_case(false, "ipc.setup.server_started");
		return t_done();
	}
	set_priority_while_serving_keeps_the_inherited();
	caller_lowered_while_served_lowers_the_server();
	runs_on_the_callers_context(conn);
	one_way_messages_do_not_donate(conn);
	nothing_runs_between_call_and_switch();
	baton_set_priority(0, PRIO_CONTROL); /* from here this thread only arranges the others */
	high_calls_low_while_medium_spins(conn);
	busy_server_is_raised(conn);
	t_server_stop(pid, conn);

	if (t_server(0, NULL, &id_b, &pid_b, &conn_b) || set_server_priority(conn_b, PRIO_SERVER) ||
	    t_server(0, &id_b, &id, &pid_a, &conn_a) || set_server_priority(conn_a, PRIO_SERVER)) {
		t_case(false, "ipc.setup.chain_started");
		return t_done();
	}
	chain_donates_through(conn_a);
	baton_set_priority(0, BATON_PRIO_DEFAULT);
	long_chain_call_is_preempted_as_a_whole(conn_a);
	t_server_stop(pid_a, conn_a);
	t_server_stop(pid_b, conn_b);
	return t_done();
}
