/*
 * console.h — the console service: the UART driver, in user space, that
 * owns the console line once it runs.  Output is lent to it (one message
 * per stdio flush) and goes out in the order it came, each message whole;
 * input comes raw (bytes as typed) or cooked (a line, edited with
 * backspace and Ctrl-U, echoed).  docs/console.md describes it call by
 * call; the interface is declared once here for the service
 * (userland/services/console/) and the client library (libbaton/console.c).
 */
#ifndef BATON_CONSOLE_H
#define BATON_CONSOLE_H

#include "baton/rpc.h"

/* The one id every process knows: "console!" "baton-01" in ASCII. */
#define BATON_CONSOLE_ID ((struct baton_server_id){0x21656c6f736e6f63ull, 0x31302d6e6f746162ull})

#define BATON_CONSOLE_LINE_MAX 255 /* bytes of a cooked line, its '\n' included */
#define BATON_CONSOLE_READ_MAX 32  /* bytes one raw read returns at most */

/* write: the bytes follow this header in the lend buffer. */
struct baton_console_text {
	uint32_t length;
	uint32_t unused;
	char bytes[];
};

/*
 * Bytes one write carries at most (RANGE above): a page with its header.
 * A longer write would hold the transmit ring, and every writer behind it,
 * for as long as the UART takes to send it.
 */
#define BATON_CONSOLE_WRITE_MAX (BATON_PAGE_SIZE - sizeof(struct baton_console_text))

/* read: up to `max` (1..32) bytes, at least one: the call waits for input. */
struct baton_console_read_args {
	uint32_t max;
};
struct baton_console_chars {
	uint64_t count;
	char bytes[BATON_CONSOLE_READ_MAX];
};

/* read_line: a MutableLend the console fills with one line (length 0: end of input, Ctrl-D). */
struct baton_console_line {
	uint32_t length;
	uint32_t unused;
	char text[BATON_CONSOLE_LINE_MAX + 1]; /* NUL-terminated as well */
};

/* stats: what the console has done since it started. */
struct baton_console_stats {
	uint64_t bytes_out; /* bytes given to the UART */
	uint64_t writes;    /* write messages taken */
	uint64_t bytes_in;  /* bytes read from the UART */
	uint64_t overruns;  /* input the UART lost before the console read it */
	uint64_t waiting;   /* writes and reads not answered yet */
};

/*
 * interrupt: while a target is set, a ^C (0x03) typed on the console is not
 * input: it becomes a Scalar BATON_CONSOLE_INTERRUPT to the target server
 * (w0 = how many ^C so far), sent with BATON_TRY so the console never waits
 * on it.  The shell sets itself while a program runs in the foreground and
 * ends the program when it hears one.  One target at a time: the process
 * that set it clears it (an all-zero id); another gets INUSE while it
 * lives.  Errors: INUSE, PERM (a server of another process, or clearing
 * another's hold), NOSERVER (no server has the id), LIMIT or NOMEM (no
 * connection for the console).  A ^C sent also drops what was typed
 * ahead and not yet read.
 */
struct baton_console_interrupt_args {
	struct baton_server_id target;
};
#define BATON_CONSOLE_INTERRUPT 0x7265747075727265ull /* "errupter" */

#define BATON_CONSOLE_CALLS(X)                                                                     \
	X(baton_console_rpc, write, LEND, struct baton_console_text, struct baton_rpc_none)        \
	X(baton_console_rpc, read, BLOCKING_SCALAR, struct baton_console_read_args,                \
	  struct baton_console_chars)                                                              \
	X(baton_console_rpc, read_line, MUTABLE_LEND, struct baton_console_line,                   \
	  struct baton_rpc_none)                                                                   \
	X(baton_console_rpc, stats, BLOCKING_SCALAR, struct baton_rpc_none,                        \
	  struct baton_console_stats)                                                              \
	X(baton_console_rpc, interrupt, BLOCKING_SCALAR, struct baton_console_interrupt_args,      \
	  struct baton_rpc_none)
BATON_RPC_INTERFACE(baton_console_rpc, BATON_CONSOLE_CALLS)

/* ---- The client library (libbaton/console.c) -------------------------------------------- */

/*
 * One connection per process, made on first use; every call is safe from
 * any thread.  Calls never wait for the console to start: without it they
 * answer BATON_ERR_NOSERVER (and stdio falls back to DEBUG_WRITE).  A call
 * that finds the console gone drops the connection; the next one connects
 * again, so a restarted console is picked up.
 */

/* Writes all of buf (in messages of up to a page each); returns when the console has taken it. */
long baton_console_write(const void *buf, size_t len);
/* Raw input: waits for at least one byte, returns how many (up to max, at most 32) in *got. */
long baton_console_read(void *buf, size_t max, size_t *got);
/* Cooked input: one edited line with its '\n' (NUL-terminated); *got = 0 at end of input. */
long baton_console_read_line(char *buf, size_t size, size_t *got);
long baton_console_stats(struct baton_console_stats *out);
/* ^C goes to `target` as a Scalar instead of input (NULL: back to input); see above. */
long baton_console_interrupt(const struct baton_server_id *target);
/* Disconnects and unmaps the buffers (no other thread may be calling); the next call reconnects. */
void baton_console_close(void);

/* stdio (printf, puts) goes to DEBUG_WRITE only, never the console: for the console itself. */
void baton_stdio_use_debug_write(void);

#endif
