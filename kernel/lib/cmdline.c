/* cmdline.c — splits the boot command line in place into key/value pairs. */
#include "lib/cmdline.h"

#include "lib/string.h"

void cmdline_parse(struct cmdline *c, const char *text)
{
	char *p = c->buf;

	str_copy(c->buf, text ? text : "", sizeof(c->buf));
	c->count = c->dropped = 0;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		char *word = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (c->count == CMDLINE_MAX_ARGS) {
			c->dropped++;
			continue;
		}
		c->key[c->count] = word;
		c->value[c->count] = "";
		for (char *q = word; q < p; q++) {
			if (*q == '=') {
				*q = '\0';
				c->value[c->count] = q + 1;
				break;
			}
		}
		c->count++;
	}
}

const char *cmdline_get(const struct cmdline *c, const char *key)
{
	for (unsigned i = c->count; i-- > 0;) {
		if (strcmp(c->key[i], key) == 0)
			return c->value[i];
	}
	return NULL;
}
