/*
 * output.c — writes go out whole and in the order they came.  A write is
 * copied into the transmit ring if nothing waits before it; what does not
 * fit waits, holding its lent buffer (and so its writer), until the UART
 * has drained the ring.  The writer's call returns once every byte is in
 * the ring: a process that prints and exits loses nothing.
 */
#include <stdlib.h>

#include "service.h"

struct waiter *waiter_new(struct waiters *q, uint64_t token)
{
	struct waiter *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->token = token;
	if (q->last)
		q->last->next = w;
	else
		q->first = w;
	q->last = w;
	return w;
}

void waiter_done(struct waiters *q)
{
	struct waiter *w = q->first;

	q->first = w->next;
	if (!q->first)
		q->last = NULL;
	free(w);
}

long console_write(struct console *c, uint64_t token, const char *data, size_t len)
{
	struct waiter *w;

	c->stats.writes++;
	if (!c->writers.first && len <= ring_room(&c->tx)) {
		ring_write(&c->tx, data, len);
		console_output(c);
		return BATON_OK;
	}
	if (!(w = waiter_new(&c->writers, token)))
		return BATON_ERR_NOMEM; /* nothing of it was taken */
	w->data = data;
	w->left = len;
	console_output(c);
	return BATON_RPC_LATER;
}

void console_echo(struct console *c, const char *s, size_t len)
{
	ring_write(&c->tx, s, len); /* a full ring drops echo rather than wait for it */
}

/*
 * One byte from the ring to the UART, with a '\r' before each '\n' as a
 * terminal wants (the ring holds what was written; cr_sent remembers that
 * the '\r' went out and only the '\n' is left).
 */
static void put_one(struct console *c)
{
	char b = ring_peek(&c->tx);

	if (b == '\n' && !c->cr_sent) {
		uart_put(&c->uart, '\r');
		c->cr_sent = true;
		return;
	}
	uart_put(&c->uart, ring_get(&c->tx));
	c->cr_sent = false;
	c->stats.bytes_out++;
}

/* As much of the ring as the UART takes now; true if it took anything. */
static bool drain(struct console *c)
{
	bool moved = false;
	unsigned room;

	while (ring_used(&c->tx) && (room = uart_tx_room(&c->uart))) {
		for (; room && ring_used(&c->tx); room--)
			put_one(c);
		moved = true;
	}
	return moved;
}

/* Waiting writes into the ring, in order; true if any byte moved. */
static bool refill(struct console *c)
{
	bool moved = false;
	struct waiter *w;

	while ((w = c->writers.first)) {
		size_t n = ring_write(&c->tx, w->data, w->left);
		moved |= n > 0;
		w->data += n;
		w->left -= n;
		if (w->left)
			break;
		baton_return_memory(w->token, 0,
				    0); /* CALLER_GONE is fine: it was written anyway */
		waiter_done(&c->writers);
	}
	return moved;
}

void console_output(struct console *c)
{
	bool progress = true;

	while (progress)
		progress = drain(c) | refill(c);
	/* The transmit interrupt only while there is more to send: it stays up when idle. */
	bool more = ring_used(&c->tx) > 0;
	if (more != c->uart.tx_on)
		uart_interrupts(&c->uart, c->uart.rx_on, more);
}
