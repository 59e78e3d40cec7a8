/* test_cmdline.c — the boot-argument parser: pairs, bare words, repeats, limits and odd input. */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "lib/cmdline.h"

static bool is(const char *got, const char *want)
{
	return got && strcmp(got, want) == 0;
}

static void test_pairs_and_words(void)
{
	struct cmdline c;

	cmdline_parse(&c, "console=ttyS0 loglevel=7 quiet root=/dev/vda=x");
	CHECK_EQ(c.count, 4);
	CHECK_EQ(c.dropped, 0);
	CHECK(is(cmdline_get(&c, "console"), "ttyS0"));
	CHECK(is(cmdline_get(&c, "loglevel"), "7"));
	CHECK(is(cmdline_get(&c, "quiet"), ""));
	CHECK(is(cmdline_get(&c, "root"), "/dev/vda=x")); /* split at the first '=' only */
	CHECK(cmdline_get(&c, "missing") == NULL);
	CHECK(cmdline_get(&c, "consol") == NULL);
	CHECK(cmdline_get(&c, "ttyS0") == NULL);
	CHECK(is(c.key[2], "quiet"));
}

static void test_empty_key_and_value(void)
{
	struct cmdline c;

	cmdline_parse(&c, "a= =b =");
	CHECK_EQ(c.count, 3);
	CHECK(is(c.key[0], "a") && is(c.value[0], ""));
	CHECK(is(c.key[1], "") && is(c.value[1], "b"));
	CHECK(is(c.key[2], "") && is(c.value[2], ""));
	CHECK(is(cmdline_get(&c, "a"), ""));
	CHECK(is(cmdline_get(&c, ""), "")); /* the last of the two empty keys */
}

static void test_repeated_key(void)
{
	struct cmdline c;

	cmdline_parse(&c, "log=1 x log=2 y log=3 z");
	CHECK_EQ(c.count, 6);
	CHECK(is(cmdline_get(&c, "log"), "3"));
	cmdline_parse(&c, "x=first x x=");
	CHECK(is(cmdline_get(&c, "x"), "")); /* the bare "x" is a repeat too, then "x=" */
}

static void test_whitespace(void)
{
	struct cmdline c;

	cmdline_parse(&c, " \t  a=1\t\tb  \t c=3 \t ");
	CHECK_EQ(c.count, 3);
	CHECK(is(cmdline_get(&c, "a"), "1"));
	CHECK(is(cmdline_get(&c, "b"), ""));
	CHECK(is(cmdline_get(&c, "c"), "3"));
	cmdline_parse(&c, " \t \t ");
	CHECK_EQ(c.count, 0);
}

static void test_too_many_words(void)
{
	struct cmdline c;
	char line[CMDLINE_MAX_LEN] = "";
	char word[32];

	for (int i = 0; i < CMDLINE_MAX_ARGS + 5; i++) {
		snprintf(word, sizeof(word), "k%d=%d ", i, i);
		strcat(line, word);
	}
	cmdline_parse(&c, line);
	CHECK_EQ(c.count, CMDLINE_MAX_ARGS);
	CHECK_EQ(c.dropped, 5);
	CHECK(is(cmdline_get(&c, "k0"), "0"));
	CHECK(is(cmdline_get(&c, "k15"), "15"));
	CHECK(cmdline_get(&c, "k16") == NULL);
	CHECK(cmdline_get(&c, "k20") == NULL);
}

static void test_overlong_line(void)
{
	struct cmdline c;
	char line[1000];

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "x=1 long=", 9);
	cmdline_parse(&c, line);
	CHECK_EQ(c.count, 2);
	CHECK(is(cmdline_get(&c, "x"), "1"));
	const char *v = cmdline_get(&c, "long");
	CHECK(v != NULL);
	CHECK_EQ(v ? strlen(v) : 0, CMDLINE_MAX_LEN - 1 - 9); /* cut at the buffer's end */
	CHECK_EQ(c.buf[CMDLINE_MAX_LEN - 1], '\0');
}

static void test_empty_and_null(void)
{
	struct cmdline c;

	memset(&c, 0x5a, sizeof(c)); /* stale state must not survive */
	cmdline_parse(&c, "");
	CHECK_EQ(c.count, 0);
	CHECK_EQ(c.dropped, 0);
	CHECK(cmdline_get(&c, "") == NULL);
	memset(&c, 0x5a, sizeof(c));
	cmdline_parse(&c, NULL);
	CHECK_EQ(c.count, 0);
	CHECK_EQ(c.dropped, 0);
	CHECK(cmdline_get(&c, "x") == NULL);
}

static void test_reparse(void)
{
	struct cmdline c;

	cmdline_parse(&c, "a=1 b=2 c=3");
	cmdline_parse(&c, "d=4");
	CHECK_EQ(c.count, 1);
	CHECK(cmdline_get(&c, "a") == NULL);
	CHECK(is(cmdline_get(&c, "d"), "4"));
}

int main(void)
{
	RUN(test_pairs_and_words);
	RUN(test_empty_key_and_value);
	RUN(test_repeated_key);
	RUN(test_whitespace);
	RUN(test_too_many_words);
	RUN(test_overlong_line);
	RUN(test_empty_and_null);
	RUN(test_reparse);
	return check_summary();
}
