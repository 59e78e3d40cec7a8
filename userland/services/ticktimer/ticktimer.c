/*
 * ticktimer.c — the ticktimer service (docs/ticktimer.md): one thread that
 * answers `uptime` at once and keeps each sleep's message until it is due,
 * serving with baton_rpc_run and the earliest sleeper's time as its
 * deadline.
 */
#include <stdio.h>

#include "baton/ticktimer.h"
#include "clock.h"
#include "sleepers.h"

struct ticktimer {
	uint32_t server;
	uint64_t hz;
	struct sleepers sleepers;
	uint64_t woken, gone; /* baton_ticktimer_stats */
};

static struct sleeper storage[BATON_TICKTIMER_SLEEPERS_MAX];

static struct baton_ticktimer_time time_now(const struct ticktimer *tt)
{
	uint64_t ticks = baton_rdtime();

	return (struct baton_ticktimer_time){clock_ticks_to_ns(ticks, tt->hz), ticks, tt->hz};
}

/* Answers a sleeper with the time now, and counts whether its caller was still there. */
static void wake(struct ticktimer *tt, const struct sleeper *s)
{
	struct baton_ticktimer_time now = time_now(tt);
	long err = baton_rpc_answer_scalar(s->token, &now, sizeof(now));

	if (err == BATON_OK)
		tt->woken++;
	else if (err == BATON_ERR_CALLER_GONE) /* its process ended while it slept */
		tt->gone++;
	else /* a token the kernel does not know: a bug here, worth a line */
		printf("ticktimer: answer to pid %u: %s\n", s->pid, baton_strerror(err));
}

/* The loop's timeout: every sleeper due by now is answered. */
static void wake_due(void *ctx)
{
	struct ticktimer *tt = ctx;
	struct sleeper s;

	while (sleepers_take_due(&tt->sleepers, baton_rdtime(), &s))
		wake(tt, &s);
}

/* The answer finishes the message in the kernel (CALLER_GONE): the sleep's place is free. */
static bool drop_if_ended(const struct sleeper *s, void *ctx)
{
	if (baton_process_alive(s->pid))
		return false;
	wake(ctx, s);
	return true;
}

/*
 * A sleep until `due`: answered now if it is due already, kept otherwise.
 * The kernel does not tell a server that a caller ended, so a full set may
 * hold sleepers nobody waits for; they go before the answer is LIMIT.
 */
static long keep(struct ticktimer *tt, const struct baton_envelope *e, uint64_t due,
		 struct baton_ticktimer_time *answer)
{
	struct sleeper s = {due, e->token, e->pid};

	if (due <= baton_rdtime()) {
		*answer = time_now(tt);
		tt->woken++;
		return BATON_OK;
	}
	if (sleepers_add(&tt->sleepers, &s))
		return BATON_RPC_LATER;
	if (sleepers_drop_if(&tt->sleepers, drop_if_ended, tt) && sleepers_add(&tt->sleepers, &s))
		return BATON_RPC_LATER;
	return BATON_ERR_LIMIT;
}

/* ---- the calls ------------------------------------------------------------------------- */

static long on_uptime(void *ctx, const struct baton_envelope *e, const struct baton_rpc_none *a,
		      struct baton_ticktimer_time *r)
{
	(void)e, (void)a;
	*r = time_now(ctx);
	return BATON_OK;
}

static long on_sleep(void *ctx, const struct baton_envelope *e,
		     const struct baton_ticktimer_sleep *a, struct baton_ticktimer_time *r)
{
	struct ticktimer *tt = ctx;

	if (a->ns > BATON_TICKTIMER_SLEEP_MAX_NS)
		return BATON_ERR_RANGE;
	return keep(tt, e, baton_rdtime() + clock_ns_to_ticks(a->ns, tt->hz), r);
}

static long on_sleep_until(void *ctx, const struct baton_envelope *e,
			   const struct baton_ticktimer_sleep *a, struct baton_ticktimer_time *r)
{
	struct ticktimer *tt = ctx;
	struct baton_ticktimer_time now = time_now(tt);

	if (a->ns > now.ns && a->ns - now.ns > BATON_TICKTIMER_SLEEP_MAX_NS)
		return BATON_ERR_RANGE;
	return keep(tt, e, clock_ns_to_ticks(a->ns, tt->hz), r);
}

static long on_stats(void *ctx, const struct baton_envelope *e, const struct baton_rpc_none *a,
		     struct baton_ticktimer_stats *r)
{
	const struct ticktimer *tt = ctx;

	(void)e, (void)a;
	r->pending = tt->sleepers.count;
	r->capacity = tt->sleepers.capacity;
	r->woken = tt->woken;
	r->gone = tt->gone;
	return BATON_OK;
}

static const struct baton_ticktimer_rpc_handlers handlers = {
	.uptime = on_uptime,
	.sleep = on_sleep,
	.sleep_until = on_sleep_until,
	.stats = on_stats,
};

/* ---- the loop ------------------------------------------------------------------------- */

/* The loop's deadline: the earliest sleeper's (UINT64_MAX: none, and no deadline). */
static uint64_t next_due(void *ctx)
{
	const struct ticktimer *tt = ctx;

	return sleepers_next_due(&tt->sleepers);
}

/* Runs until a receive fails for good (the server handle is the only one: it cannot). */
static long serve(struct ticktimer *tt)
{
	struct baton_rpc_loop loop = {
		.server = tt->server,
		.dispatch = baton_ticktimer_rpc_dispatch_any,
		.handlers = (void *)&handlers,
		.ctx = tt,
		.deadline = next_due,
		.timeout = wake_due,
	};

	return baton_rpc_run(&loop);
}

/* As high as the starter allows: a due sleeper should not wait behind busy threads. */
static void raise_priority(void)
{
	for (unsigned p = BATON_PRIO_MAX; p > BATON_PRIO_DEFAULT; p--)
		if (baton_set_priority(0, p) == BATON_OK)
			return;
}

static long start(struct ticktimer *tt)
{
	struct baton_server_id id = BATON_TICKTIMER_ID;
	struct baton_sysinfo info;
	long err = baton_sysinfo(&info);

	if (err)
		return err;
	tt->hz = info.timebase_hz;
	sleepers_init(&tt->sleepers, storage, BATON_TICKTIMER_SLEEPERS_MAX);
	err = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &tt->server);
	if (err)
		return err;
	raise_priority();
	return BATON_OK;
}

int main(void)
{
	static struct ticktimer tt;
	long err = start(&tt);

	if (err == BATON_ERR_EXISTS) {
		printf("ticktimer: another ticktimer has the id already; exiting\n");
		return BATON_TICKTIMER_EXIT_TAKEN;
	}
	if (err) {
		printf("ticktimer: cannot start: %s\n", baton_strerror(err));
		return BATON_TICKTIMER_EXIT_FAILED;
	}
	err = serve(&tt);
	printf("ticktimer: stopped: %s\n", baton_strerror(err));
	return BATON_TICKTIMER_EXIT_FAILED;
}
