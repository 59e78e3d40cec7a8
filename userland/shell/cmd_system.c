/* cmd_system.c — commands about the system itself: ps, mem, servers, run, kill, shutdown. */
#include <stdio.h>
#include <string.h>

#include "baton/console.h"
#include "baton/init.h"
#include "baton/names.h"
#include "baton/ticktimer.h"
#include "background.h"
#include "commands.h"
#include "interrupt.h"

int cmd_ps(int argc, char **argv)
{
	struct baton_process_info p;
	uint64_t hz = baton_timebase_hz();
	(void)argv;

	if (argc != 1)
		return command_usage("ps");
	printf("  PID PARENT STATE THREADS PRIO     CPU ms  NAME\n");
	for (uint32_t after = 0; baton_process_info(after, &p) == BATON_OK; after = p.pid) {
		uint64_t tenths = p.cpu_ticks * 10000 / hz; /* of a millisecond */
		printf("%5u %6u %-5s %7u %4u %8lu.%lu  %s\n", (unsigned)p.pid, (unsigned)p.parent,
		       p.state == BATON_PROCESS_ALIVE ? "alive" : "ended", p.threads, p.priority,
		       (unsigned long)(tenths / 10), (unsigned long)(tenths % 10), p.name);
	}
	return 0;
}

int cmd_mem(int argc, char **argv)
{
	struct baton_mem_info m;
	(void)argv;

	if (argc != 1)
		return command_usage("mem");
	baton_mem_info(&m);
	printf("memory: %lu of %lu pages free (%lu of %lu MiB); kernel objects %lu pages\n",
	       (unsigned long)m.free_pages, (unsigned long)m.total_pages,
	       (unsigned long)(m.free_pages / 256), (unsigned long)(m.total_pages / 256),
	       (unsigned long)m.kernel_pages);
	return 0;
}

static void server_line(const char *name, const struct baton_server_id *id)
{
	struct baton_server_info info;

	if (baton_server_info(id, &info) == BATON_OK)
		printf("  %-22s %5u %6u/%-5u %9u\n", name, (unsigned)info.owner, info.queued,
		       info.depth, info.receivers);
	else
		printf("  %-22s not running\n", name);
}

static struct baton_names_entry entries[BATON_NAMES_MAX];

int cmd_servers(int argc, char **argv)
{
	unsigned count = 0;
	long err;
	(void)argv;

	if (argc != 1)
		return command_usage("servers");
	printf("  %-22s %5s %12s %9s\n", "SERVER", "OWNER", "QUEUED/DEPTH", "RECEIVING");
	server_line("names (well-known)", &BATON_NAMES_ID);
	server_line("console (well-known)", &BATON_CONSOLE_ID);
	server_line("ticktimer (well-known)", &BATON_TICKTIMER_ID);
	if ((err = baton_names_open(BATON_TRY)) ||
	    (err = baton_names_list(entries, BATON_NAMES_MAX, &count)))
		return command_fail("servers: names", err);
	for (unsigned i = 0; i < count; i++)
		server_line(entries[i].name, &entries[i].id);
	return 0;
}

void command_report_end(const char *program, uint32_t pid, const struct baton_exit *ex, bool always)
{
	if (ex->how == BATON_EXIT_FAULT)
		printf("%s (pid %u): ended by a fault (scause %lu, sepc 0x%lx, stval 0x%lx)\n",
		       program, (unsigned)pid, (unsigned long)ex->status, (unsigned long)ex->sepc,
		       (unsigned long)ex->stval);
	else if (ex->how == BATON_EXIT_KILLED)
		printf("%s (pid %u): killed\n", program, (unsigned)pid);
	else if (ex->status || always)
		printf("%s (pid %u): exit status %lu\n", program, (unsigned)pid,
		       (unsigned long)ex->status);
}

/* Waits for a program run in the foreground; ^C ends it when watched. */
static int wait_foreground(const char *program, uint32_t pid, bool watched)
{
	struct baton_exit ex;

	if (watched)
		interrupt_watch(pid);
	long err = baton_wait(pid, &ex);
	bool interrupted = watched && interrupt_end();
	if (err)
		return command_fail("run: wait", err);
	if (interrupted && ex.how == BATON_EXIT_KILLED)
		printf("^C\n%s (pid %u): interrupted\n", program, (unsigned)pid);
	else
		command_report_end(program, pid, &ex, false);
	return ex.how != BATON_EXIT_NORMAL || ex.status != 0;
}

int cmd_run(int argc, char **argv)
{
	bool background = argc > 1 && strcmp(argv[argc - 1], "&") == 0;
	uint32_t pid;
	long err;

	if (background)
		argv[--argc] = NULL;
	if (argc < 2)
		return command_usage("run");
	if (background && !background_room())
		return command_fail("run: programs in the background", BATON_ERR_LIMIT);
	/* ^C is taken before the program starts: it may print and wait for one at once. */
	bool watched = !background && interrupt_begin();
	if ((err = baton_spawn(argv[1], (const char *const *)argv + 2, &pid))) {
		if (watched)
			interrupt_end();
		printf("run: %s: %s\n", argv[1], baton_strerror(err));
		return 1;
	}
	if (background) {
		printf("%s: started as pid %u\n", argv[1], (unsigned)pid);
		fflush(stdout);
		err = background_watch(argv[1], pid);
		return err ? command_fail("run: nobody to wait for it: ended it", err) : 0;
	}
	fflush(stdout);
	return wait_foreground(argv[1], pid, watched);
}

/*
 * init's control server: only it may end what this shell did not start, or
 * power off.  Its id is looked up once and kept (init, and so the server,
 * never restarts): kill and shutdown work even while names is down.
 */
static long ask_init(unsigned op, uint32_t value)
{
	static struct baton_server_id id;
	static bool known;
	struct baton_rpc_none none;
	uint32_t c;
	long err = BATON_OK;

	if (!known && !(err = baton_names_open(BATON_TRY)))
		err = baton_names_lookup(BATON_INIT_NAME, &id);
	if (err)
		return err;
	known = true;
	if ((err = baton_connect(&id, BATON_TRY, &c)))
		return err;
	if (op == baton_init_rpc_OP_kill)
		err = baton_init_rpc_kill(c, &(struct baton_init_kill){value}, &none);
	else
		err = baton_init_rpc_shutdown(c, &(struct baton_init_shutdown){value}, &none);
	baton_disconnect(c);
	return err;
}

int cmd_kill(int argc, char **argv)
{
	uint64_t pid;
	long err;

	if (argc != 2 || !command_number(argv[1], UINT32_MAX, &pid))
		return command_usage("kill");
	err = baton_kill((uint32_t)pid);
	if (err == BATON_ERR_PERM) /* not ours: init may */
		err = ask_init(baton_init_rpc_OP_kill, (uint32_t)pid);
	return err ? command_fail("kill", err) : 0;
}

int cmd_shutdown(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return command_usage("shutdown");
	return command_fail("shutdown", ask_init(baton_init_rpc_OP_shutdown, 0)); /* init says it */
}
