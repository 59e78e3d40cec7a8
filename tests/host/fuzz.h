/* fuzz.h — for the libFuzzer targets: a promise of the code under test, checked on every input. */
#ifndef BATON_TESTS_HOST_FUZZ_H
#define BATON_TESTS_HOST_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

/* Aborts (libFuzzer keeps the input) when cond does not hold; FUZZ_NAME names the target. */
#define PROMISE(cond, ...)                                                                         \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, FUZZ_NAME ": broken promise: %s: ", #cond);                \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
