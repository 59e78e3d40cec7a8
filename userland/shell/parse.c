/* parse.c — command-line words (parse.h). */
#include <stdbool.h>
#include <stddef.h>

#include "parse.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* One word starting at *p (not a space); *p moves past it.  False for an unclosed quote. */
static bool word(char **p, char **start)
{
	char *in = *p, *out = *p;
	bool quoted = false;

	*start = out;
	for (; *in && (quoted || !is_space(*in)); in++) {
		if (*in == '"')
			quoted = !quoted;
		else
			*out++ = *in;
	}
	if (quoted)
		return false;
	*p = *in ? in + 1 : in;
	*out = '\0';
	return true;
}

bool parse_words(char *line, char *argv[PARSE_WORDS_MAX + 1], int *argc, const char **why)
{
	char *p = line;

	*argc = 0;
	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		if (*argc == PARSE_WORDS_MAX) {
			*why = "too many words";
			return false;
		}
		if (!word(&p, &argv[*argc])) {
			*why = "a quote is not closed";
			return false;
		}
		(*argc)++;
	}
	argv[*argc] = NULL;
	return true;
}
