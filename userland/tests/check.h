/* check.h — result lines for in-QEMU test programs: "ok N area.case" or "not ok N area.case". */
#ifndef BATON_TESTS_CHECK_H
#define BATON_TESTS_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "baton/baton.h"

static unsigned t_cases, t_failed;

/* Reports one case; the name is a printf format. */
__attribute__((format(printf, 2, 3))) static inline bool t_case(bool ok, const char *fmt, ...)
{
	va_list ap;

	t_cases++;
	t_failed += !ok;
	printf("%s %u ", ok ? "ok" : "not ok", t_cases);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return ok;
}

/*
 * A case this run cannot check (say, a service that was running already):
 * "ok N name # SKIP why", TAP's skip.  No failure (boot-test.sh fails on
 * "not ok" lines only) and no pass: the exit status counts failures only.
 */
static inline void t_skip(const char *name, const char *why)
{
	printf("ok %u %s # SKIP %s\n", ++t_cases, name, why);
}

/* A failed expectation inside a case, with the values, for the log. */
#define T_EXPECT(cond, ok)                                                                         \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("  %s:%d: expected %s\n", __FILE__, __LINE__, #cond);               \
			ok = false;                                                                \
		}                                                                                  \
	} while (0)

#define T_EXPECT_EQ(a, b, ok)                                                                      \
	do {                                                                                       \
		long long t_a = (long long)(a), t_b = (long long)(b);                              \
		if (t_a != t_b) {                                                                  \
			printf("  %s:%d: %s == %s: %lld != %lld\n", __FILE__, __LINE__, #a, #b,    \
			       t_a, t_b);                                                          \
			ok = false;                                                                \
		}                                                                                  \
	} while (0)

/* A case that is one call's result: got must be want (an error code, usually). */
static inline void t_expect_result(long got, long want, const char *name)
{
	if (got != want)
		printf("  %s: got %ld (%s), want %ld (%s)\n", name, got, baton_strerror(got), want,
		       baton_strerror(want));
	t_case(got == want, "%s", name);
}

/* What MEM_INFO says now. */
static inline struct baton_mem_info t_mem(void)
{
	struct baton_mem_info m;

	baton_mem_info(&m);
	return m;
}

/* The program's exit status: how many cases failed (0 when all passed). */
static inline int t_done(void)
{
	return t_failed > 125 ? 125 : (int)t_failed;
}

/* Runs `probe ARGS...` and waits for it. */
static inline long t_probe(const char *const argv[], struct baton_exit *out)
{
	uint32_t pid;
	long err = baton_spawn("probe", argv, &pid);

	return err ? err : baton_wait(pid, out);
}

/* For probes that exit with -error: the error, or -999 if the probe did not run or exit. */
static inline long t_probe_error(const char *const argv[])
{
	struct baton_exit ex;

	return t_probe(argv, &ex) || ex.how != BATON_EXIT_NORMAL ? -999 : -(long)ex.status;
}

/* Runs `program ARGS...`: its exit status, 1000 + -error if it did not run, 2000 + how if it
 * did not exit. */
static inline long t_run(const char *program, const char *const argv[])
{
	struct baton_exit ex;
	uint32_t pid;
	long err = baton_spawn(program, argv, &pid);

	if (!err)
		err = baton_wait(pid, &ex);
	if (err)
		return 1000 - err;
	return ex.how == BATON_EXIT_NORMAL ? (long)ex.status : 2000 + (long)ex.how;
}

#endif
