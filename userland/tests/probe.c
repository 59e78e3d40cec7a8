/* probe.c — does one forbidden thing named on its command line, for the isolation tests. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/baton.h"
#include "baton/console.h"
#include "baton/init.h"
#include "baton/names.h"
#include "baton/ticktimer.h"
#include "ipc_ops.h"

static uintptr_t number(const char *s)
{
	return (uintptr_t)strtoull(s, NULL, 0);
}

/* An instruction that is illegal everywhere: all zeros. */
static void illegal_instruction(void)
{
	__asm__ volatile(".4byte 0");
}

/* A floating-point instruction: user programs have no FP state, so it must trap. */
static void float_instruction(void)
{
	__asm__ volatile(".insn r 0x53, 0, 0x78, x0, x0, x0"); /* fmv.w.x f0, zero */
}

static void misaligned_amo(void)
{
	static uint64_t words[2];
	uintptr_t p = (uintptr_t)words + 1;

	__asm__ volatile("amoadd.w zero, zero, (%0)" ::"r"(p) : "memory");
}

static void execute_data(void)
{
	void *page;

	if (baton_map(NULL, 4096, BATON_MAP_R | BATON_MAP_W, &page))
		exit(100);
	*(volatile uint32_t *)page = 0x00008067; /* ret */
	((void (*)(void))page)();
}

static void write_protected(void)
{
	volatile uint32_t *page;

	if (baton_map(NULL, 4096, BATON_MAP_R | BATON_MAP_W, (void **)&page) ||
	    baton_protect((void *)page, 4096, BATON_MAP_R))
		exit(100);
	(void)*page; /* reading is still fine */
	*page = 1;
}

static void nothing(void *arg)
{
	(void)arg;
}

static int thread_at_priority(unsigned priority)
{
	uint32_t tid;
	long err = baton_thread_create(nothing, NULL, 0, priority, &tid);

	return err ? (int)-err : (int)-baton_thread_join(tid, NULL);
}

/* ---- message probes: argv[2], argv[3] = a server id ------------------------------------ */

static uint32_t conn_to(char **argv)
{
	struct baton_server_id id = {number(argv[2]), number(argv[3])};
	uint32_t c = 0;

	if (baton_connect(&id, 0, &c))
		exit(101);
	return c;
}

static uint8_t *lent_page;
static uint32_t lend_conn;

static void lend_and_hold(void *arg)
{
	uint64_t off = 0, valid = 0;

	if ((uintptr_t)arg)
		baton_mutable_lend(lend_conn, OP_HOLD, lent_page, BATON_PAGE_SIZE, &off, &valid, 0);
	else
		baton_lend(lend_conn, OP_HOLD, lent_page, BATON_PAGE_SIZE, &off, &valid, 0);
}

/* Lends a page (mutably or not) from one thread, then touches it from this one. */
static int touch_while_lent(char **argv, bool mutable_lend, bool write)
{
	uint32_t tid;

	lend_conn = conn_to(argv);
	if (baton_map(NULL, BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W, (void **)&lent_page))
		return 100;
	lent_page[0] = 42;
	/* Same priority, then yield: the lending thread runs until it blocks in the lend. */
	baton_thread_create(lend_and_hold, (void *)(uintptr_t)mutable_lend, 0, BATON_PRIO_DEFAULT,
			    &tid);
	baton_yield();
	if (write)
		lent_page[0] = 1;    /* a Lend leaves it read-only: this faults */
	else if (lent_page[0] != 42) /* a MutableLend leaves no access: this faults */
		return 97;
	return 98;
}

/* A server that never receives: its queue only fills.  Ends when killed. */
static int server_idle(char **argv)
{
	struct baton_server_id id = {number(argv[2]), number(argv[3])};
	uint32_t server;

	if (baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server))
		return 100;
	for (;;)
		baton_sleep_ns(1000000000);
}

static void lend_queued(void *arg)
{
	uint64_t off = 0, valid = 0;

	baton_lend(lend_conn, OP_SUM, arg, BATON_PAGE_SIZE, &off, &valid, 0);
}

static void scalars_until_full(void *arg)
{
	uint64_t w[4] = {0};
	(void)arg;

	for (int i = 0; i < 8; i++)
		baton_scalar(lend_conn, OP_NOTE, w, 0);
}

/*
 * Leaves messages of every state in a server's queue (of depth 2) and
 * exits: a Send, a Lend whose thread waits for its answer, and Scalars
 * whose thread waits for room.  The server must find none of them.
 */
static int queue_and_exit(char **argv)
{
	uint8_t *pages;
	uint32_t tid;

	lend_conn = conn_to(argv);
	if (baton_map(NULL, 3 * BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W, (void **)&pages))
		return 100;
	memset(pages, 7, 3 * BATON_PAGE_SIZE);
	if (baton_send(lend_conn, OP_CHECK, pages, 2 * BATON_PAGE_SIZE, 7, 0, 0))
		return 101;
	baton_thread_create(lend_queued, pages + 2 * BATON_PAGE_SIZE, 0, BATON_PRIO_DEFAULT, &tid);
	baton_thread_create(scalars_until_full, NULL, 0, BATON_PRIO_DEFAULT, &tid);
	baton_sleep_ns(5000000); /* both block: one for its answer, one for room */
	return 0;
}

/* A thread asks the console for a line; the process ends while it waits (status 7). */
static void read_a_line(void *arg)
{
	static char line[BATON_CONSOLE_LINE_MAX + 1];
	size_t got;

	(void)arg;
	baton_console_read_line(line, sizeof(line), &got);
}

static int console_read_and_exit(void)
{
	uint32_t tid;

	if (baton_thread_create(read_a_line, NULL, 0, BATON_PRIO_DEFAULT, &tid))
		return 100;
	baton_sleep_ns(50000000); /* its read is queued at the console by then */
	return 7;
}

/*
 * Asks init's control server, as a process that is not the shell, to kill
 * pid and to power off: both must be PERM (the status is then 9).
 */
static int init_control(uint32_t pid)
{
	struct baton_rpc_none none;
	uint32_t c;
	long err = baton_names_try_connect(BATON_INIT_NAME, &c);

	if (err)
		return 100;
	long killed = baton_init_rpc_kill(c, &(struct baton_init_kill){pid}, &none);
	long off = baton_init_rpc_shutdown(c, &(struct baton_init_shutdown){0}, &none);
	return killed == BATON_ERR_PERM && off == BATON_ERR_PERM ? 9 : 1;
}

static long console_interrupt_to_own_server(bool set)
{
	struct baton_server_id id;
	uint32_t server;
	long err = baton_server_create(&id, 0, 0, &server);

	return err ? err : baton_console_interrupt(set ? &id : NULL);
}

/* Recursion that only a fault stops (deepest is never reached). */
static volatile unsigned long deepest = ~0ul;

static unsigned long recurse(unsigned long n)
{
	volatile char frame[256];

	frame[0] = (char)n;
	if (n == deepest)
		return 0;
	return recurse(n + 1) + (unsigned long)frame[0];
}

static void overflow(void *arg)
{
	(void)arg;
	recurse(0);
}

/*
 * A thread that runs past its stack.  The first mapping goes at the bottom
 * of the MAP area, so the thread's guard page and stack come right above it
 * (first fit): without the guard the thread would write into that mapping.
 * The fault is expected in the page at BATON_MAP_BASE + below_size.
 */
static int overflow_thread_stack(size_t below_size)
{
	void *below;
	uint32_t tid;

	if (baton_map((void *)BATON_MAP_BASE, below_size, BATON_MAP_R | BATON_MAP_W, &below))
		return 97;
	if (baton_thread_create(overflow, NULL, 0, BATON_PRIO_DEFAULT, &tid))
		return 96;
	baton_thread_join(tid, NULL);
	return 98;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	uintptr_t arg = argc > 2 ? number(argv[2]) : 0;

	if (strcmp(what, "lend-write") == 0)
		return touch_while_lent(argv, false, true);
	if (strcmp(what, "lend-read") == 0) /* reading a Lend's pages is fine: exits 98 */
		return touch_while_lent(argv, false, false);
	if (strcmp(what, "mlend-read") == 0)
		return touch_while_lent(argv, true, false);
	if (strcmp(what, "mlend-hold") ==
	    0) { /* four pages lent mutably to a server that keeps them */
		uint64_t off = 0, valid = 0;
		uint32_t c = conn_to(argv);
		if (baton_map(NULL, 4 * BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W,
			      (void **)&lent_page))
			return 100;
		memset(lent_page, 9, 4 * BATON_PAGE_SIZE);
		return (int)-baton_mutable_lend(c, OP_HOLD, lent_page, 4 * BATON_PAGE_SIZE, &off,
						&valid, 0);
	}
	if (strcmp(what, "work-call") == 0) { /* at priority 25, a long OP_WORK call */
		uint64_t w[4] = {20000000, 0, 0, 0}, got[5];
		uint32_t c = conn_to(argv);
		baton_set_priority(0, 25);
		return (int)-baton_blocking_scalar(c, OP_WORK, w, 0, got, NULL);
	}
	if (strcmp(what, "server-idle") == 0)
		return server_idle(argv);
	if (strcmp(what, "init-control") == 0)
		return init_control((uint32_t)arg);
	if (strcmp(what, "console-read-and-exit") == 0)
		return console_read_and_exit();
	if (strcmp(what, "queue-and-exit") == 0)
		return queue_and_exit(argv);
	if (strcmp(what, "scalar-handle") == 0) {
		uint64_t w[4] = {0};
		return (int)-baton_scalar((uint32_t)arg, OP_NOTE, w, 0);
	}
	if (strcmp(what, "answer-token") == 0) {
		uint64_t w[5] = {0};
		return (int)-baton_return_scalar(arg, 1, w);
	}

	if (strcmp(what, "print-lines") == 0) { /* arg lines through stdio (the console, if up) */
		uint32_t pid;
		baton_self(NULL, &pid);
		for (unsigned i = 0; i < arg; i++)
			printf("console-line %u %03u end\n", (unsigned)pid, i);
		return 0;
	}
	if (strcmp(what, "ticktimer-sleep") == 0) /* sleeps arg ns through the ticktimer */
		return (int)-baton_ticktimer_sleep_ns(arg);

	if (strcmp(what, "map-device-hold") == 0) { /* maps the device page at arg, then waits */
		void *regs;
		if (baton_map_device(arg, BATON_PAGE_SIZE, &regs))
			return 100;
		for (;;)
			baton_sleep_ns(1000000000);
	}

	if (strcmp(what, "irq-release") == 0) /* source arg, another process's: PERM */
		return (int)-baton_irq_release((unsigned)arg);
	if (strcmp(what, "irq-ack") == 0)
		return (int)-baton_irq_ack((unsigned)arg);
	if (strcmp(what, "console-interrupt") == 0) /* ^C to a server of its own (arg 0) or none */
		return (int)-console_interrupt_to_own_server(arg == 0);
	if (strcmp(what, "arm-fail-alloc") == 0) { /* arms an allocation failure, and ends */
		uint64_t out;
		return (int)-baton_kernel_control(BATON_CTL_FAIL_ALLOC, 1000, &out);
	}
	if (strcmp(what, "stack-overflow") == 0)
		return overflow_thread_stack(arg); /* arg: the size of the mapping below */

	if (strcmp(what, "read") == 0)
		return *(volatile uint8_t *)arg;
	if (strcmp(what, "write") == 0)
		*(volatile uint8_t *)arg = 1;
	else if (strcmp(what, "jump") == 0)
		((void (*)(void))arg)();
	else if (strcmp(what, "write-text") == 0)
		*(volatile uint32_t *)(uintptr_t)main = 0;
	else if (strcmp(what, "exec-data") == 0)
		execute_data();
	else if (strcmp(what, "write-protected") == 0)
		write_protected();
	else if (strcmp(what, "illegal") == 0)
		illegal_instruction();
	else if (strcmp(what, "float") == 0)
		float_instruction();
	else if (strcmp(what, "misaligned-amo") == 0)
		misaligned_amo();
	else if (strcmp(what, "exit") == 0)
		return (int)arg;
	else if (strcmp(what, "set-priority") == 0)
		return (int)-baton_set_priority(0, (unsigned)arg);
	else if (strcmp(what, "thread-priority") == 0)
		return thread_at_priority((unsigned)arg);
	else if (strcmp(what, "spin") == 0)
		for (;;)
			;
	/* For ^C in the shell: spins once it says so. */
	else if (strcmp(what, "say-and-spin") == 0) {
		printf("probe: spinning\n");
		fflush(stdout);
		for (;;)
			;
	} else
		return 99; /* unknown request */
	return 98;	   /* the forbidden thing did not fault */
}
