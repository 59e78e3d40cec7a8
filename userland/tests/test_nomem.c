/*
 * test_nomem.c — every "no memory" path of the calls that allocate: for
 * each call, the kernel is told to fail its first allocation, then its
 * second, and so on (KERNEL_CONTROL FAIL_ALLOC, `knobs` boots only), until
 * the call makes no more and succeeds.  Each failure must answer NOMEM and
 * leave nothing behind: the same pages free, owned and the kernel's, the
 * same kernel objects, and the call works the next time.
 */
#include "baton/console.h"
#include "baton/devicetree.h"
#include "ipc_test.h"

#define MAX_POINTS 200 /* allocations one call may make before the test gives up */

/* One call to fail in every way: setup and done run unarmed around each attempt. */
struct nomem_op {
	const char *name;
	void (*setup)(void);
	long (*call)(void);
	void (*done)(bool succeeded); /* undo a success, tidy a failure */
	/*
	 * Accounts from before setup to after done, not around the call: for a
	 * server started by setup and ended by done, whose kernel caches (the
	 * window's tables, a spare range record) go with it.
	 */
	bool whole;
};

static uint64_t control(unsigned op, uint64_t value, long *err)
{
	uint64_t out = 0;
	long e = baton_kernel_control(op, value, &out);

	if (err)
		*err = e;
	return out;
}

/*
 * Pages and kernel objects, as a failed call must leave them.  A kernel
 * cache may keep a page it grew (slab, message pool), and a server's
 * message window keeps the tables made for it (docs/memory.md), so free,
 * kernel and page-table pages are summed; the last case checks that every
 * page comes back once the servers have ended.
 */
struct account {
	uint64_t pages; /* free + kernel + page tables, system-wide */
	uint64_t own, own_tables, objects;
};

static struct account account_now(void)
{
	struct baton_mem_info m;

	baton_mem_info(&m);
	return (struct account){m.free_pages + m.kernel_pages + control(BATON_CTL_FRAMES, 3, NULL),
				m.own_pages, m.table_pages,
				control(BATON_CTL_KMEM_OBJECTS, 0, NULL)};
}

/* The caller's own tables are no cache: a table it gained would be one left behind. */
static bool same_account(const struct account *before, const struct account *now)
{
	bool ok = now->pages == before->pages && now->own == before->own &&
		  now->own_tables == before->own_tables && now->objects == before->objects;

	if (!ok)
		printf("  pages %lu -> %lu, own %lu -> %lu, own tables %lu -> %lu, objects %lu -> "
		       "%lu\n",
		       (unsigned long)before->pages, (unsigned long)now->pages,
		       (unsigned long)before->own, (unsigned long)now->own,
		       (unsigned long)before->own_tables, (unsigned long)now->own_tables,
		       (unsigned long)before->objects, (unsigned long)now->objects);
	return ok;
}

/* One attempt with allocation `n` failing; *fired: whether it did. */
static long attempt(const struct nomem_op *op, uint32_t n, bool *fired, bool *clean)
{
	struct account before = account_now(), after;

	if (op->setup)
		op->setup();
	if (!op->whole)
		before = account_now();
	control(BATON_CTL_FAIL_ALLOC, n, NULL);
	long err = op->call();
	*fired = control(BATON_CTL_FAIL_ALLOC, ~0ull, NULL) != 0;
	after = account_now();
	if (op->done)
		op->done(err == BATON_OK);
	if (op->whole)
		after = account_now();
	*clean = !*fired || same_account(&before, &after);
	return err;
}

static void each_allocation_fails(const struct nomem_op *op)
{
	bool ok = true, fired = true, clean = true;
	uint32_t points = 0;
	long err = BATON_OK;

	attempt(op, MAX_POINTS, &fired, &clean); /* once first: kernel caches grow now */
	for (uint32_t n = 0; n < MAX_POINTS && ok; n++) {
		err = attempt(op, n, &fired, &clean);
		if (!fired)
			break;
		points++;
		if (err != BATON_ERR_NOMEM)
			printf("  allocation %u failed: %s, not NOMEM\n", n, baton_strerror(err));
		ok = err == BATON_ERR_NOMEM && clean;
		if (!clean)
			printf("  allocation %u left that behind\n", n);
	}
	T_EXPECT(!fired && err == BATON_OK, ok); /* and then it went through */
	printf("  %s: %u allocations, each failed in turn\n", op->name, points);
	t_case(ok && points > 0, "nomem.%s.each_allocation_fails_cleanly", op->name);
}

/* ---- the calls ------------------------------------------------------------------------ */

static uint32_t conn, own_server, own_conn, made, spawned, tid;
static struct baton_server_id own_id;
static uint8_t *buf, *sent;
static void *mapped;

static long server_create(void)
{
	struct baton_server_id id = t_fresh_id();

	return baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &made);
}

static void server_destroy(bool succeeded)
{
	if (succeeded)
		baton_server_destroy(made);
}

/*
 * Connections held until the handle table is full, so that the next
 * CONNECT must grow it (a connection that fits allocates nothing).
 */
static uint32_t held[BATON_HANDLES_MAX];
static unsigned nheld;

static void handles_full(void)
{
	while (nheld < BATON_HANDLES_MAX) {
		control(BATON_CTL_FAIL_ALLOC, 0, NULL);
		long err = baton_connect(&own_id, BATON_TRY, &held[nheld]);
		bool fired = control(BATON_CTL_FAIL_ALLOC, ~0ull, NULL) != 0;
		if (fired || err)
			return;
		nheld++;
	}
}

static long connect(void)
{
	return baton_connect(&own_id, BATON_TRY, &made);
}

static void disconnect(bool succeeded)
{
	if (succeeded)
		baton_disconnect(made);
}

static long scalar(void)
{
	uint64_t w[4] = {1, 2, 3, 4};

	return baton_scalar(own_conn, 1, w, 0);
}

/* The Scalar queued at own_server is taken off again. */
static void take_scalar(bool succeeded)
{
	struct baton_envelope e;

	if (succeeded)
		baton_receive(own_server, BATON_TRY, &e);
}

static void connect_own(void)
{
	if (!own_conn)
		baton_connect(&own_id, 0, &own_conn);
}

static long blocking_scalar(void)
{
	uint64_t w[4] = {1, 2, 3, 4}, got[5];
	long err = baton_blocking_scalar(conn, OP_ADD, w, 0, got, NULL);

	return err || got[0] == 10 ? err : BATON_ERR_INVAL;
}

static long lend(void)
{
	uint64_t off = 0, valid = 17 * BATON_PAGE_SIZE;

	return baton_lend(conn, OP_SUM, buf, 17 * BATON_PAGE_SIZE, &off, &valid, 0);
}

/* A server of its own for each attempt: its message window has no tables yet. */
static uint32_t fresh_pid, fresh_conn;

static void fresh_server(void)
{
	struct baton_server_id id;

	t_server(0, NULL, &id, &fresh_pid, &fresh_conn);
}

static long lend_to_fresh(void)
{
	uint64_t off = 0, valid = 17 * BATON_PAGE_SIZE;

	return baton_lend(fresh_conn, OP_SUM, buf, 17 * BATON_PAGE_SIZE, &off, &valid, 0);
}

static void stop_fresh(bool succeeded)
{
	(void)succeeded;
	t_server_stop(fresh_pid, fresh_conn);
}

static long mutable_lend(void)
{
	uint64_t off = 5, valid = 0;
	long err = baton_mutable_lend(conn, OP_FILL, buf, 2 * BATON_PAGE_SIZE, &off, &valid, 0);

	return err || off == 6 ? err : BATON_ERR_INVAL; /* the server's answer came back */
}

/* Two fresh pages for each Send: a sent page leaves. */
static void pages_to_send(void)
{
	sent = t_pages(2);
	ipc_pattern_fill(sent, 2 * BATON_PAGE_SIZE, 7);
}

static long send(void)
{
	/* offset: the pattern's seed; valid: sender 0, number 0 (out of order: only counted) */
	return baton_send(conn, OP_SEQ_SEND, sent, 2 * BATON_PAGE_SIZE, 7, 0, 0);
}

/* The server takes its messages in order: once it answers this, it has unmapped what it got. */
static void after_send_sync(bool succeeded)
{
	uint64_t w[4] = {0}, got[5];

	if (succeeded)
		baton_blocking_scalar(conn, OP_NOTES, w, 0, got, NULL);
}

/* A failed Send's pages are still here; a sent one's are unmapped by the server. */
static void after_send(bool succeeded)
{
	after_send_sync(succeeded);
	if (!succeeded)
		baton_unmap(sent, 2 * BATON_PAGE_SIZE);
}

/*
 * Pages received by Send, and the middle one sent on: the caller's window
 * range is cut in two, which needs a record of its own.
 */
static uint8_t *received;

static void receive_three_pages(void)
{
	struct baton_envelope e = {0};
	uint8_t *p = t_pages(3);

	received = NULL;
	connect_own();
	if (p && baton_send(own_conn, 2, p, 3 * BATON_PAGE_SIZE, 0, 0, 0) == BATON_OK &&
	    baton_receive(own_server, BATON_TRY, &e) == BATON_OK)
		received = (uint8_t *)(uintptr_t)e.w[0];
}

static long send_middle_page(void)
{
	return received ? baton_send(conn, OP_SEQ_SEND, received + BATON_PAGE_SIZE, BATON_PAGE_SIZE,
				     7, 0, 0)
			: BATON_ERR_INVAL;
}

static void after_middle(bool succeeded)
{
	after_send_sync(succeeded);
	baton_unmap(received, 3 * BATON_PAGE_SIZE); /* a hole where the sent page was */
}

static long map_pages(void)
{
	return baton_map(NULL, 5 * BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W, &mapped);
}

static void unmap_pages(bool succeeded)
{
	if (succeeded)
		baton_unmap(mapped, 5 * BATON_PAGE_SIZE);
}

static long map_mega(void)
{
	return baton_map(NULL, BATON_MEGAPAGE, BATON_MAP_R | BATON_MAP_W | BATON_MAP_MEGA, &mapped);
}

static void unmap_mega(bool succeeded)
{
	if (succeeded)
		baton_unmap(mapped, BATON_MEGAPAGE);
}

/* A page out of the middle of a megapage: the 2 MiB leaf split, the range cut in two. */
static void megapage_mapped(void)
{
	map_mega();
}

static long unmap_in_megapage(void)
{
	return baton_unmap((uint8_t *)mapped + 5 * BATON_PAGE_SIZE, BATON_PAGE_SIZE);
}

static void unmap_megapage_rest(bool succeeded)
{
	(void)succeeded;
	baton_unmap(mapped, BATON_MEGAPAGE); /* the hole is fine */
}

static long heap_grow(void)
{
	uintptr_t old;

	return baton_heap(8 * BATON_PAGE_SIZE, &old);
}

static void heap_shrink(bool succeeded)
{
	uintptr_t old;

	if (succeeded)
		baton_heap(-8 * (intptr_t)BATON_PAGE_SIZE, &old);
}

static long spawn(void)
{
	const char *argv[] = {"exit", "0", NULL};

	return baton_spawn("probe", argv, &spawned);
}

static void reap(bool succeeded)
{
	if (succeeded)
		baton_wait(spawned, NULL);
}

static void nothing(void *arg)
{
	(void)arg;
}

static long thread_create(void)
{
	return baton_thread_create(nothing, NULL, 0, BATON_PRIO_DEFAULT, &tid);
}

static void join(bool succeeded)
{
	if (succeeded)
		baton_thread_join(tid, NULL);
}

static const struct nomem_op ops[] = {
	{"server_create", NULL, server_create, server_destroy, false},
	{"connect_growing_the_handle_table", handles_full, connect, disconnect, false},
	{"scalar", connect_own, scalar, take_scalar, false},
	{"blocking_scalar", NULL, blocking_scalar, NULL, false},
	{"lend_17_pages", NULL, lend, NULL, false},
	{"mutable_lend_2_pages", NULL, mutable_lend, NULL, false},
	{"lend_17_pages_window_tables_made", fresh_server, lend_to_fresh, stop_fresh, true},
	{"send_2_pages", pages_to_send, send, after_send, false},
	{"send_on_a_received_page", receive_three_pages, send_middle_page, after_middle, false},
	{"map_5_pages", NULL, map_pages, unmap_pages, false},
	{"map_megapage", NULL, map_mega, unmap_mega, false},
	{"unmap_a_page_inside_a_megapage", megapage_mapped, unmap_in_megapage, unmap_megapage_rest,
	 false},
	{"heap_8_pages", NULL, heap_grow, heap_shrink, false},
	{"spawn", NULL, spawn, reap, false},
	{"thread_create", NULL, thread_create, join, false},
};

/* ---- the console UART's registers and interrupt, while no console holds them ------------ */

static struct baton_dt_uart uart;
static void *regs;

static uint64_t uart_first_page(void)
{
	return uart.base & ~(uint64_t)(BATON_PAGE_SIZE - 1);
}

static long map_uart(void)
{
	return baton_map_device(uart_first_page(), BATON_PAGE_SIZE, &regs);
}

static void unmap_uart(bool succeeded)
{
	if (succeeded)
		baton_unmap(regs, BATON_PAGE_SIZE);
}

static long claim_uart_irq(void)
{
	return baton_irq_claim(uart.irq, own_server);
}

static void release_uart_irq(bool succeeded)
{
	if (succeeded)
		baton_irq_release(uart.irq);
}

static void device_calls(void)
{
	static const struct nomem_op map = {"map_device", NULL, map_uart, unmap_uart, false};
	static const struct nomem_op claim = {"irq_claim", NULL, claim_uart_irq, release_uart_irq,
					      false};
	struct baton_server_info info;

	if (baton_server_info(&BATON_CONSOLE_ID, &info) == BATON_OK ||
	    baton_dt_console_uart(&uart) != BATON_OK || !uart.irq) {
		t_skip("nomem.map_device.each_allocation_fails_cleanly",
		       "a console holds the UART");
		t_skip("nomem.irq_claim.each_allocation_fails_cleanly", "a console holds the UART");
		return;
	}
	each_allocation_fails(&map);
	each_allocation_fails(&claim);
}

/* A process that ends with a failure armed leaves neither it nor the fast path off behind. */
static void ending_disarms(void)
{
	const char *argv[] = {"arm-fail-alloc", NULL};
	struct baton_exit ex;
	uint64_t w[4] = {0}, got[5];
	bool ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL && ex.status == 0;
	uint64_t hits = control(BATON_CTL_FASTPATH_HITS, 0, NULL);

	ok &= baton_blocking_scalar(conn, OP_ADD, w, 0, got, NULL) == BATON_OK;
	T_EXPECT(control(BATON_CTL_FASTPATH_HITS, 0, NULL) > hits, ok);
	t_case(ok, "nomem.process_ending_armed_disarms");
}

int main(void)
{
	struct baton_server_id id;
	struct baton_mem_info m0;
	uint32_t pid;
	long err;

	control(BATON_CTL_FAIL_ALLOC, ~0ull, &err);
	if (err == BATON_ERR_PERM) {
		t_skip("nomem.each_call", "booted without knobs");
		return t_done();
	}
	uint64_t out;
	t_expect_result(baton_kernel_control(BATON_CTL_FAIL_ALLOC, 1ull << 32, &out),
			BATON_ERR_RANGE, "nomem.fail_alloc_count_over_32_bits_range");
	baton_mem_info(&m0);
	own_id = t_fresh_id();
	buf = t_pages(17);
	if (!buf || t_server(0, NULL, &id, &pid, &conn) ||
	    baton_server_create(&own_id, BATON_SERVER_CHOOSE_ID, 0, &own_server)) {
		t_case(false, "nomem.setup");
		return t_done();
	}
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		each_allocation_fails(&ops[i]);
	device_calls();
	ending_disarms();
	baton_disconnect(own_conn);
	while (nheld)
		baton_disconnect(held[--nheld]);
	baton_server_destroy(own_server);
	t_server_stop(pid, conn);
	baton_unmap(buf, 17 * BATON_PAGE_SIZE);
	t_case(t_pages_back(&m0, true), "nomem.every_page_back");
	return t_done();
}
