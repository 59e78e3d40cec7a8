/*
 * ticktimer.c — the ticktimer's client: one connection per process, shared
 * by every thread, and no lock held during a call (a sleep may be long).
 */
#include "baton/ticktimer.h"

/*
 * The connection changes only while no call uses it: a handle that is
 * disconnected while another thread is about to call on it could be
 * reused for a connection to some other server, and that thread's call
 * would go there.
 */
static struct {
	struct baton_mutex lock;
	uint32_t conn;	/* 0: not connected */
	unsigned users; /* threads between acquire() and release() on conn */
	bool gone;	/* a call found the ticktimer gone: connect again once users is 0 */
} link = {BATON_MUTEX_INIT, 0, 0, false};

/* Under the lock: a gone connection nobody uses any more is closed. */
static void retire_if_unused(void)
{
	if (link.conn && link.gone && link.users == 0) {
		baton_disconnect(link.conn);
		link.conn = 0;
		link.gone = false;
	}
}

/*
 * The connection, counted as used until release(); connects if there is
 * none (outside the lock: connecting may wait, and others must not wait
 * behind it).  GONE while other threads still use a gone connection.
 */
static long acquire(unsigned flags, uint32_t *conn)
{
	uint32_t fresh = 0;
	long err = BATON_OK;

	baton_mutex_lock(&link.lock);
	for (;;) {
		retire_if_unused();
		if (link.conn && link.gone) { /* others are still in calls on it */
			err = BATON_ERR_GONE;
			break;
		}
		if (link.conn) {
			link.users++;
			*conn = link.conn;
			break;
		}
		if (fresh) {
			link.conn = fresh;
			fresh = 0;
			continue;
		}
		baton_mutex_unlock(&link.lock);
		err = baton_connect(&BATON_TICKTIMER_ID, flags, &fresh);
		baton_mutex_lock(&link.lock);
		if (err)
			break;
	}
	baton_mutex_unlock(&link.lock);
	if (fresh) /* another thread connected first */
		baton_disconnect(fresh);
	return err;
}

/* The call on conn is over with result err; passes err on. */
static long release(long err)
{
	baton_mutex_lock(&link.lock);
	link.users--;
	if (err == BATON_ERR_GONE)
		link.gone = true;
	retire_if_unused();
	baton_mutex_unlock(&link.lock);
	return err;
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
