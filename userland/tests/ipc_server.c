/* ipc_server.c — a server process for the message tests: what it does depends on the opcode. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/baton.h"
#include "ipc_ops.h"

static uint32_t server;
static struct baton_envelope held[64]; /* messages kept unanswered (OP_HOLD) */
static unsigned held_count;
static uint64_t notes, note_sum, out_of_order, seq_sends, bad_sends;
static uint64_t last_seq[64];
static uint32_t forward_conn;

static uint64_t sum_bytes(const uint8_t *p, uint64_t len)
{
	uint64_t sum = 0;

	for (uint64_t i = 0; i < len; i++)
		sum += p[i];
	return sum;
}

/* Checks a buffer holding the test pattern (byte i = (seed + i) & 0xff). */
static bool pattern_ok(const uint8_t *p, uint64_t len, uint64_t seed)
{
	for (uint64_t i = 0; i < len; i += 509)
		if (p[i] != (uint8_t)(seed + i))
			return false;
	return len == 0 || p[len - 1] == (uint8_t)(seed + len - 1);
}

static void spin(uint64_t loops)
{
	for (volatile uint64_t i = 0; i < loops; i++)
		;
}

/* OP_WORK: what priority the work ran at and whose time it used, through a chain. */
static unsigned work(const struct baton_envelope *e, uint64_t x[5])
{
	struct baton_thread_info self;

	if (forward_conn) {
		long err = baton_blocking_scalar(forward_conn, OP_WORK, e->w, 0, x, NULL);
		if (err)
			x[0] = x[1] = (uint64_t)err;
	} else {
		spin(e->w[0]);
	}
	baton_thread_info(0, &self);
	x[forward_conn ? 2 : 0] = self.priority;
	x[forward_conn ? 3 : 1] = self.cpu_ticks;
	return 5;
}

/* Whether seq follows the sender's last one; it becomes the last. */
static bool seq_in_order(uint64_t sender, uint64_t seq)
{
	bool in_order = sender < 64 && seq == last_seq[sender % 64] + 1;

	last_seq[sender % 64] = seq;
	return in_order;
}

/* Handles one message; returns how to answer (0: it is answered later or needs none). */
static unsigned handle(const struct baton_envelope *e, uint64_t x[5])
{
	uint8_t *buf = (uint8_t *)e->w[0];

	switch (e->id) {
	case OP_ADD:
		x[0] = e->w[0] + e->w[1] + e->w[2] + e->w[3];
		return 1;
	case OP_SWAP:
		x[0] = e->w[1];
		x[1] = e->w[0];
		return 2;
	case OP_ECHO5:
		memcpy(x, e->w, 4 * sizeof(uint64_t));
		x[4] = e->pid;
		return 5;
	case OP_NOTE:
		notes++;
		note_sum += e->w[0];
		return 0;
	case OP_NOTES:
		x[0] = notes;
		x[1] = note_sum;
		x[2] = out_of_order;
		x[3] = seq_sends;
		x[4] = bad_sends;
		return 5;
	case OP_CHECK: /* Lend or Send: offset carries the pattern seed */
		x[0] = e->w[2];
		x[1] = pattern_ok(buf, e->w[1], e->w[2]) ? e->w[1] : 0;
		if (e->kind == BATON_KIND_SEND) {
			notes += x[1] != 0;
			baton_unmap(buf, e->w[1]);
			return 0;
		}
		return BATON_REPLY_MEMORY;
	case OP_FILL: /* MutableLend: write the pattern with seed = offset */
		for (uint64_t i = 0; i < e->w[1]; i++)
			buf[i] = (uint8_t)(e->w[2] + i);
		x[0] = e->w[2] + 1;
		x[1] = e->w[1];
		return BATON_REPLY_MEMORY;
	case OP_SUM:
		x[0] = e->w[2];
		x[1] = sum_bytes(buf, e->w[1]);
		return BATON_REPLY_MEMORY;
	case OP_LEAF:
		x[0] = e->w[2];
		baton_kernel_control(BATON_CTL_LEAF_SIZE, e->w[0], &x[1]);
		return BATON_REPLY_MEMORY;
	case OP_WRITE_LENT:
		buf[0] = 1; /* a Lend is read-only here: this faults the server */
		return BATON_REPLY_MEMORY;
	case OP_SLOW:
		baton_sleep_ns(e->w[1]);
		x[0] = e->w[0];
		return 1;
	case OP_HOLD:
		held[held_count++ % 64] = *e;
		return 0;
	case OP_HELD:
		x[0] = held_count;
		return 1;
	case OP_ANSWER_HELD: { /* answers every held message: returns how many found their caller */
		uint64_t gone = 0, sum = 0, none[5] = {0};
		for (unsigned i = 0; i < held_count && i < 64; i++) {
			if (e->w[0] && held[i].kind != BATON_KIND_BLOCKING_SCALAR)
				sum += sum_bytes((const uint8_t *)held[i].w[0], held[i].w[1]);
			long err = held[i].kind == BATON_KIND_BLOCKING_SCALAR
					   ? baton_return_scalar(held[i].token, 1, none)
					   : baton_return_memory(held[i].token, 0, 0);
			gone += err == BATON_ERR_CALLER_GONE;
		}
		held_count = 0;
		x[0] = gone;
		x[1] = sum;
		return 2;
	}
	case OP_SEQ:
	case OP_SEQ_NOTE: {
		spin(e->w[2]);
		bool in_order = seq_in_order(e->w[0], e->w[1]);
		if (e->id == OP_SEQ_NOTE) {
			notes++;
			out_of_order += !in_order;
			return 0;
		}
		x[0] = in_order;
		return 1;
	}
	case OP_SEQ_SEND:
		out_of_order += !seq_in_order(e->w[3] >> 32, (uint32_t)e->w[3]);
		seq_sends++;
		bad_sends += !ipc_pattern_ok(buf, e->w[1], e->w[2]);
		if (e->kind == BATON_KIND_SEND)
			bad_sends += baton_unmap(buf, e->w[1]) != BATON_OK;
		return e->token ? BATON_REPLY_MEMORY : 0;
	case OP_SEQ_LEND:
		x[0] = seq_in_order(e->w[3] >> 32, (uint32_t)e->w[3]);
		x[1] = ipc_pattern_ok(buf, e->w[1], e->w[2]) ? e->w[1] : 0;
		if (e->kind == BATON_KIND_MUTABLE_LEND)
			ipc_pattern_fill(buf, e->w[1], ~e->w[2]);
		return e->token ? BATON_REPLY_MEMORY : 0;
	case OP_LAST_SEQ:
		x[0] = last_seq[e->w[0] % 64];
		return 1;
	case OP_FORWARD: {
		bool rw = e->kind == BATON_KIND_MUTABLE_LEND;
		uint64_t off = e->w[2], valid = 0, op = e->w[3] ? e->w[3] : rw ? OP_FILL : OP_CHECK;
		long err = rw ? baton_mutable_lend(forward_conn, op, buf, e->w[1], &off, &valid, 0)
			      : baton_lend(forward_conn, op, buf, e->w[1], &off, &valid, 0);
		x[0] = err ? (uint64_t)err : off;
		x[1] = valid;
		return BATON_REPLY_MEMORY;
	}
	case OP_WORK:
		return work(e, x);
	case OP_PRIORITY:
		x[0] = (uint64_t)baton_set_priority(0, (unsigned)e->w[0]);
		return 1;
	case OP_EXIT:
		exit(0);
	default:
		x[0] = ~0ull;
		return e->kind == BATON_KIND_BLOCKING_SCALAR ? 1
		       : e->token			     ? BATON_REPLY_MEMORY
							     : 0;
	}
}

/* argv: id_lo id_hi [depth [forward_lo forward_hi]] */
int main(int argc, char **argv)
{
	struct baton_server_id id = {0, 0};
	struct baton_envelope e;
	unsigned depth = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) : 0;

	if (argc < 3)
		return 2;
	id.lo = strtoull(argv[1], NULL, 0);
	id.hi = strtoull(argv[2], NULL, 0);
	if (baton_server_create(&id, BATON_SERVER_CHOOSE_ID, depth, &server))
		return 3;
	struct baton_server_id fwd = {argc > 5 ? strtoull(argv[4], NULL, 0) : 0,
				      argc > 5 ? strtoull(argv[5], NULL, 0) : 0};
	if ((fwd.lo | fwd.hi) && baton_connect(&fwd, 0, &forward_conn))
		return 5;
	long err = baton_receive(server, 0, &e);
	while (err == BATON_OK) {
		uint64_t x[5] = {0};
		unsigned how = handle(&e, x);
		if (how && e.token)
			err = baton_reply_receive(e.token, how, x, server, &e);
		else
			err = baton_receive(server, 0, &e);
		if (err == BATON_ERR_CALLER_GONE)
			err = baton_receive(server, 0, &e);
	}
	return 4;
}
