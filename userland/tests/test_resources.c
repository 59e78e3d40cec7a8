/* test_resources.c — hundreds of processes and thousands of mappings later, every page is back. */
#include <stdio.h>

#include "ipc_test.h"

static uint64_t kernel_objects(void)
{
	uint64_t n = 0;

	baton_kernel_control(BATON_CTL_KMEM_OBJECTS, 0, &n);
	return n;
}

/*
 * Each loop below counts from its second round: the first may grow a
 * kernel cache (a slab page of the objects it needs), which stays for the
 * next.  After that, nothing may grow.
 */
static void spawn_and_reap_many(void)
{
	static const char *const argv[] = {"exit", "7", NULL};
	struct baton_mem_info before = {0};
	uint64_t objects = 0;
	bool ok = true;

	for (int i = 0; i < 201 && ok; i++) {
		if (i == 1) {
			before = t_mem();
			objects = kernel_objects();
		}
		struct baton_exit ex;
		ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL &&
		     ex.status == 7;
	}
	struct baton_mem_info after = t_mem();
	T_EXPECT_EQ(after.free_pages, before.free_pages, ok);
	T_EXPECT_EQ(after.kernel_pages, before.kernel_pages, ok);
	T_EXPECT_EQ(kernel_objects(), objects, ok);
	t_case(ok, "resources.spawn_reap_200_processes_no_page_lost");
}

static void faulting_children_leak_nothing(void)
{
	static const char *const argv[] = {"read", "0xffffffff80000000", NULL};
	struct baton_mem_info before = {0};
	bool ok = true;

	for (int i = 0; i < 21 && ok; i++) {
		if (i == 1)
			before = t_mem();
		struct baton_exit ex;
		ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT;
	}
	T_EXPECT_EQ(t_mem().free_pages, before.free_pages, ok);
	t_case(ok, "resources.faulting_processes_no_page_lost");
}

static void map_unmap_many(void)
{
	struct baton_mem_info before = {0};
	bool ok = true;

	for (int i = 0; i < 10004 && ok; i++) {
		void *p;
		if (i == 4)
			before = t_mem(); /* one round of each size first */
		size_t size = 4096u << (i % 4);
		ok = baton_map(NULL, size, BATON_MAP_R | BATON_MAP_W, &p) == BATON_OK;
		if (ok) {
			((volatile uint8_t *)p)[size - 1] = (uint8_t)i;
			ok = baton_unmap(p, size) == BATON_OK;
		}
	}
	struct baton_mem_info after = t_mem();
	T_EXPECT_EQ(after.free_pages, before.free_pages, ok);
	T_EXPECT_EQ(after.own_pages, before.own_pages, ok);
	T_EXPECT_EQ(after.kernel_pages, before.kernel_pages, ok);
	t_case(ok, "resources.map_unmap_10000_no_page_lost");
}

static void nothing(void *arg)
{
	(void)arg;
}

static void threads_many(void)
{
	struct baton_mem_info before = {0};
	bool ok = true;

	for (int i = 0; i < 501 && ok; i++) {
		uint32_t tid;
		if (i == 1)
			before = t_mem();
		ok = baton_thread_create(nothing, NULL, 0, 20, &tid) == BATON_OK &&
		     baton_thread_join(tid, NULL) == BATON_OK;
	}
	struct baton_mem_info after = t_mem();
	T_EXPECT_EQ(after.free_pages, before.free_pages, ok);
	T_EXPECT_EQ(after.kernel_pages, before.kernel_pages, ok);
	t_case(ok, "resources.threads_500_created_joined_no_page_lost");
}

/*
 * A process holds at most BATON_THREADS_MAX threads, ended ones not yet
 * joined included: the next is LIMIT and takes nothing; one joined makes
 * room again, and joining them all gives every page back.
 */
static void threads_limit(void)
{
	static uint32_t tids[BATON_THREADS_MAX];
	struct baton_mem_info before = t_mem(), at_limit;
	unsigned n = 0;
	uint32_t tid;
	long err;
	bool ok = true;

	do
		err = baton_thread_create(nothing, NULL, 0, 20, &tids[n]);
	while (err == BATON_OK && ++n < BATON_THREADS_MAX);
	T_EXPECT_EQ(err, BATON_ERR_LIMIT, ok);
	T_EXPECT_EQ(n, BATON_THREADS_MAX - 1, ok); /* and this one */
	at_limit = t_mem();
	T_EXPECT_EQ(baton_thread_create(nothing, NULL, 0, 20, &tid), BATON_ERR_LIMIT, ok);
	T_EXPECT(t_pages_back(&at_limit, true), ok);
	t_case(ok, "resources.thread_past_256_per_process_limit_nothing_taken");

	ok = n > 0 && baton_thread_join(tids[--n], NULL) == BATON_OK &&
	     baton_thread_create(nothing, NULL, 0, 20, &tids[n++]) == BATON_OK;
	for (unsigned i = 0; i < n; i++)
		T_EXPECT_EQ(baton_thread_join(tids[i], NULL), BATON_OK, ok);
	T_EXPECT(t_pages_back(&before, true), ok);
	t_case(ok, "resources.threads_joined_room_again_every_page_back");
}

/*
 * At most BATON_PROCESSES_MAX processes at once, system-wide, counting the
 * ended ones not yet waited for: children that exit unwaited reach it, the
 * next SPAWN is LIMIT and takes nothing, and waiting for them all makes
 * room again and gives every page back.
 */
static void processes_limit(void)
{
	static const char *const argv[] = {"exit", "3", NULL};
	static uint32_t pids[BATON_PROCESSES_MAX];
	struct baton_mem_info before = t_mem(), at_limit;
	struct baton_sysinfo sys;
	struct baton_exit ex;
	unsigned n = 0;
	uint32_t pid;
	long err;
	bool ok = baton_sysinfo(&sys) == BATON_OK;

	do {
		err = baton_spawn("probe", argv, &pids[n]);
		/* Each ends before the next starts: an ended one keeps no pages, a live one ~75. */
		while (err == BATON_OK && baton_process_alive(pids[n]))
			baton_yield();
	} while (err == BATON_OK && ++n < BATON_PROCESSES_MAX);
	T_EXPECT_EQ(err, BATON_ERR_LIMIT, ok);
	T_EXPECT_EQ(n, BATON_PROCESSES_MAX - sys.processes, ok);
	at_limit = t_mem();
	T_EXPECT_EQ(baton_spawn("probe", argv, &pid), BATON_ERR_LIMIT, ok);
	T_EXPECT(t_pages_back(&at_limit, true), ok);
	t_case(ok, "resources.spawn_past_1024_processes_limit_nothing_taken");

	ok = true;
	for (unsigned i = 0; i < n; i++)
		T_EXPECT(baton_wait(pids[i], &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL &&
				 ex.status == 3,
			 ok);
	T_EXPECT(t_probe(argv, &ex) == BATON_OK && ex.status == 3, ok);
	T_EXPECT(t_pages_back(&before, true), ok);
	t_case(ok, "resources.processes_waited_for_room_again_every_page_back");
}

/* One of everything the message system allocates, and frees again. */
static bool message_workload(void)
{
	struct baton_server_id id, own = t_fresh_id();
	uint32_t pid, conn, server, own_conn;
	uint64_t w[4] = {1, 2, 3, 4}, got[5], off = 0, valid = 0;
	uint8_t *buf = t_pages(20);
	bool ok = buf && t_server(2, NULL, &id, &pid, &conn) == BATON_OK;

	for (int i = 0; i < 20 && ok; i++) {
		t_fill(buf, 4 * BATON_PAGE_SIZE, (uint64_t)i);
		off = (uint64_t)i;
		ok = baton_blocking_scalar(conn, OP_ECHO5, w, 0, got, NULL) == BATON_OK &&
		     baton_scalar(conn, OP_NOTE, w, 0) == BATON_OK &&
		     baton_lend(conn, OP_CHECK, buf, 4 * BATON_PAGE_SIZE, &off, &valid, 0) == 0 &&
		     baton_mutable_lend(conn, OP_FILL, buf, 4 * BATON_PAGE_SIZE, &off, &valid, 0) ==
			     0;
	}
	ok &= baton_send(conn, OP_CHECK, buf + 16 * BATON_PAGE_SIZE, 4 * BATON_PAGE_SIZE, 0, 0,
			 0) == BATON_OK;
	t_server_stop(pid, conn);
	ok &= baton_server_create(&own, BATON_SERVER_CHOOSE_ID, 4, &server) == BATON_OK &&
	      baton_connect(&own, 0, &own_conn) == BATON_OK &&
	      baton_scalar(own_conn, OP_NOTE, w, 0) == BATON_OK &&
	      baton_send(own_conn, OP_NOTE, buf, 4 * BATON_PAGE_SIZE, 0, 0, 0) == BATON_OK;
	baton_server_destroy(server); /* with a Scalar and a Send still queued */
	ok &= baton_scalar(own_conn, OP_NOTE, w, 0) == BATON_ERR_GONE;
	baton_disconnect(own_conn);
	baton_unmap(buf, 20 * BATON_PAGE_SIZE);
	return ok;
}

/*
 * Kernel caches (messages, slabs) may grow the first time; after that the
 * same work must end with exactly the same free pages, kernel pages and
 * live kernel objects, or something leaks a little each time.
 */
static void messages_reach_a_steady_state(void)
{
	bool ok = message_workload();
	struct baton_mem_info before = t_mem();
	uint64_t objects = kernel_objects();

	for (int round = 0; round < 3 && ok; round++)
		ok = message_workload();
	struct baton_mem_info after = t_mem();
	T_EXPECT_EQ(after.free_pages, before.free_pages, ok);
	T_EXPECT_EQ(after.kernel_pages, before.kernel_pages, ok);
	T_EXPECT_EQ(after.own_pages, before.own_pages, ok);
	T_EXPECT_EQ(kernel_objects(), objects, ok);
	t_case(ok, "resources.messages_steady_state_no_page_or_object_lost");
}

int main(void)
{
	spawn_and_reap_many();
	faulting_children_leak_nothing();
	map_unmap_many();
	threads_many();
	threads_limit();
	processes_limit();
	messages_reach_a_steady_state();
	return t_done();
}
