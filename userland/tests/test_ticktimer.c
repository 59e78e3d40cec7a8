/*
 * test_ticktimer.c — the ticktimer service (docs/ticktimer.md), started
 * here and ended here: uptime, sleep accuracy, many sleepers, the limit,
 * callers that die while they sleep, bad calls, a second instance, and a
 * restart the client library must survive.
 */
#include "baton/ticktimer.h"
#include "ipc_test.h"

/*
 * How late a sleep may end.  Under -icount shift=0 a woken sleeper runs
 * within microseconds of its time, but while every hart idles QEMU moves
 * the clock with the host's (icount's sleep=on), so a timer interrupt
 * comes as late as the host delivers it: tens of microseconds here, more
 * on a loaded machine.
 */
#define LATE_MAX_MS 5

static uint64_t hz;
static uint32_t service; /* the ticktimer's pid */

static uint64_t ms_ticks(uint64_t ms)
{
	return ms * hz / 1000;
}

static unsigned long ticks_us(uint64_t ticks)
{
	return (unsigned long)(ticks * 1000000 / hz);
}

/* Starts a ticktimer, from a thread at the highest priority so that it may run there too. */
static long start_service(void)
{
	baton_set_priority(0, BATON_PRIO_MAX);
	long err = baton_spawn("ticktimer", NULL, &service);
	baton_set_priority(0, BATON_PRIO_DEFAULT);
	return err ? err : baton_ticktimer_open(0);
}

static bool stop_service(void)
{
	struct baton_exit ex;

	return baton_kill(service) == BATON_OK && baton_wait(service, &ex) == BATON_OK &&
	       ex.how == BATON_EXIT_KILLED;
}

static struct baton_ticktimer_stats stats(void)
{
	struct baton_ticktimer_stats s = {0};

	baton_ticktimer_stats(&s);
	return s;
}

/* Waits (kernel sleeps: the ticktimer may be full) until the service counts these. */
static bool wait_stats(uint64_t pending, uint64_t gone)
{
	for (int i = 0; i < 4000; i++) {
		struct baton_ticktimer_stats s = stats();
		if (s.pending == pending && s.gone == gone)
			return true;
		baton_sleep_ns(500000);
	}
	struct baton_ticktimer_stats s = stats();
	printf("  stats: pending %lu (want %lu), gone %lu (want %lu)\n", (unsigned long)s.pending,
	       (unsigned long)pending, (unsigned long)s.gone, (unsigned long)gone);
	return false;
}

/* ---- uptime ---------------------------------------------------------------------------- */

static void uptime(void)
{
	struct baton_ticktimer_time t;
	uint64_t before = baton_rdtime();
	bool ok = baton_ticktimer_uptime(&t) == BATON_OK;
	uint64_t after = baton_rdtime();

	T_EXPECT(t.ticks >= before && t.ticks <= after, ok);
	T_EXPECT_EQ(t.hz, hz, ok);
	T_EXPECT_EQ(t.ns, (uint64_t)((unsigned __int128)t.ticks * 1000000000u / hz), ok);
	t_case(ok, "ticktimer.uptime_is_the_timebase_in_ns");

	uint64_t last = 0, ns = 0;
	ok = true;
	for (int i = 0; i < 20 && ok; i++) {
		ok = baton_ticktimer_uptime_ns(&ns) == BATON_OK && ns >= last;
		last = ns;
	}
	ok &= baton_ticktimer_sleep_ms(1) == BATON_OK && baton_ticktimer_uptime_ns(&ns) == BATON_OK;
	T_EXPECT(ns >= last + 1000000, ok);
	t_case(ok, "ticktimer.uptime_never_goes_back_and_grows_by_a_sleep");

	struct baton_process_info info;
	ok = baton_process_info(service - 1, &info) == BATON_OK && info.pid == service;
	T_EXPECT_EQ(info.priority, BATON_PRIO_MAX, ok);
	t_case(ok, "ticktimer.runs_at_the_highest_priority_its_starter_allows");
}

/* ---- sleeping -------------------------------------------------------------------------- */

/* One sleep of ms: not early, at most LATE_MAX_MS late. */
static void sleep_once(uint64_t ms)
{
	uint64_t t0 = baton_rdtime();
	bool ok = baton_ticktimer_sleep_ms(ms) == BATON_OK;
	uint64_t slept = baton_rdtime() - t0;

	printf("  sleep %lu ms: woke after %lu us\n", (unsigned long)ms, ticks_us(slept));
	T_EXPECT(slept >= ms_ticks(ms), ok);
	T_EXPECT(slept <= ms_ticks(ms + LATE_MAX_MS), ok);
	t_case(ok, "ticktimer.sleep_%lums_not_early_not_late", (unsigned long)ms);
}

static void sleeping(void)
{
	sleep_once(1);
	sleep_once(10);
	sleep_once(25);

	/* Less than a tick of the 1 MHz timebase: rounded up, never down to nothing. */
	uint64_t t0 = baton_rdtime();
	bool ok = baton_ticktimer_sleep_ns(1500) == BATON_OK;
	T_EXPECT(baton_rdtime() - t0 >= (1500 * hz + 999999999) / 1000000000, ok);
	t_case(ok, "ticktimer.sleep_of_1500ns_not_early");

	struct baton_ticktimer_stats s0 = stats();
	t0 = baton_rdtime();
	ok = baton_ticktimer_sleep_ms(0) == BATON_OK;
	T_EXPECT(baton_rdtime() - t0 < ms_ticks(1), ok);
	struct baton_ticktimer_stats s1 = stats();
	T_EXPECT_EQ(s1.pending, 0, ok);
	T_EXPECT_EQ(s1.woken, s0.woken + 1, ok);
	t_case(ok, "ticktimer.sleep_zero_answered_at_once");
}

/* sleep_until: a period kept from one start, so lateness does not add up. */
static void sleeping_until(void)
{
	uint64_t start = 0;
	bool ok = baton_ticktimer_uptime_ns(&start) == BATON_OK;

	for (uint64_t i = 1; i <= 5 && ok; i++) {
		uint64_t target = start + i * 3000000, now = 0;
		ok = baton_ticktimer_sleep_until_ns(target) == BATON_OK &&
		     baton_ticktimer_uptime_ns(&now) == BATON_OK;
		T_EXPECT(now >= target && now <= target + LATE_MAX_MS * 1000000ull, ok);
	}
	t_case(ok, "ticktimer.sleep_until_every_3ms_no_drift");

	uint64_t t0 = baton_rdtime();
	ok = baton_ticktimer_sleep_until_ns(start) == BATON_OK;
	T_EXPECT(baton_rdtime() - t0 < ms_ticks(1), ok);
	ok &= baton_ticktimer_sleep_until_ns(0) == BATON_OK;
	t_case(ok, "ticktimer.sleep_until_the_past_answered_at_once");
}

/* ---- many sleepers --------------------------------------------------------------------- */

struct run {
	uint64_t ms;
	uint64_t asked, woke; /* rdtime just before the call and just after */
	uint64_t answered;    /* the service's time in its answer (raw calls only) */
	long err;
};

static struct run runs[BATON_TICKTIMER_SLEEPERS_MAX];
static uint32_t tids[BATON_TICKTIMER_SLEEPERS_MAX];
static unsigned woke_count;
static uint32_t gate;	  /* 0: sleepers wait for the start */
static uint32_t raw_conn; /* the sleepers' own connection, or 0: the client library */

static long sleep_ms(struct run *r)
{
	struct baton_ticktimer_sleep args = {r->ms * 1000000};
	struct baton_ticktimer_time answer = {0};

	if (!raw_conn)
		return baton_ticktimer_sleep_ms(r->ms);
	long err = baton_ticktimer_rpc_sleep(raw_conn, &args, &answer);
	r->answered = answer.ticks;
	return err;
}

static void sleep_and_note(void *arg)
{
	struct run *r = arg;

	while (!__atomic_load_n(&gate, __ATOMIC_ACQUIRE))
		baton_futex_wait(&gate, 0);
	r->asked = baton_rdtime();
	r->err = sleep_ms(r);
	r->woke = baton_rdtime();
	__atomic_fetch_add(&woke_count, 1, __ATOMIC_RELAXED);
}

/* n threads sleeping ms[k] each, started together once all exist. */
static bool start_sleepers(unsigned n, uint64_t (*ms)(unsigned))
{
	bool ok = true;

	woke_count = 0;
	gate = 0;
	for (unsigned k = 0; k < n && ok; k++) {
		runs[k] = (struct run){.ms = ms(k), .err = 1};
		ok = baton_thread_create(sleep_and_note, &runs[k], 0, BATON_PRIO_DEFAULT,
					 &tids[k]) == BATON_OK;
	}
	__atomic_store_n(&gate, 1, __ATOMIC_RELEASE);
	baton_futex_wake(&gate, BATON_TICKTIMER_SLEEPERS_MAX);
	return ok;
}

/* Joins them; each slept without error and not less than it asked. */
static bool join_sleepers(unsigned n)
{
	bool ok = true;

	for (unsigned k = 0; k < n; k++) {
		ok &= baton_thread_join(tids[k], NULL) == BATON_OK;
		T_EXPECT_EQ(runs[k].err, BATON_OK, ok);
		T_EXPECT(runs[k].woke - runs[k].asked >= ms_ticks(runs[k].ms), ok);
	}
	return ok;
}

/* 10..72 ms, 2 ms apart, in an order unlike the threads' (13 is prime to 32). */
static uint64_t spread_ms(unsigned k)
{
	return 10 + 2 * ((k * 13) % 32);
}

/*
 * 32 sleepers started together, due 2 ms apart in an order unlike their
 * creation.  The service's answer times show the order it woke them in
 * (the order they then run in is the scheduler's business, and on several
 * harts a race).
 */
static void many_sleepers(void)
{
	struct run *by_due[32];
	uint64_t first = UINT64_MAX, last = 0;
	bool ok = baton_connect(&BATON_TICKTIMER_ID, 0, &raw_conn) == BATON_OK &&
		  start_sleepers(32, spread_ms);

	T_EXPECT(wait_stats(32, stats().gone), ok); /* all 32 wait at once */
	ok &= join_sleepers(32);
	for (unsigned k = 0; k < 32; k++) {
		by_due[(runs[k].ms - 10) / 2] = &runs[k];
		T_EXPECT(runs[k].answered - runs[k].asked >= ms_ticks(runs[k].ms), ok);
		T_EXPECT(runs[k].woke - runs[k].asked <= ms_ticks(runs[k].ms + LATE_MAX_MS), ok);
		first = runs[k].asked < first ? runs[k].asked : first;
		last = runs[k].asked > last ? runs[k].asked : last;
	}
	for (unsigned i = 1; i < 32; i++)
		T_EXPECT(by_due[i]->answered >= by_due[i - 1]->answered, ok);
	T_EXPECT(last - first < ms_ticks(1), ok); /* they did start together */
	t_case(ok, "ticktimer.32_sleepers_woken_in_deadline_order_none_early");
	baton_disconnect(raw_conn);
	raw_conn = 0;
}

/* ---- sleepers that die, and the limit -------------------------------------------------- */

static long spawn_sleeper(uint64_t ns, uint32_t *pid)
{
	char arg[24];
	const char *argv[] = {"ticktimer-sleep", arg, NULL};

	snprintf(arg, sizeof(arg), "%lu", (unsigned long)ns);
	return baton_spawn("probe", argv, pid);
}

static bool kill_and_wait(uint32_t pid)
{
	struct baton_exit ex;

	return baton_kill(pid) == BATON_OK && baton_wait(pid, &ex) == BATON_OK &&
	       ex.how == BATON_EXIT_KILLED; /* still asleep: its sleep was accepted */
}

static void dead_sleepers(void)
{
	uint64_t gone = stats().gone;
	uint32_t pid;
	bool ok = spawn_sleeper(30000000, &pid) == BATON_OK && wait_stats(1, gone);

	ok &= kill_and_wait(pid);
	ok &= baton_ticktimer_sleep_ms(40) == BATON_OK; /* meanwhile the dead one is due */
	T_EXPECT(wait_stats(0, gone + 1), ok);
	t_case(ok, "ticktimer.sleeper_killed_while_asleep_found_gone_at_its_time");

	ok = spawn_sleeper(BATON_TICKTIMER_SLEEP_MAX_NS, &pid) == BATON_OK &&
	     wait_stats(1, gone + 1) && kill_and_wait(pid);
	t_case(ok, "ticktimer.longest_sleep_accepted");
	struct baton_ticktimer_time t;
	ok = baton_ticktimer_uptime(&t) == BATON_OK && baton_ticktimer_sleep_ms(2) == BATON_OK;
	T_EXPECT_EQ(stats().pending, 1, ok); /* the dead one holds its place until needed */
	t_case(ok, "ticktimer.service_answers_after_its_sleepers_die");
}

static uint64_t long_ms(unsigned k)
{
	(void)k;
	return 200;
}

/* Expects dead_sleepers()' year-long sleeper of a dead process to be pending. */
static void limit(void)
{
	struct baton_ticktimer_stats s0 = stats();
	unsigned n = BATON_TICKTIMER_SLEEPERS_MAX;
	bool ok = s0.pending == 1 && s0.capacity == n && start_sleepers(n, long_ms);

	/* The last place was the dead sleeper's: it went to make room. */
	ok &= wait_stats(n, s0.gone + 1);
	t_case(ok, "ticktimer.full_set_makes_room_from_ended_callers");
	t_expect_result(baton_ticktimer_sleep_ms(1), BATON_ERR_LIMIT,
			"ticktimer.one_sleeper_more_than_capacity_is_limit");
	t_expect_result(baton_ticktimer_sleep_ms(0), BATON_OK,
			"ticktimer.sleep_zero_needs_no_place");
	ok = join_sleepers(n);
	T_EXPECT_EQ(woke_count, n, ok);
	T_EXPECT_EQ(stats().pending, 0, ok);
	t_case(ok, "ticktimer.all_%u_sleepers_of_a_full_set_wake", n);
}

/* ---- bad calls ------------------------------------------------------------------------- */

static void bad_calls(void)
{
	t_expect_result(baton_ticktimer_sleep_ns(BATON_TICKTIMER_SLEEP_MAX_NS + 1), BATON_ERR_RANGE,
			"ticktimer.sleep_longer_than_a_year_is_range");
	t_expect_result(baton_ticktimer_sleep_ms(UINT64_MAX), BATON_ERR_RANGE,
			"ticktimer.sleep_ms_too_big_for_ns_is_range");
	uint64_t now = 0;
	baton_ticktimer_uptime_ns(&now);
	t_expect_result(
		baton_ticktimer_sleep_until_ns(now + BATON_TICKTIMER_SLEEP_MAX_NS + 1000000000ull),
		BATON_ERR_RANGE, "ticktimer.sleep_until_more_than_a_year_ahead_is_range");

	uint64_t w[4] = {0}, got[5] = {0};
	unsigned count = 0;
	uint32_t c;
	bool ok = baton_connect(&BATON_TICKTIMER_ID, 0, &c) == BATON_OK;
	ok &= baton_blocking_scalar(c, 999, w, 0, got, &count) == BATON_OK;
	T_EXPECT(count == 1 && (long)got[0] == BATON_ERR_INVAL, ok);
	ok &= baton_blocking_scalar(c, 0, w, 0, got, &count) == BATON_OK;
	T_EXPECT(count == 1 && (long)got[0] == BATON_ERR_INVAL, ok);
	t_case(ok, "ticktimer.unknown_call_is_inval");

	uint8_t *page = t_pages(1);
	uint64_t off = 0, valid = 0;
	ok = page && baton_lend(c, baton_ticktimer_rpc_OP_sleep, page, BATON_PAGE_SIZE, &off,
				&valid, 0) == BATON_OK;
	T_EXPECT(valid == BATON_RPC_ERROR_MARK && (long)off == BATON_ERR_INVAL, ok);
	if (ok)
		page[0] = 1; /* writable again: the lend was answered */
	t_case(ok, "ticktimer.lend_is_inval");

	w[0] = 5000000;
	ok = baton_scalar(c, baton_ticktimer_rpc_OP_sleep, w, 0) == BATON_OK;
	ok &= page && baton_send(c, baton_ticktimer_rpc_OP_uptime, page, BATON_PAGE_SIZE, 0, 0,
				 0) == BATON_OK;
	struct baton_ticktimer_time t;
	ok &= baton_ticktimer_uptime(&t) == BATON_OK; /* after both in the queue */
	T_EXPECT_EQ(stats().pending, 0, ok);
	t_case(ok, "ticktimer.scalar_and_send_dropped");
	baton_disconnect(c);
}

/* ---- one ticktimer at a time, and a new one ------------------------------------------- */

static void second_instance(void)
{
	struct baton_exit ex;
	uint32_t pid;
	bool ok = baton_spawn("ticktimer", NULL, &pid) == BATON_OK &&
		  baton_wait(pid, &ex) == BATON_OK;

	T_EXPECT(ex.how == BATON_EXIT_NORMAL && ex.status == BATON_TICKTIMER_EXIT_TAKEN, ok);
	struct baton_ticktimer_time t;
	ok &= baton_ticktimer_uptime(&t) == BATON_OK;
	t_case(ok, "ticktimer.second_instance_exits_id_taken");
}

static uint64_t a_second(unsigned k)
{
	(void)k;
	return 1000;
}

static void restart(void)
{
	bool ok = start_sleepers(1, a_second) && wait_stats(1, stats().gone) && stop_service();

	ok &= baton_thread_join(tids[0], NULL) == BATON_OK;
	T_EXPECT_EQ(runs[0].err, BATON_ERR_GONE, ok);
	t_case(ok, "ticktimer.sleeper_hears_gone_when_the_service_ends");
	t_expect_result(baton_ticktimer_open(BATON_TRY), BATON_ERR_NOSERVER,
			"ticktimer.try_open_without_a_service_is_noserver");

	ok = start_service() == BATON_OK && baton_ticktimer_sleep_ms(1) == BATON_OK;
	struct baton_ticktimer_stats s = stats();
	T_EXPECT(s.pending == 0 && s.woken == 1 && s.gone == 0, ok); /* a fresh service */
	t_case(ok, "ticktimer.client_connects_to_a_new_service");
}

int main(void)
{
	struct baton_mem_info m0;
	struct baton_sysinfo info;

	baton_mem_info(&m0);
	baton_sysinfo(&info);
	hz = info.timebase_hz;
	t_expect_result(baton_ticktimer_open(BATON_TRY), BATON_ERR_NOSERVER,
			"ticktimer.try_open_before_the_service_is_noserver");
	if (!t_case(start_service() == BATON_OK, "ticktimer.start"))
		return t_done();
	uptime();
	sleeping();
	sleeping_until();
	many_sleepers();
	bad_calls();
	dead_sleepers();
	limit();
	second_instance();
	restart();
	t_case(stop_service(), "ticktimer.stop");
	t_case(t_pages_back(&m0, true), "ticktimer.every_page_back");
	return t_done();
}
