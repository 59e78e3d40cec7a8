/*
 * input.c — bytes from the UART wait in the receive ring until a reader
 * wants them.  Readers are served in the order they asked: a raw read
 * takes what is there (up to its max), a cooked read takes bytes through
 * the line editor, echoing, until its line is done.  When the ring is full
 * the console stops taking input (the UART holds it, or on real hardware
 * its FIFO overruns, which the stats count).  A reader whose process has
 * ended is skipped, so what is typed goes to the living.
 */
#include <string.h>

#include "service.h"

long console_read(struct console *c, const struct baton_envelope *e, uint32_t max,
		  struct baton_console_chars *out)
{
	struct waiter *w;

	(void)out; /* answered from console_input, now or later */
	if (max == 0 || max > BATON_CONSOLE_READ_MAX)
		return BATON_ERR_RANGE;
	if (!(w = waiter_new(&c->readers, e->token)))
		return BATON_ERR_NOMEM;
	w->pid = e->pid;
	w->max = max;
	console_input(c);
	return BATON_RPC_LATER;
}

long console_read_line(struct console *c, const struct baton_envelope *e,
		       struct baton_console_line *line)
{
	struct waiter *w = waiter_new(&c->readers, e->token);

	if (!w)
		return BATON_ERR_NOMEM;
	w->pid = e->pid;
	w->line = line;
	console_input(c);
	return BATON_RPC_LATER;
}

/*
 * UART to ring while there is room.  While someone holds ^C, the UART is
 * read even with the ring full, so that a ^C typed behind a kilobyte of
 * input nobody reads still gets through: the bytes that do not fit are
 * dropped (counted as overruns), and a ^C drops what was typed ahead too.
 */
static void receive(struct console *c)
{
	bool overrun = false;
	int b;

	while ((ring_room(&c->rx) || c->interrupt.conn) &&
	       (b = uart_get(&c->uart, &overrun)) >= 0) {
		c->stats.bytes_in++;
		if (console_interrupt_key(c, (char)b))
			continue;
		if (ring_room(&c->rx))
			ring_put(&c->rx, (char)b);
		else
			c->stats.overruns++;
	}
	c->stats.overruns += overrun;
}

static void answer_raw(struct console *c, struct waiter *w)
{
	struct baton_console_chars got = {0};

	while (got.count < w->max && ring_used(&c->rx))
		got.bytes[got.count++] = ring_get(&c->rx);
	baton_rpc_answer_scalar(w->token, &got, sizeof(got));
	waiter_done(&c->readers);
}

/* Feeds the editor; true when the line is done (and answered). */
static bool edit(struct console *c, struct waiter *w)
{
	char echo[LINE_ECHO_MAX];
	size_t echo_len;

	while (ring_used(&c->rx)) {
		enum line_state st = line_feed(&c->editor, ring_get(&c->rx), echo, &echo_len);
		console_echo(c, echo, echo_len);
		if (st == LINE_EDITING)
			continue;
		size_t n = st == LINE_DONE ? c->editor.length : 0;
		memcpy(w->line->text, c->editor.text, n);
		w->line->text[n] = '\0';
		w->line->length = (uint32_t)n;
		baton_return_memory(w->token, 0, 0);
		waiter_done(&c->readers);
		line_reset(&c->editor);
		return true;
	}
	return false;
}

/*
 * A reader whose process ended gets nothing typed: it is answered empty
 * (the kernel says GONE and lets the message go) and the next reader is
 * served.  (A reader that ends between this check and its answer still
 * takes that one line or read with it.)
 */
static bool drop_if_gone(struct console *c, struct waiter *w)
{
	if (baton_process_alive(w->pid))
		return false;
	if (w->line)
		baton_return_memory(w->token, 0, 0);
	else
		baton_rpc_answer_scalar(w->token, &(struct baton_console_chars){0},
					sizeof(struct baton_console_chars));
	waiter_done(&c->readers);
	return true;
}

void console_input(struct console *c)
{
	struct waiter *w;

	receive(c);
	while ((w = c->readers.first) && ring_used(&c->rx)) {
		if (drop_if_gone(c, w))
			continue;
		if (!w->line)
			answer_raw(c, w);
		else if (!edit(c, w))
			break;
		receive(c); /* room again: what the UART held comes in */
	}
	bool room = ring_room(&c->rx) > 0 || c->interrupt.conn;
	if (room != c->uart.rx_on)
		uart_interrupts(&c->uart, room, c->uart.tx_on);
	console_output(c); /* the echo */
}
