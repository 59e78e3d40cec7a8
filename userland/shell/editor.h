/*
 * editor.h — the shell's line editor: keys in, a finished line out, and
 * the bytes that redraw the line on a plain terminal (backspace, spaces,
 * no cursor addressing), so it works on any serial console.  Pure logic,
 * tested on the host (tests/host/test_shell.c).
 *
 *   printable bytes   insert at the cursor
 *   DEL, ^H           erase before the cursor
 *   left, right       move (ESC [ D, ESC [ C)
 *   ^A, Home / ^E, End  to the start / the end (ESC [ H, ESC [ 1 ~ / ESC [ F, ESC [ 4 ~)
 *   ^U                erase the whole line
 *   up, down          older / newer history (ESC [ A, ESC [ B)
 *   Enter ('\r' or '\n'; "\r\n" once)  the line is done; kept in the history
 *   ^C                the line is dropped
 *   ^D                on an empty line: end of input
 */
#ifndef SHELL_EDITOR_H
#define SHELL_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "baton/keys.h"

#define EDITOR_LINE_MAX 200			   /* bytes of a command line */
#define EDITOR_HISTORY	16			   /* lines remembered */
#define EDITOR_OUT_MAX	(4 * EDITOR_LINE_MAX + 16) /* the most one key redraws */

struct editor {
	char line[EDITOR_LINE_MAX + 1]; /* NUL-terminated */
	size_t len, cursor;
	char history[EDITOR_HISTORY][EDITOR_LINE_MAX + 1];
	unsigned added;			 /* lines ever kept; the oldest are dropped */
	unsigned back;			 /* 0: editing a new line; n: showing the n-th newest */
	char draft[EDITOR_LINE_MAX + 1]; /* the new line, while browsing the history */
	struct baton_escape escape;	 /* a key's escape sequence (arrows, Home, Delete) */
	bool after_cr;
};

enum editor_result {
	EDITOR_MORE,   /* keep typing */
	EDITOR_LINE,   /* line[] is the command (without the Enter) */
	EDITOR_CANCEL, /* ^C: nothing to run */
	EDITOR_EOF,    /* ^D on an empty line */
};

struct editor_out {
	char bytes[EDITOR_OUT_MAX];
	size_t len;
};

void editor_init(struct editor *ed);
/* Starts a new line (after a result other than EDITOR_MORE). */
void editor_new_line(struct editor *ed);
/* One key byte; out gets what to print for it (out->len is reset first). */
enum editor_result editor_key(struct editor *ed, char c, struct editor_out *out);

#endif
