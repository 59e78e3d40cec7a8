/* selftest.h — checks the kernel runs on itself at boot, one "ok N name" line per case. */
#ifndef BATON_DEBUG_SELFTEST_H
#define BATON_DEBUG_SELFTEST_H

#include <stdbool.h>

/* Runs every check; true if all passed. */
bool selftest_run(void);

#endif
