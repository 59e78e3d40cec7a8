/* test_ipc_kinds.c — every kind, every answer size, and buffers from one page to a megapage. */
#include "ipc_test.h"

static uint32_t conn, server_pid;

static void scalar_words(void)
{
	uint64_t zero[4] = {0}, ones[4] = {~0ull, ~0ull, ~0ull, ~0ull}, got[5];
	unsigned count = 0;
	bool ok = true;

	T_EXPECT_EQ(baton_blocking_scalar(conn, OP_ECHO5, zero, 0, got, &count), BATON_OK, ok);
	T_EXPECT(count == 5 && !got[0] && !got[1] && !got[2] && !got[3] && got[4] != 0, ok);
	T_EXPECT_EQ(baton_blocking_scalar(conn, OP_ECHO5, ones, 0, got, &count), BATON_OK, ok);
	T_EXPECT(count == 5 && got[0] == ~0ull && got[3] == ~0ull && got[4] != 0, ok);
	t_case(ok, "ipc.blocking_scalar.five_words_zero_and_all_ones");

	uint64_t w[4] = {10, 20, 30, 40};
	ok = baton_blocking_scalar(conn, OP_ADD, w, 0, got, &count) == BATON_OK;
	T_EXPECT(count == 1 && got[0] == 100 && got[1] == 0, ok);
	t_case(ok, "ipc.blocking_scalar.answer_of_one_word");
	ok = baton_blocking_scalar(conn, OP_SWAP, w, 0, got, &count) == BATON_OK;
	T_EXPECT(count == 2 && got[0] == 20 && got[1] == 10 && got[2] == 0, ok);
	t_case(ok, "ipc.blocking_scalar.answer_of_two_words");
}

static void scalar_one_way(void)
{
	uint64_t w[4] = {5, 0, 0, 0}, before[5], after[5];
	bool ok = baton_blocking_scalar(conn, OP_NOTES, w, 0, before, NULL) == BATON_OK;

	for (int i = 0; i < 100; i++)
		T_EXPECT_EQ(baton_scalar(conn, OP_NOTE, w, 0), BATON_OK, ok);
	ok &= baton_blocking_scalar(conn, OP_NOTES, w, 0, after, NULL) == BATON_OK;
	T_EXPECT_EQ(after[0] - before[0], 100, ok);
	T_EXPECT_EQ(after[1] - before[1], 500, ok);
	t_case(ok, "ipc.scalar.hundred_notes_all_arrive");
}

static void answer_and_receive_loop(void)
{
	bool ok = true;

	for (uint64_t i = 0; i < 2000 && ok; i++) {
		uint64_t w[4] = {i, i, i, 1}, got[5];
		ok = baton_blocking_scalar(conn, OP_ADD, w, 0, got, NULL) == BATON_OK &&
		     got[0] == 3 * i + 1;
	}
	t_case(ok, "ipc.reply_receive.two_thousand_calls_in_a_loop");
}

static void lend_sizes(void)
{
	static const size_t pages[] = {1, 2, 17, 512};

	for (unsigned k = 0; k < 4; k++) {
		size_t len = pages[k] * BATON_PAGE_SIZE;
		uint8_t *buf = t_pages(pages[k]);
		uint64_t free0, off = 3 + k, valid = 0;
		bool ok = buf != NULL;
		if (ok) {
			t_fill(buf, len, off);
			/* The server's window makes its page tables once and keeps them. */
			baton_lend(conn, OP_CHECK, buf, len, &off, &valid, 0);
			free0 = t_free_pages();
			ok = baton_lend(conn, OP_CHECK, buf, len, &off, &valid, 0) == BATON_OK;
			T_EXPECT(off == 3 + k && valid == len, ok);
			buf[len - 1] ^= 1; /* writable again */
			T_EXPECT_EQ(t_free_pages(), free0, ok);
			baton_unmap(buf, len);
		}
		t_case(ok, "ipc.lend.%zu_pages_server_reads_them", pages[k]);
	}
}

static void mutable_lend_sizes(void)
{
	static const size_t pages[] = {1, 2, 17, 512};

	for (unsigned k = 0; k < 4; k++) {
		size_t len = pages[k] * BATON_PAGE_SIZE;
		uint8_t *buf = t_pages(pages[k]);
		uint64_t off = 9 + k, valid = 0;
		bool ok = buf != NULL;
		if (ok) {
			memset(buf, 0, len);
			ok = baton_mutable_lend(conn, OP_FILL, buf, len, &off, &valid, 0) ==
			     BATON_OK;
			T_EXPECT(off == 10 + k && valid == len, ok); /* changed by the server */
			T_EXPECT(t_pattern(buf, len, 9 + k), ok);    /* its writes are here */
			baton_unmap(buf, len);
		}
		t_case(ok, "ipc.mutable_lend.%zu_pages_server_writes_visible", pages[k]);
	}
}

static void send_sizes(void)
{
	static const size_t pages[] = {1, 2, 17, 512};
	uint64_t w[4] = {0}, before[5], after[5];

	for (unsigned k = 0; k < 4; k++) {
		size_t len = pages[k] * BATON_PAGE_SIZE;
		uint8_t *buf = t_pages(pages[k]);
		struct baton_mem_info m0, m1;
		bool ok = buf != NULL &&
			  baton_blocking_scalar(conn, OP_NOTES, w, 0, before, NULL) == 0;
		baton_mem_info(&m0);
		if (ok) {
			t_fill(buf, len, 77);
			ok = baton_send(conn, OP_CHECK, buf, len, 77, 0, 0) == BATON_OK;
			baton_mem_info(&m1);
			T_EXPECT_EQ(m1.own_pages, m0.own_pages - pages[k], ok); /* they left us */
			ok &= baton_blocking_scalar(conn, OP_NOTES, w, 0, after, NULL) == 0;
			T_EXPECT_EQ(after[0], before[0] + 1,
				    ok);       /* the server saw the right bytes */
			baton_unmap(buf, len); /* nothing there any more: a no-op */
		}
		t_case(ok, "ipc.send.%zu_pages_move_to_the_server", pages[k]);
	}
}

static void megapage_lend(void)
{
	uint8_t *buf = NULL;
	uint64_t off = 5, valid = 0;
	bool ok = baton_map(NULL, BATON_MEGAPAGE, BATON_MAP_R | BATON_MAP_W | BATON_MAP_MEGA,
			    (void **)&buf) == BATON_OK;

	T_EXPECT(((uintptr_t)buf & (BATON_MEGAPAGE - 1)) == 0, ok);
	if (ok) {
		t_fill(buf, BATON_MEGAPAGE, 5);
		ok = baton_lend(conn, OP_CHECK, buf, BATON_MEGAPAGE, &off, &valid, 0) == BATON_OK;
		T_EXPECT_EQ(valid, BATON_MEGAPAGE, ok);
		off = 1;
		ok &= baton_mutable_lend(conn, OP_FILL, buf, BATON_MEGAPAGE, &off, &valid, 0) == 0;
		T_EXPECT(t_pattern(buf, BATON_MEGAPAGE, 1), ok);
		/* One 2 MiB page in the server, and still one here afterwards. */
		ok &= baton_lend(conn, OP_LEAF, buf, BATON_MEGAPAGE, &off, &valid, 0) == BATON_OK;
		T_EXPECT_EQ(valid, BATON_MEGAPAGE, ok);
		uint64_t here = 0;
		baton_kernel_control(BATON_CTL_LEAF_SIZE, (uintptr_t)buf, &here);
		T_EXPECT_EQ(here, BATON_MEGAPAGE, ok);
		baton_unmap(buf, BATON_MEGAPAGE);
	}
	t_case(ok, "ipc.lend.two_mib_megapage_range");
}

static void megapage_send(void)
{
	uint8_t *buf = NULL;
	uint64_t w[4] = {0}, before[5], after[5];
	struct baton_mem_info m0, m1;
	bool ok = baton_map(NULL, BATON_MEGAPAGE, BATON_MAP_R | BATON_MAP_W | BATON_MAP_MEGA,
			    (void **)&buf) == BATON_OK &&
		  baton_blocking_scalar(conn, OP_NOTES, w, 0, before, NULL) == BATON_OK;

	if (ok) {
		t_fill(buf, BATON_MEGAPAGE, 6);
		baton_mem_info(&m0);
		ok = baton_send(conn, OP_CHECK, buf, BATON_MEGAPAGE, 6, 0, 0) == BATON_OK;
		baton_mem_info(&m1);
		T_EXPECT_EQ(m0.own_pages - m1.own_pages, BATON_MEGAPAGE / BATON_PAGE_SIZE, ok);
		ok &= baton_blocking_scalar(conn, OP_NOTES, w, 0, after, NULL) == BATON_OK;
		T_EXPECT_EQ(after[0], before[0] + 1, ok); /* checked and unmapped by the server */
	}
	t_case(ok, "ipc.send.two_mib_megapage_range");
}

/*
 * A Send whose start is not 2 MiB-aligned but which holds a whole megapage:
 * the server's window gets it as 512 small pages, which it must be able to
 * free one by one, by UNMAP (OP_CHECK) or by ending (op 0 keeps them).
 */
static void megapage_send_at_an_unaligned_start(void)
{
	const size_t len = BATON_PAGE_SIZE + BATON_MEGAPAGE;
	struct baton_server_id id;
	uint32_t pid, c;
	uint64_t free0 = t_free_or_cached(), w[4] = {0}, before[5], after[5];
	uint8_t *area = NULL, *mega = NULL, *page = NULL;
	/* A free 2 MiB-aligned address with a free page below it: taken, then given back. */
	bool ok = baton_map(NULL, 2 * BATON_MEGAPAGE, BATON_MAP_R | BATON_MAP_W | BATON_MAP_MEGA,
			    (void **)&area) == BATON_OK &&
		  baton_unmap(area, 2 * BATON_MEGAPAGE) == BATON_OK &&
		  t_server(0, NULL, &id, &pid, &c) == BATON_OK;

	for (uint64_t op = OP_CHECK, round = 0; ok && round < 2; op = 0, round++) {
		T_EXPECT_EQ(baton_map(area + BATON_MEGAPAGE, BATON_MEGAPAGE,
				      BATON_MAP_R | BATON_MAP_W | BATON_MAP_MEGA, (void **)&mega),
			    BATON_OK, ok);
		T_EXPECT_EQ(baton_map(area + BATON_MEGAPAGE - BATON_PAGE_SIZE, BATON_PAGE_SIZE,
				      BATON_MAP_R | BATON_MAP_W, (void **)&page),
			    BATON_OK, ok);
		ok &= baton_blocking_scalar(c, OP_NOTES, w, 0, before, NULL) == BATON_OK;
		if (!ok)
			break;
		t_fill(page, len, 12);
		T_EXPECT_EQ(baton_send(c, op, page, len, 12, 0, 0), BATON_OK, ok);
		ok &= baton_blocking_scalar(c, OP_NOTES, w, 0, after, NULL) == BATON_OK;
		T_EXPECT_EQ(after[0], before[0] + (op == OP_CHECK), ok); /* the bytes arrived */
		baton_unmap(page, len); /* the MAP ranges, for the next round: the pages are gone */
	}
	t_server_stop(pid, c);
	T_EXPECT_EQ(t_free_or_cached(), free0, ok);
	t_case(ok, "ipc.send.megapage_at_an_unaligned_start_freed_by_the_server");
}

/*
 * Pages received by Send can be sent on from the message window, again and
 * again: the window's address range goes with them each time (more rounds
 * than the window has room to remember ranges).
 */
static void send_from_the_window_many_times(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t server, c;
	struct baton_envelope e;
	uint8_t *buf = t_pages(1);
	unsigned rounds = 0;
	bool ok = buf && baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server) == 0 &&
		  baton_connect(&id, 0, &c) == BATON_OK;

	buf[0] = 0x77;
	for (; ok && rounds < 5000; rounds++) {
		ok = baton_send(c, 0, buf, BATON_PAGE_SIZE, 0, 0, 0) == BATON_OK &&
		     baton_receive(server, BATON_TRY, &e) == BATON_OK;
		buf = (uint8_t *)e.w[0]; /* now in this process's window */
	}
	T_EXPECT(buf[0] == 0x77, ok);
	T_EXPECT_EQ(rounds, 5000, ok);
	baton_unmap(buf, BATON_PAGE_SIZE);
	baton_server_destroy(server);
	baton_disconnect(c);
	t_case(ok, "ipc.send.pages_sent_on_from_the_window_5000_times");
}

/* A server that writes into a (read-only) Lend faults; only it ends, the lender's pages come back. */
static void server_writing_a_lend_faults(void)
{
	struct baton_server_id id;
	uint32_t pid, c;
	struct baton_exit ex;
	uint8_t *buf = t_pages(2);
	uint64_t off = 0, valid = 0;
	bool ok = buf && t_server(0, NULL, &id, &pid, &c) == BATON_OK;

	if (ok) {
		t_fill(buf, 2 * BATON_PAGE_SIZE, 1);
		T_EXPECT_EQ(baton_lend(c, OP_WRITE_LENT, buf, 2 * BATON_PAGE_SIZE, &off, &valid, 0),
			    BATON_ERR_GONE, ok);
		ok &= baton_wait(pid, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT;
		T_EXPECT(t_pattern(buf, 2 * BATON_PAGE_SIZE, 1), ok);
		buf[0] = 0; /* writable again */
		baton_disconnect(c);
	}
	t_case(ok, "ipc.lend.server_writing_a_lend_faults_the_server_only");
	baton_unmap(buf, 2 * BATON_PAGE_SIZE);
}

/* Caller -> A -> B: A lends the pages it was lent on to B, and answers with B's answer. */
static void forwarded_lends(void)
{
	struct baton_server_id id_a, id_b;
	uint32_t pid_a, pid_b, conn_a, conn_b;
	const size_t len = 17 * BATON_PAGE_SIZE;
	uint64_t off = 21, valid = 0, free0 = t_free_or_cached();
	uint8_t *buf = t_pages(17);
	bool ok = buf && t_server(0, NULL, &id_b, &pid_b, &conn_b) == BATON_OK &&
		  t_server(0, &id_b, &id_a, &pid_a, &conn_a) == BATON_OK;

	if (ok) {
		t_fill(buf, len, 21);
		ok = baton_lend(conn_a, OP_FORWARD, buf, len, &off, &valid, 0) == BATON_OK;
		T_EXPECT(off == 21 && valid == len, ok); /* B checked the bytes */
		buf[0] = 1;				 /* writable again */
	}
	t_case(ok, "ipc.forward.lend_passes_through_a_chain");
	if (ok) {
		off = 8;
		valid = 0; /* B's default operation */
		memset(buf, 0, len);
		ok = baton_mutable_lend(conn_a, OP_FORWARD, buf, len, &off, &valid, 0) == BATON_OK;
		T_EXPECT(off == 9 && valid == len, ok);
		T_EXPECT(t_pattern(buf, len, 8), ok); /* B's writes, through A */
	}
	t_case(ok, "ipc.forward.mutable_lend_sees_writes_from_the_end_of_the_chain");
	t_server_stop(pid_a, conn_a);
	t_server_stop(pid_b, conn_b);
	baton_unmap(buf, len);
	t_case(t_free_or_cached() == free0, "ipc.forward.every_page_back");
}

/* ---- several threads receiving on one server -------------------------------------- */

#define RECEIVERS 3
#define CALLERS	  4

static uint32_t shared_server, shared_conn;
static volatile unsigned served_by[RECEIVERS];

static void receive_and_answer(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;
	struct baton_envelope e;
	long err = baton_receive(shared_server, 0, &e);

	while (err == BATON_OK) {
		uint64_t x[5] = {e.w[0] * 2};
		served_by[me]++;
		baton_yield(); /* let the other receivers take messages too */
		err = baton_reply_receive(e.token, 1, x, shared_server, &e);
	}
}

static volatile unsigned wrong_answers;

static void call_many(void *arg)
{
	for (uint64_t i = 0; i < 50; i++) {
		uint64_t w[4] = {i + (uintptr_t)arg * 1000}, got[5];
		if (baton_blocking_scalar(shared_conn, 0, w, 0, got, NULL) || got[0] != 2 * w[0])
			wrong_answers++;
	}
}

static void several_receivers(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t r[RECEIVERS], c[CALLERS];
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &shared_server) == 0 &&
		  baton_connect(&id, 0, &shared_conn) == BATON_OK;

	for (unsigned i = 0; i < RECEIVERS && ok; i++)
		ok = baton_thread_create(receive_and_answer, (void *)(uintptr_t)i, 0,
					 BATON_PRIO_DEFAULT, &r[i]) == BATON_OK;
	for (unsigned i = 0; i < CALLERS && ok; i++)
		ok = baton_thread_create(call_many, (void *)(uintptr_t)i, 0, BATON_PRIO_DEFAULT,
					 &c[i]) == BATON_OK;
	for (unsigned i = 0; i < CALLERS; i++)
		baton_thread_join(c[i], NULL);
	baton_server_destroy(shared_server); /* the receivers wake with GONE */
	for (unsigned i = 0; i < RECEIVERS; i++)
		baton_thread_join(r[i], NULL);
	baton_disconnect(shared_conn);
	unsigned total = 0;
	for (unsigned i = 0; i < RECEIVERS; i++) {
		T_EXPECT(served_by[i] > 0, ok);
		total += served_by[i];
	}
	T_EXPECT_EQ(total, CALLERS * 50, ok);
	T_EXPECT_EQ(wrong_answers, 0, ok);
	t_case(ok, "ipc.receive.three_threads_share_one_server");
}

/* A server thread in the caller's own process: the same pages, a second address. */
static uint32_t own_server;

static void own_serve(void *arg)
{
	struct baton_envelope e;
	(void)arg;

	while (baton_receive(own_server, 0, &e) == BATON_OK) {
		uint8_t *p = (uint8_t *)e.w[0];
		p[0] = 0x5a; /* MutableLend: written through the window alias */
		baton_return_memory(e.token, e.w[2], (uint64_t)p);
	}
}

static void lend_to_own_process(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t c, tid;
	uint8_t *buf = t_pages(1);
	uint64_t off = 0, where = 0;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &own_server) == BATON_OK &&
		  baton_connect(&id, 0, &c) == BATON_OK &&
		  baton_thread_create(own_serve, NULL, 0, 16, &tid) == BATON_OK;

	ok &= baton_mutable_lend(c, 0, buf, BATON_PAGE_SIZE, &off, &where, 0) == BATON_OK;
	T_EXPECT(buf[0] == 0x5a && where >= BATON_WINDOW_BASE && where != (uintptr_t)buf, ok);
	baton_server_destroy(own_server);
	baton_thread_join(tid, NULL);
	baton_disconnect(c);
	baton_unmap(buf, BATON_PAGE_SIZE);
	t_case(ok, "ipc.lend.to_a_server_in_the_same_process");
}

int main(void)
{
	struct baton_server_id id;
	struct baton_mem_info m0;
	baton_mem_info(&m0);
	if (t_server(0, NULL, &id, &server_pid, &conn)) {
		t_case(false, "ipc.setup.server_started");
		return t_done();
	}
	scalar_words();
	scalar_one_way();
	answer_and_receive_loop();
	lend_sizes();
	mutable_lend_sizes();
	send_sizes();
	megapage_lend();
	megapage_send();
	megapage_send_at_an_unaligned_start();
	send_from_the_window_many_times();
	server_writing_a_lend_faults();
	forwarded_lends();
	lend_to_own_process();
	several_receivers();
	t_server_stop(server_pid, conn);
	/* The kernel's message and object caches grow to their peak once (kept, not lost). */
	t_case(t_pages_back(&m0, true), "ipc.resources.every_page_back_after_the_server_ends");
	return t_done();
}
