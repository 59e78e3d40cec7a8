/*
 * console.c — the console service: finds the console UART in the device
 * tree, maps its registers, takes its interrupt as messages and serves
 * BATON_CONSOLE_ID (include/baton/console.h, docs/console.md).  Without an
 * interrupt (a tree that names none, or `console poll`) it polls the UART
 * every 10 ms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service.h"

#define POLL_MS 10

#define TX_RING_MIN 64 /* `console tx-ring=64`: writes wait for room, and the test sees it */

static char tx_bytes[TX_RING_SIZE], rx_bytes[RX_RING_SIZE];
static struct console console = {
	.tx = {.bytes = tx_bytes, .size = TX_RING_SIZE},
	.rx = {.bytes = rx_bytes, .size = RX_RING_SIZE},
};
static uint64_t poll_ticks;   /* 0: interrupts work, no polling */
static uint64_t next_poll_at; /* fixed until it passes, however many messages come */

static long on_write(void *ctx, const struct baton_envelope *e,
		     const struct baton_console_text *args, size_t used, struct baton_rpc_none *r)
{
	(void)r;
	if (args->length > used - sizeof(*args) || args->length > BATON_CONSOLE_WRITE_MAX)
		return BATON_ERR_RANGE; /* the library never sends more than a page */
	return console_write(ctx, e->token, args->bytes, args->length);
}

static long on_read(void *ctx, const struct baton_envelope *e,
		    const struct baton_console_read_args *args, struct baton_console_chars *r)
{
	return console_read(ctx, e, args->max, r);
}

static long on_read_line(void *ctx, const struct baton_envelope *e, struct baton_console_line *line,
			 size_t used, struct baton_rpc_none *r)
{
	(void)used;
	(void)r;
	return console_read_line(ctx, e, line);
}

static unsigned count(const struct waiters *q)
{
	unsigned n = 0;

	for (const struct waiter *w = q->first; w; w = w->next)
		n++;
	return n;
}

static long on_stats(void *ctx, const struct baton_envelope *e, const struct baton_rpc_none *args,
		     struct baton_console_stats *r)
{
	struct console *c = ctx;

	(void)e;
	(void)args;
	*r = c->stats;
	r->waiting = count(&c->writers) + count(&c->readers);
	return BATON_OK;
}

static long on_ctrl_c_target(void *ctx, const struct baton_envelope *e,
			     const struct baton_console_interrupt_args *args,
			     struct baton_rpc_none *r)
{
	(void)r;
	long err = console_set_interrupt(ctx, e->pid, &args->target);
	console_input(ctx); /* the UART's receive interrupt follows whether ^C is held */
	return err;
}

static const struct baton_console_rpc_handlers handlers = {.write = on_write,
							   .read = on_read,
							   .read_line = on_read_line,
							   .stats = on_stats,
							   .interrupt = on_ctrl_c_target};

/* The UART's interrupt: whatever it wants, both directions are looked at. */
static void on_interrupt(void *ctx, const struct baton_envelope *e)
{
	struct console *c = ctx;

	if (e->id != BATON_MSG_IRQ)
		return;
	uart_interrupt_seen(&c->uart);
	console_input(c);
	console_output(c);
	baton_irq_ack((unsigned)e->w[0]);
}

static uint64_t next_poll(void *ctx)
{
	(void)ctx;
	return poll_ticks ? next_poll_at : UINT64_MAX;
}

static void poll(void *ctx)
{
	next_poll_at = baton_rdtime() + poll_ticks;
	console_input(ctx);
	console_output(ctx);
}

static int fail(const char *what, long err, int status)
{
	printf("console: %s: %s\n", what, baton_strerror(err));
	return status;
}

/* Registers mapped, server made, interrupt claimed (or polling chosen). */
static int start(struct console *c, bool polled, uint32_t *server)
{
	struct baton_server_id id = BATON_CONSOLE_ID;
	struct baton_dt_uart dt;
	void *regs;
	long err;

	if ((err = baton_dt_console_uart(&dt)))
		return fail("no console UART in the device tree", err, 1);
	uint64_t first = dt.base & ~(uint64_t)(BATON_PAGE_SIZE - 1),
		 end = baton_page_up(dt.base + dt.size);
	if ((err = baton_map_device(first, end - first, &regs)))
		return fail("cannot map the UART", err, 2);
	if ((err = baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, server)))
		return fail("cannot serve", err, 3);
	uart_init(&c->uart, regs, &dt);
	if (polled || !dt.irq || baton_irq_claim(dt.irq, *server) != BATON_OK) {
		poll_ticks = baton_timebase_hz() / 1000 * POLL_MS;
	}
	printf("console: %s at 0x%lx, %s\n", dt.compatible, (unsigned long)dt.base,
	       poll_ticks ? "polled" : "interrupt-driven");
	return 0;
}

/* Options: `poll` (no interrupt), `tx-ring=N` (a smaller transmit ring, a power of two). */
static bool options(int argc, char **argv, bool *polled)
{
	for (int i = 1; i < argc; i++) {
		unsigned long n;
		char *end;
		if (strcmp(argv[i], "poll") == 0) {
			*polled = true;
		} else if (strncmp(argv[i], "tx-ring=", 8) == 0) {
			n = strtoul(argv[i] + 8, &end, 0);
			if (*end || n < TX_RING_MIN || n > TX_RING_SIZE || (n & (n - 1)))
				return false;
			console.tx.size = (uint32_t)n;
		} else {
			return false;
		}
	}
	return true;
}

int main(int argc, char **argv)
{
	bool polled = false;
	uint32_t server;
	int status;

	baton_stdio_use_debug_write(); /* printing through itself would wait on itself */
	if (!options(argc, argv, &polled)) {
		printf("usage: console [poll] [tx-ring=64..%u, a power of two]\n", TX_RING_SIZE);
		return 4;
	}
	if ((status = start(&console, polled, &server)))
		return status;
	struct baton_rpc_loop loop = {
		.server = server,
		.dispatch = baton_console_rpc_dispatch_any,
		.handlers = (void *)&handlers,
		.ctx = &console,
		.kernel_message = on_interrupt,
		.deadline = next_poll,
		.timeout = poll,
	};
	return (int)-baton_rpc_run(&loop);
}
