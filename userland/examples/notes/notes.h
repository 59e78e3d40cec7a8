/*
 * notes.h — the example service's interface, declared once for the service
 * (service.c), its client library (client.c) and their users.  notes keeps
 * short texts ("notes") that clients give it, numbers them, finds text in
 * them and reads them back; each call uses the message kind that suits it.
 * docs/writing-a-service.md walks through it.
 */
#ifndef BATON_EXAMPLES_NOTES_H
#define BATON_EXAMPLES_NOTES_H

#include "baton/rpc.h"

#define NOTES_NAME	"notes" /* the name it registers with names, unless told another */
#define NOTES_MAX	32	/* notes kept at once */
#define NOTES_PAGES_MAX 16	/* pages of one note, header included (64 KiB) */
#define NOTES_TEXT_MAX	(NOTES_PAGES_MAX * BATON_PAGE_SIZE - sizeof(struct notes_text))
#define NOTES_WAITERS	8 /* `wait` calls kept at once */

/* keep (Send): a note at the start of the pages given; they become the service's. */
struct notes_text {
	uint32_t len; /* bytes of text after this header */
	uint32_t unused;
	char text[];
};

/* forget (Scalar), and wait (BlockingScalar): a note's number. */
struct notes_number {
	uint64_t number;
};

/* stats (BlockingScalar): the answer, five words. */
struct notes_stats {
	uint64_t kept;	  /* notes kept now */
	uint64_t bytes;	  /* their text */
	uint64_t last;	  /* the number the latest kept note got (0: none yet) */
	uint64_t refused; /* notes refused since the start (a Send has no answer to say so) */
	uint64_t waiting; /* `wait` calls kept for later */
};

/* wait (BlockingScalar, answered later if need be): the note that arrived. */
struct notes_arrival {
	uint64_t number;
	uint64_t len;
};

/* find (Lend): the text to look for, read by the service in the caller's pages. */
struct notes_pattern {
	uint64_t after; /* look in notes numbered above this (0: all) */
	uint32_t len;	/* bytes of pattern after this header, 1..NOTES_TEXT_MAX */
	uint32_t unused;
	char text[];
};

/* find: the answer, in the two words a lend's answer has. */
struct notes_found {
	uint64_t number; /* the first note above `after` that holds the pattern */
	uint64_t offset; /* where in its text (never all ones: see the error mark in rpc.h) */
};

/* read (MutableLend): which note, and room the service fills with its text. */
struct notes_page {
	uint64_t number;
	uint64_t room; /* in: bytes of text[] lent */
	uint64_t len;  /* out: the note's length (also with RANGE: the room needed) */
	char text[];
};

/*
 * The calls, one line each: name, kind, arguments, answer.  From this list
 * rpc.h makes notes_rpc_OP_*, the client stubs notes_rpc_keep() ... and
 * struct notes_rpc_handlers for the service.  Errors (docs/writing-a-service.md):
 *
 *   keep    no answer: a note that is too big, longer than its pages say or
 *           that finds NOTES_MAX kept already is refused (its pages unmapped,
 *           `refused` counted)
 *   forget  no answer: a number not kept is ignored
 *   stats   none
 *   wait    LIMIT (NOTES_WAITERS calls wait already)
 *   find    RANGE (pattern length 0 or > NOTES_TEXT_MAX), INVAL (pattern
 *           past the buffer), NOENT (no note holds it)
 *   read    NOENT (no such note), INVAL (room past the buffer), RANGE (room
 *           smaller than the note: len says how much is needed)
 *   any     INVAL: unknown call, wrong kind, buffer smaller than the struct
 */
#define NOTES_CALLS(X)                                                                             \
	X(notes_rpc, keep, SEND, struct notes_text, struct baton_rpc_none)                         \
	X(notes_rpc, forget, SCALAR, struct notes_number, struct baton_rpc_none)                   \
	X(notes_rpc, stats, BLOCKING_SCALAR, struct baton_rpc_none, struct notes_stats)            \
	X(notes_rpc, wait, BLOCKING_SCALAR, struct notes_number, struct notes_arrival)             \
	X(notes_rpc, find, LEND, struct notes_pattern, struct notes_found)                         \
	X(notes_rpc, read, MUTABLE_LEND, struct notes_page, struct baton_rpc_none)
BATON_RPC_INTERFACE(notes_rpc, NOTES_CALLS)

/* ---- The client library (client.c) ------------------------------------------------------ */

/*
 * One connection and one lend buffer, reused by every call that lends; it
 * grows to the largest request so far.  A client is for one thread at a
 * time (give each thread its own).  Besides the errors above, any call may
 * answer GONE (notes ended: close and open again) and NOMEM (no pages).
 */
struct notes_client {
	uint32_t conn;
	struct baton_lendbuf buf;
};

/*
 * Finds the service registered as name (NULL: NOTES_NAME) and connects.
 * flags 0 waits until names runs and the name is registered; BATON_TRY
 * does not wait: NOSERVER if names is not running, NOENT if no such name.
 */
long notes_open(struct notes_client *c, const char *name, unsigned flags);
void notes_close(struct notes_client *c);

/* Gives text[0..len-1] to the service in pages of its own (Send). RANGE: len > NOTES_TEXT_MAX. */
long notes_keep(struct notes_client *c, const char *text, size_t len);
/* Asks it to forget a note (Scalar): goes on at once, with no answer. */
long notes_forget(struct notes_client *c, uint64_t number);
long notes_stats(struct notes_client *c, struct notes_stats *out);
/* The first kept note numbered above `after`; waits until one is kept if there is none. */
long notes_wait(struct notes_client *c, uint64_t after, struct notes_arrival *out);
/* The first note numbered above `after` that holds pattern[0..len-1]. */
long notes_find(struct notes_client *c, uint64_t after, const char *pattern, size_t len,
		struct notes_found *out);
/* Copies note `number` into buf (size bytes), its length into *len (also with RANGE). */
long notes_read(struct notes_client *c, uint64_t number, char *buf, size_t size, size_t *len);

#endif
