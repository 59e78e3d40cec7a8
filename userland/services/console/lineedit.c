/* lineedit.c — cooked input, one byte at a time (lineedit.h). */
#include "lineedit.h"

#include <string.h>

#include "baton/keys.h"

void line_reset(struct line_editor *ed)
{
	ed->length = 0;
	ed->escape = (struct baton_escape){0};
	ed->text[0] = '\0';
}

static void show(char echo[], size_t *n, const char *s, size_t len)
{
	memcpy(echo + *n, s, len);
	*n += len;
}

static void erase(struct line_editor *ed, size_t count, char echo[], size_t *n)
{
	for (; count && ed->length; count--, ed->length--)
		show(echo, n, "\b \b", 3);
}

static enum line_state finish(struct line_editor *ed, char echo[], size_t *n)
{
	ed->text[ed->length++] = '\n';
	ed->text[ed->length] = '\0';
	show(echo, n, "\n", 1); /* the console's output adds the '\r' */
	return LINE_DONE;
}

enum line_state line_feed(struct line_editor *ed, char c, char echo[LINE_ECHO_MAX],
			  size_t *echo_len)
{
	bool after_cr = ed->after_cr;

	*echo_len = 0;
	ed->after_cr = c == '\r';
	if (baton_escape_feed(&ed->escape, c) != BATON_ESC_NOT) /* keys we do not edit with */
		return LINE_EDITING;
	if (c == '\n' && after_cr)
		return LINE_EDITING; /* the second half of "\r\n" */
	if (c == '\r' || c == '\n')
		return finish(ed, echo, echo_len);
	if (c == BATON_KEY_DEL || c == BATON_KEY_CTRL('H'))
		erase(ed, 1, echo, echo_len);
	else if (c == BATON_KEY_CTRL('U'))
		erase(ed, ed->length, echo, echo_len);
	else if (c == BATON_KEY_CTRL('D') && ed->length == 0)
		return LINE_EOF;
	else if ((unsigned char)c < ' ' && c != '\t')
		; /* other control bytes mean nothing here */
	else if (ed->length + 1 >= LINE_MAX_BYTES)
		show(echo, echo_len, "\a", 1); /* room is kept for the '\n' */
	else {
		ed->text[ed->length++] = c;
		show(echo, echo_len, &c, 1);
	}
	return LINE_EDITING;
}
