/* cmd_services.c — commands that talk to services: kv, uptime, sleep; and echo. */
#include <stdio.h>
#include <string.h>

#include "baton/kv.h"
#include "baton/ticktimer.h"
#include "commands.h"
#include "editor.h"

#define VALUE_MAX 4096 /* what the shell shows of a value */

int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	printf("\n");
	return 0;
}

static int kv_get(const char *key)
{
	static char value[VALUE_MAX + 1];
	size_t len;
	long err = baton_kv_get(key, value, VALUE_MAX, &len);

	if (err == BATON_ERR_RANGE) {
		printf("kv get: the value is %zu bytes; the shell shows up to %u\n", len,
		       VALUE_MAX);
		return 1;
	}
	if (err)
		return command_fail("kv get", err);
	printf("%.*s\n", (int)len, value);
	return 0;
}

/* The words after the key, joined by single spaces, are the value. */
static int kv_put(int argc, char **argv)
{
	static char value[VALUE_MAX];
	size_t len = 0;

	/* The words come from one command line: joined, they fit. */
	_Static_assert(EDITOR_LINE_MAX < VALUE_MAX, "a command line fits in a value");
	for (int i = 3; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (i > 3)
			value[len++] = ' ';
		memcpy(value + len, argv[i], n);
		len += n;
	}
	long err = baton_kv_put(argv[2], value, len);
	return err ? command_fail("kv put", err) : 0;
}

static int kv_ls(void)
{
	static char keys[16384];
	size_t bytes;
	unsigned count;
	long err = baton_kv_list(keys, sizeof(keys), &bytes, &count);

	if (err)
		return command_fail("kv ls", err);
	/* By the bytes kv wrote, not by its count: a wrong answer cannot lead past them. */
	for (size_t at = 0, n; at < bytes; at += n + 1) {
		n = strnlen(keys + at, bytes - at);
		printf("%.*s\n", (int)n, keys + at);
	}
	(void)count;
	return 0;
}

int cmd_kv(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "";
	const char *key = argc > 2 ? argv[2] : NULL; /* none for ls */
	size_t key_len = key ? strlen(key) : 1;
	long err;

	if (!((strcmp(op, "get") == 0 && argc == 3) || (strcmp(op, "put") == 0 && argc >= 3) ||
	      (strcmp(op, "del") == 0 && argc == 3) || (strcmp(op, "ls") == 0 && argc == 2)))
		return command_usage("kv");
	if (key_len == 0 || key_len > BATON_KV_KEY_MAX) { /* kv's RANGE would read as a size */
		printf("kv %s: a key is 1 to %u bytes\n", op, BATON_KV_KEY_MAX);
		return 1;
	}
	/* kv's calls wait for "kv" to be registered: a shell command must not (nor for names). */
	if ((err = baton_kv_open(BATON_TRY)))
		return command_fail("kv: not running", err);
	if (strcmp(op, "get") == 0)
		return kv_get(argv[2]);
	if (strcmp(op, "put") == 0)
		return kv_put(argc, argv);
	if (strcmp(op, "del") == 0)
		return (err = baton_kv_delete(argv[2])) ? command_fail("kv del", err) : 0;
	return kv_ls();
}

int cmd_uptime(int argc, char **argv)
{
	uint64_t ns;
	long err;
	(void)argv;

	if (argc != 1)
		return command_usage("uptime");
	if ((err = baton_ticktimer_open(BATON_TRY)) || (err = baton_ticktimer_uptime_ns(&ns)))
		return command_fail("uptime", err);
	printf("up %lu.%03lu s\n", (unsigned long)(ns / 1000000000),
	       (unsigned long)(ns / 1000000 % 1000));
	return 0;
}

int cmd_sleep(int argc, char **argv)
{
	uint64_t ms;
	long err;

	if (argc != 2 || !command_number(argv[1], UINT64_MAX / 1000000, &ms))
		return command_usage("sleep");
	if ((err = baton_ticktimer_open(BATON_TRY)) || (err = baton_ticktimer_sleep_ms(ms)))
		return command_fail("sleep", err);
	return 0;
}
