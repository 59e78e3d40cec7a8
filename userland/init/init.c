/*
 * init.c — the first process.  It starts the services (names, console,
 * ticktimer, kv) and the shell, restarts whichever ends, and serves the
 * shell's requests to kill and to power off (control.c).  docs/init.md.
 *
 * With a command on its command line (boot option initargs=prog,arg,...)
 * it starts the services, runs that command instead of the shell, and
 * powers off when it ends: how the boot tests run a whole system.
 */
#include <stdio.h>

#include "baton/baton.h"
#include "control.h"
#include "services.h"

static const char *how_it_ended(const struct baton_exit *ex, char *buf, size_t size)
{
	if (ex->how == BATON_EXIT_NORMAL)
		snprintf(buf, size, "ended: status %lu", (unsigned long)ex->status);
	else if (ex->how == BATON_EXIT_FAULT)
		snprintf(buf, size, "ended by a fault (scause %lu, sepc 0x%lx)",
			 (unsigned long)ex->status, (unsigned long)ex->sepc);
	else
		snprintf(buf, size, "was killed");
	return buf;
}

/* Runs argv[0] with argv[1..]; its pid, or 0 (and the machine goes off, failed). */
static uint32_t run_command(char **argv)
{
	uint32_t pid;
	long err = baton_spawn(argv[0], (const char *const *)argv + 1, &pid);

	if (err) {
		printf("init: cannot run %s: %s\n", argv[0], baton_strerror(err));
		baton_power_off(1);
	}
	printf("init: started %s (pid %u)\n", argv[0], (unsigned)pid);
	return pid;
}

/* A new names knows no name: init's own is registered again, the others' owners restarted. */
static void names_came_back(void)
{
	services_names_came_back();
	control_register();
}

int main(int argc, char **argv)
{
	struct service *s;
	uint32_t command = 0;
	char how[96];

	/* A child may not run above its starter: services and tests may need any priority. */
	baton_set_priority(0, BATON_PRIO_MAX);
	services_start_all();
	control_start(); /* before the shell: a `shutdown` typed at once finds "init" */
	if (argc >= 2)
		command = run_command(argv + 1);
	else
		services_start_shell();
	printf("init: system up\n");
	for (;;) {
		struct baton_exit ex;
		if (baton_wait(0, &ex))
			baton_sleep_ns(1000000000); /* no children: nothing to do but serve */
		else if (command && ex.pid == command) {
			printf("init: %s (pid %u) %s; powering off\n", argv[1], (unsigned)ex.pid,
			       how_it_ended(&ex, how, sizeof(how)));
			baton_power_off(ex.how != BATON_EXIT_NORMAL || ex.status != 0);
		} else if ((s = services_find(ex.pid))) {
			services_ended(s, how_it_ended(&ex, how, sizeof(how)));
			if (services_is_names(s) && s->pid)
				names_came_back();
		} else {
			printf("init: pid %u %s\n", (unsigned)ex.pid,
			       how_it_ended(&ex, how, sizeof(how)));
		}
	}
}
