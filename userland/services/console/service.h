/*
 * service.h — the console service's state, shared by its parts: output.c
 * (writes, in order, through a transmit ring), input.c (raw and cooked
 * reads from a receive ring) and console.c (start-up and the loop).
 */
#ifndef CONSOLE_SERVICE_H
#define CONSOLE_SERVICE_H

#include "baton/console.h"
#include "lineedit.h"
#include "ring.h"
#include "uart.h"

#define TX_RING_SIZE 16384
#define RX_RING_SIZE 1024

/* A write or a read the console answers later: a FIFO of them per direction. */
struct waiter {
	struct waiter *next;
	uint64_t token;
	uint32_t pid;	  /* the caller's */
	const char *data; /* write: what is still to copy (in the lent buffer) */
	size_t left;
	struct baton_console_line *line; /* read_line: where the line goes; NULL for a raw read */
	uint32_t max;			 /* raw read: bytes wanted */
};

struct waiters {
	struct waiter *first, *last;
};

/* Where ^C goes instead of the input (interrupt.c). */
struct interrupt_target {
	uint32_t conn;	/* to its server; 0: nobody holds ^C (0 is never a handle) */
	uint32_t pid;	/* the process that holds it */
	uint64_t count; /* ^C sent so far */
};

struct console {
	struct uart uart;
	struct ring tx, rx;
	struct waiters writers, readers;
	struct line_editor editor; /* the first cooked reader's line, as typed so far */
	bool cr_sent;		   /* the '\r' of the '\n' next in the ring is out */
	struct baton_console_stats stats;
	struct interrupt_target interrupt;
};

/* output.c */
long console_write(struct console *c, uint64_t token, const char *data, size_t len);
void console_output(struct console *c); /* ring to UART, waiting writes to ring */
void console_echo(struct console *c, const char *s, size_t len);

/* input.c */
long console_read(struct console *c, const struct baton_envelope *e, uint32_t max,
		  struct baton_console_chars *out);
long console_read_line(struct console *c, const struct baton_envelope *e,
		       struct baton_console_line *line);
void console_input(struct console *c); /* UART to ring, ring to the waiting readers */

/* interrupt.c */
long console_set_interrupt(struct console *c, uint32_t pid, const struct baton_server_id *id);
bool console_interrupt_key(struct console *c, char key); /* true: it was taken as a ^C */

/* waiters (output.c) */
struct waiter *waiter_new(struct waiters *q, uint64_t token);
void waiter_done(struct waiters *q); /* the first one: answered, freed */

#endif
