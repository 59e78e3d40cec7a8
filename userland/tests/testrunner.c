/* testrunner.c — runs as init (boot option init=testrunner): every test program, then power off. */
#include <stdbool.h>
#include <stdio.h>

#include "baton/baton.h"

static const char *const tests[] = {
	"test_ipc_kinds", "test_ipc_errors",   "test_ipc_queue",  "test_ipc_donation",
	"test_ipc_death", "test_ipc_fastpath", "test_ipc_stress", "test_syscalls",
	"test_futex",	  "test_rpc",	       "test_isolation",  "test_memory",
	"test_sched",	  "test_resources",    "test_drivers",	  "test_console",
	"test_ticktimer", "test_names",	       "test_kv",	  "test_examples",
	"test_nomem",
};

static bool run(const char *name)
{
	struct baton_exit ex;
	uint32_t pid;
	long err = baton_spawn(name, NULL, &pid);

	if (!err)
		err = baton_wait(pid, &ex);
	if (err) {
		printf("testrunner: %s: cannot run: %s\n", name, baton_strerror(err));
		return false;
	}
	if (ex.how != BATON_EXIT_NORMAL) {
		printf("testrunner: %s: ended by %s (scause %lu, sepc 0x%lx, stval 0x%lx)\n", name,
		       ex.how == BATON_EXIT_FAULT ? "a fault" : "kill", (unsigned long)ex.status,
		       (unsigned long)ex.sepc, (unsigned long)ex.stval);
		return false;
	}
	printf("testrunner: %s: %s\n", name, ex.status ? "FAILED" : "passed");
	return ex.status == 0;
}

int main(void)
{
	unsigned failed = 0, n = sizeof(tests) / sizeof(tests[0]);

	/* A child may not run above its starter: the tests need every priority. */
	baton_set_priority(0, BATON_PRIO_MAX);
	for (unsigned i = 0; i < n; i++)
		failed += !run(tests[i]);
	printf("testrunner: %u programs, %u failed\n", n, failed);
	baton_power_off(failed != 0);
}
