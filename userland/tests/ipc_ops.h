/* ipc_ops.h — the opcodes ipc_server understands, shared with the tests that call it. */
#ifndef BATON_TESTS_IPC_OPS_H
#define BATON_TESTS_IPC_OPS_H

enum ipc_op {
	OP_ADD = 1,	     /* BlockingScalar: one word, the sum of the four */
	OP_SWAP = 2,	     /* BlockingScalar: two words, the first two swapped */
	OP_ECHO5 = 3,	     /* BlockingScalar: five words, the four and the sender's pid */
	OP_NOTE = 4,	     /* Scalar: counted, w0 summed */
	OP_NOTES = 5,	     /* BlockingScalar: count and sum of notes and checked Sends,
				sequence mismatches, own CPU ticks */
	OP_CHECK = 6,	     /* Lend/Send: valid = length if the pattern (seed = offset) holds */
	OP_FILL = 7,	     /* MutableLend: write the pattern, offset + 1, valid = length */
	OP_SUM = 8,	     /* Lend/MutableLend: valid = sum of the bytes */
	OP_WRITE_LENT = 9,   /* Lend: the server writes the read-only buffer and faults */
	OP_SLOW = 10,	     /* BlockingScalar: sleeps w1 ns, answers w0 */
	OP_HOLD = 11,	     /* any two-way: kept, not answered */
	OP_HELD = 12,	     /* BlockingScalar: how many are held */
	OP_ANSWER_HELD = 13, /* BlockingScalar: answers them all; how many callers were gone */
	OP_SEQ = 14,	     /* BlockingScalar: w0 = sender (0..63), w1 = its sequence number;
			       answers 1 if it follows the sender's last one, after w2 loops of work */
	OP_FORWARD = 15,     /* Lend/MutableLend: lent on to the forward server (OP_CHECK or
			       OP_FILL), answered with its answer */
	OP_SEQ_NOTE = 16,    /* Scalar: like OP_SEQ, a mismatch is counted; OP_NOTES reports it */
	OP_WORK = 17,	     /* BlockingScalar: w0 loops of work, answers (priority it ran at,
				own CPU ticks); with a forward server it passes the call on and
				answers (its answer's two, own priority, own CPU ticks) */
	OP_PRIORITY = 18,    /* BlockingScalar: the server thread's base priority becomes w0 */
	OP_EXIT = 99,
};

#endif
