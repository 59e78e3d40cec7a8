/*
 * escape.c — the escape sequences a terminal's keys send, read a byte at a
 * time (keys.h): ESC [ parameters final, or ESC O final.  One reader for
 * the console's line input, which swallows them, and the shell's editor,
 * which acts on them.
 */
#include <stdbool.h>

#include "baton/keys.h"

enum {
	ESC_NONE,
	ESC_SEEN,    /* after ESC */
	ESC_BRACKET, /* after ESC [ or ESC O */
	ESC_PARAM    /* after ESC [ digit... */
};

static bool final_byte(char c)
{
	return c >= 0x40 && c <= 0x7e;
}

enum baton_escape_step baton_escape_feed(struct baton_escape *e, char c)
{
	switch (e->state) {
	case ESC_SEEN:
		e->state = c == '[' || c == 'O' ? ESC_BRACKET : ESC_NONE;
		return BATON_ESC_MORE;
	case ESC_BRACKET:
		if (c >= '0' && c <= '9') {
			e->param = c;
			e->state = ESC_PARAM;
		} else if (final_byte(c)) {
			e->param = 0;
			e->final = c;
			e->state = ESC_NONE;
			return BATON_ESC_DONE;
		}
		return BATON_ESC_MORE;
	case ESC_PARAM:
		if (final_byte(c)) {
			e->final = c;
			e->state = ESC_NONE;
			return BATON_ESC_DONE;
		}
		e->param = 0; /* parameters we do not know (15, 2;5): the sequence still ends */
		return BATON_ESC_MORE;
	default:
		if (c != BATON_KEY_ESC)
			return BATON_ESC_NOT;
		e->state = ESC_SEEN;
		return BATON_ESC_MORE;
	}
}
