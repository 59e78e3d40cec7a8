/*
 * test_drivers.c — what the kernel gives user-space drivers: the device
 * tree, device registers, interrupts as messages, and receiving with a
 * deadline (the ticktimer's primitive).  Runs on virt (ns16550a) and
 * sifive_u (sifive,uart0).
 */
#include "baton/devicetree.h"
#include "ipc_test.h"

static struct baton_dt_uart uart;

static void device_tree(void)
{
	const uint8_t *blob, *again;
	size_t size, size2;
	bool ok = baton_device_tree((const void **)&blob, &size) == BATON_OK;

	T_EXPECT(ok && blob[0] == 0xd0 && blob[1] == 0x0d && blob[2] == 0xfe && blob[3] == 0xed,
		 ok);
	T_EXPECT(ok && size == ((uint32_t)blob[4] << 24 | blob[5] << 16 | blob[6] << 8 | blob[7]),
		 ok);
	ok &= baton_device_tree((const void **)&again, &size2) == BATON_OK && again == blob;
	t_case(ok, "drivers.device_tree_mapped_once_read_only");
	ok = baton_dt_console_uart(&uart) == BATON_OK && uart.base && uart.irq;
	printf("  console uart: %s at 0x%lx irq %u\n", uart.compatible, (unsigned long)uart.base,
	       uart.irq);
	t_case(ok, "drivers.console_uart_found_in_the_tree");

	char addr[24];
	const char *argv[] = {"write", addr, NULL};
	struct baton_exit ex;
	snprintf(addr, sizeof(addr), "0x%lx", (unsigned long)BATON_DEVICE_BASE);
	/* A fresh process maps nothing there until it asks: the write faults. */
	ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT;
	t_case(ok, "drivers.device_area_empty_until_asked");
}

static void map_device(void)
{
	uint64_t page = uart.base & ~(uint64_t)(BATON_PAGE_SIZE - 1);
	volatile uint8_t *regs, *dup;
	bool ok = baton_map_device(page, BATON_PAGE_SIZE, (void **)&regs) == BATON_OK;

	T_EXPECT((uintptr_t)regs >= BATON_DEVICE_BASE && (uintptr_t)regs < BATON_DEVICE_END, ok);
	t_case(ok, "drivers.map_the_console_uart");
	t_expect_result(baton_map_device(page, BATON_PAGE_SIZE, (void **)&dup), BATON_ERR_INUSE,
			"drivers.map_twice_in_use");
	t_expect_result(baton_map_device(0x80000000, BATON_PAGE_SIZE, (void **)&dup),
			BATON_ERR_PERM, "drivers.map_ram_refused");
	t_expect_result(baton_map_device(0xc000000, BATON_PAGE_SIZE, (void **)&dup), BATON_ERR_PERM,
			"drivers.map_the_plic_refused");
	/* QEMU virt's power-off register (sifive,test1 / syscon) is the firmware's. */
	t_expect_result(baton_map_device(0x100000, BATON_PAGE_SIZE, (void **)&dup), BATON_ERR_PERM,
			"drivers.map_the_power_register_refused");
	t_expect_result(baton_map_device(0x1000000000ull, BATON_PAGE_SIZE, (void **)&dup),
			BATON_ERR_PERM, "drivers.map_nothing_refused");
	t_expect_result(baton_map_device(page + 8, BATON_PAGE_SIZE, (void **)&dup), BATON_ERR_ALIGN,
			"drivers.map_misaligned");
	t_expect_result(baton_map_device(page, 0, (void **)&dup), BATON_ERR_RANGE,
			"drivers.map_size_zero");
	t_expect_result(baton_map_device(page, 1ull << 40, (void **)&dup), BATON_ERR_RANGE,
			"drivers.map_huge");
	uint64_t off = 0, valid = 0;
	struct baton_server_id id = t_fresh_id();
	uint32_t s, c;
	ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &s) == 0 &&
	     baton_connect(&id, 0, &c) == 0;
	t_expect_result(baton_lend(c, 1, (void *)regs, BATON_PAGE_SIZE, &off, &valid, BATON_TRY),
			BATON_ERR_NOTOWNER, "drivers.device_registers_cannot_be_lent");
	baton_server_destroy(s);
	baton_disconnect(c);

	/* A child holds it: refused here; when the child ends, it is free again. */
	t_expect_result(baton_unmap((void *)(BATON_DEVICE_END - BATON_PAGE_SIZE), BATON_PAGE_SIZE),
			BATON_ERR_NOENT, "drivers.unmap_what_is_not_a_device_mapping");
	t_expect_result(baton_unmap((void *)regs, BATON_PAGE_SIZE), BATON_OK, "drivers.unmap");
	char pa[24];
	const char *argv[] = {"map-device-hold", pa, NULL};
	uint32_t pid;
	snprintf(pa, sizeof(pa), "0x%lx", (unsigned long)page);
	ok = baton_spawn("probe", argv, &pid) == BATON_OK;
	for (int i = 0; i < 200 && ok; i++) {
		long err = baton_map_device(page, BATON_PAGE_SIZE, (void **)&dup);
		if (err == BATON_ERR_INUSE)
			break;
		if (err == BATON_OK)
			baton_unmap((void *)dup, BATON_PAGE_SIZE);
		baton_sleep_ns(500000);
	}
	t_expect_result(baton_map_device(page, BATON_PAGE_SIZE, (void **)&dup), BATON_ERR_INUSE,
			"drivers.one_owner_at_a_time");
	baton_kill(pid);
	baton_wait(pid, NULL);
	ok = baton_map_device(page, BATON_PAGE_SIZE, (void **)&dup) == BATON_OK;
	t_case(ok, "drivers.free_again_when_its_owner_ends");
	if (ok)
		baton_unmap((void *)dup, BATON_PAGE_SIZE);
}

/* ---- interrupts ------------------------------------------------------------------------ */

static volatile uint8_t *regs;

static void reg_write(unsigned index, uint32_t value)
{
	volatile uint8_t *r =
		regs + (uart.base & (BATON_PAGE_SIZE - 1)) + ((uint64_t)index << uart.reg_shift);
	if (uart.reg_io_width == 4)
		*(volatile uint32_t *)r = value;
	else
		*r = (uint8_t)value;
}

/* Makes the UART raise its transmit interrupt (the transmitter is idle: it asserts at once). */
static void tx_interrupt(bool on)
{
	if (uart.kind == BATON_UART_SIFIVE) {
		reg_write(2, on ? 1u << 16 | 1 : 1); /* txctrl: enabled, watermark 1 */
		reg_write(4, on ? 1 : 0);	     /* ie: txwm */
	} else {
		reg_write(1, on ? 2 : 0); /* IER: THRE */
	}
}

/* What `probe irq-release|irq-ack SOURCE` was told: another process's view of the source. */
static long probe_irq(const char *what, unsigned source)
{
	char s[12];
	const char *argv[] = {what, s, NULL};

	snprintf(s, sizeof(s), "%u", source);
	return t_probe_error(argv);
}

/* Sources that do not exist: 0, past the PLIC's, past 32 bits (the call's own check). */
static void irq_ranges(void)
{
	bool ok = true;

	T_EXPECT_EQ(baton_irq_ack(0), BATON_ERR_RANGE, ok);
	T_EXPECT_EQ(baton_irq_ack(100000), BATON_ERR_RANGE, ok);
	T_EXPECT_EQ(baton_syscall(SYS_IRQ_ACK, 1ull << 40, 0, 0, 0, 0, 0, 0).status,
		    BATON_ERR_RANGE, ok);
	t_case(ok, "drivers.ack_out_of_range");
	ok = true;
	T_EXPECT_EQ(baton_irq_release(0), BATON_ERR_RANGE, ok);
	T_EXPECT_EQ(baton_irq_release(100000), BATON_ERR_RANGE, ok);
	T_EXPECT_EQ(baton_syscall(SYS_IRQ_RELEASE, 1ull << 40, 0, 0, 0, 0, 0, 0).status,
		    BATON_ERR_RANGE, ok);
	t_case(ok, "drivers.release_out_of_range");
}

static void interrupts(void)
{
	struct baton_server_id id = t_fresh_id();
	struct baton_envelope e;
	uint32_t server, other, conn;
	uint64_t page = uart.base & ~(uint64_t)(BATON_PAGE_SIZE - 1);
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server) == BATON_OK &&
		  baton_map_device(page, BATON_PAGE_SIZE, (void **)&regs) == BATON_OK &&
		  baton_connect(&id, 0, &conn) == BATON_OK;

	t_expect_result(baton_irq_claim(0, server), BATON_ERR_RANGE, "drivers.irq_zero");
	t_expect_result(baton_irq_claim(100000, server), BATON_ERR_RANGE, "drivers.irq_too_big");
	t_expect_result(baton_irq_claim(uart.irq, conn), BATON_ERR_BADHANDLE,
			"drivers.irq_needs_a_server_handle");
	t_expect_result(baton_irq_ack(uart.irq), BATON_ERR_PERM, "drivers.ack_what_is_not_yours");
	t_expect_result(baton_irq_release(uart.irq), BATON_ERR_PERM,
			"drivers.release_what_is_not_yours");
	irq_ranges();
	ok &= baton_irq_claim(uart.irq, server) == BATON_OK;
	/* Another process may neither release nor acknowledge it (INUSE below: still ours). */
	t_expect_result(probe_irq("irq-release", uart.irq), BATON_ERR_PERM,
			"drivers.release_another_process_source");
	t_expect_result(probe_irq("irq-ack", uart.irq), BATON_ERR_PERM,
			"drivers.ack_another_process_source");
	t_expect_result(baton_irq_claim(uart.irq, server), BATON_ERR_INUSE,
			"drivers.irq_claimed_twice");

	tx_interrupt(true);
	ok &= baton_receive_until(server, baton_rdtime() + 10000000, &e) == BATON_OK;
	T_EXPECT(e.kind == BATON_KIND_SCALAR && e.id == BATON_MSG_IRQ && e.w[0] == uart.irq &&
			 e.pid == 0 && e.token == 0,
		 ok);
	t_case(ok, "drivers.interrupt_arrives_as_a_scalar_from_the_kernel");
	/* The device asks again (its interrupt enable toggled): masked until the ack. */
	tx_interrupt(false);
	tx_interrupt(true);
	ok = baton_receive(server, BATON_TRY, &e) == BATON_ERR_EMPTY;
	baton_sleep_ns(2000000);
	ok &= baton_receive(server, BATON_TRY, &e) == BATON_ERR_EMPTY;
	t_case(ok, "drivers.masked_until_acknowledged");
	ok = baton_irq_ack(uart.irq) == BATON_OK &&
	     baton_receive_until(server, baton_rdtime() + 10000000, &e) == BATON_OK &&
	     e.id == BATON_MSG_IRQ && e.w[0] == uart.irq;
	t_case(ok, "drivers.what_came_while_masked_arrives_after_the_ack");
	/*
	 * Quiet now, the device sends nothing more, but for at most one request
	 * the PLIC latched while the source was masked (pending stays set when the
	 * line drops): drivers read their device's status before trusting one.
	 */
	tx_interrupt(false);
	unsigned stale = 0;
	ok = baton_irq_ack(uart.irq) == BATON_OK;
	baton_sleep_ns(2000000);
	while (ok && stale < 5 && baton_receive(server, BATON_TRY, &e) == BATON_OK) {
		stale++;
		ok = baton_irq_ack(uart.irq) == BATON_OK;
		baton_sleep_ns(2000000);
	}
	T_EXPECT(stale <= 1, ok);
	t_case(ok, "drivers.a_quiet_device_sends_nothing_more");

	/* One message per source at most: a flood of requests never fills the queue. */
	ok = baton_irq_ack(uart.irq) == BATON_OK;
	for (int i = 0; i < 50; i++) {
		tx_interrupt(false);
		tx_interrupt(true);
	}
	baton_sleep_ns(2000000);
	unsigned got = 0;
	while (baton_receive(server, BATON_TRY, &e) == BATON_OK)
		got++;
	tx_interrupt(false);
	T_EXPECT_EQ(got, 1, ok);
	t_case(ok, "drivers.many_requests_one_message_until_the_ack");

	ok = baton_irq_release(uart.irq) == BATON_OK;
	t_expect_result(baton_irq_ack(uart.irq), BATON_ERR_PERM, "drivers.ack_after_release");
	ok &= baton_server_create(&(struct baton_server_id){0, 0}, 0, 0, &other) == BATON_OK;
	ok &= baton_irq_claim(uart.irq, other) == BATON_OK;
	baton_server_destroy(other); /* its sources go with it */
	ok &= baton_irq_claim(uart.irq, server) == BATON_OK;
	t_case(ok, "drivers.sources_free_again_on_release_and_server_end");
	baton_irq_release(uart.irq);
	baton_server_destroy(server);
	baton_disconnect(conn);
	baton_unmap((void *)regs, BATON_PAGE_SIZE);
}

/* ---- receiving with a deadline ---------------------------------------------------------- */

static uint32_t timed_server, timed_conn;

static void send_later(void *arg)
{
	uint64_t w[4] = {7, 0, 0, 0};
	(void)arg;
	baton_sleep_ns(1000000);
	baton_scalar(timed_conn, 5, w, 0);
}

static void deadlines(void)
{
	struct baton_server_id id = t_fresh_id();
	struct baton_envelope e;
	uint64_t ms = baton_timebase_hz() / 1000;
	uint32_t tid;
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &timed_server) == 0 &&
		  baton_connect(&id, 0, &timed_conn) == 0;

	uint64_t t0 = baton_rdtime();
	ok &= baton_receive_until(timed_server, t0 + 3 * ms, &e) == BATON_ERR_TIMEOUT;
	uint64_t waited = baton_rdtime() - t0;
	T_EXPECT(waited >= 3 * ms && waited < 20 * ms, ok);
	t_case(ok, "drivers.receive_times_out_at_its_deadline");
	t_expect_result(baton_receive_until(timed_server, t0, &e), BATON_ERR_TIMEOUT,
			"drivers.deadline_already_passed");

	ok = baton_thread_create(send_later, NULL, 0, BATON_PRIO_DEFAULT, &tid) == BATON_OK;
	ok &= baton_receive_until(timed_server, baton_rdtime() + 1000 * ms, &e) == BATON_OK &&
	      e.w[0] == 7;
	baton_thread_join(tid, NULL);
	/* The old deadline is gone: a plain try finds nothing, and no stray timeout comes. */
	ok &= baton_receive_until(timed_server, baton_rdtime() + 2 * ms, &e) == BATON_ERR_TIMEOUT;
	t_case(ok, "drivers.message_before_the_deadline_is_received");

	t_expect_result(baton_syscall(SYS_RECEIVE, timed_server, 1u << 5, 0, 0, 0, 0, 0).status,
			BATON_ERR_FLAGS, "drivers.receive_unknown_flag");
	baton_server_destroy(timed_server);
	baton_disconnect(timed_conn);
}

/* Many threads wait with different deadlines: they wake in deadline order, none early. */
static volatile unsigned woke_order[8], woke_count;
static uint64_t base_time;
static uint32_t many_server;

static void wait_until(void *arg)
{
	uintptr_t k = (uintptr_t)arg;
	struct baton_envelope e;
	uint64_t deadline =
		base_time + (8 - k) * (baton_timebase_hz() / 500); /* 2 ms apart, last first */

	if (baton_receive_until(many_server, deadline, &e) == BATON_ERR_TIMEOUT &&
	    baton_rdtime() >= deadline)
		woke_order[woke_count++] = (unsigned)k;
}

static void many_deadlines(void)
{
	struct baton_server_id id = t_fresh_id();
	uint32_t tids[8];
	bool ok = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &many_server) == BATON_OK;

	base_time = baton_rdtime() + baton_timebase_hz() / 100;
	for (uintptr_t k = 0; k < 8 && ok; k++)
		ok = baton_thread_create(wait_until, (void *)k, 0, BATON_PRIO_DEFAULT, &tids[k]) ==
		     0;
	for (unsigned k = 0; k < 8; k++)
		baton_thread_join(tids[k], NULL);
	T_EXPECT_EQ(woke_count, 8, ok);
	for (unsigned i = 0; i < woke_count; i++)
		T_EXPECT_EQ(woke_order[i], 7 - i, ok);
	t_case(ok, "drivers.eight_deadlines_wake_in_order_none_early");
	baton_server_destroy(many_server);
}

int main(void)
{
	struct baton_mem_info m0;

	baton_mem_info(&m0);
	device_tree();
	map_device();
	interrupts();
	deadlines();
	many_deadlines();
	t_case(t_pages_back(&m0, true), "drivers.every_page_back");
	return t_done();
}
