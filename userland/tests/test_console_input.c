/*
 * test_console_input.c — reading from the console: raw bytes, cooked lines
 * (backspace, ^U, "\r\n", arrow keys), stdin, end of input, a ^C whose
 * holder's server is gone.  It runs as
 * init with the console's input typed by the QEMU test
 * (tests/qemu/console-input-*.txt, sent once "ready" lines show up).
 */
#include "baton/console.h"
#include "ipc_test.h"

static bool line_is(const char *want)
{
	char got[BATON_CONSOLE_LINE_MAX + 1];
	size_t n;
	long err = baton_console_read_line(got, sizeof(got), &n);

	if (err == BATON_OK && n == strlen(want) && strcmp(got, want) == 0)
		return true;
	printf("  read_line: %s, %zu bytes: \"%s\"\n", baton_strerror(err), n, err ? "" : got);
	return false;
}

static void raw_bytes(void)
{
	char got[8];
	size_t have = 0, n;

	while (have < 4 && baton_console_read(got + have, 4 - have, &n) == BATON_OK)
		have += n;
	t_case(have == 4 && memcmp(got, "raw!", 4) == 0, "console_input.raw_bytes_as_typed");
	t_expect_result(baton_console_read(got, 0, &n), BATON_ERR_RANGE,
			"console_input.raw_read_of_nothing");
}

static void cooked_lines(void)
{
	t_case(line_is("right\n"), "console_input.backspace");
	t_case(line_is("clean\n"), "console_input.kill_line_and_crlf_once");
	t_case(line_is("up\n"), "console_input.arrow_keys_swallowed");
	char small[4];
	size_t n;
	bool ok = baton_console_read_line(small, sizeof(small), &n) == BATON_OK && n == 3 &&
		  strcmp(small, "lon") == 0; /* the rest of "long\n" is cut, not left for later */
	t_case(ok, "console_input.line_cut_to_the_buffer");
	t_expect_result(baton_console_read_line(small, 0, &n), BATON_ERR_RANGE,
			"console_input.line_into_nothing");
}

static void through_stdin(void)
{
	char buf[64];
	bool ok = fgets(buf, sizeof(buf), stdin) && strcmp(buf, "via stdin\n") == 0;

	t_case(ok, "console_input.stdin_reads_cooked_lines");
	int c = getchar();
	t_case(c == EOF, "console_input.end_of_input_is_eof");
}

/*
 * ^C is held for a server of ours, which then goes without letting go: the
 * ^C typed next finds it gone and is input again.
 */
static void ctrl_c_holder_gone(void)
{
	struct baton_server_id id;
	uint32_t server;
	char got[4];
	size_t n;
	bool ok = baton_server_create(&id, 0, 0, &server) == BATON_OK &&
		  baton_console_interrupt(&id) == BATON_OK &&
		  baton_server_destroy(server) == BATON_OK;

	printf("console-input: waiting for more\n");
	ok &= baton_console_read(got, 1, &n) == BATON_OK && n == 1 && got[0] == 0x03;
	t_case(ok, "console_input.ctrl_c_is_input_again_once_its_holder_server_is_gone");
}

/* A reader waits before anything is typed; the input reaches it. */
static void reader_waits(void)
{
	t_case(line_is("late\n"), "console_input.waiting_reader_gets_later_input");
	char got[4];
	size_t n;
	bool ok = baton_console_read(got, 1, &n) == BATON_OK && n == 1 && got[0] == 'Z';
	t_case(ok, "console_input.raw_reader_waits_too");
}

int main(void)
{
	uint32_t pid, c;
	struct baton_server_id id = BATON_CONSOLE_ID;

	baton_set_priority(0, BATON_PRIO_MAX);
	bool ok = baton_spawn("console", NULL, &pid) == BATON_OK && baton_connect(&id, 0, &c) == 0;
	t_case(ok, "console_input.console_started");
	printf("console-input: ready\n");
	if (ok) {
		raw_bytes();
		cooked_lines();
		through_stdin();
		ctrl_c_holder_gone();
		reader_waits();
	}
	printf("console-input: %u failed\n", t_failed);
	baton_power_off(t_failed != 0);
}
