/*
 * shell.c — the interactive shell on the console: it reads keys raw from
 * the console service, edits the line itself (editor.c: cursor keys,
 * history), and runs the command (commands.c).  Every error is one line.
 */
#include <stdio.h>

#include "baton/console.h"
#include "background.h"
#include "commands.h"
#include "editor.h"
#include "parse.h"

#define PROMPT "baton> "

static struct editor editor;

static void show(const struct editor_out *out)
{
	fwrite(out->bytes, 1, out->len, stdout);
	fflush(stdout);
}

static void execute(char *line)
{
	char *argv[PARSE_WORDS_MAX + 1];
	const char *why;
	int argc;

	if (!parse_words(line, argv, &argc, &why))
		printf("shell: %s\n", why);
	else if (argc > 0)
		command_run(argc, argv);
}

/* The next key; keys typed ahead wait here between lines. */
static char next_key(void)
{
	static char keys[BATON_CONSOLE_READ_MAX];
	static size_t have, next;

	while (next == have) {
		next = 0;
		if (baton_console_read(keys, sizeof(keys), &have)) {
			have = 0;
			baton_sleep_ns(
				100000000); /* the console is restarting: try again shortly */
		}
	}
	return keys[next++];
}

/* Keys, until a line is done (true) or dropped (false). */
static bool read_line(void)
{
	struct editor_out out;

	for (;;) {
		enum editor_result r = editor_key(&editor, next_key(), &out);
		show(&out);
		if (r == EDITOR_LINE)
			return true;
		if (r == EDITOR_CANCEL)
			return false;
		if (r == EDITOR_EOF) {
			printf("(the shell stays: shutdown powers off)\n");
			return false;
		}
	}
}

int main(void)
{
	editor_init(&editor);
	printf("baton shell: type help\n");
	for (;;) {
		background_room(); /* the waiters of ended programs joined */
		printf(PROMPT);
		fflush(stdout);
		editor_new_line(&editor);
		if (read_line())
			execute(editor.line);
	}
}
