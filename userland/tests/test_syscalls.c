/* test_syscalls.c — every system call with bad arguments: the documented error, and nothing
 * changed. */
#include <stdio.h>
#include <string.h>

#include "check.h"

#define KERNEL_PTR 0xffffffff80000000ull	     /* the kernel image */
#define DIRECT_MAP 0xffffffc080000000ull	     /* the kernel's direct map */
#define UNMAPPED   (BATON_MAP_BASE + 0x800000000ull) /* in the MAP area, never mapped */

static long sys(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	return baton_syscall(n, a1, a2, a3, a4, 0, 0, 0).status;
}

static void unknown_numbers(void)
{
	static const uint64_t numbers[] = {0, SYS_COUNT, SYS_COUNT + 1, 1000, 1ull << 32, ~0ull};
	bool ok = true;

	for (unsigned i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		T_EXPECT_EQ(sys(numbers[i], 1, 2, 3, 4), BATON_ERR_NOSYS, ok);
	t_case(ok, "syscall.unknown_numbers_nosys");
}

static void debug_write(void)
{
	static const char text[] = "";
	t_expect_result(sys(SYS_DEBUG_WRITE, KERNEL_PTR, 8, 0, 0), BATON_ERR_FAULT,
			"syscall.debug_write.kernel_pointer");
	t_expect_result(sys(SYS_DEBUG_WRITE, UNMAPPED, 8, 0, 0), BATON_ERR_FAULT,
			"syscall.debug_write.unmapped_buffer");
	t_expect_result(sys(SYS_DEBUG_WRITE, (uintptr_t)text, ~0ull, 0, 0), BATON_ERR_RANGE,
			"syscall.debug_write.length_wraps");
	t_expect_result(sys(SYS_DEBUG_WRITE, BATON_USER_END - 4, 8, 0, 0), BATON_ERR_FAULT,
			"syscall.debug_write.crosses_user_end");
	t_expect_result(sys(SYS_DEBUG_WRITE, (uintptr_t)text, 0, 0, 0), BATON_OK,
			"syscall.debug_write.empty_is_fine");
}

static void spawn(void)
{
	static const char name[] = "probe", args_bad[] = {'x', 'y'}, nul_name[] = "pr\0be";
	uint64_t before = t_mem().own_pages;

	t_expect_result(sys(SYS_SPAWN, (uintptr_t)name, 0, 0, 0), BATON_ERR_RANGE,
			"syscall.spawn.empty_name");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t)name, BATON_NAME_MAX + 1, 0, 0), BATON_ERR_RANGE,
			"syscall.spawn.name_too_long");
	t_expect_result(sys(SYS_SPAWN, KERNEL_PTR, 5, 0, 0), BATON_ERR_FAULT,
			"syscall.spawn.kernel_name");
	t_expect_result(sys(SYS_SPAWN, UNMAPPED, 5, 0, 0), BATON_ERR_FAULT,
			"syscall.spawn.unmapped_name");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t) "no_such_program", 15, 0, 0), BATON_ERR_NOENT,
			"syscall.spawn.unknown_program");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t)nul_name, 5, 0, 0), BATON_ERR_INVAL,
			"syscall.spawn.nul_in_name");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t)name, 5, (uintptr_t)args_bad, 2), BATON_ERR_INVAL,
			"syscall.spawn.unterminated_args");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t)name, 5, DIRECT_MAP, 4), BATON_ERR_FAULT,
			"syscall.spawn.kernel_args");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t)name, 5, (uintptr_t)args_bad, BATON_ARGS_MAX + 1),
			BATON_ERR_RANGE, "syscall.spawn.args_too_long");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t)name, 5, (uintptr_t)args_bad, ~0ull),
			BATON_ERR_RANGE, "syscall.spawn.args_length_wraps");
	t_case(t_mem().own_pages == before, "syscall.spawn.failures_change_nothing");

	/* argv holds the name and at most 63 arguments (here empty strings: one NUL each). */
	static const char empties[64] = {0};
	struct baton_sysret r =
		baton_syscall(SYS_SPAWN, (uintptr_t)name, 5, (uintptr_t)empties, 63, 0, 0, 0);
	struct baton_exit ex;
	bool ok = r.status == BATON_OK && baton_wait((uint32_t)r.r[1], &ex) == BATON_OK &&
		  ex.status == 99; /* probe: "" is no request it knows */
	t_case(ok, "syscall.spawn.sixty_three_arguments");
	t_expect_result(sys(SYS_SPAWN, (uintptr_t)name, 5, (uintptr_t)empties, 64), BATON_ERR_RANGE,
			"syscall.spawn.sixty_four_arguments");

	/* bad_elf is a text file in the boot image: refused after its address space was made. */
	struct baton_mem_info m0 = t_mem(), m1;
	t_expect_result(sys(SYS_SPAWN, (uintptr_t) "bad_elf", 7, 0, 0), BATON_ERR_BADIMAGE,
			"syscall.spawn.malformed_elf");
	m1 = t_mem();
	t_case(m1.free_pages + m1.kernel_pages == m0.free_pages + m0.kernel_pages,
	       "syscall.spawn.malformed_elf_every_page_back");
}

static void wait_and_kill(void)
{
	uint32_t self;

	baton_self(NULL, &self);
	t_expect_result(sys(SYS_WAIT, 0, 0, 0, 0), BATON_ERR_NOCHILD, "syscall.wait.no_children");
	t_expect_result(sys(SYS_WAIT, 1, 0, 0, 0), BATON_ERR_NOCHILD, "syscall.wait.not_a_child");
	t_expect_result(sys(SYS_WAIT, 1ull << 40, 0, 0, 0), BATON_ERR_NOCHILD,
			"syscall.wait.huge_pid");
	t_expect_result(sys(SYS_KILL, 999999, 0, 0, 0), BATON_ERR_NOENT,
			"syscall.kill.no_such_pid");
	t_expect_result(sys(SYS_KILL, ~0ull, 0, 0, 0), BATON_ERR_NOENT, "syscall.kill.huge_pid");
	if (self == 1) { /* run as init itself: it may kill anyone, and power off */
		t_skip("syscall.kill.not_a_child", "this is init");
		t_skip("syscall.power_off.not_init", "this is init");
		return;
	}
	t_expect_result(sys(SYS_KILL, 1, 0, 0, 0), BATON_ERR_PERM, "syscall.kill.not_a_child");
	t_expect_result(sys(SYS_POWER_OFF, 0, 0, 0, 0), BATON_ERR_PERM,
			"syscall.power_off.not_init");
}

/* Tid 1 is init's first thread: another process's, unless this program is init. */
static void other_process_thread(uint32_t self)
{
	if (self == 1) {
		t_skip("syscall.join.other_process_thread", "this is init");
		t_skip("syscall.set_priority.other_process_thread", "this is init");
		return;
	}
	t_expect_result(sys(SYS_THREAD_JOIN, 1, 0, 0, 0), BATON_ERR_NOENT,
			"syscall.join.other_process_thread");
	t_expect_result(sys(SYS_SET_PRIORITY, 1, 10, 0, 0), BATON_ERR_NOENT,
			"syscall.set_priority.other_process_thread");
}

static void thread_calls(void)
{
	static uint64_t data_word;
	static uint8_t stack[4096] __attribute__((aligned(16)));
	uintptr_t top = (uintptr_t)stack + sizeof(stack), code = (uintptr_t)thread_calls & ~15ul;

	t_expect_result(sys(SYS_THREAD_CREATE, KERNEL_PTR, top, 0, 16), BATON_ERR_FAULT,
			"syscall.thread_create.kernel_entry");
	t_expect_result(sys(SYS_THREAD_CREATE, (uintptr_t)&data_word, top, 0, 16), BATON_ERR_FAULT,
			"syscall.thread_create.entry_not_executable");
	t_expect_result(sys(SYS_THREAD_CREATE, code, UNMAPPED, 0, 16), BATON_ERR_FAULT,
			"syscall.thread_create.unmapped_stack");
	t_expect_result(sys(SYS_THREAD_CREATE, code, DIRECT_MAP, 0, 16), BATON_ERR_FAULT,
			"syscall.thread_create.kernel_stack");
	t_expect_result(sys(SYS_THREAD_CREATE, code, top - 8, 0, 16), BATON_ERR_ALIGN,
			"syscall.thread_create.misaligned_stack");
	t_expect_result(sys(SYS_THREAD_CREATE, code, code, 0, 16), BATON_ERR_FAULT,
			"syscall.thread_create.stack_in_text");
	t_expect_result(sys(SYS_THREAD_CREATE, code, top, 0, BATON_PRIO_MAX + 1), BATON_ERR_RANGE,
			"syscall.thread_create.bad_priority");

	uint32_t tid;
	baton_self(&tid, NULL);
	t_expect_result(sys(SYS_THREAD_JOIN, tid, 0, 0, 0), BATON_ERR_DEADLOCK,
			"syscall.join.self");
	t_expect_result(sys(SYS_THREAD_JOIN, 0, 0, 0, 0), BATON_ERR_NOENT, "syscall.join.zero");
	t_expect_result(sys(SYS_THREAD_JOIN, 0xfffffff0u, 0, 0, 0), BATON_ERR_NOENT,
			"syscall.join.unknown_tid");
	other_process_thread(tid);
	t_expect_result(sys(SYS_SET_PRIORITY, 0, BATON_PRIO_MAX + 1, 0, 0), BATON_ERR_RANGE,
			"syscall.set_priority.out_of_range");
	t_expect_result(sys(SYS_THREAD_INFO, 1ull << 33, 0, 0, 0), BATON_ERR_NOENT,
			"syscall.thread_info.unknown_tid");
	t_expect_result(sys(SYS_SLEEP, 0, 0, 0, 0), BATON_OK, "syscall.sleep.zero_yields");

	/* A child may not rise above the thread that started it (here: 16). */
	const char *up[] = {"set-priority", "20", NULL}, *same[] = {"set-priority", "16", NULL};
	struct baton_exit ex;
	bool ok = t_probe(up, &ex) == BATON_OK && ex.status == (uint64_t)-BATON_ERR_PERM;
	ok &= t_probe(same, &ex) == BATON_OK && ex.status == 0;
	t_case(ok, "syscall.set_priority.capped_by_the_starter");
	const char *thread_up[] = {"thread-priority", "17", NULL};
	ok = t_probe(thread_up, &ex) == BATON_OK && ex.status == (uint64_t)-BATON_ERR_PERM;
	t_case(ok, "syscall.thread_create.capped_by_the_starter");
}

/* ---- a thread that two threads join -------------------------------------------------- */

static uint32_t gate, target_tid;
static volatile long first_join = 1;
static uint64_t first_value;

static void wait_at_the_gate(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&gate, __ATOMIC_ACQUIRE) == 0)
		baton_futex_wait(&gate, 0);
	baton_thread_exit(7);
}

static void join_the_target(void *arg)
{
	(void)arg;
	first_join = baton_thread_join(target_tid, &first_value);
}

/*
 * A thread that another thread is joining already: a second join is INVAL
 * and changes nothing (the first joiner still gets the value).  Once
 * joined, the thread is gone: NOENT.
 */
static void join_twice(void)
{
	struct baton_thread_info info;
	uint64_t before = t_mem().own_pages;
	uint32_t joiner;
	bool ok = baton_thread_create(wait_at_the_gate, NULL, 0, BATON_PRIO_DEFAULT, &target_tid) ==
			  BATON_OK &&
		  baton_thread_create(join_the_target, NULL, 0, 20, &joiner) == BATON_OK;

	for (int i = 0; ok && i < 2000; i++) { /* until the joiner waits in its join */
		if (baton_thread_info(joiner, &info) || info.state == BATON_THREAD_BLOCKED)
			break;
		baton_sleep_ns(500000);
	}
	t_expect_result(sys(SYS_THREAD_JOIN, target_tid, 0, 0, 0), BATON_ERR_INVAL,
			"syscall.join.already_being_joined");
	__atomic_store_n(&gate, 1, __ATOMIC_RELEASE);
	baton_futex_wake(&gate, 1);
	ok &= baton_thread_join(joiner, NULL) == BATON_OK;
	T_EXPECT_EQ(first_join, BATON_OK, ok);
	T_EXPECT_EQ(first_value, 7, ok);
	T_EXPECT_EQ(t_mem().own_pages, before, ok); /* both stacks unmapped by the joins */
	t_case(ok, "syscall.join.first_joiner_still_gets_the_value");
	t_expect_result(sys(SYS_THREAD_JOIN, target_tid, 0, 0, 0), BATON_ERR_NOENT,
			"syscall.join.already_joined");
}

static void map_calls(void)
{
	const unsigned rw = BATON_MAP_R | BATON_MAP_W;
	uint64_t before = t_mem().own_pages;

	t_expect_result(sys(SYS_MAP, 0, 4096, 0, 0), BATON_ERR_FLAGS, "syscall.map.no_rights");
	t_expect_result(sys(SYS_MAP, 0, 4096, BATON_MAP_R | BATON_MAP_W | BATON_MAP_X, 0),
			BATON_ERR_FLAGS, "syscall.map.write_and_execute");
	t_expect_result(sys(SYS_MAP, 0, 4096, BATON_MAP_W, 0), BATON_ERR_FLAGS,
			"syscall.map.write_only");
	t_expect_result(sys(SYS_MAP, 0, 4096, 1u << 7, 0), BATON_ERR_FLAGS,
			"syscall.map.unknown_flag");
	t_expect_result(sys(SYS_MAP, 0, 4096, (1ull << 40) | BATON_MAP_R, 0), BATON_ERR_FLAGS,
			"syscall.map.flags_above_32_bits");
	t_expect_result(sys(SYS_MAP, 0, 0, rw, 0), BATON_ERR_RANGE, "syscall.map.size_zero");
	t_expect_result(sys(SYS_MAP, 0, ~0ull, rw, 0), BATON_ERR_RANGE, "syscall.map.size_wraps");
	t_expect_result(sys(SYS_MAP, BATON_MAP_BASE + 12, 4096, rw, 0), BATON_ERR_ALIGN,
			"syscall.map.misaligned_address");
	t_expect_result(sys(SYS_MAP, BATON_IMAGE_BASE, 4096, rw, 0), BATON_ERR_RANGE,
			"syscall.map.outside_map_area");
	t_expect_result(sys(SYS_MAP, KERNEL_PTR, 4096, rw, 0), BATON_ERR_RANGE,
			"syscall.map.kernel_address");
	t_expect_result(sys(SYS_MAP, BATON_MAP_END - 4096, 8192, rw, 0), BATON_ERR_RANGE,
			"syscall.map.runs_past_area");
	t_case(t_mem().own_pages == before, "syscall.map.failures_change_nothing");

	void *p;
	bool ok = baton_map(NULL, 8192, rw, &p) == BATON_OK;
	t_expect_result(sys(SYS_MAP, (uintptr_t)p + 4096, 4096, rw, 0), BATON_ERR_INUSE,
			"syscall.map.over_existing_mapping");
	t_expect_result(sys(SYS_UNMAP, (uintptr_t)p + 1, 4096, 0, 0), BATON_ERR_ALIGN,
			"syscall.unmap.misaligned");
	t_expect_result(sys(SYS_UNMAP, (uintptr_t)p, 0, 0, 0), BATON_ERR_RANGE,
			"syscall.unmap.size_zero");
	t_expect_result(sys(SYS_UNMAP, BATON_IMAGE_BASE, 4096, 0, 0), BATON_ERR_RANGE,
			"syscall.unmap.program_image");
	t_expect_result(sys(SYS_UNMAP, KERNEL_PTR, 4096, 0, 0), BATON_ERR_RANGE,
			"syscall.unmap.kernel");
	t_expect_result(sys(SYS_UNMAP, (uintptr_t)p, ~0ull - 4095, 0, 0), BATON_ERR_RANGE,
			"syscall.unmap.size_wraps");
	t_expect_result(sys(SYS_PROTECT, (uintptr_t)p, 4096, rw | BATON_MAP_X, 0), BATON_ERR_FLAGS,
			"syscall.protect.write_and_execute");
	t_expect_result(baton_protect(p, 4096, BATON_MAP_R), BATON_OK,
			"syscall.protect.drop_write");
	t_expect_result(sys(SYS_PROTECT, (uintptr_t)p, 4096, rw, 0), BATON_ERR_PERM,
			"syscall.protect.cannot_add_write");
	t_expect_result(sys(SYS_PROTECT, (uintptr_t)p, 4096, BATON_MAP_X, 0), BATON_ERR_PERM,
			"syscall.protect.cannot_add_execute");
	t_expect_result(sys(SYS_PROTECT, (uintptr_t)p + 3, 4096, BATON_MAP_R, 0), BATON_ERR_ALIGN,
			"syscall.protect.misaligned");
	t_expect_result(sys(SYS_PROTECT, UNMAPPED, 4096, BATON_MAP_R, 0), BATON_ERR_FAULT,
			"syscall.protect.unmapped");
	t_expect_result(sys(SYS_PROTECT, (uintptr_t)p, 3 * 4096, BATON_MAP_R, 0), BATON_ERR_FAULT,
			"syscall.protect.partly_unmapped");
	t_expect_result(sys(SYS_PROTECT, KERNEL_PTR, 4096, BATON_MAP_R, 0), BATON_ERR_RANGE,
			"syscall.protect.kernel");
	t_expect_result(sys(SYS_PROTECT, (uintptr_t)p, 0, BATON_MAP_R, 0), BATON_ERR_RANGE,
			"syscall.protect.size_zero");
	ok &= ((volatile uint8_t *)p)[4096] == 0; /* the second page is still read-write */
	((volatile uint8_t *)p)[4096] = 1;
	ok &= baton_unmap(p, 8192) == BATON_OK && t_mem().own_pages == before;
	t_case(ok, "syscall.map.rejected_calls_left_mapping_intact");
}

static void heap_calls(void)
{
	uintptr_t base, again;

	baton_heap(0, &base);
	t_expect_result(sys(SYS_HEAP, (uint64_t) - (int64_t)(base + 4096), 0, 0, 0),
			BATON_ERR_RANGE, "syscall.heap.below_start");
	t_expect_result(sys(SYS_HEAP, 1ull << 62, 0, 0, 0), BATON_ERR_RANGE,
			"syscall.heap.past_end");
	t_expect_result(sys(SYS_HEAP, (uint64_t)INT64_MIN, 0, 0, 0), BATON_ERR_RANGE,
			"syscall.heap.wraps_down");
	baton_heap(0, &again);
	t_case(again == base, "syscall.heap.failures_keep_the_break");
}

/* PROCESS_INFO lists every process once, in pid order; SERVER_INFO knows a server by id. */
static void info_calls(void)
{
	static const char *const argv[] = {"spin", NULL};
	struct baton_process_info info;
	uint32_t self, child, last = 0;
	unsigned seen_self = 0, seen_child = 0, n = 0;
	bool ok = baton_self(NULL, &self) == BATON_OK && baton_spawn("probe", argv, &child) == 0;

	while (baton_process_info(last, &info) == BATON_OK && n++ < 2000) {
		ok &= info.pid > last;
		last = info.pid;
		if (info.pid == self)
			seen_self += strcmp(info.name, "test_syscalls") == 0 && info.threads == 1 &&
				     info.state == BATON_PROCESS_ALIVE && info.cpu_ticks > 0;
		if (info.pid == child)
			seen_child += strcmp(info.name, "probe") == 0 && info.parent == self;
	}
	T_EXPECT(seen_self == 1 && seen_child == 1, ok);
	t_case(ok, "info.processes_listed_once_each_in_order");
	t_expect_result(baton_process_info(last, &info), BATON_ERR_NOENT,
			"info.process_past_the_last");
	t_expect_result(sys(SYS_PROCESS_INFO, 1ull << 40, 0, 0, 0), BATON_ERR_NOENT,
			"info.process_huge_pid");
	baton_kill(child);
	baton_wait(child, NULL);

	struct baton_server_id id = {0x1234, 0x5678};
	struct baton_server_info s;
	uint32_t server;
	t_expect_result(baton_server_info(&id, &s), BATON_ERR_NOSERVER, "info.server_unknown");
	ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 7, &server) == BATON_OK &&
	     baton_server_info(&id, &s) == BATON_OK;
	T_EXPECT(s.owner == self && s.depth == 7 && s.queued == 0 && s.receivers == 0, ok);
	t_case(ok, "info.server_known_by_id");
	baton_server_destroy(server);
}

int main(void)
{
	unknown_numbers();
	debug_write();
	spawn();
	wait_and_kill();
	thread_calls();
	join_twice();
	map_calls();
	heap_calls();
	info_calls();
	return t_done();
}
