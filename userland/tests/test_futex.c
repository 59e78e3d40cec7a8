/* test_futex.c — FUTEX_WAIT / FUTEX_WAKE: every error, who wakes and in what order, and mutexes. */
#include "check.h"

#define KERNEL_PTR 0xffffffff80000000ull

static long futex_wait_raw(uint64_t addr, uint64_t expected)
{
	return baton_syscall(SYS_FUTEX_WAIT, addr, expected, 0, 0, 0, 0, 0).status;
}

static void bad_arguments(void)
{
	static uint32_t word = 5;

	t_expect_result(futex_wait_raw((uintptr_t)&word + 1, 5), BATON_ERR_ALIGN,
			"futex.wait.misaligned");
	t_expect_result(futex_wait_raw(KERNEL_PTR, 0), BATON_ERR_FAULT,
			"futex.wait.kernel_address");
	t_expect_result(futex_wait_raw(BATON_MAP_END - BATON_PAGE_SIZE, 0), BATON_ERR_FAULT,
			"futex.wait.unmapped_address");
	t_expect_result(futex_wait_raw((uintptr_t)&word, 1ull << 32 | 5), BATON_ERR_RANGE,
			"futex.wait.expected_wider_than_32_bits");
	t_expect_result(baton_futex_wait(&word, 4), BATON_ERR_AGAIN,
			"futex.wait.word_already_changed");
	t_expect_result(baton_futex_wake((uint32_t *)((uintptr_t)&word + 2), 1), BATON_ERR_ALIGN,
			"futex.wake.misaligned");
	t_expect_result(baton_futex_wake(&word, 10), 0, "futex.wake.nobody_waiting");
}

/* ---- who wakes, and in what order --------------------------------------------------- */

static uint32_t gate;
static volatile unsigned woke_order[4], woke_count;

static void wait_at_gate(void *arg)
{
	while (__atomic_load_n(&gate, __ATOMIC_ACQUIRE) == 0)
		if (baton_futex_wait(&gate, 0) != BATON_OK)
			continue;
	woke_order[woke_count++] = (unsigned)(uintptr_t)arg;
}

static bool all_blocked(const uint32_t *tids, unsigned n)
{
	for (int tries = 0; tries < 1000; tries++) {
		unsigned blocked = 0;
		for (unsigned i = 0; i < n; i++) {
			struct baton_thread_info info;
			blocked += baton_thread_info(tids[i], &info) == 0 &&
				   info.state == BATON_THREAD_BLOCKED;
		}
		if (blocked == n)
			return true;
		baton_sleep_ns(200000);
	}
	return false;
}

static void wake_counts_and_order(void)
{
	uint32_t tids[4];
	bool ok = true;

	/* Created one by one, each blocked before the next: they sleep in order 0, 1, 2, 3. */
	for (unsigned i = 0; i < 4 && ok; i++)
		ok = baton_thread_create(wait_at_gate, (void *)(uintptr_t)i, 0, BATON_PRIO_DEFAULT,
					 &tids[i]) == BATON_OK &&
		     all_blocked(&tids[i], 1);
	__atomic_store_n(&gate, 1, __ATOMIC_RELEASE);
	long first = baton_futex_wake(&gate, 2);
	baton_sleep_ns(2000000); /* the two run and finish */
	unsigned after_two = woke_count;
	long rest = baton_futex_wake(&gate, 100);
	for (unsigned i = 0; i < 4; i++)
		baton_thread_join(tids[i], NULL);
	T_EXPECT_EQ(first, 2, ok);
	T_EXPECT_EQ(after_two, 2, ok);
	T_EXPECT_EQ(rest, 2, ok);
	t_case(ok, "futex.wake.wakes_at_most_count");
	ok = woke_count == 4;
	for (unsigned i = 0; i < 4; i++)
		T_EXPECT_EQ(woke_order[i], i, ok);
	t_case(ok, "futex.wake.in_the_order_they_slept");
}

/* ---- a mutex under contention ------------------------------------------------------- */

static struct baton_mutex lock = BATON_MUTEX_INIT;
static uint64_t counter;

static void add_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		baton_mutex_lock(&lock);
		uint64_t v = counter;
		if (i % 64 == 0)
			baton_yield(); /* hold it across a switch: the others must wait */
		counter = v + 1;
		baton_mutex_unlock(&lock);
	}
}

static void mutex_contention(void)
{
	uint32_t tids[4];
	bool ok = true;

	for (unsigned i = 0; i < 4; i++)
		ok &= baton_thread_create(add_many, NULL, 0, BATON_PRIO_DEFAULT, &tids[i]) == 0;
	for (unsigned i = 0; i < 4; i++)
		baton_thread_join(tids[i], NULL);
	T_EXPECT_EQ(counter, 8000, ok);
	t_case(ok, "futex.mutex.four_threads_no_update_lost");
}

int main(void)
{
	bad_arguments();
	wake_counts_and_order();
	mutex_contention();
	return t_done();
}
