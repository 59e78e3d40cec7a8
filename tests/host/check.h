/* check.h — a minimal unit-test harness: one "ok N name" line per case, exit 1 on any failure. */
#ifndef BATON_TESTS_CHECK_H
#define BATON_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_cases, check_failures, check_case_failed;

/* Records a failed expectation and keeps going, so one run shows every problem. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			check_case_failed = 1;                                                     \
		}                                                                                  \
	} while (0)

#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		unsigned long long check_a = (unsigned long long)(a);                              \
		unsigned long long check_b = (unsigned long long)(b);                              \
		if (check_a != check_b) {                                                          \
			fprintf(stderr, "  %s:%d: %s == %s failed: 0x%llx != 0x%llx\n", __FILE__,  \
				__LINE__, #a, #b, check_a, check_b);                               \
			check_case_failed = 1;                                                     \
		}                                                                                  \
	} while (0)

#define RUN(fn)                                                                                    \
	do {                                                                                       \
		check_case_failed = 0;                                                             \
		fn();                                                                              \
		check_cases++;                                                                     \
		check_failures += check_case_failed;                                               \
		printf("%s %d %s\n", check_case_failed ? "not ok" : "ok", check_cases, #fn);       \
	} while (0)

static inline int check_summary(void)
{
	printf("%d passed, %d failed\n", check_cases - check_failures, check_failures);
	return check_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
