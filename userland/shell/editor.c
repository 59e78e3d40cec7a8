/* editor.c — the shell's line editor (editor.h). */
#include "editor.h"

#include <string.h>

#include "baton/keys.h"

static void emit(struct editor_out *o, const char *s, size_t n)
{
	memcpy(o->bytes + o->len, s, n);
	o->len += n;
}

static void emit_repeat(struct editor_out *o, char c, size_t n)
{
	memset(o->bytes + o->len, c, n);
	o->len += n;
}

void editor_init(struct editor *ed)
{
	memset(ed, 0, sizeof(*ed));
}

void editor_new_line(struct editor *ed)
{
	ed->len = ed->cursor = 0;
	ed->line[0] = '\0';
	ed->back = 0;
	ed->escape = (struct baton_escape){0};
}

/* Prints from the cursor to the end and `blanks` spaces over what was longer, then goes back. */
static void redraw_tail(struct editor *ed, struct editor_out *o, size_t blanks)
{
	emit(o, ed->line + ed->cursor, ed->len - ed->cursor);
	emit_repeat(o, ' ', blanks);
	emit_repeat(o, '\b', ed->len - ed->cursor + blanks);
}

static void insert(struct editor *ed, char c, struct editor_out *o)
{
	if (ed->len == EDITOR_LINE_MAX) {
		emit(o, "\a", 1);
		return;
	}
	memmove(ed->line + ed->cursor + 1, ed->line + ed->cursor, ed->len - ed->cursor + 1);
	ed->line[ed->cursor++] = c;
	ed->len++;
	emit(o, &c, 1);
	redraw_tail(ed, o, 0);
}

/* Erases the byte at the cursor (Delete), or before it (backspace). */
static void erase_at(struct editor *ed, struct editor_out *o)
{
	if (ed->cursor == ed->len)
		return;
	memmove(ed->line + ed->cursor, ed->line + ed->cursor + 1, ed->len - ed->cursor);
	ed->len--;
	redraw_tail(ed, o, 1);
}

static void erase_before(struct editor *ed, struct editor_out *o)
{
	if (ed->cursor == 0)
		return;
	ed->cursor--;
	emit(o, "\b", 1);
	erase_at(ed, o);
}

static void go_home(struct editor *ed, struct editor_out *o)
{
	emit_repeat(o, '\b', ed->cursor);
	ed->cursor = 0;
}

static void go_end(struct editor *ed, struct editor_out *o)
{
	emit(o, ed->line + ed->cursor, ed->len - ed->cursor);
	ed->cursor = ed->len;
}

static void move(struct editor *ed, int by, struct editor_out *o)
{
	if (by < 0 && ed->cursor > 0) {
		emit(o, "\b", 1);
		ed->cursor--;
	} else if (by > 0 && ed->cursor < ed->len) {
		emit(o, ed->line + ed->cursor, 1);
		ed->cursor++;
	}
}

/* Shows `text` instead of the line, the cursor at its end. */
static void replace(struct editor *ed, const char *text, struct editor_out *o)
{
	size_t old = ed->len;

	go_home(ed, o);
	ed->len = strlen(text);
	memmove(ed->line, text, ed->len + 1);
	emit(o, ed->line, ed->len);
	if (old > ed->len) {
		emit_repeat(o, ' ', old - ed->len);
		emit_repeat(o, '\b', old - ed->len);
	}
	ed->cursor = ed->len;
}

static const char *nth_newest(const struct editor *ed, unsigned n)
{
	return ed->history[(ed->added - n) % EDITOR_HISTORY];
}

static unsigned kept(const struct editor *ed)
{
	return ed->added < EDITOR_HISTORY ? ed->added : EDITOR_HISTORY;
}

/* older: up (+1) or down (-1) the history. */
static void browse(struct editor *ed, int older, struct editor_out *o)
{
	if (older > 0 && ed->back < kept(ed)) {
		if (ed->back == 0)
			memcpy(ed->draft, ed->line, ed->len + 1);
		replace(ed, nth_newest(ed, ++ed->back), o);
	} else if (older < 0 && ed->back > 0) {
		ed->back--;
		replace(ed, ed->back ? nth_newest(ed, ed->back) : ed->draft, o);
	}
}

static void keep(struct editor *ed)
{
	if (ed->len == 0 || (ed->added && strcmp(nth_newest(ed, 1), ed->line) == 0))
		return;
	memcpy(ed->history[ed->added % EDITOR_HISTORY], ed->line, ed->len + 1);
	ed->added++;
}

/* A whole escape sequence: its final byte (or the '~' after a digit). */
static void escape_done(struct editor *ed, struct editor_out *o)
{
	char c = ed->escape.final, p = ed->escape.param;

	if (c == 'A' && !p)
		browse(ed, 1, o);
	else if (c == 'B' && !p)
		browse(ed, -1, o);
	else if (c == 'C' && !p)
		move(ed, 1, o);
	else if (c == 'D' && !p)
		move(ed, -1, o);
	else if ((c == 'H' && !p) || (c == '~' && (p == '1' || p == '7')))
		go_home(ed, o);
	else if ((c == 'F' && !p) || (c == '~' && (p == '4' || p == '8')))
		go_end(ed, o);
	else if (c == '~' && p == '3')
		erase_at(ed, o);
}

/* True while c is part of an escape sequence. */
static bool escape_key(struct editor *ed, char c, struct editor_out *o)
{
	enum baton_escape_step step = baton_escape_feed(&ed->escape, c);

	if (step == BATON_ESC_DONE)
		escape_done(ed, o);
	return step != BATON_ESC_NOT;
}

/* Keys that are not escape sequences, Enter or plain bytes. */
static enum editor_result control_key(struct editor *ed, char c, struct editor_out *o)
{
	if (c == BATON_KEY_DEL || c == BATON_KEY_CTRL('H'))
		erase_before(ed, o);
	else if (c == BATON_KEY_CTRL('A'))
		go_home(ed, o);
	else if (c == BATON_KEY_CTRL('E'))
		go_end(ed, o);
	else if (c == BATON_KEY_CTRL('U'))
		replace(ed, "", o);
	else if (c == BATON_KEY_CTRL('C')) {
		emit(o, "^C\n", 3);
		return EDITOR_CANCEL;
	} else if (c == BATON_KEY_CTRL('D') && ed->len == 0) {
		emit(o, "\n", 1);
		return EDITOR_EOF;
	}
	return EDITOR_MORE;
}

enum editor_result editor_key(struct editor *ed, char c, struct editor_out *out)
{
	bool after_cr = ed->after_cr;

	out->len = 0;
	ed->after_cr = c == '\r';
	if (escape_key(ed, c, out))
		return EDITOR_MORE;
	if (c == '\n' && after_cr)
		return EDITOR_MORE; /* the second half of "\r\n" */
	if (c == '\r' || c == '\n') {
		go_end(ed, out);
		emit(out, "\n", 1);
		keep(ed);
		return EDITOR_LINE;
	}
	if ((unsigned char)c < ' ' || c == BATON_KEY_DEL)
		return control_key(ed, c, out);
	insert(ed, c, out);
	return EDITOR_MORE;
}
