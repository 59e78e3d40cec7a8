/* ipc_ops.h — the opcodes ipc_server understands, shared with the tests that call it. */
#ifndef BATON_TESTS_IPC_OPS_H
#define BATON_TESTS_IPC_OPS_H

#include <stdbool.h>
#include <stdint.h>

enum ipc_op {
	OP_ADD = 1,	     /* BlockingScalar: one word, the sum of the four */
	OP_SWAP = 2,	     /* BlockingScalar: two words, the first two swapped */
	OP_ECHO5 = 3,	     /* BlockingScalar: five words, the four and the sender's pid */
	OP_NOTE = 4,	     /* Scalar: counted, w0 summed */
	OP_NOTES = 5,	     /* BlockingScalar: (count, sum) of notes and checked Sends, out of
			       order count, OP_SEQ_SEND count, bad OP_SEQ_SENDs (pattern, unmap) */
	OP_CHECK = 6,	     /* Lend/Send: valid = length if the pattern (seed = offset) holds */
	OP_FILL = 7,	     /* MutableLend: write the pattern, offset + 1, valid = length */
	OP_SUM = 8,	     /* Lend/MutableLend: valid = sum of the bytes */
	OP_WRITE_LENT = 9,   /* Lend: the server writes the read-only buffer and faults */
	OP_SLOW = 10,	     /* BlockingScalar: sleeps w1 ns, answers w0 */
	OP_HOLD = 11,	     /* any two-way: kept, not answered */
	OP_HELD = 12,	     /* BlockingScalar: how many are held */
	OP_ANSWER_HELD = 13, /* BlockingScalar: answers them all: how many callers were gone,
				and if w0 != 0 the sum of the held buffers' bytes */
	OP_SEQ = 14,	     /* BlockingScalar: w0 = sender (0..63), w1 = its sequence number;
			       answers 1 if it follows the sender's last one, after w2 loops of work */
	OP_FORWARD = 15,     /* Lend/MutableLend: lent on to the forward server with op = valid
			       (0: OP_CHECK or OP_FILL), answered with its answer */
	OP_SEQ_NOTE = 16,    /* Scalar: like OP_SEQ, a mismatch is counted; OP_NOTES reports it */
	OP_WORK = 17,	     /* BlockingScalar: w0 loops of work, answers (priority it ran at,
				own CPU ticks); with a forward server it passes the call on and
				answers (its answer's two, own priority, own CPU ticks) */
	OP_PRIORITY = 18,    /* BlockingScalar: the server thread's base priority becomes w0 */
	OP_SEQ_SEND = 19,    /* Send: w2 = pattern seed (ipc_pattern_*), w3 = sender << 32 |
			       sequence number (checked like OP_SEQ_NOTE); unmapped after */
	OP_SEQ_LEND = 20,    /* Lend/MutableLend: like OP_SEQ_SEND; answers offset = 1 if in
			       order, valid = length if the pattern held, and writes a
			       MutableLend's pages with the pattern of ~seed */
	OP_LAST_SEQ = 21,    /* BlockingScalar: the last sequence number of sender w0 */
	OP_LEAF = 22,	     /* Lend/MutableLend: valid = the size of the page that maps the
				buffer's start in the server (4 KiB or 2 MiB) */
	OP_EXIT = 99,
};

/*
 * The numbered ops' pattern, for whole pages: every page carries its own
 * 64-bit key (a hash of seed + page index: page 2 of seed is page 0 of
 * seed + 2), so a page that landed in the wrong place, twice, or stale shows.
 * Word g of a page is the key with g added to each byte.
 */
static inline uint64_t ipc_page_key(uint64_t seed, uint64_t page)
{
	uint64_t x = (seed + page) * 0x9e3779b97f4a7c15ull;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static inline uint64_t ipc_pattern_word(uint64_t key, uint64_t g)
{
	const uint64_t low = 0x7f7f7f7f7f7f7f7full, high = ~low;
	uint64_t add = (g & 0xff) * 0x0101010101010101ull;

	return ((key & low) + (add & low)) ^ ((key ^ add) & high); /* bytewise, no carries */
}

static inline void ipc_pattern_fill(void *buf, uint64_t len, uint64_t seed)
{
	uint64_t *w = buf;

	for (uint64_t page = 0; page < len / 4096; page++) {
		uint64_t key = ipc_page_key(seed, page);
		for (uint64_t g = 0; g < 512; g++)
			*w++ = ipc_pattern_word(key, g);
	}
}

static inline bool ipc_pattern_ok(const void *buf, uint64_t len, uint64_t seed)
{
	const uint64_t *w = buf;

	for (uint64_t page = 0; page < len / 4096; page++) {
		uint64_t key = ipc_page_key(seed, page);
		for (uint64_t g = 0; g < 512; g++)
			if (*w++ != ipc_pattern_word(key, g))
				return false;
	}
	return true;
}

#endif
