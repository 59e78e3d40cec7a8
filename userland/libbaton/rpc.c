/* rpc.c — the typed-RPC layer's runtime: lend buffers, error answers, the serve loop. */
#include "baton/rpc.h"

long baton_lendbuf_init(struct baton_lendbuf *buf, size_t size)
{
	size_t pages = (size + BATON_PAGE_SIZE - 1) & ~(BATON_PAGE_SIZE - 1);
	long err = baton_map(NULL, pages ? pages : BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W,
			     &buf->base);

	buf->size = err ? 0 : (pages ? pages : BATON_PAGE_SIZE);
	return err;
}

void baton_lendbuf_free(struct baton_lendbuf *buf)
{
	if (buf->size)
		baton_unmap(buf->base, buf->size);
	buf->base = NULL;
	buf->size = 0;
}

/* The words that carry err back for a two-way message of e's kind; the `how` to use. */
static unsigned error_answer(const struct baton_envelope *e, long err, uint64_t x[5])
{
	x[0] = (uint64_t)err;
	if (e->kind == BATON_KIND_BLOCKING_SCALAR)
		return 1;
	x[1] = BATON_RPC_ERROR_MARK;
	return BATON_REPLY_MEMORY;
}

long baton_rpc_answer_error(const struct baton_envelope *e, long err)
{
	uint64_t x[5] = {0};

	if (!e->token)
		return BATON_OK; /* one-way: nobody to tell */
	if (error_answer(e, err, x) == 1)
		return baton_return_scalar(e->token, 1, x);
	return baton_return_memory(e->token, x[0], x[1]);
}

/* A one-way message nobody took: a Send's pages are ours now, and go. */
static void drop(const struct baton_envelope *e)
{
	if (e->kind == BATON_KIND_SEND)
		baton_unmap((void *)e->w[0], e->w[1]);
}

long baton_rpc_serve(uint32_t server, baton_rpc_dispatch_fn dispatch, void *handlers, void *ctx)
{
	struct baton_envelope e;
	long err = baton_receive(server, 0, &e);

	while (err == BATON_OK || err == BATON_ERR_CALLER_GONE) {
		uint64_t x[5] = {0};
		unsigned how = 0;
		if (err == BATON_ERR_CALLER_GONE) { /* the last answer found nobody: go on */
			err = baton_receive(server, 0, &e);
			continue;
		}
		long result = dispatch(handlers, ctx, &e, x, &how);
		if (result < 0 && e.token)
			how = error_answer(&e, result, x);
		else if (result < 0)
			drop(&e);
		if (how && e.token)
			err = baton_reply_receive(e.token, how, x, server, &e);
		else
			err = baton_receive(server, 0, &e);
	}
	return err;
}
