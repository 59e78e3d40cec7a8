/*
 * test_ipc_fastpath.c — the fast path gives exactly what the general path
 * gives, takes the calls it should, and switches address spaces only to
 * the thread it hands the hart to.
 */
#include "ipc_test.h"

#define ROUNDS 40

static uint64_t control(unsigned op, uint64_t value)
{
	uint64_t out = 0;

	baton_kernel_control(op, value, &out);
	return out;
}

/*
 * Whether this boot lets KERNEL_CONTROL switch the fast path (the `knobs`
 * boot option): the cases that compare both paths need it.
 */
static bool knobs;

static bool knobs_or_skip(const char *name)
{
	if (!knobs)
		t_skip(name, "booted without knobs");
	return knobs;
}

/* Without `knobs` the switch is refused and the fast path stays on. */
static void switch_needs_knobs(void)
{
	uint64_t was = 0;
	long err = baton_kernel_control(BATON_CTL_FASTPATH, 0, &was);

	knobs = err == BATON_OK;
	if (knobs) {
		control(BATON_CTL_FASTPATH, 1);
		t_skip("kernel_control.fastpath_switch_refused_without_knobs", "booted with knobs");
		t_skip("kernel_control.fail_alloc_refused_without_knobs", "booted with knobs");
		return;
	}
	t_expect_result(err, BATON_ERR_PERM,
			"kernel_control.fastpath_switch_refused_without_knobs");
	t_expect_result(baton_kernel_control(BATON_CTL_FAIL_ALLOC, 0, &was), BATON_ERR_PERM,
			"kernel_control.fail_alloc_refused_without_knobs");
}

/* A running digest of everything the calls gave back: errors, words, buffers. */
static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

/*
 * One fixed mix of calls, valid and not: scalar answers of each size, a
 * lend, a mutable lend that the server writes, a chain through a second
 * server, and calls that must fail.  Returns the digest of the results.
 */
static uint64_t the_same_calls(uint32_t conn, uint32_t chain, uint8_t *buf)
{
	uint64_t h = 0;

	for (uint64_t i = 0; i < ROUNDS; i++) {
		uint64_t w[4] = {i, ~i, i << 32, 7}, got[5] = {0}, off = i, valid = 0;
		unsigned count = 0;
		h = mix(h, (uint64_t)baton_blocking_scalar(conn, OP_ECHO5 - (i % 3), w, 0, got,
							   &count));
		for (unsigned k = 0; k < 5; k++)
			h = mix(h, got[k]);
		h = mix(h, count);
		size_t len = (1 + i % 17) * BATON_PAGE_SIZE;
		t_fill(buf, len, i);
		h = mix(h, (uint64_t)baton_lend(conn, OP_SUM, buf, len, &off, &valid, 0));
		h = mix(h, valid);
		off = i;
		valid = 0; /* A forwards with B's default operation */
		h = mix(h, (uint64_t)baton_mutable_lend(i % 2 ? chain : conn,
							i % 2 ? OP_FORWARD : OP_FILL, buf, len,
							&off, &valid, 0));
		h = mix(mix(h, off), valid);
		h = mix(h, t_pattern(buf, len, i));
		h = mix(h, (uint64_t)baton_blocking_scalar(conn + 1000, OP_ADD, w, 0, got, NULL));
		h = mix(h, (uint64_t)baton_lend(conn, OP_SUM, buf + 1, len, &off, &valid, 0));
		h = mix(h, (uint64_t)baton_blocking_scalar(conn, OP_ADD, w, 8, got, NULL));
		h = mix(h, (uint64_t)baton_return_scalar(0x1234, 1, got));
	}
	return h;
}

static void same_results_both_ways(uint32_t conn, uint32_t chain)
{
	if (!knobs_or_skip("ipc.fastpath.same_results_as_the_general_path"))
		return;
	uint8_t *buf = t_pages(17);
	bool ok = buf != NULL;

	control(BATON_CTL_FASTPATH, 1);
	uint64_t hits0 = control(BATON_CTL_FASTPATH_HITS, 0);
	uint64_t fast = the_same_calls(conn, chain, buf);
	uint64_t hits1 = control(BATON_CTL_FASTPATH_HITS, 0);
	control(BATON_CTL_FASTPATH, 0);
	uint64_t slow = the_same_calls(conn, chain, buf);
	uint64_t hits2 = control(BATON_CTL_FASTPATH_HITS, 0);
	control(BATON_CTL_FASTPATH, 1);
	T_EXPECT(fast == slow, ok);
	T_EXPECT(hits1 > hits0, ok);   /* it was used ... */
	T_EXPECT_EQ(hits2, hits1, ok); /* ... and then not */
	printf("  digest %016llx both ways; %llu calls took the fast path\n",
	       (unsigned long long)fast, (unsigned long long)(hits1 - hits0));
	t_case(ok, "ipc.fastpath.same_results_as_the_general_path");
	baton_unmap(buf, 17 * BATON_PAGE_SIZE);
}

/*
 * A server loop with nothing else ready: every call and every answer goes
 * the fast way, each writes satp once (to the other process), and none
 * flushes the TLB when the hart has ASIDs.
 */
static void server_loop_counts(uint32_t conn)
{
	const uint64_t calls = 1000;
	struct baton_sysinfo info;
	uint64_t w[4] = {1, 2, 3, 4}, got[5];
	bool ok = baton_sysinfo(&info) == BATON_OK;

	baton_blocking_scalar(conn, OP_ADD, w, 0, got, NULL); /* the server waits in RECEIVE */
	uint64_t hits0 = control(BATON_CTL_FASTPATH_HITS, 0);
	uint64_t satp0 = control(BATON_CTL_SATP_WRITES, 0);
	uint64_t flush0 = control(BATON_CTL_TLB_FLUSHES, 0);
	for (uint64_t i = 0; i < calls && ok; i++)
		ok = baton_blocking_scalar(conn, OP_ADD, w, 0, got, NULL) == BATON_OK &&
		     got[0] == 10;
	uint64_t hits = control(BATON_CTL_FASTPATH_HITS, 0) - hits0;
	uint64_t satp = control(BATON_CTL_SATP_WRITES, 0) - satp0;
	uint64_t flushes = control(BATON_CTL_TLB_FLUSHES, 0) - flush0;
	printf("  %llu calls: %llu fast, %llu satp writes, %llu TLB flushes, %u ASID bits\n",
	       (unsigned long long)calls, (unsigned long long)hits, (unsigned long long)satp,
	       (unsigned long long)flushes, info.asid_bits);
	T_EXPECT_EQ(hits, 2 * calls, ok); /* the call and the answer-and-receive */
	t_case(ok, "ipc.fastpath.every_call_and_answer_of_a_server_loop_is_fast");
	ok = satp == 2 * calls;
	t_case(ok, "ipc.fastpath.satp_written_only_to_switch_to_the_other_space");
	ok = info.asid_bits == 0 || flushes == 0;
	t_case(ok, "ipc.fastpath.no_tlb_flush_where_the_hart_has_asids");
}

/* A server thread in this process: the same space, so no satp write at all. */
static uint32_t own_server;

static void serve_here(void *arg)
{
	struct baton_envelope e;
	long err = baton_receive(own_server, 0, &e);
	(void)arg;

	while (err == BATON_OK) {
		uint64_t x[5] = {e.w[0] + 1};
		err = baton_reply_receive(e.token, 1, x, own_server, &e);
	}
}

static void same_space_writes_no_satp(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t conn, tid;
	uint64_t w[4] = {0}, got[5];
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &own_server) == BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK &&
		  baton_thread_create(serve_here, NULL, 0, BATON_PRIO_DEFAULT, &tid) == BATON_OK;

	ok &= baton_blocking_scalar(conn, 0, w, 0, got, NULL) == BATON_OK;
	uint64_t satp0 = control(BATON_CTL_SATP_WRITES, 0);
	uint64_t hits0 = control(BATON_CTL_FASTPATH_HITS, 0);
	for (uint64_t i = 0; i < 100 && ok; i++) {
		w[0] = i;
		ok = baton_blocking_scalar(conn, 0, w, 0, got, NULL) == BATON_OK && got[0] == i + 1;
	}
	T_EXPECT_EQ(control(BATON_CTL_SATP_WRITES, 0), satp0, ok);
	T_EXPECT_EQ(control(BATON_CTL_FASTPATH_HITS, 0) - hits0, 200, ok);
	t_case(ok, "ipc.fastpath.server_in_the_same_space_writes_no_satp");
	baton_server_destroy(own_server);
	baton_thread_join(tid, NULL);
	baton_disconnect(conn);
}

/* ---- a stream of Scalars -------------------------------------------------------------- */

#define STREAM	     50
#define STREAM_DEPTH 4
#define STREAM_STOP  0xffff

static uint32_t stream_server;
static volatile uint64_t stream_digest;

/* Receives until STREAM_STOP, mixing in every result and every envelope. */
static void stream_receiver(void *arg)
{
	struct baton_envelope e;
	uint64_t h = 0;
	long err;
	(void)arg;

	do {
		e = (struct baton_envelope){0};
		err = baton_receive(stream_server, 0, &e);
		h = mix(mix(mix(mix(h, (uint64_t)err), e.token), e.pid), e.kind);
		h = mix(h, e.id);
		for (unsigned k = 0; k < 4; k++)
			h = mix(h, e.w[k]);
	} while (err == BATON_OK && e.id != STREAM_STOP);
	stream_digest = h;
}

static long raw_call(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a7)
{
	return baton_syscall(n, a1, a2, 0, 0, 0, 0, a7).status;
}

/*
 * Scalars into a waiting receiver and into a queue of 4 that fills (the
 * sender then waits for room), taken from the queue by the receiver; the
 * sends and receives that must fail; the digest of what both sides saw.
 */
static uint64_t scalar_stream(uint32_t conn)
{
	struct baton_envelope e = {0};
	uint64_t h = 0, w[4] = {0};
	uint32_t tid;

	if (baton_thread_create(stream_receiver, NULL, 0, BATON_PRIO_DEFAULT, &tid) ||
	    !t_wait_blocked(tid))
		return 0;
	for (uint64_t i = 0; i < STREAM; i++) {
		uint64_t words[4] = {i, ~i, i * 3, 5};
		h = mix(h, (uint64_t)baton_scalar(conn, i, words, 0));
		if (i % 16 == 15)
			t_wait_blocked(tid); /* drained: the next one finds it waiting again */
	}
	h = mix(h, (uint64_t)baton_scalar(conn + 1000, 1, w, 0));
	h = mix(h, (uint64_t)baton_scalar(stream_server, 1, w, 0)); /* not a connection */
	h = mix(h, (uint64_t)raw_call(SYS_SCALAR, conn, 1, 1u << 5));
	h = mix(h, (uint64_t)baton_scalar(conn, STREAM_STOP, w, 0));
	baton_thread_join(tid, NULL);
	h = mix(h, stream_digest);
	/* RECEIVE with nothing queued, and its bad calls; then a TRY that finds one. */
	h = mix(h, (uint64_t)baton_receive(stream_server, BATON_TRY, &e));
	h = mix(h, (uint64_t)baton_receive_until(stream_server, 1, &e));
	h = mix(h, (uint64_t)baton_receive(conn, 0, &e));
	h = mix(h, (uint64_t)raw_call(SYS_RECEIVE, stream_server, 1u << 7, 0));
	h = mix(h, (uint64_t)baton_scalar(conn, 77, w, 0));
	h = mix(h, (uint64_t)baton_receive(stream_server, BATON_TRY, &e));
	return mix(mix(h, e.id), e.kind);
}

static void scalar_stream_both_ways(void)
{
	if (!knobs_or_skip("ipc.fastpath.scalar_stream_same_results_both_ways"))
		return;
	struct baton_server_id id = t_fresh_id();
	uint32_t conn;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, STREAM_DEPTH, &stream_server) ==
			  BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK;

	control(BATON_CTL_FASTPATH, 1);
	uint64_t hits0 = control(BATON_CTL_FASTPATH_HITS, 0);
	uint64_t fast = ok ? scalar_stream(conn) : 0;
	uint64_t hits1 = control(BATON_CTL_FASTPATH_HITS, 0);
	control(BATON_CTL_FASTPATH, 0);
	uint64_t slow = ok ? scalar_stream(conn) : 0;
	uint64_t hits2 = control(BATON_CTL_FASTPATH_HITS, 0);
	control(BATON_CTL_FASTPATH, 1);
	T_EXPECT(fast != 0 && fast == slow, ok);
	T_EXPECT(hits1 - hits0 > STREAM, ok); /* sends and receives went the fast way ... */
	T_EXPECT_EQ(hits2, hits1, ok);	      /* ... and then not */
	printf("  digest %016llx both ways; %llu sends and receives took the fast path\n",
	       (unsigned long long)fast, (unsigned long long)(hits1 - hits0));
	t_case(ok, "ipc.fastpath.scalar_stream_same_results_both_ways");
	baton_server_destroy(stream_server);
	baton_disconnect(conn);
}

/* ---- an answer's own result registers ------------------------------------------------- */

static uint32_t raw_server;
static volatile uint64_t regs_after[8];

/* RETURN_SCALAR with junk in every spare register: afterwards a1..a7 must be 0 either way. */
static void raw_return_scalar(uint64_t token)
{
	register uint64_t a0 __asm__("a0") = SYS_RETURN_SCALAR;
	register uint64_t a1 __asm__("a1") = token;
	register uint64_t a2 __asm__("a2") = 1;
	register uint64_t a3 __asm__("a3") = 42;
	register uint64_t a4 __asm__("a4") = 0x4444;
	register uint64_t a5 __asm__("a5") = 0x5555;
	register uint64_t a6 __asm__("a6") = 0x6666;
	register uint64_t a7 __asm__("a7") = 0x7777;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6),
			   "+r"(a7)
			 :
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	regs_after[0] = a0;
	regs_after[1] = a1;
	regs_after[2] = a2;
	regs_after[3] = a3;
	regs_after[4] = a4;
	regs_after[5] = a5;
	regs_after[6] = a6;
	regs_after[7] = a7;
}

static void serve_raw(void *arg)
{
	struct baton_envelope e;
	(void)arg;

	while (baton_receive(raw_server, 0, &e) == BATON_OK)
		raw_return_scalar(e.token);
}

static void answer_result_registers(void)
{
	if (!knobs_or_skip("ipc.fastpath.answer_result_registers_same_both_ways"))
		return;
	struct baton_server_id id = t_fresh_id();
	uint32_t conn, tid;
	uint64_t w[4] = {0}, got[5], regs[2][8];
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &raw_server) == BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK &&
		  baton_thread_create(serve_raw, NULL, 0, BATON_PRIO_DEFAULT, &tid) == BATON_OK;

	baton_sleep_ns(1000000); /* the server waits in RECEIVE */
	for (int fast = 1; fast >= 0; fast--) {
		control(BATON_CTL_FASTPATH, (uint64_t)fast);
		ok &= baton_blocking_scalar(conn, 0, w, 0, got, NULL) == BATON_OK && got[0] == 42;
		baton_sleep_ns(1000000); /* the server records its registers */
		for (int i = 0; i < 8; i++)
			regs[fast][i] = regs_after[i];
	}
	control(BATON_CTL_FASTPATH, 1);
	for (int i = 0; i < 8; i++) {
		T_EXPECT_EQ(regs[1][i], regs[0][i], ok);
		T_EXPECT_EQ(regs[1][i], 0, ok);
	}
	t_case(ok, "ipc.fastpath.answer_result_registers_same_both_ways");
	baton_server_destroy(raw_server);
	baton_thread_join(tid, NULL);
	baton_disconnect(conn);
}

/* ---- what a system call keeps -------------------------------------------------------- */

/*
 * Makes system call n (a1 = arg, a2..a7 = 0) with s2..s11 and t0..t6 set to
 * known values; out gets s2..s11 and t0..t6 as they came back.
 */
static long call_with_marked_registers(uint64_t n, uint64_t arg, uint64_t out[17])
{
	register uint64_t a0 __asm__("a0") = n;
	register uint64_t a1 __asm__("a1") = arg;

	__asm__ volatile("li a2, 0\n li a3, 0\n li a4, 0\n li a5, 0\n li a6, 0\n li a7, 0\n"
			 "li s2, 0x5002\n li s3, 0x5003\n li s4, 0x5004\n li s5, 0x5005\n"
			 "li s6, 0x5006\n li s7, 0x5007\n li s8, 0x5008\n li s9, 0x5009\n"
			 "li s10, 0x500a\n li s11, 0x500b\n"
			 "li t0, 0x7000\n li t1, 0x7001\n li t2, 0x7002\n li t3, 0x7003\n"
			 "li t4, 0x7004\n li t5, 0x7005\n li t6, 0x7006\n"
			 "ecall\n"
			 "sd s2, 0(%[out])\n sd s3, 8(%[out])\n sd s4, 16(%[out])\n"
			 "sd s5, 24(%[out])\n sd s6, 32(%[out])\n sd s7, 40(%[out])\n"
			 "sd s8, 48(%[out])\n sd s9, 56(%[out])\n sd s10, 64(%[out])\n"
			 "sd s11, 72(%[out])\n sd t0, 80(%[out])\n sd t1, 88(%[out])\n"
			 "sd t2, 96(%[out])\n sd t3, 104(%[out])\n sd t4, 112(%[out])\n"
			 "sd t5, 120(%[out])\n sd t6, 128(%[out])\n"
			 : "+r"(a0), "+r"(a1)
			 : [out] "r"(out)
			 : "memory", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
			   "t4", "t5", "t6", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10",
			   "s11");
	return (long)a0;
}

static bool registers_as_documented(const uint64_t out[17])
{
	bool ok = true;

	for (unsigned i = 0; i < 10; i++)
		T_EXPECT_EQ(out[i], 0x5002 + i, ok); /* s2..s11 kept */
	for (unsigned i = 10; i < 17; i++)
		T_EXPECT_EQ(out[i], 0, ok); /* t0..t6 come back 0 */
	return ok;
}

static void system_call_registers(uint32_t conn)
{
	uint64_t out[17];
	bool ok = call_with_marked_registers(SYS_SELF, 0, out) == BATON_OK;

	ok &= registers_as_documented(out);
	t_case(ok, "abi.system_call_keeps_s_registers_and_zeroes_t_registers");
	/* A call that switches to the server and back: the same rule. */
	ok = call_with_marked_registers(SYS_BLOCKING_SCALAR, conn, out) == BATON_OK;
	ok &= registers_as_documented(out);
	t_case(ok, "abi.a_call_through_another_thread_keeps_s_registers_too");
}

int main(void)
{
	struct baton_server_id id, id_b, id_a;
	uint32_t pid, conn, pid_b, conn_b, pid_a, conn_a;
	struct baton_mem_info m0;

	baton_mem_info(&m0);
	if (t_server(0, NULL, &id, &pid, &conn) || t_server(0, NULL, &id_b, &pid_b, &conn_b) ||
	    t_server(0, &id_b, &id_a, &pid_a, &conn_a)) {
		t_case(false, "ipc.setup.servers_started");
		return t_done();
	}
	switch_needs_knobs();
	same_results_both_ways(conn, conn_a);
	server_loop_counts(conn);
	same_space_writes_no_satp();
	scalar_stream_both_ways();
	answer_result_registers();
	system_call_registers(conn);
	t_server_stop(pid_a, conn_a);
	t_server_stop(pid_b, conn_b);
	t_server_stop(pid, conn);
	t_case(t_pages_back(&m0, false), "ipc.fastpath.every_page_back");
	return t_done();
}
