/* test_isolation.c — each forbidden access ends only the process that tried it, with the right
 * cause. */
#include <stdio.h>
#include <string.h>

#include "check.h"

/* scause values: RISC-V privileged spec, "Supervisor cause register". */
enum {
	ILLEGAL_INSTRUCTION = 2,
	LOAD_MISALIGNED = 4,
	STORE_ACCESS = 7,
	INSN_PAGE_FAULT = 12,
	LOAD_PAGE_FAULT = 13,
	STORE_PAGE_FAULT = 15,
};

/* Runs probe with (what, arg) and checks it died of `cause` (stval checked unless ~0). */
static bool faults(const char *what, const char *arg, uint64_t cause, uint64_t stval)
{
	const char *argv[] = {what, arg, NULL};
	struct baton_exit ex;
	bool ok = true;
	long err = t_probe(argv, &ex);

	T_EXPECT_EQ(err, BATON_OK, ok);
	if (err)
		return false;
	T_EXPECT_EQ(ex.how, BATON_EXIT_FAULT, ok);
	T_EXPECT_EQ(ex.status, cause, ok);
	if (stval != ~0ull)
		T_EXPECT_EQ(ex.stval, stval, ok);
	if (cause == INSN_PAGE_FAULT && stval != ~0ull)
		T_EXPECT_EQ(ex.sepc, stval, ok); /* the fetch itself faulted, at the target */
	else
		T_EXPECT(ex.sepc >= BATON_IMAGE_BASE && ex.sepc < BATON_USER_END, ok);
	return ok;
}

static void another_process(void)
{
	static const char secret[] = "the parent's secret";
	char arg[32];
	void *page;
	bool ok = baton_map(NULL, 4096, BATON_MAP_R | BATON_MAP_W, &page) == BATON_OK;

	if (ok) {
		memcpy(page, secret, sizeof(secret));
		snprintf(arg, sizeof(arg), "%p", page);
		/* The same address in the child is not mapped at all: a page fault, no data. */
		ok = faults("read", arg, LOAD_PAGE_FAULT, (uintptr_t)page);
		ok &= faults("write", arg, STORE_PAGE_FAULT, (uintptr_t)page);
		ok &= memcmp(page, secret, sizeof(secret)) == 0;
	}
	t_case(ok, "proc.isolation.other_process_memory_unreachable");
}

/* Two threads wait for one child: one gets its status, the other learns there is none left. */
struct waiter {
	uint32_t pid;
	long err;
	struct baton_exit ex;
};

static void wait_in_thread(void *arg)
{
	struct waiter *w = arg;

	w->err = baton_wait(w->pid, &w->ex);
}

static void two_waiters_one_child(void)
{
	const char *argv[] = {"spin", NULL};
	uint32_t pid, t1, t2;
	bool ok = baton_spawn("probe", argv, &pid) == BATON_OK;
	struct waiter any = {0, 1, {0}}, one = {pid, 1, {0}};

	ok &= baton_thread_create(wait_in_thread, &any, 0, 20, &t1) == BATON_OK &&
	      baton_thread_create(wait_in_thread, &one, 0, 20, &t2) == BATON_OK;
	ok &= baton_kill(pid) == BATON_OK;
	ok &= baton_thread_join(t1, NULL) == BATON_OK && baton_thread_join(t2, NULL) == BATON_OK;
	/* Whichever got the child saw it killed; the other has no child left to wait for. */
	struct waiter *got = any.err == BATON_OK ? &any : &one, *other = got == &any ? &one : &any;
	T_EXPECT(got->err == BATON_OK && got->ex.how == BATON_EXIT_KILLED && got->ex.pid == pid,
		 ok);
	T_EXPECT_EQ(other->err, BATON_ERR_NOCHILD, ok);
	t_case(ok, "proc.wait.second_waiter_released_with_nochild");
}

int main(void)
{
	two_waiters_one_child();
	another_process();
	t_case(faults("read", "0xffffffff80000000", LOAD_PAGE_FAULT, 0xffffffff80000000ull),
	       "proc.isolation.read_kernel_image_faults");
	t_case(faults("write", "0xffffffc080000000", STORE_PAGE_FAULT, 0xffffffc080000000ull),
	       "proc.isolation.write_kernel_direct_map_faults");
	t_case(faults("jump", "0xffffffff80000000", INSN_PAGE_FAULT, 0xffffffff80000000ull),
	       "proc.isolation.execute_kernel_faults");
	t_case(faults("read", "0x8", LOAD_PAGE_FAULT, 8), "proc.isolation.null_page_unmapped");
	t_case(faults("exec-data", "0", INSN_PAGE_FAULT, ~0ull),
	       "proc.isolation.execute_data_faults");
	t_case(faults("write-text", "0", STORE_PAGE_FAULT, ~0ull),
	       "proc.isolation.write_own_text_faults");
	t_case(faults("write-protected", "0", STORE_PAGE_FAULT, ~0ull),
	       "proc.isolation.write_after_protect_faults");
	t_case(faults("illegal", "0", ILLEGAL_INSTRUCTION, ~0ull),
	       "proc.isolation.illegal_instruction_faults");
	t_case(faults("float", "0", ILLEGAL_INSTRUCTION, ~0ull),
	       "proc.isolation.no_floating_point_state");
	{
		const char *argv[] = {"misaligned-amo", "0", NULL};
		struct baton_exit ex;
		/* The privileged spec lets a misaligned AMO raise a misaligned or an access
		   fault; QEMU reports it as a load or a store depending on how it runs. */
		bool ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT &&
			  ex.status >= LOAD_MISALIGNED && ex.status <= STORE_ACCESS;
		t_case(ok, "proc.isolation.misaligned_atomic_faults");
	}
	{
		const char *argv[] = {"exit", "42", NULL};
		struct baton_exit ex;
		bool ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL &&
			  ex.status == 42;
		t_case(ok, "proc.wait.exit_status_reaches_parent");
	}
	return t_done();
}
