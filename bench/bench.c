/*
 * bench.c — what each message kind costs.  Runs as init (boot options
 * init=bench initargs=quick) or from a shell; starts its server B as a
 * second process ("bench serve"), then for every operation and size runs a
 * tight loop between two reads of the counters and prints one line:
 *
 *   bench-row NAME SIZE ITERS INSTRET CYCLES LOOP_INSTRET LOOP_CYCLES SATP SFENCE
 *
 * INSTRET and CYCLES are totals over the loop; LOOP_* what the same loop
 * costs with an empty operation; SATP and SFENCE the kernel's counts of
 * satp writes and TLB flushes over the loop.  scripts/bench turns the lines
 * into tables.  Under QEMU with -icount shift=0 both counters count retired
 * instructions; on hardware CYCLES are cycles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_OPS 64

struct counters {
	uint64_t instret, cycles, satp, sfence;
};

static uint64_t control(unsigned op)
{
	uint64_t v = 0;

	baton_kernel_control(op, 0, &v);
	return v;
}

/* Kernel counters first and last, so that their own syscalls stay outside the window. */
static struct counters start(void)
{
	struct counters c;

	c.satp = control(BATON_CTL_SATP_WRITES);
	c.sfence = control(BATON_CTL_TLB_FLUSHES);
	c.cycles = baton_rdcycle();
	c.instret = baton_rdinstret();
	return c;
}

static struct counters stop(struct counters s)
{
	struct counters c;

	c.instret = baton_rdinstret() - s.instret;
	c.cycles = baton_rdcycle() - s.cycles;
	c.satp = control(BATON_CTL_SATP_WRITES) - s.satp;
	c.sfence = control(BATON_CTL_TLB_FLUSHES) - s.sfence;
	return c;
}

static bool nothing(struct bench_op *op)
{
	(void)op;
	return true;
}

/* Not inlined, so that the empty loop is really a loop of calls like the measured one. */
__attribute__((noinline)) static bool loop(struct bench_op *op,
					   bool (*volatile once)(struct bench_op *), uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (!once(op))
			return false;
	return true;
}

static uint64_t iterations(const struct bench_op *op, bool quick)
{
	uint64_t budget = (quick ? 8ull : 32ull) << 20, n;

	if (!op->size)
		return quick ? 1000 : 4000;
	n = budget / op->size;
	return n < 4 ? 4 : n > 200 ? 200 : n;
}

/* One operation: warm up, measure the empty loop, measure the loop; one line out. */
static bool measure(struct bench_op *op, bool quick, uint64_t echo_cost)
{
	uint64_t n = iterations(op, quick);

	if (op->setup && !op->setup(op))
		return false;
	bool ok = loop(op, op->once, 2) && (!op->finish || op->finish(op));
	struct counters s = start();
	loop(op, nothing, n);
	struct counters empty = stop(s);
	printf("bench-begin %s %lu\n", op->name, (unsigned long)op->size);
	s = start();
	ok = ok && loop(op, op->once, n) && (!op->finish || op->finish(op));
	struct counters c = stop(s);
	printf("bench-end\n");
	if (op->finish) { /* the drain is one round trip, not part of the operation */
		c.instret -= echo_cost;
		c.cycles -= echo_cost;
	}
	if (op->teardown)
		op->teardown(op);
	if (!ok)
		return false;
	printf("bench-row %s %lu %lu %lu %lu %lu %lu %lu %lu\n", op->name, (unsigned long)op->size,
	       (unsigned long)n, (unsigned long)c.instret, (unsigned long)c.cycles,
	       (unsigned long)empty.instret, (unsigned long)empty.cycles, (unsigned long)c.satp,
	       (unsigned long)c.sfence);
	return true;
}

/*
 * Profiling (bench/profile.sh): gdb steps one instruction at a time from
 * the first of these calls to the second.
 */
__attribute__((noinline)) void bench_profile_start(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void bench_profile_stop(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Runs `name` (at `size`) warm, then once between the two markers. */
static bool profile(struct bench_op *ops, unsigned n, const char *name, uint64_t size)
{
	for (unsigned i = 0; i < n; i++) {
		struct bench_op *op = &ops[i];
		if (strcmp(op->name, name) != 0 || op->size != size)
			continue;
		if (op->setup && !op->setup(op))
			return false;
		bool ok = loop(op, op->once, 3);
		bench_profile_start();
		ok = ok && op->once(op);
		bench_profile_stop();
		if (op->finish)
			op->finish(op);
		if (op->teardown)
			op->teardown(op);
		return ok;
	}
	return false;
}

static int client(bool quick, const char *profile_name, uint64_t profile_size)
{
	static struct bench_op ops[MAX_OPS];
	struct baton_server_id a = BENCH_ID_A, b = BENCH_ID_B;
	static const char *const serve[] = {"serve", NULL};
	uint32_t back, conn, pid;
	uint64_t echo_cost = 0;
	int failed = 0;

	if (baton_server_create(&a, BATON_SERVER_CHOOSE_ID, 0, &back) ||
	    baton_spawn("bench", serve, &pid) || baton_connect(&b, 0, &conn)) {
		printf("bench: cannot start the server\n");
		return 1;
	}
	unsigned n = bench_ops(ops, MAX_OPS, quick, conn, back);
	if (profile_name) {
		failed = !profile(ops, n < MAX_OPS ? n : MAX_OPS, profile_name, profile_size);
		n = 0;
	} else {
		printf("bench-info ops %u %s\n", n, quick ? "quick" : "full");
		printf("bench-info counters: instret = retired instructions, cycle = cycles "
		       "(under QEMU -icount both count instructions)\n");
	}
	for (unsigned i = 0; i < n && i < MAX_OPS; i++) {
		if (!measure(&ops[i], quick, echo_cost)) {
			printf("bench: %s %lu failed\n", ops[i].name, (unsigned long)ops[i].size);
			failed++;
		}
		if (strcmp(ops[i].name, "blocking_scalar") == 0) { /* for the scalar drain */
			struct counters s = start();
			echo(&ops[i]);
			echo_cost = stop(s).instret;
		}
	}
	uint64_t w[4] = {0};
	baton_scalar(conn, BENCH_EXIT, w, 0);
	baton_wait(pid, NULL);
	printf("bench-done %d failed\n", failed);
	return failed != 0;
}

int main(int argc, char **argv)
{
	const char *profile_name = NULL;
	uint64_t profile_size = 0;
	bool quick = false;
	uint32_t self;

	if (argc > 1 && strcmp(argv[1], "serve") == 0)
		return bench_serve();
	for (int i = 1; i < argc; i++) {
		quick |= strcmp(argv[i], "quick") == 0;
		if (strcmp(argv[i], "profile") == 0 && i + 2 < argc) { /* profile NAME SIZE */
			profile_name = argv[i + 1];
			profile_size = strtoull(argv[i + 2], NULL, 0);
			i += 2;
		}
	}
	int status = client(quick, profile_name, profile_size);
	baton_self(NULL, &self);
	if (self == 1)
		baton_power_off(status);
	return status;
}
