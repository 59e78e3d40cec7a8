/* init.c — the first process: starts what the system runs and reports on it. */
#include <stdio.h>

#include "baton/baton.h"

/*
 * Until the services and the shell exist, init starts the demo program,
 * waits for it, and powers the machine off.
 */
int main(void)
{
	static const char *const argv[] = {"from", "init", NULL};
	struct baton_exit ex;
	uint32_t pid;

	printf("init: started (pid 1)\n");
	long err = baton_spawn("hello", argv, &pid);
	if (err) {
		printf("init: cannot start hello: %s\n", baton_strerror(err));
		baton_power_off(1);
	}
	printf("init: started hello as pid %u\n", pid);
	err = baton_wait(pid, &ex);
	printf("init: hello (pid %u) ended: %s %lu\n", pid,
	       ex.how == BATON_EXIT_NORMAL ? "status" : "fault", (unsigned long)ex.status);
	printf("init: nothing else to run; powering off\n");
	baton_power_off(err || ex.how != BATON_EXIT_NORMAL || ex.status != 0);
}
