/*
 * lineedit.h — the console's cooked input: bytes in, one edited line out,
 * with what the terminal should show echoed back.  Pure logic, tested on
 * the host (tests/host/test_lineedit.c).
 *
 * Enter ('\r' or '\n'; "\r\n" counts once) ends the line, which keeps its
 * '\n'.  Backspace (DEL or ^H) erases the last byte, ^U the whole line,
 * ^D on an empty line means end of input.  Escape sequences (arrow keys)
 * are swallowed whole; other control bytes are ignored.  A full line
 * rings the bell instead of growing.
 */
#ifndef CONSOLE_LINEEDIT_H
#define CONSOLE_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "baton/keys.h"

#define LINE_MAX_BYTES 255		    /* BATON_CONSOLE_LINE_MAX: with the '\n' */
#define LINE_ECHO_MAX  (3 * LINE_MAX_BYTES) /* the most one byte can echo: ^U's erasing */

struct line_editor {
	char text[LINE_MAX_BYTES + 1]; /* NUL-terminated when done */
	size_t length;
	struct baton_escape escape; /* a key's escape sequence, swallowed */
	bool after_cr;		    /* a '\n' right after '\r' is the same Enter */
};

enum line_state {
	LINE_EDITING,
	LINE_DONE, /* text[0..length) is the line, '\n' last */
	LINE_EOF,  /* ^D on an empty line */
};

void line_reset(struct line_editor *ed);
/* Takes one input byte; echo[0..*echo_len) is what to show for it. */
enum line_state line_feed(struct line_editor *ed, char c, char echo[LINE_ECHO_MAX],
			  size_t *echo_len);

#endif
