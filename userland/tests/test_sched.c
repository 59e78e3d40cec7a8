/* test_sched.c — round robin, priority preemption, yield, join, sleep, CPU time, many threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static uint64_t hz;

static uint64_t ms_to_ticks(uint64_t ms)
{
	return ms * hz / 1000;
}

static void spin_until(uint64_t when)
{
	while (baton_rdtime() < when)
		;
}

/* ---- two CPU-bound threads of one priority share the hart -------------------------------- */

struct spinner {
	uint64_t until;
	volatile uint64_t count;
};

static void spin_and_count(void *arg)
{
	struct spinner *s = arg;

	while (baton_rdtime() < s->until)
		s->count++;
}

static void equal_priorities_share(void)
{
	struct spinner a = {baton_rdtime() + ms_to_ticks(100), 0}, b = a;
	uint32_t ta, tb;
	struct baton_thread_info ia, ib;
	bool ok = baton_thread_create(spin_and_count, &a, 0, 10, &ta) == BATON_OK &&
		  baton_thread_create(spin_and_count, &b, 0, 10, &tb) == BATON_OK;

	/* The creator (priority 16) sleeps so that only the two spinners compete. */
	baton_sleep_ns(120 * 1000000ull);
	ok &= baton_thread_info(ta, &ia) == BATON_OK && baton_thread_info(tb, &ib) == BATON_OK;
	ok &= baton_thread_join(ta, NULL) == BATON_OK && baton_thread_join(tb, NULL) == BATON_OK;
	T_EXPECT(a.count > 0 && b.count > 0, ok);
	/* 100 ms is ten 10 ms slices: each must have had a fair part. */
	T_EXPECT(ia.cpu_ticks > ms_to_ticks(25) && ib.cpu_ticks > ms_to_ticks(25), ok);
	printf("  spinners ran %lu and %lu ms\n", (unsigned long)(ia.cpu_ticks * 1000 / hz),
	       (unsigned long)(ib.cpu_ticks * 1000 / hz));
	t_case(ok, "sched.round_robin.equal_priorities_both_progress");
}

/* ---- a higher priority preempts a lower one at once ------------------------------------ */

static volatile bool stop_low;
static volatile uint64_t woke_late;

static void low_spinner(void *arg)
{
	(void)arg;
	while (!stop_low)
		;
}

static void high_sleeper(void *arg)
{
	(void)arg;
	uint64_t worst = 0;
	for (int i = 0; i < 10; i++) {
		uint64_t want = baton_rdtime() + ms_to_ticks(3);
		baton_sleep_ns(3 * 1000000ull);
		uint64_t late = baton_rdtime() - want;
		if (late > worst)
			worst = late;
	}
	woke_late = worst;
	stop_low = true;
}

static void high_preempts_low(void)
{
	uint32_t low, high;
	bool ok;

	baton_set_priority(0, 20); /* above both, so that it can start them in order */
	ok = baton_thread_create(low_spinner, NULL, 0, 5, &low) == BATON_OK &&
	     baton_thread_create(high_sleeper, NULL, 0, 15, &high) == BATON_OK;
	baton_set_priority(0, 1); /* now below both: the low spinner owns the hart */
	ok &= baton_thread_join(high, NULL) == BATON_OK && baton_thread_join(low, NULL) == BATON_OK;
	baton_set_priority(0, BATON_PRIO_DEFAULT);
	/* Each wake-up must come within one quantum, not when the spinner's slice ends. */
	T_EXPECT(woke_late < ms_to_ticks(10), ok);
	printf("  worst wake-up delay under a busy lower thread: %lu us\n",
	       (unsigned long)(woke_late * 1000000 / hz));
	t_case(ok, "sched.priority.high_preempts_busy_low_within_a_quantum");
}

/* ---- yield hands the hart to a peer ----------------------------------------------------- */

static volatile bool peer_ran;

static void set_flag(void *arg)
{
	(void)arg;
	peer_ran = true;
}

static void yield_hands_over(void)
{
	uint32_t tid;
	bool ok = baton_thread_create(set_flag, NULL, 0, BATON_PRIO_DEFAULT, &tid) == BATON_OK;

	T_EXPECT(!peer_ran, ok); /* same priority: it waits for our slice or our yield */
	baton_yield();
	T_EXPECT(peer_ran, ok);
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	t_case(ok, "sched.yield.hands_over_to_a_ready_peer");
}

/* ---- join returns the exit value; 64 threads ------------------------------------------- */

static void exit_with_value(void *arg)
{
	baton_thread_exit((uintptr_t)arg * 3 + 1);
}

static void join_returns_value(void)
{
	uint32_t tid;
	uint64_t value = 0;
	bool ok = baton_thread_create(exit_with_value, (void *)0x1234, 0, 20, &tid) == BATON_OK;

	ok &= baton_thread_join(tid, &value) == BATON_OK;
	T_EXPECT_EQ(value, 0x1234 * 3 + 1, ok);
	T_EXPECT_EQ(baton_thread_join(tid, &value), BATON_ERR_NOENT, ok); /* gone once joined */
	t_case(ok, "sched.join.returns_exit_value");
}

static void sixty_four_threads(void)
{
	enum {
		N = 64
	};
	uint32_t tids[N];
	uint64_t sum = 0, want = 0;
	bool ok = true;

	for (uintptr_t i = 0; i < N; i++) {
		T_EXPECT_EQ(
			baton_thread_create(exit_with_value, (void *)i, 0, 8 + i % 16, &tids[i]),
			BATON_OK, ok);
		want += i * 3 + 1;
	}
	for (unsigned i = 0; i < N; i++) {
		uint64_t v = 0;
		T_EXPECT_EQ(baton_thread_join(tids[i], &v), BATON_OK, ok);
		sum += v;
	}
	T_EXPECT_EQ(sum, want, ok);
	t_case(ok, "sched.threads.sixty_four_created_and_joined");
}

/* ---- sleep and CPU time ---------------------------------------------------------------- */

static void sleep_lasts_long_enough(void)
{
	uint64_t start = baton_rdtime();
	bool ok = baton_sleep_ns(20 * 1000000ull) == BATON_OK;
	uint64_t slept = baton_rdtime() - start;

	T_EXPECT(slept >= ms_to_ticks(20), ok);
	T_EXPECT(slept < ms_to_ticks(40), ok);
	t_case(ok, "sched.sleep.at_least_the_time_asked");
}

static void cpu_time_is_counted(void)
{
	struct baton_thread_info before, after;
	bool ok = baton_thread_info(0, &before) == BATON_OK;

	spin_until(baton_rdtime() + ms_to_ticks(30));
	ok &= baton_thread_info(0, &after) == BATON_OK;
	T_EXPECT(after.cpu_ticks - before.cpu_ticks >= ms_to_ticks(25), ok);
	T_EXPECT_EQ(after.state, BATON_THREAD_RUNNING, ok);
	T_EXPECT_EQ(after.priority, BATON_PRIO_DEFAULT, ok);
	t_case(ok, "sched.accounting.cpu_time_visible");
}

static void sleeping_costs_no_cpu(void)
{
	struct baton_thread_info before, after;
	bool ok = baton_thread_info(0, &before) == BATON_OK;

	baton_sleep_ns(30 * 1000000ull);
	ok &= baton_thread_info(0, &after) == BATON_OK;
	T_EXPECT(after.cpu_ticks - before.cpu_ticks < ms_to_ticks(2), ok);
	t_case(ok, "sched.sleep.uses_no_cpu_time");
}

/* scounteren lets user mode read all three counters; each must move forward. */
static void counters_readable(void)
{
	uint64_t t0 = baton_rdtime(), c0 = baton_rdcycle(), i0 = baton_rdinstret();
	bool ok = true;

	spin_until(t0 + ms_to_ticks(1));
	T_EXPECT(baton_rdtime() > t0, ok);
	T_EXPECT(baton_rdcycle() > c0, ok);
	T_EXPECT(baton_rdinstret() > i0, ok);
	t_case(ok, "sched.counters.time_cycle_instret_readable_in_user_mode");
}

/* ---- locks: picolibc's malloc from two threads; a higher-priority waiter --------------- */

static volatile bool heap_damaged;

/* Mostly inside malloc and free, so that preemption lands there; tags at both ends. */
static void malloc_churn(void *arg)
{
	uint8_t tag = (uint8_t)(uintptr_t)arg, *slot[32] = {0};
	size_t size[32] = {0};
	uint64_t seed = tag, end = baton_rdtime() + ms_to_ticks(400);

	while (baton_rdtime() < end && !heap_damaged) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		unsigned i = (unsigned)(seed >> 33) % 32;
		if (slot[i]) {
			heap_damaged |= slot[i][0] != tag || slot[i][size[i] - 1] != tag;
			free(slot[i]);
			slot[i] = NULL;
		} else {
			size[i] = 8 + (seed >> 40) % 600;
			if ((slot[i] = malloc(size[i])))
				slot[i][0] = slot[i][size[i] - 1] = tag;
		}
	}
	for (unsigned i = 0; i < 32; i++)
		free(slot[i]);
}

static void malloc_from_two_threads(void)
{
	uint32_t a, b;
	bool ok = baton_thread_create(malloc_churn, (void *)1, 0, 10, &a) == BATON_OK &&
		  baton_thread_create(malloc_churn, (void *)2, 0, 10, &b) == BATON_OK;

	ok &= baton_thread_join(a, NULL) == BATON_OK && baton_thread_join(b, NULL) == BATON_OK;
	t_case(ok && !heap_damaged, "sched.locks.malloc_from_two_preempted_threads");
}

static struct baton_mutex shared = BATON_MUTEX_INIT;
static volatile bool high_got_lock;

static void high_locker(void *arg)
{
	(void)arg;
	baton_mutex_lock(&shared); /* held by a lower priority: must sleep, not spin */
	high_got_lock = true;
	printf("  the higher-priority waiter got the lock\n");
	baton_mutex_unlock(&shared);
}

static void higher_priority_waiter(void)
{
	uint32_t tid;

	baton_mutex_lock(&shared);
	bool ok = baton_thread_create(high_locker, NULL, 0, 25, &tid) == BATON_OK;
	/* The waiter preempted us, found the lock held and went to sleep: we run again. */
	T_EXPECT(!high_got_lock, ok);
	printf("  the holder runs while a higher priority waits\n");
	baton_mutex_unlock(&shared);
	ok &= baton_thread_join(tid, NULL) == BATON_OK;
	T_EXPECT(high_got_lock, ok);
	t_case(ok, "sched.locks.higher_priority_waiter_lets_the_holder_run");
}

int main(void)
{
	struct baton_sysinfo si;

	baton_sysinfo(&si);
	hz = si.timebase_hz;
	counters_readable();
	yield_hands_over();
	join_returns_value();
	sixty_four_threads();
	equal_priorities_share();
	high_preempts_low();
	sleep_lasts_long_enough();
	cpu_time_is_counted();
	sleeping_costs_no_cpu();
	malloc_from_two_threads();
	higher_priority_waiter();
	return t_done();
}
