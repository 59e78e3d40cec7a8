/*
 * test_ipc_queue.c — a slow server with a small queue and eight busy
 * senders: every message answered or counted once, each sender's order
 * kept, and senders waiting for room use no CPU time while they wait.
 */
#include "ipc_test.h"

#define SENDERS	  8
#define MESSAGES  1000
#define DEPTH	  2
#define WORK_CALL 200  /* loops of server work per blocking call */
#define WORK_NOTE 5000 /* per one-way message: the server is the slow side */

struct sender {
	uint32_t conn;
	unsigned index; /* the sender number the server checks order by */
	bool blocking;	/* BlockingScalar OP_SEQ, else Scalar OP_SEQ_NOTE */
	unsigned sent, answered_in_order;
	long err;
	uint64_t cpu_ticks;
};

static void send_numbered(void *arg)
{
	struct sender *s = arg;
	struct baton_thread_info me;

	for (uint64_t seq = 1; seq <= MESSAGES && !s->err; seq++) {
		uint64_t w[4] = {s->index, seq, s->blocking ? WORK_CALL : WORK_NOTE, 0}, got[5];
		if (s->blocking) {
			s->err = baton_blocking_scalar(s->conn, OP_SEQ, w, 0, got, NULL);
			s->answered_in_order += !s->err && got[0] == 1;
		} else {
			s->err = baton_scalar(s->conn, OP_SEQ_NOTE, w, 0);
		}
		s->sent += !s->err;
	}
	baton_thread_info(0, &me);
	s->cpu_ticks = me.cpu_ticks;
}

/* Runs SENDERS threads to the end; returns the CPU ticks they used together. */
static uint64_t run_senders(struct sender *s, uint32_t conn, unsigned first, bool blocking)
{
	uint32_t tids[SENDERS];
	uint64_t ticks = 0;

	for (unsigned i = 0; i < SENDERS; i++) {
		s[i] = (struct sender){.conn = conn, .index = first + i, .blocking = blocking};
		if (baton_thread_create(send_numbered, &s[i], 0, BATON_PRIO_DEFAULT, &tids[i]))
			s[i].err = BATON_ERR_NOMEM;
	}
	for (unsigned i = 0; i < SENDERS; i++) {
		baton_thread_join(tids[i], NULL);
		ticks += s[i].cpu_ticks;
	}
	return ticks;
}

static bool notes(uint32_t conn, uint64_t out[5])
{
	uint64_t w[4] = {0};

	return baton_blocking_scalar(conn, OP_NOTES, w, 0, out, NULL) == BATON_OK;
}

/* The server thread's own CPU ticks (OP_WORK answers them; asking costs it none). */
static uint64_t server_time(uint32_t conn)
{
	uint64_t w[4] = {0}, got[5] = {0};

	baton_blocking_scalar(conn, OP_WORK, w, 0, got, NULL);
	return got[1];
}

static void blocking_calls_all_answered_in_order(uint32_t conn)
{
	struct sender s[SENDERS];
	bool ok = true;

	run_senders(s, conn, 0, true);
	for (unsigned i = 0; i < SENDERS; i++) {
		T_EXPECT_EQ(s[i].err, BATON_OK, ok);
		T_EXPECT_EQ(s[i].answered_in_order, MESSAGES, ok);
	}
	t_case(ok, "ipc.queue.8x1000_blocking_calls_all_answered_in_order");
}

/*
 * One-way senders overrun a queue of two and wait for room.  The server
 * runs on its own time (Scalar does not donate); if the waiting senders
 * polled, their CPU time would be of the order of the server's.
 */
static void full_queue_senders_wait_in_order(uint32_t conn)
{
	struct sender s[SENDERS];
	uint64_t before[5], after[5];
	bool ok = notes(conn, before);
	uint64_t server0 = server_time(conn);

	uint64_t senders = run_senders(s, conn, SENDERS, false);
	ok &= notes(conn, after); /* queued after every note: answered once all are counted */
	for (unsigned i = 0; i < SENDERS; i++) {
		T_EXPECT_EQ(s[i].err, BATON_OK, ok);
		T_EXPECT_EQ(s[i].sent, MESSAGES, ok);
	}
	T_EXPECT_EQ(after[0] - before[0], SENDERS * MESSAGES, ok); /* none lost, none twice */
	T_EXPECT_EQ(after[2], before[2], ok);			   /* none out of order */
	t_case(ok, "ipc.queue.8x1000_one_way_sends_none_lost_order_kept");

	uint64_t server = server_time(conn) - server0;
	ok = senders * 4 < server;
	printf("  senders used %llu ticks in all, the server %llu\n", (unsigned long long)senders,
	       (unsigned long long)server);
	t_case(ok, "ipc.queue.senders_waiting_for_room_use_no_cpu_time");
}

int main(void)
{
	struct baton_server_id id;
	uint32_t pid, conn;
	struct baton_mem_info m0;

	baton_mem_info(&m0);
	if (t_server(DEPTH, NULL, &id, &pid, &conn)) {
		t_case(false, "ipc.setup.server_started");
		return t_done();
	}
	blocking_calls_all_answered_in_order(conn);
	full_queue_senders_wait_in_order(conn);
	t_server_stop(pid, conn);
	t_case(t_pages_back(&m0, true), "ipc.queue.every_page_back");
	return t_done();
}
