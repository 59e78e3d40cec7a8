/*
 * test_ticktimer.c — the ticktimer service's pure logic: the sleeper set
 * against a plain model, and tick/ns conversion against 128-bit arithmetic.
 */
#include <string.h>

#include "check.h"
#include "clock.h"
#include "rng.h"
#include "sleepers.h"

/* ---- the sleeper set ------------------------------------------------------------------- */

static struct sleeper *new_sleeper(uint64_t due, uint64_t token)
{
	static struct sleeper x;

	x = (struct sleeper){due, token, (uint32_t)token};
	return &x;
}

static void test_empty(void)
{
	struct sleeper storage[4], out;
	struct sleepers s;

	sleepers_init(&s, storage, 4);
	CHECK_EQ(sleepers_next_due(&s), UINT64_MAX);
	CHECK(!sleepers_take_due(&s, UINT64_MAX, &out));
}

static void test_taken_in_due_order_when_due(void)
{
	static const uint64_t dues[] = {50, 10, 40, 30, 20};
	struct sleeper storage[8], out;
	struct sleepers s;

	sleepers_init(&s, storage, 8);
	for (unsigned i = 0; i < 5; i++)
		CHECK(sleepers_add(&s, new_sleeper(dues[i], i)));
	CHECK_EQ(sleepers_next_due(&s), 10);
	CHECK(!sleepers_take_due(&s, 9, &out)); /* not yet */
	for (uint64_t due = 10; due <= 50; due += 10) {
		CHECK(sleepers_take_due(&s, due, &out));
		CHECK_EQ(out.due, due);
		CHECK(!sleepers_take_due(&s, due, &out)); /* the next is later */
	}
	CHECK_EQ(s.count, 0);
}

static void test_same_due_in_arrival_order(void)
{
	struct sleeper storage[8], out;
	struct sleepers s;

	sleepers_init(&s, storage, 8);
	CHECK(sleepers_add(&s, new_sleeper(7, 1)));
	CHECK(sleepers_add(&s, new_sleeper(9, 2)));
	CHECK(sleepers_add(&s, new_sleeper(7, 3)));
	CHECK(sleepers_add(&s, new_sleeper(5, 4)));
	CHECK(sleepers_add(&s, new_sleeper(7, 5)));
	static const uint64_t order[] = {4, 1, 3, 5, 2};
	for (unsigned i = 0; i < 5; i++) {
		CHECK(sleepers_take_due(&s, 100, &out));
		CHECK_EQ(out.token, order[i]);
		CHECK_EQ(out.pid, order[i]);
	}
}

static void test_full_changes_nothing(void)
{
	struct sleeper storage[3], out;
	struct sleepers s;

	sleepers_init(&s, storage, 3);
	for (uint64_t i = 0; i < 3; i++)
		CHECK(sleepers_add(&s, new_sleeper(100 + i, i)));
	CHECK(!sleepers_add(&s, new_sleeper(1, 99))); /* earlier than all: still refused */
	CHECK_EQ(s.count, 3);
	CHECK_EQ(sleepers_next_due(&s), 100);
	CHECK(sleepers_take_due(&s, 100, &out));
	CHECK(sleepers_add(&s, new_sleeper(1, 99))); /* a place came free */
	CHECK_EQ(sleepers_next_due(&s), 1);
}

static unsigned drop_calls;

static bool drop_odd_tokens(const struct sleeper *x, void *ctx)
{
	CHECK(ctx == &drop_calls);
	drop_calls++;
	return x->token & 1;
}

static void test_drop_if_keeps_order(void)
{
	struct sleeper storage[16], out;
	struct sleepers s;

	sleepers_init(&s, storage, 16);
	for (uint64_t i = 0; i < 10; i++)
		CHECK(sleepers_add(&s, new_sleeper(1000 - i * 7 % 10, i)));
	drop_calls = 0;
	CHECK_EQ(sleepers_drop_if(&s, drop_odd_tokens, &drop_calls), 5);
	CHECK_EQ(drop_calls, 10); /* each asked once */
	uint64_t last = 0;
	for (unsigned i = 0; i < 5; i++) {
		CHECK(sleepers_take_due(&s, UINT64_MAX, &out));
		CHECK_EQ(out.token & 1, 0);
		CHECK(out.due >= last);
		last = out.due;
	}
	CHECK(!sleepers_take_due(&s, UINT64_MAX, &out));
}

/* The model: an unsorted list; the next is the smallest due, the earliest added among equals. */
struct model {
	struct sleeper x[16];
	uint64_t seq[16], next_seq;
	unsigned n;
};

static int model_next(const struct model *m)
{
	int best = -1;

	for (unsigned i = 0; i < m->n; i++)
		if (best < 0 || m->x[i].due < m->x[best].due ||
		    (m->x[i].due == m->x[best].due && m->seq[i] < m->seq[best]))
			best = (int)i;
	return best;
}

static void model_remove(struct model *m, unsigned i)
{
	m->x[i] = m->x[m->n - 1];
	m->seq[i] = m->seq[m->n - 1];
	m->n--;
}

static bool drop_token_mod_5(const struct sleeper *x, void *ctx)
{
	(void)ctx;
	return x->token % 5 == 0;
}

/* One random step on both; the set must agree with the model. */
static void random_step(struct sleepers *s, struct model *m, uint64_t *token, uint64_t *now)
{
	uint64_t r = rng_below(100);
	struct sleeper out;

	if (r < 55) {
		uint64_t due = *now + rng_below(50); /* narrow: many equal dues */
		bool room = m->n < 16;
		CHECK_EQ(sleepers_add(s, new_sleeper(due, ++*token)), room);
		if (room) {
			m->x[m->n] = *new_sleeper(due, *token);
			m->seq[m->n++] = m->next_seq++;
		}
	} else if (r < 97) {
		*now += rng_below(10);
		int want = model_next(m);
		bool due = want >= 0 && m->x[want].due <= *now;
		CHECK_EQ(sleepers_take_due(s, *now, &out), due);
		if (due) {
			CHECK_EQ(out.token, m->x[want].token);
			model_remove(m, (unsigned)want);
		}
	} else {
		unsigned dropped = 0;
		for (unsigned i = m->n; i-- > 0;)
			if (m->x[i].token % 5 == 0)
				model_remove(m, i), dropped++;
		CHECK_EQ(sleepers_drop_if(s, drop_token_mod_5, NULL), dropped);
	}
	int next = model_next(m);
	CHECK_EQ(sleepers_next_due(s), next < 0 ? UINT64_MAX : m->x[next].due);
	CHECK_EQ(s->count, m->n);
}

static void test_against_a_model(void)
{
	struct sleeper storage[16];
	struct sleepers s;
	struct model m = {0};
	uint64_t token = 0, now = 0;

	rng_seed(42);
	sleepers_init(&s, storage, 16);
	for (int i = 0; i < 200000 && !check_case_failed; i++)
		random_step(&s, &m, &token, &now);
}

/* ---- ticks and nanoseconds ------------------------------------------------------------- */

static const uint64_t rates[] = {1,	   1000000,    4000000,	      10000000,
				 24000000, 1000000000, 18000000000ull};

static uint64_t ns_exact(uint64_t ticks, uint64_t hz)
{
	unsigned __int128 ns = (unsigned __int128)ticks * 1000000000u / hz;

	return ns > UINT64_MAX ? UINT64_MAX : (uint64_t)ns;
}

static uint64_t ticks_exact(uint64_t ns, uint64_t hz)
{
	unsigned __int128 t = ((unsigned __int128)ns * hz + 999999999u) / 1000000000u;

	return t > UINT64_MAX ? UINT64_MAX : (uint64_t)t;
}

/* Values near the edges as well as anywhere. */
static uint64_t some_value(void)
{
	switch (rng_below(4)) {
	case 0:
		return rng_below(3000000000ull);
	case 1:
		return UINT64_MAX - rng_below(3000000000ull);
	case 2:
		return rng_next() >> rng_below(64);
	default:
		return rng_next();
	}
}

static void test_ticks_to_ns_exact(void)
{
	rng_seed(7);
	for (unsigned r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		CHECK_EQ(clock_ticks_to_ns(0, rates[r]), 0);
		CHECK_EQ(clock_ticks_to_ns(UINT64_MAX, rates[r]), ns_exact(UINT64_MAX, rates[r]));
		for (int i = 0; i < 100000 && !check_case_failed; i++) {
			uint64_t t = some_value();
			CHECK_EQ(clock_ticks_to_ns(t, rates[r]), ns_exact(t, rates[r]));
		}
	}
}

static void test_ns_to_ticks_rounds_up(void)
{
	rng_seed(11);
	CHECK_EQ(clock_ns_to_ticks(1, 1000000), 1);    /* a part of a tick is a tick */
	CHECK_EQ(clock_ns_to_ticks(1000, 1000000), 1); /* exactly one */
	CHECK_EQ(clock_ns_to_ticks(1001, 1000000), 2);
	for (unsigned r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		CHECK_EQ(clock_ns_to_ticks(0, rates[r]), 0);
		for (int i = 0; i < 100000 && !check_case_failed; i++) {
			uint64_t ns = some_value(), t = clock_ns_to_ticks(ns, rates[r]);
			CHECK_EQ(t, ticks_exact(ns, rates[r]));
			/* Never early: the ticks slept cover the ns asked for. */
			if (t != UINT64_MAX)
				CHECK(clock_ticks_to_ns(t, rates[r]) >= ns);
		}
	}
}

int main(void)
{
	RUN(test_empty);
	RUN(test_taken_in_due_order_when_due);
	RUN(test_same_due_in_arrival_order);
	RUN(test_full_changes_nothing);
	RUN(test_drop_if_keeps_order);
	RUN(test_against_a_model);
	RUN(test_ticks_to_ns_exact);
	RUN(test_ns_to_ticks_rounds_up);
	return check_summary();
}
