/*
 * ticktimer.c — the ticktimer's client: one connection per process, shared
 * by every thread, and no lock held during a call (a sleep may be long:
 * link.h).
 */
#include "baton/ticktimer.h"
#include "link.h"

static struct link link = LINK_INIT;

static long acquire(unsigned flags, uint32_t *conn)
{
	return link_acquire(&link, &BATON_TICKTIMER_ID, flags, conn);
}

static long release(long err)
{
	return link_release(&link, err);
}

long baton_ticktimer_open(unsigned flags)
{
	uint32_t conn;
	long err = acquire(flags, &conn);

	return err ? err : release(BATON_OK);
}

long baton_ticktimer_uptime(struct baton_ticktimer_time *now)
{
	struct baton_rpc_none none = {0};
	uint32_t conn;
	long err = acquire(0, &conn);

	return err ? err : release(baton_ticktimer_rpc_uptime(conn, &none, now));
}

long baton_ticktimer_uptime_ns(uint64_t *ns)
{
	struct baton_ticktimer_time now;
	long err = baton_ticktimer_uptime(&now);

	if (err == BATON_OK)
		*ns = now.ns;
	return err;
}

long baton_ticktimer_sleep_ns(uint64_t ns)
{
	struct baton_ticktimer_sleep args = {ns};
	struct baton_ticktimer_time woke;
	uint32_t conn;
	long err = acquire(0, &conn);

	return err ? err : release(baton_ticktimer_rpc_sleep(conn, &args, &woke));
}

long baton_ticktimer_sleep_ms(uint64_t ms)
{
	/* Too long to count in ns is too long to sleep: the service says RANGE. */
	return baton_ticktimer_sleep_ns(ms > UINT64_MAX / 1000000 ? UINT64_MAX : ms * 1000000);
}

long baton_ticktimer_sleep_until_ns(uint64_t uptime_ns)
{
	struct baton_ticktimer_sleep args = {uptime_ns};
	struct baton_ticktimer_time woke;
	uint32_t conn;
	long err = acquire(0, &conn);

	return err ? err : release(baton_ticktimer_rpc_sleep_until(conn, &args, &woke));
}

long baton_ticktimer_stats(struct baton_ticktimer_stats *out)
{
	struct baton_rpc_none none = {0};
	uint32_t conn;
	long err = acquire(0, &conn);

	return err ? err : release(baton_ticktimer_rpc_stats(conn, &none, out));
}
