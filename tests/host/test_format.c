/* test_format.c — vformat() against the host vsnprintf, truncation into small buffers too. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "check.h"
#include "lib/format.h"

#define GUARD 0x7f

/* Formats into a buffer of `size` bytes that sits in a bigger one filled with GUARD. */
static int into(char *big, size_t bigsize, size_t size, bool ours, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	memset(big, GUARD, bigsize);
	va_copy(copy, ap);
	if (ours)
		n = vformat(size ? big : NULL, size, fmt, copy);
	else
		n = vsnprintf(size ? big : NULL, size, fmt, copy);
	va_end(copy);
	return n;
}

/* Same return value and the same bytes as vsnprintf, for every buffer size given. */
static void compare_sizes(int line, const char *fmt, va_list ap)
{
	static const size_t sizes[] = {0, 1, 2, 5, 300};
	char want[320], got[320];

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int nw = into(want, sizeof(want), sizes[i], false, fmt, ap);
		int ng = into(got, sizeof(got), sizes[i], true, fmt, ap);
		if (nw != ng || memcmp(want, got, sizeof(want)) != 0) {
			fprintf(stderr,
				"  line %d: \"%s\" size %zu: want %d \"%.*s\", got %d \"%.*s\"\n",
				line, fmt, sizes[i], nw, (int)sizes[i], want, ng, (int)sizes[i],
				got);
			check_case_failed = 1;
		}
	}
}

__attribute__((format(printf, 2, 3))) static void same(int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	compare_sizes(line, fmt, ap);
	va_end(ap);
}

#define SAME(...) same(__LINE__, __VA_ARGS__)

static void test_integers(void)
{
	SAME("%d %i %u", 42, -42, 42u);
	SAME("%d|%d|%d", 0, INT_MIN, INT_MAX);
	SAME("%u|%x|%X", UINT_MAX, UINT_MAX, 0xabcdefu);
	SAME("%x %X", 0u, 0xdeadbeefu);
	SAME("%ld|%ld|%lu|%lx", LONG_MIN, LONG_MAX, ULONG_MAX, ULONG_MAX);
	SAME("%lld|%llu|%llx", LLONG_MIN, (unsigned long long)UINT64_MAX, 0x123456789abcdefull);
	SAME("%zu|%zx|%zd", (size_t)SIZE_MAX, (size_t)4096, (ssize_t)-5);
	SAME("%hd|%hu|%hx", (short)-2, (unsigned short)65535, (unsigned short)0xbeef);
	SAME("%hhd|%hhu|%hhx", (signed char)-1, (unsigned char)200, (unsigned char)0x7f);
}

/* h and hh convert the promoted argument back to (unsigned) short or char, as C says. */
/* Long precisions are padded in full, as C does (up to 72 digits). */
static void test_long_precision(void)
{
	SAME("%.30d", 1);
	SAME("%.40x|%.64u", 0xabcu, 7u);
	SAME("%.72lu", ULONG_MAX);
}

static void test_short_conversions(void)
{
	SAME("%hhx", -1);
	SAME("%hhd", 300);
	SAME("%hhu", -56);
	SAME("%hd", 70000);
	SAME("%hx", -1);
	SAME("%02hhx%02hhx", (int8_t)-128, (int8_t)10);
}

static void test_width_and_flags(void)
{
	SAME("[%5d][%-5d][%05d]", 42, 42, 42);
	SAME("[%5d][%-5d][%05d]", -42, -42, -42);
	SAME("[%08x][%-8X][%8x]", 0xbeefu, 0xbeefu, 0xbeefu);
	SAME("[%1d][%2d][%020lld]", 12345, -7, LLONG_MIN);
	SAME("[%3c][%-3c][%c]", 'a', 'b', 'c');
	SAME("[%10s][%-10s][%s]", "abc", "abc", "");
	SAME("[%2s]", "longer than the width");
}

static void test_precision(void)
{
	SAME("[%.3d][%.3d][%.0d][%.1d]", 7, -7, 5, 0);
	SAME("[%.0d][%.0u][%.0x][%5.0d][%-3.0x]", 0, 0u, 0u, 0, 0u);
	SAME("[%8.3d][%-8.3d]", 42, 42);
	SAME("[%.10x][%.20lld]", 0x1fu, -1ll);
	SAME("[%.3s][%.0s][%.10s][%6.2s]", "abcdef", "abc", "ab", "xyz");
	SAME("[%.5s]", "ab\0cdefg");
}

/* Combinations gcc warns about in a literal ('0' ignored with '-' or a precision), still valid C.
 */
static void test_ignored_zero_flag(void)
{
	const char *minus = "[%-05d][%0-5d]", *precision = "[%08.3d][%05.0x]";

	SAME(minus, 3, -3);
	SAME(precision, -42, 0u);
}

static void test_star(void)
{
	SAME("[%*d][%-*d][%*d]", 6, 42, 6, 42, -6, 42);
	SAME("[%.*d][%.*s][%*.*x]", 4, 3, 2, "abcdef", 8, 5, 0xabu);
	SAME("[%.*d][%.*s]", -1, 17, -3, "negative precision is none");
	SAME("[%0*d]", 5, -3);
}

static void test_literals(void)
{
	SAME("100%% sure, %%d is %d", 1);
	SAME("%s", "plain string");
	SAME("no conversions at all");
	SAME("%s=%d %s=%u", "a", 1, "b", 2u);
	SAME("%c%c%c", 'x', 0x80 | 'y', 'z');
}

static void test_truncation(void)
{
	char buf[8];

	memset(buf, GUARD, sizeof(buf));
	CHECK_EQ(format(buf, 5, "%d", 123456789), 9);
	CHECK(strcmp(buf, "1234") == 0);
	CHECK_EQ(buf[5], GUARD);
	CHECK_EQ(format(buf, 1, "abc"), 3);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], '2'); /* left from the call before */
	CHECK_EQ(format(NULL, 0, "%s%s", "12", "345"), 5);
	memset(buf, GUARD, sizeof(buf));
	CHECK_EQ(format(buf, 0, "x"), 1);
	CHECK_EQ(buf[0], GUARD);
}

static void test_pointer(void)
{
	char buf[64];

	CHECK_EQ(format(buf, sizeof(buf), "%p", (void *)0x80200000), 18);
	CHECK(strcmp(buf, "0x0000000080200000") == 0);
	CHECK_EQ(format(buf, sizeof(buf), "%p", (void *)UINTPTR_MAX), 18);
	CHECK(strcmp(buf, "0xffffffffffffffff") == 0);
	CHECK_EQ(format(buf, sizeof(buf), "[%p]", NULL), 20);
	CHECK(strcmp(buf, "[0x0000000000000000]") == 0);
	CHECK_EQ(format(buf, sizeof(buf), "%20p|", (void *)0x10), 21);
	CHECK(strcmp(buf, "  0x0000000000000010|") == 0);
	CHECK_EQ(format(buf, 6, "%p", (void *)1), 18);
	CHECK(strcmp(buf, "0x000") == 0);
}

static void test_null_string(void)
{
	char buf[32];
	const char *volatile null = NULL; /* hidden from gcc's format checks */

	CHECK_EQ(format(buf, sizeof(buf), "%s", null), 6);
	CHECK(strcmp(buf, "(null)") == 0);
	CHECK_EQ(format(buf, sizeof(buf), "[%8s][%-7s]", null, null), 19);
	CHECK(strcmp(buf, "[  (null)][(null) ]") == 0);
}

int main(void)
{
	RUN(test_integers);
	RUN(test_short_conversions);
	RUN(test_long_precision);
	RUN(test_width_and_flags);
	RUN(test_precision);
	RUN(test_ignored_zero_flag);
	RUN(test_star);
	RUN(test_literals);
	RUN(test_truncation);
	RUN(test_pointer);
	RUN(test_null_string);
	return check_summary();
}
