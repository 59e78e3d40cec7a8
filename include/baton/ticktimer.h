/*
 * ticktimer.h — the ticktimer service: time since boot, and sleeps answered
 * when they are due.  The interface is declared once here, for the service
 * (userland/services/ticktimer/) and the client library
 * (libbaton/ticktimer.c); docs/ticktimer.md describes it call by call.
 */
#ifndef BATON_TICKTIMER_H
#define BATON_TICKTIMER_H

#include "baton/rpc.h"

/* The one id every process knows: "ticktime" "baton-01" in ASCII. */
#define BATON_TICKTIMER_ID ((struct baton_server_id){0x7469636b74696d65ull, 0x6261746f6e2d3031ull})

/* Limits (docs/ticktimer.md). */
#define BATON_TICKTIMER_SLEEPERS_MAX 128 /* sleeps pending at once, all processes together */
/* The longest sleep: a year.  Longer is RANGE: nobody means it, and it keeps tick sums small. */
#define BATON_TICKTIMER_SLEEP_MAX_NS (365ull * 24 * 3600 * 1000000000ull)

/* The service's exit status when it cannot start. */
#define BATON_TICKTIMER_EXIT_TAKEN  1 /* another process has the id: a ticktimer runs already */
#define BATON_TICKTIMER_EXIT_FAILED 2 /* anything else (printed on the console) */

/* A moment on the timebase: `uptime`'s answer, and the moment a sleep was answered. */
struct baton_ticktimer_time {
	uint64_t ns;	/* since the timebase counter started (machine reset, on QEMU) */
	uint64_t ticks; /* the counter itself, as baton_rdtime() reads it */
	uint64_t hz;	/* its rate */
};

/* sleep: how long; sleep_until: until when, in ns of uptime. */
struct baton_ticktimer_sleep {
	uint64_t ns;
};

struct baton_ticktimer_stats {
	uint64_t pending;  /* sleeps waiting for their time */
	uint64_t capacity; /* BATON_TICKTIMER_SLEEPERS_MAX */
	uint64_t woken;	   /* sleeps answered since the service started */
	uint64_t gone;	   /* sleeps whose caller ended before its answer */
};

/*
 * The calls, all BlockingScalar:
 *   uptime       -> the time now
 *   sleep        answered no earlier than ns after the service received it
 *                (0 and sleeps already due: at once); RANGE above
 *                BATON_TICKTIMER_SLEEP_MAX_NS, LIMIT when
 *                BATON_TICKTIMER_SLEEPERS_MAX sleeps are pending
 *   sleep_until  the same, until an uptime in ns (one in the past: at once);
 *                RANGE more than BATON_TICKTIMER_SLEEP_MAX_NS ahead, LIMIT
 *   stats        -> the counters above
 * A sleep's answer is the time it was answered.  Unknown calls and other
 * kinds are INVAL (rpc.h).
 */
#define BATON_TICKTIMER_CALLS(X)                                                                   \
	X(baton_ticktimer_rpc, uptime, BLOCKING_SCALAR, struct baton_rpc_none,                     \
	  struct baton_ticktimer_time)                                                             \
	X(baton_ticktimer_rpc, sleep, BLOCKING_SCALAR, struct baton_ticktimer_sleep,               \
	  struct baton_ticktimer_time)                                                             \
	X(baton_ticktimer_rpc, sleep_until, BLOCKING_SCALAR, struct baton_ticktimer_sleep,         \
	  struct baton_ticktimer_time)                                                             \
	X(baton_ticktimer_rpc, stats, BLOCKING_SCALAR, struct baton_rpc_none,                      \
	  struct baton_ticktimer_stats)
BATON_RPC_INTERFACE(baton_ticktimer_rpc, BATON_TICKTIMER_CALLS)

/* ---- The client library (libbaton/ticktimer.c) ------------------------------------------ */

/*
 * One connection to the ticktimer per process, made on first use; every
 * call is safe from any thread, and no lock is held while a call waits, so
 * threads sleep side by side.
 *
 * Waiting: the first call connects with baton_connect, which WAITS until a
 * ticktimer exists.  Where that would be wrong (a shell command), call
 * baton_ticktimer_open(BATON_TRY) first: it fails with BATON_ERR_NOSERVER
 * when no ticktimer runs.  A call that finds the ticktimer gone
 * (BATON_ERR_GONE) retires the connection: once no other thread is in a
 * call on it, the next call connects again (and waits for a new ticktimer).
 *
 * Errors of every call: GONE, and those of baton_connect (NOSERVER with
 * BATON_TRY, LIMIT, NOMEM).
 */

/* Connects now if not connected yet; flags 0 (wait for the ticktimer) or BATON_TRY. */
long baton_ticktimer_open(unsigned flags);

long baton_ticktimer_uptime(struct baton_ticktimer_time *now);
long baton_ticktimer_uptime_ns(uint64_t *ns);

/* Sleeps; RANGE above BATON_TICKTIMER_SLEEP_MAX_NS, LIMIT when too many sleep already. */
long baton_ticktimer_sleep_ns(uint64_t ns);
long baton_ticktimer_sleep_ms(uint64_t ms);
/* Sleeps until an uptime (ns): periodic work without drift. */
long baton_ticktimer_sleep_until_ns(uint64_t uptime_ns);

long baton_ticktimer_stats(struct baton_ticktimer_stats *out);

#endif
