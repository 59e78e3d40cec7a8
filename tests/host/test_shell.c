/*
 * test_shell.c — the shell's pure logic: its command-line words
 * (userland/shell/parse.c) and its line editor (editor.c).  Every
 * key's output is played on a model terminal (bytes overwrite, '\b' moves
 * left, '\n' ends the row), which must then show exactly the line, with the
 * terminal's cursor where the editor's is.
 */
#include <string.h>

#include "check.h"
#include "editor.h"
#include "parse.h"

struct screen {
	char row[512];
	size_t col, width; /* cursor column; columns ever written */
	unsigned newlines, bells;
};

static void play(struct screen *s, const struct editor_out *o)
{
	for (size_t i = 0; i < o->len; i++) {
		char c = o->bytes[i];
		if (c == '\b') {
			CHECK(s->col > 0); /* never left of where the line starts */
			s->col -= s->col > 0;
		} else if (c == '\n') {
			s->newlines++;
		} else if (c == '\a') {
			s->bells++;
		} else {
			s->row[s->col++] = c;
			s->width = s->col > s->width ? s->col : s->width;
		}
	}
}

/* The row shows the line then only blanks, and the cursor is the editor's. */
static bool shows(const struct screen *s, const struct editor *ed)
{
	for (size_t i = ed->len; i < s->width; i++)
		if (s->row[i] != ' ')
			return false;
	return memcmp(s->row, ed->line, ed->len) == 0 && s->col == ed->cursor;
}

static enum editor_result keys(struct editor *ed, struct screen *s, const char *k, size_t n)
{
	enum editor_result r = EDITOR_MORE;
	struct editor_out out;

	for (size_t i = 0; i < n; i++) {
		r = editor_key(ed, k[i], &out);
		CHECK(out.len <= EDITOR_OUT_MAX);
		play(s, &out);
		if (r == EDITOR_MORE)
			CHECK(shows(s, ed));
	}
	return r;
}

#define KEYS(ed, s, lit) keys(ed, s, lit, sizeof(lit) - 1)

/* A fresh line on a fresh row. */
static void fresh(struct editor *ed, struct screen *s)
{
	editor_new_line(ed);
	memset(s, 0, sizeof(*s));
}

static void test_typing_and_enter(void)
{
	struct editor ed;
	struct screen s;

	editor_init(&ed);
	fresh(&ed, &s);
	CHECK_EQ(KEYS(&ed, &s, "echo hi\r"), EDITOR_LINE);
	CHECK(strcmp(ed.line, "echo hi") == 0);
	CHECK_EQ(s.newlines, 1);
	fresh(&ed, &s);
	CHECK_EQ(KEYS(&ed, &s, "\nls\n"), EDITOR_LINE); /* the '\n' of "\r\n" was the same Enter */
	CHECK(strcmp(ed.line, "ls") == 0);
}

static void test_cursor_moves_and_inserts(void)
{
	struct editor ed;
	struct screen s;

	editor_init(&ed);
	fresh(&ed, &s);
	/* "ac", left, "b" -> "abc"; home, "x"; end, "y"; ^A, right, Delete. */
	KEYS(&ed, &s, "ac\x1b[Db");
	CHECK(strcmp(ed.line, "abc") == 0 && ed.cursor == 2);
	KEYS(&ed, &s, "\x1b[Hx\x1b[Fy");
	CHECK(strcmp(ed.line, "xabcy") == 0 && ed.cursor == 5);
	KEYS(&ed, &s, "\x01\x1b[C\x1b[3~");
	CHECK(strcmp(ed.line, "xbcy") == 0 && ed.cursor == 1);
	KEYS(&ed, &s, "\x05\x1bOD\x7f"); /* ^E, left (ESC O form), backspace */
	CHECK(strcmp(ed.line, "xby") == 0 && ed.cursor == 2);
	KEYS(&ed, &s, "\x1b[1~\x1b[4~\x1b[D\x1b[D\x1b[D\x1b[D\x7f");
	CHECK(strcmp(ed.line, "xby") == 0 && ed.cursor == 0); /* stops at both ends */
	CHECK_EQ(KEYS(&ed, &s, "\n"), EDITOR_LINE);
}

static void test_kill_line_and_cancel(void)
{
	struct editor ed;
	struct screen s;

	editor_init(&ed);
	fresh(&ed, &s);
	KEYS(&ed, &s, "rm everything\x15");
	CHECK(ed.len == 0 && shows(&s, &ed));
	CHECK_EQ(KEYS(&ed, &s, "oops\x03"), EDITOR_CANCEL);
	fresh(&ed, &s);
	CHECK_EQ(KEYS(&ed, &s, "x\x04"), EDITOR_MORE); /* ^D only ends an empty line */
	KEYS(&ed, &s, "\x7f");
	CHECK_EQ(KEYS(&ed, &s, "\x04"), EDITOR_EOF);
}

static void test_history(void)
{
	struct editor ed;
	struct screen s;

	editor_init(&ed);
	const char *lines[] = {"one\n", "two\n", "two\n", "three\n", "\n"};
	for (unsigned i = 0; i < 5; i++) {
		fresh(&ed, &s);
		keys(&ed, &s, lines[i], strlen(lines[i]));
	}
	fresh(&ed, &s);
	KEYS(&ed, &s, "dra");
	KEYS(&ed, &s, "\x1b[A");
	CHECK(strcmp(ed.line, "three") == 0);
	KEYS(&ed, &s, "\x1b[A\x1b[A"); /* the repeated "two" was kept once, "" not at all */
	CHECK(strcmp(ed.line, "one") == 0);
	KEYS(&ed, &s, "\x1b[A");
	CHECK(strcmp(ed.line, "one") == 0); /* the oldest: up stays */
	KEYS(&ed, &s, "\x1b[B\x1b[B\x1b[B");
	CHECK(strcmp(ed.line, "dra") == 0); /* back to what was being typed */
	KEYS(&ed, &s, "\x1b[A!");
	CHECK_EQ(KEYS(&ed, &s, "\n"), EDITOR_LINE);
	CHECK(strcmp(ed.line, "three!") == 0);
}

static void test_history_drops_the_oldest(void)
{
	struct editor ed;
	struct screen s;
	char line[16];

	editor_init(&ed);
	for (int i = 0; i < EDITOR_HISTORY + 5; i++) {
		fresh(&ed, &s);
		int n = snprintf(line, sizeof(line), "cmd%d\n", i);
		keys(&ed, &s, line, (size_t)n);
	}
	fresh(&ed, &s);
	for (int i = 0; i < EDITOR_HISTORY + 3; i++)
		KEYS(&ed, &s, "\x1b[A");
	snprintf(line, sizeof(line), "cmd%d", 5);
	CHECK(strcmp(ed.line, line) == 0);
}

static void test_full_line_and_unknown_sequences(void)
{
	struct editor ed;
	struct screen s;
	char many[EDITOR_LINE_MAX + 10];

	editor_init(&ed);
	fresh(&ed, &s);
	memset(many, 'q', sizeof(many));
	keys(&ed, &s, many, sizeof(many));
	CHECK_EQ(ed.len, EDITOR_LINE_MAX);
	CHECK_EQ(s.bells, 10);
	/* The worst redraw: history replacing a full line from its end. */
	KEYS(&ed, &s, "\n");
	fresh(&ed, &s);
	KEYS(&ed, &s, "\x1b[A\x1b[H\x15");
	CHECK_EQ(ed.len, 0);
	fresh(&ed, &s);
	KEYS(&ed, &s, "a\x1b[2;5Rb\x1b[15~c\x1bxd\t\x02");
	CHECK(strcmp(ed.line, "abcd") == 0);
}

static bool words_are(const char *line, int n, const char *const want[])
{
	char buf[256], *argv[PARSE_WORDS_MAX + 1];
	const char *why;
	int argc;

	snprintf(buf, sizeof(buf), "%s", line);
	if (!parse_words(buf, argv, &argc, &why) || argc != n || argv[n] != NULL)
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(argv[i], want[i]) != 0)
			return false;
	return true;
}

static void test_words(void)
{
	CHECK(words_are("", 0, NULL));
	CHECK(words_are("   \t ", 0, NULL));
	CHECK(words_are("kv get color", 3, (const char *const[]){"kv", "get", "color"}));
	CHECK(words_are("  echo   a\tb  ", 3, (const char *const[]){"echo", "a", "b"}));
	CHECK(words_are("kv put k \"two words\"", 4,
			(const char *const[]){"kv", "put", "k", "two words"}));
	CHECK(words_are("a\"b c\"d \"\"", 2, (const char *const[]){"ab cd", ""}));
}

static void test_words_refused(void)
{
	char buf[256], *argv[PARSE_WORDS_MAX + 1];
	const char *why = NULL;
	int argc;

	snprintf(buf, sizeof(buf), "echo \"open");
	CHECK(!parse_words(buf, argv, &argc, &why) && why);
	memset(buf, 0, sizeof(buf));
	for (int i = 0; i < PARSE_WORDS_MAX + 1; i++)
		strcat(buf, "w ");
	why = NULL;
	CHECK(!parse_words(buf, argv, &argc, &why) && why);
	memset(buf, 0, sizeof(buf)); /* parsing wrote into it: again, exactly the most */
	for (int i = 0; i < PARSE_WORDS_MAX; i++)
		strcat(buf, "w ");
	CHECK(parse_words(buf, argv, &argc, &why) && argc == PARSE_WORDS_MAX);
}

int main(void)
{
	RUN(test_words);
	RUN(test_words_refused);
	RUN(test_typing_and_enter);
	RUN(test_cursor_moves_and_inserts);
	RUN(test_kill_line_and_cancel);
	RUN(test_history);
	RUN(test_history_drops_the_oldest);
	RUN(test_full_line_and_unknown_sequences);
	return check_summary();
}
