/*
 * test_console.c — the console service's output side and its errors, run
 * by the test runner (no input is typed there: test_console_input.c, run
 * as init with typed input, covers reading).  The QEMU test also counts
 * the lines in the log: every line of every writer, each whole.
 */
#include "baton/console.h"
#include "ipc_test.h"

#define WRITERS	     4
#define LINES	     100
#define THREAD_LINES 50

static uint32_t console_pid;

/* Starts `console args...` and waits until it serves. */
static bool start_console(const char *arg)
{
	const char *argv[] = {arg, NULL};
	struct baton_server_id id = BATON_CONSOLE_ID;
	uint32_t c;

	if (baton_spawn("console", arg ? argv : NULL, &console_pid))
		return false;
	if (baton_connect(&id, 0, &c)) /* waits until the server exists */
		return false;
	baton_disconnect(c);
	return true;
}

static void stop_console(void)
{
	baton_kill(console_pid);
	baton_wait(console_pid, NULL);
}

static bool stats(struct baton_console_stats *s)
{
	return baton_console_stats(s) == BATON_OK;
}

/* Waits (bounded) until the console has given `want` bytes in all to the UART. */
static bool bytes_out_reach(uint64_t want)
{
	struct baton_console_stats s;

	for (int i = 0; i < 200; i++) {
		if (!stats(&s) || s.bytes_out > want)
			return false;
		if (s.bytes_out == want && s.waiting == 0)
			return true;
		baton_sleep_ns(1000000);
	}
	return false;
}

static void writes(void)
{
	struct baton_console_stats s0, s1;
	const char text[] = "console: a write\n";
	bool ok = stats(&s0) && baton_console_write(text, sizeof(text) - 1) == BATON_OK;

	ok &= bytes_out_reach(s0.bytes_out + sizeof(text) - 1) && stats(&s1);
	T_EXPECT_EQ(s1.writes, s0.writes + 1, ok);
	t_case(ok, "console.write_goes_out_whole");

	/* Larger than a message (a page): several messages, in order. */
	static char big[10000];
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = i % 64 == 63 || i == sizeof(big) - 1 ? '\n' : (char)('a' + i % 26);
	ok = stats(&s0) && baton_console_write(big, sizeof(big)) == BATON_OK;
	ok &= bytes_out_reach(s0.bytes_out + sizeof(big)) && stats(&s1);
	T_EXPECT_EQ(s1.writes, s0.writes + 3, ok);
	t_case(ok, "console.big_write_in_page_messages");
}

/* Several processes print at once; the console takes every line of each. */
/* A thread's lines through stdio: each whole (the QEMU test counts them). */
static void thread_lines(void *arg)
{
	for (unsigned n = 0; n < THREAD_LINES; n++)
		printf("console-thread-line %u %03u end\n", (unsigned)(uintptr_t)arg, n);
}

/* Threads of one process print at once: stdio keeps a line per thread, so none mix. */
static void many_threads(void)
{
	uint32_t tids[WRITERS];
	bool ok = true;
	int started = 0;

	for (; started < WRITERS && ok; started++)
		ok = baton_thread_create(thread_lines, (void *)(uintptr_t)started, 0,
					 BATON_PRIO_DEFAULT, &tids[started]) == BATON_OK;
	for (int i = 0; i < started; i++)
		ok &= baton_thread_join(tids[i], NULL) == BATON_OK;
	t_case(ok, "console.threads_of_one_process_print_whole_lines");
}

static void many_writers(void)
{
	struct baton_console_stats s0, s1;
	uint32_t pids[WRITERS];
	uint64_t bytes = 0;
	char lines[8];
	const char *argv[] = {"print-lines", lines, NULL};
	bool ok = stats(&s0);

	snprintf(lines, sizeof(lines), "%u", LINES);
	for (int i = 0; i < WRITERS && ok; i++)
		ok = baton_spawn("probe", argv, &pids[i]) == BATON_OK;
	for (int i = 0; i < WRITERS && ok; i++) {
		struct baton_exit ex;
		ok = baton_wait(pids[i], &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL &&
		     ex.status == 0;
		for (unsigned n = 0; n < LINES; n++)
			bytes += (uint64_t)snprintf(NULL, 0, "console-line %u %03u end\n",
						    (unsigned)pids[i], n);
	}
	ok &= bytes_out_reach(s0.bytes_out + bytes) && stats(&s1);
	T_EXPECT_EQ(s1.writes, s0.writes + WRITERS * LINES, ok);
	t_case(ok, "console.many_processes_every_line_taken");
}

/* Raw messages the client library would never send. */
static void bad_requests(void)
{
	struct baton_server_id id = BATON_CONSOLE_ID;
	struct baton_lendbuf buf;
	uint64_t w[4] = {0}, got[5], off = 0, valid;
	uint32_t c;
	bool ok = baton_connect(&id, BATON_TRY, &c) == BATON_OK &&
		  baton_lendbuf_init(&buf, BATON_PAGE_SIZE) == BATON_OK;
	unsigned n;

	t_case(ok, "console.connect");
	w[0] = 0;
	baton_blocking_scalar(c, baton_console_rpc_OP_read, w, 0, got, &n);
	T_EXPECT(n == 1 && (long)got[0] == BATON_ERR_RANGE, ok);
	w[0] = BATON_CONSOLE_READ_MAX + 1;
	baton_blocking_scalar(c, baton_console_rpc_OP_read, w, 0, got, &n);
	T_EXPECT(n == 1 && (long)got[0] == BATON_ERR_RANGE, ok);
	t_case(ok, "console.read_size_out_of_range");

	struct baton_console_text *text = buf.base;
	text->length = 100;
	valid = sizeof(*text) + 99; /* claims more than it lends */
	ok = baton_lend(c, baton_console_rpc_OP_write, buf.base, BATON_PAGE_SIZE, &off, &valid,
			0) == BATON_OK &&
	     valid == BATON_RPC_ERROR_MARK && (long)off == BATON_ERR_RANGE;
	t_case(ok, "console.write_longer_than_lent");

	/* A page's worth is the most one write carries: two pages lent whole are refused. */
	struct baton_lendbuf two;
	struct baton_console_stats s0, s1;
	ok = baton_lendbuf_init(&two, 2 * BATON_PAGE_SIZE) == BATON_OK && stats(&s0);
	text = two.base;
	text->length = 2 * BATON_PAGE_SIZE - sizeof(*text);
	valid = 2 * BATON_PAGE_SIZE;
	ok = ok &&
	     baton_lend(c, baton_console_rpc_OP_write, two.base, two.size, &off, &valid, 0) ==
		     BATON_OK &&
	     valid == BATON_RPC_ERROR_MARK && (long)off == BATON_ERR_RANGE && stats(&s1);
	T_EXPECT_EQ(s1.writes, s0.writes, ok);
	t_case(ok, "console.write_of_two_pages_range");
	text->length = BATON_CONSOLE_WRITE_MAX;
	for (unsigned i = 0; i < text->length; i++)
		text->bytes[i] = i % 64 == 63 || i == text->length - 1 ? '\n' : '.';
	valid = BATON_PAGE_SIZE;
	ok = stats(&s0) &&
	     baton_lend(c, baton_console_rpc_OP_write, two.base, two.size, &off, &valid, 0) ==
		     BATON_OK &&
	     valid != BATON_RPC_ERROR_MARK && bytes_out_reach(s0.bytes_out + text->length) &&
	     stats(&s1);
	T_EXPECT_EQ(s1.writes, s0.writes + 1, ok);
	t_case(ok, "console.write_of_a_page_taken");
	baton_lendbuf_free(&two);
	text = buf.base;

	valid = sizeof(struct baton_console_line) - 1;
	ok = baton_mutable_lend(c, baton_console_rpc_OP_read_line, buf.base, BATON_PAGE_SIZE, &off,
				&valid, 0) == BATON_OK &&
	     valid == BATON_RPC_ERROR_MARK && (long)off == BATON_ERR_INVAL;
	t_case(ok, "console.read_line_buffer_too_small");

	baton_blocking_scalar(c, 99, w, 0, got, &n);
	ok = n == 1 && (long)got[0] == BATON_ERR_INVAL;
	baton_blocking_scalar(c, baton_console_rpc_OP_write, w, 0, got, &n);
	ok &= n == 1 && (long)got[0] == BATON_ERR_INVAL;
	t_case(ok, "console.unknown_call_or_wrong_kind");
	baton_lendbuf_free(&buf);
	baton_disconnect(c);
}

/* The probe's `console-interrupt` (set 0, clear 1): its -error. */
static long probe_interrupt(const char *what)
{
	const char *argv[] = {"console-interrupt", what, NULL};

	return t_probe_error(argv);
}

/*
 * Who may take ^C (typing it is test_console_input's and the shell test's):
 * a server of one's own, one process at a time, and only it lets go.
 */
static void interrupt_target(void)
{
	struct baton_server_id own, unknown = t_fresh_id(), console = BATON_CONSOLE_ID;
	uint32_t server;
	bool ok = baton_server_create(&own, 0, 0, &server) == BATON_OK;

	t_expect_result(baton_console_interrupt(&unknown), BATON_ERR_NOSERVER,
			"console.interrupt.unknown_server");
	t_expect_result(baton_console_interrupt(&console), BATON_ERR_PERM,
			"console.interrupt.another_process_server_perm");
	ok &= baton_console_interrupt(&own) == BATON_OK &&
	      baton_console_interrupt(&own) == BATON_OK;
	T_EXPECT_EQ(probe_interrupt("0"), BATON_ERR_INUSE, ok);
	T_EXPECT_EQ(probe_interrupt("1"), BATON_ERR_PERM, ok);
	t_case(ok, "console.interrupt.one_holder_others_inuse_or_perm");
	ok = baton_console_interrupt(NULL) == BATON_OK && probe_interrupt("0") == BATON_OK &&
	     baton_console_interrupt(&own) == BATON_OK; /* the probe ended: its hold with it */
	ok &= baton_console_interrupt(NULL) == BATON_OK &&
	      baton_console_interrupt(NULL) == BATON_OK;
	t_case(ok, "console.interrupt.let_go_then_another_may_take_it");
	baton_server_destroy(server);
}

static int run_console(const char *arg)
{
	const char *argv[] = {arg, NULL};
	struct baton_exit ex;
	uint32_t pid;

	if (baton_spawn("console", argv, &pid) || baton_wait(pid, &ex) ||
	    ex.how != BATON_EXIT_NORMAL)
		return -1;
	return (int)ex.status;
}

static void one_console_at_a_time(void)
{
	t_case(run_console(NULL) == 2, "console.second_console_finds_the_uart_taken");
	t_case(run_console("tx-ring=100") == 4 && run_console("bogus") == 4,
	       "console.bad_options_refused");
}

/* Killed: writes say there is none and stdio falls back; restarted, it is found again. */
static void restart(void)
{
	const char text[] = "console: after the restart\n";
	long err;

	stop_console();
	err = baton_console_write(text, sizeof(text) - 1); /* the old connection finds it gone */
	t_expect_result(err, BATON_ERR_NOSERVER, "console.none_running_after_the_kill");
	printf("  printf without a console: through DEBUG_WRITE\n");
	bool ok = start_console(NULL) && baton_console_write(text, sizeof(text) - 1) == BATON_OK;
	t_case(ok, "console.restarted_console_found");
}

/* A transmit ring smaller than a write: writes wait for room, and still go out whole. */
static void small_ring_and_polling(void)
{
	struct baton_console_stats s0, s1;
	static char text[3000];

	for (unsigned i = 0; i < sizeof(text); i++)
		text[i] = i % 50 == 49 ? '\n' : (char)('A' + i % 26);
	stop_console();
	bool ok = start_console("tx-ring=64") && stats(&s0) &&
		  baton_console_write(text, sizeof(text)) == BATON_OK;

	ok &= bytes_out_reach(s0.bytes_out + sizeof(text)) && stats(&s1);
	T_EXPECT_EQ(s1.writes, s0.writes + 1, ok);
	t_case(ok, "console.writes_wait_for_ring_room");

	stop_console();
	ok = start_console("poll") && stats(&s0) && baton_console_write(text, 100) == BATON_OK;
	ok &= bytes_out_reach(s0.bytes_out + 100);
	t_case(ok, "console.polled_console_writes");
}

int main(void)
{
	struct baton_mem_info m0;

	baton_mem_info(&m0);
	if (!start_console(NULL)) {
		t_case(false, "console.starts");
		return t_done();
	}
	writes();
	many_writers();
	many_threads();
	bad_requests();
	interrupt_target();
	one_console_at_a_time();
	restart();
	small_ring_and_polling();
	stop_console();
	baton_console_close();
	t_case(t_pages_back(&m0, true), "console.every_page_back");
	return t_done();
}
