/* cmdline.h — boot options from /chosen/bootargs: space-separated key=value words. */
#ifndef BATON_LIB_CMDLINE_H
#define BATON_LIB_CMDLINE_H

#define CMDLINE_MAX_ARGS 16
#define CMDLINE_MAX_LEN	 256

struct cmdline {
	char buf[CMDLINE_MAX_LEN];
	const char *key[CMDLINE_MAX_ARGS];
	const char *value[CMDLINE_MAX_ARGS]; /* "" for a bare word */
	unsigned count;
	unsigned dropped; /* words beyond CMDLINE_MAX_ARGS */
};

void cmdline_parse(struct cmdline *c, const char *text);
/* The value of the last `key`, or NULL if absent. */
const char *cmdline_get(const struct cmdline *c, const char *key);

#endif
