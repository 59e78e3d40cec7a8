/* ops.c — one function per operation the benchmark measures, and the table of sizes. */
#include <string.h>

#include "bench.h"

#define PAGE BATON_PAGE_SIZE

static bool ok(long err)
{
	return err == BATON_OK;
}

/* ---- no buffer ------------------------------------------------------------------------ */

static bool null_once(struct bench_op *op)
{
	(void)op;
	return ok(baton_self(NULL, NULL));
}

static bool scalar_once(struct bench_op *op)
{
	static const uint64_t w[4] = {1, 2, 3, 4};

	return ok(baton_scalar(op->conn, BENCH_NOTE, w, 0));
}

bool echo(struct bench_op *op)
{
	static const uint64_t w[4] = {1, 2, 3, 4};
	uint64_t got[5];

	return ok(baton_blocking_scalar(op->conn, BENCH_ECHO, w, 0, got, NULL)) &&
	       got[4] == BENCH_ECHO;
}

/* ---- buffers -------------------------------------------------------------------------- */

static bool buffer_setup(struct bench_op *op)
{
	unsigned flags = BATON_MAP_R | BATON_MAP_W | (op->mega ? BATON_MAP_MEGA : 0);

	if (baton_map(NULL, op->size, flags, (void **)&op->buf))
		return false;
	memset(op->buf, 1, op->size); /* every page touched once before it is measured */
	return true;
}

static void buffer_teardown(struct bench_op *op)
{
	baton_unmap(op->buf, op->size);
	if (op->copy)
		baton_unmap(op->copy, op->size);
	op->copy = NULL;
}

/* The page size the server steps by: 2 MiB pages for the megapage-backed rows. */
static uint64_t page_of(const struct bench_op *op)
{
	return op->mega ? BATON_MEGAPAGE : BATON_PAGE_SIZE;
}

static bool lend_once(struct bench_op *op)
{
	uint64_t off = page_of(op), valid = op->size;

	return ok(baton_lend(op->conn, BENCH_READ, op->buf, op->size, &off, &valid, 0));
}

static bool mutable_lend_once(struct bench_op *op)
{
	uint64_t off = page_of(op), valid = op->size;

	return ok(baton_mutable_lend(op->conn, BENCH_WRITE, op->buf, op->size, &off, &valid, 0));
}

/* A -> B, and B sends the same pages back to A's server: the buffer lives where it lands. */
static bool send_once(struct bench_op *op)
{
	struct baton_envelope e;

	if (!ok(baton_send(op->conn, BENCH_BOUNCE, op->buf, op->size, 0, 0, 0)) ||
	    !ok(baton_receive(op->back, 0, &e)))
		return false;
	op->buf = (uint8_t *)e.w[0];
	return e.w[1] == op->size;
}

static bool copy_setup(struct bench_op *op)
{
	if (!buffer_setup(op) ||
	    baton_map(NULL, op->size, BATON_MAP_R | BATON_MAP_W, (void **)&op->copy))
		return false;
	memset(op->copy, 2, op->size);
	return true;
}

/* The alternative to remapping: copy the bytes, then one round trip to say so. */
static bool copy_once(struct bench_op *op)
{
	memcpy(op->copy, op->buf, op->size);
	return echo(op);
}

/* ---- the table ------------------------------------------------------------------------ */

static const uint64_t full_sizes[] = {4 << 10, 16 << 10, 64 << 10, 256 << 10,
				      1 << 20, 2 << 20,	 4 << 20,  16 << 20};
static const uint64_t quick_sizes[] = {4 << 10, 64 << 10, 1 << 20};
static const uint64_t mega_sizes[] = {2 << 20, 4 << 20, 16 << 20};

static unsigned add(struct bench_op *out, unsigned n, unsigned max, struct bench_op op)
{
	if (n < max)
		out[n] = op;
	return n + 1;
}

unsigned bench_ops(struct bench_op *out, unsigned max, bool quick, uint32_t conn, uint32_t back)
{
	const uint64_t *sizes = quick ? quick_sizes : full_sizes;
	unsigned count = quick ? sizeof(quick_sizes) / 8 : sizeof(full_sizes) / 8, n = 0;
	struct bench_op base = {.conn = conn, .back = back};

	base.name = "null", base.once = null_once;
	n = add(out, n, max, base);
	base.name = "blocking_scalar", base.once = echo;
	n = add(out, n, max, base);
	/* Scalars queue up: the last is received once an echo sent behind it is answered. */
	base.name = "scalar", base.once = scalar_once, base.finish = echo;
	n = add(out, n, max, base);
	base.finish = NULL;
	for (unsigned i = 0; i < count; i++) {
		struct bench_op b = base;
		b.size = sizes[i];
		b.setup = buffer_setup, b.teardown = buffer_teardown;
		b.name = "send", b.once = send_once;
		n = add(out, n, max, b);
		b.name = "lend", b.once = lend_once;
		n = add(out, n, max, b);
		b.name = "mutable_lend", b.once = mutable_lend_once;
		n = add(out, n, max, b);
		b.name = "copy", b.once = copy_once, b.setup = copy_setup;
		n = add(out, n, max, b);
	}
	/* Megapage-backed: 2 MiB-aligned buffers move as 2 MiB pages. */
	for (unsigned i = 0; i < (quick ? 1u : 3u); i++) {
		struct bench_op b = base;
		b.size = mega_sizes[i], b.mega = true;
		b.setup = buffer_setup, b.teardown = buffer_teardown;
		b.name = "lend_mega", b.once = lend_once;
		n = add(out, n, max, b);
		b.name = "send_mega", b.once = send_once;
		n = add(out, n, max, b);
	}
	return n;
}
