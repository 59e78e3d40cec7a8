/* test_lineedit.c — the console's cooked input (userland/services/console/lineedit.c) and its ring. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "check.h"
#include "lineedit.h"
#include "ring.h"

struct typed {
	enum line_state state;
	char echo[4096];
	size_t echo_len;
};

/* Feeds all of s; stops at the first finished line (the rest is not fed). */
static struct typed type(struct line_editor *ed, const char *s, size_t n)
{
	struct typed t = {LINE_EDITING, {0}, 0};
	char echo[LINE_ECHO_MAX];
	size_t len;

	for (size_t i = 0; i < n && t.state == LINE_EDITING; i++) {
		t.state = line_feed(ed, s[i], echo, &len);
		memcpy(t.echo + t.echo_len, echo, len);
		t.echo_len += len;
	}
	return t;
}

#define TYPE(ed, lit) type(ed, lit, sizeof(lit) - 1)

static bool line_is(const struct line_editor *ed, const char *want)
{
	return ed->length == strlen(want) && strcmp(ed->text, want) == 0;
}

static void test_plain_line_and_echo(void)
{
	struct line_editor ed = {0};
	struct typed t = TYPE(&ed, "ls -l\n");

	CHECK_EQ(t.state, LINE_DONE);
	CHECK(line_is(&ed, "ls -l\n"));
	CHECK(t.echo_len == 6 && memcmp(t.echo, "ls -l\n", 6) == 0);
}

static void test_backspace_and_kill(void)
{
	struct line_editor ed = {0};
	struct typed t = TYPE(&ed, "cat\x7f\x7f\x7f\x7f\x08ls\n");

	CHECK(line_is(&ed, "ls\n")); /* erasing past the start does nothing */
	CHECK(t.echo_len == 3 + 9 + 3 && memcmp(t.echo + 3, "\b \b\b \b\b \b", 9) == 0);
	line_reset(&ed);
	t = TYPE(&ed, "rm -rf\x15"
		      "echo\n");
	CHECK(line_is(&ed, "echo\n"));
	CHECK(memmem(t.echo, t.echo_len, "\b \b\b \b\b \b\b \b\b \b\b \b", 18) != NULL);
}

static void test_enter_variants(void)
{
	struct line_editor ed = {0};

	CHECK_EQ(TYPE(&ed, "a\r").state, LINE_DONE);
	CHECK(line_is(&ed, "a\n"));
	line_reset(&ed);
	/* The '\n' of "\r\n" is the same Enter; a later '\n' is an empty line. */
	CHECK_EQ(TYPE(&ed, "\nb\n").state, LINE_DONE);
	CHECK(line_is(&ed, "b\n"));
	line_reset(&ed);
	CHECK_EQ(TYPE(&ed, "\n").state, LINE_DONE);
	CHECK(line_is(&ed, "\n"));
}

static void test_end_of_input(void)
{
	struct line_editor ed = {0};

	CHECK_EQ(TYPE(&ed, "\x04").state, LINE_EOF);
	line_reset(&ed);
	struct typed t = TYPE(&ed, "x\x04y\n"); /* ^D inside a line means nothing */
	CHECK_EQ(t.state, LINE_DONE);
	CHECK(line_is(&ed, "xy\n"));
}

static void test_escape_sequences_swallowed(void)
{
	struct line_editor ed = {0};
	struct typed t = TYPE(&ed, "\x1b[A\x1b[1;5Cok\x1bx\x01\n");

	CHECK_EQ(t.state, LINE_DONE);
	CHECK(line_is(&ed, "ok\n")); /* ESC x: x is the sequence's; ^A: ignored */
	CHECK(t.echo_len == 3 && memcmp(t.echo, "ok\n", 3) == 0);
}

/* ESC O x (F1-F4; arrows in application-cursor mode): x is the sequence's, not the line's. */
static void test_ss3_sequences_swallowed(void)
{
	struct line_editor ed = {0};
	struct typed t = TYPE(&ed, "ab\x1bOA\x1bOPc\r");

	CHECK_EQ(t.state, LINE_DONE);
	CHECK(line_is(&ed, "abc\n"));
}

static void test_full_line_rings_the_bell(void)
{
	struct line_editor ed = {0};
	char many[400];

	memset(many, 'z', sizeof(many));
	struct typed t = type(&ed, many, sizeof(many));
	CHECK_EQ(t.state, LINE_EDITING);
	CHECK_EQ(ed.length, LINE_MAX_BYTES - 1);
	CHECK_EQ(t.echo[t.echo_len - 1], '\a');
	CHECK_EQ(TYPE(&ed, "\n").state, LINE_DONE);
	CHECK_EQ(ed.length, LINE_MAX_BYTES);
	CHECK_EQ(ed.text[LINE_MAX_BYTES - 1], '\n');
	CHECK_EQ(ed.text[LINE_MAX_BYTES], '\0');
	/* The worst echo, ^U on a full line, fits LINE_ECHO_MAX. */
	line_reset(&ed);
	type(&ed, many, LINE_MAX_BYTES - 1);
	t = TYPE(&ed, "\x15");
	CHECK(t.echo_len <= LINE_ECHO_MAX && ed.length == 0);
}

static void test_utf8_bytes_kept(void)
{
	struct line_editor ed = {0};

	TYPE(&ed, "caf\xc3\xa9\n");
	CHECK(line_is(&ed, "caf\xc3\xa9\n"));
}

static void test_ring_wraps_and_fills(void)
{
	char bytes[8];
	struct ring r = {bytes, 8, 0xfffffffa, 0xfffffffa}; /* counters about to wrap */

	CHECK_EQ(ring_write(&r, "abcdefghij", 10), 8);
	CHECK_EQ(ring_room(&r), 0);
	CHECK_EQ(ring_peek(&r), 'a');
	CHECK_EQ(ring_get(&r), 'a');
	CHECK_EQ(ring_get(&r), 'b');
	CHECK_EQ(ring_write(&r, "kl", 2), 2);
	char got[8];
	for (int i = 0; i < 8; i++)
		got[i] = ring_get(&r);
	CHECK(memcmp(got, "cdefghkl", 8) == 0);
	CHECK_EQ(ring_used(&r), 0);
}

int main(void)
{
	RUN(test_plain_line_and_echo);
	RUN(test_backspace_and_kill);
	RUN(test_enter_variants);
	RUN(test_end_of_input);
	RUN(test_escape_sequences_swallowed);
	RUN(test_ss3_sequences_swallowed);
	RUN(test_full_line_rings_the_bell);
	RUN(test_utf8_bytes_kept);
	RUN(test_ring_wraps_and_fills);
	return check_summary();
}
