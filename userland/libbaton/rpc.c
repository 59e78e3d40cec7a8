/* rpc.c — the typed-RPC layer's runtime: lend buffers, error answers, the serve loop. */
#include "baton/rpc.h"

long baton_lendbuf_init(struct baton_lendbuf *buf, size_t size)
{
	size_t pages = baton_page_up(size);
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

/*
 * At least doubling, so a run of slowly growing requests remaps only a
 * few times; never shrinking, so a size seen before maps nothing and
 * zeroes nothing.
 */
long baton_lendbuf_reserve(struct baton_lendbuf *buf, size_t size)
{
	if (buf->size >= size)
		return BATON_OK;
	size_t want = size > 2 * buf->size ? size : 2 * buf->size;
	baton_lendbuf_free(buf);
	return baton_lendbuf_init(buf, want);
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

static struct baton_envelope *free_place(struct baton_envelope *kept, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!kept[i].token)
			return &kept[i];
	return NULL;
}

long baton_rpc_keep(struct baton_envelope *kept, unsigned n, const struct baton_envelope *e)
{
	struct baton_envelope *place = free_place(kept, n);

	for (unsigned i = 0; !place && i < n; i++) {
		if (!baton_process_alive(kept[i].pid)) {
			baton_rpc_answer_error(&kept[i], BATON_ERR_GONE);
			kept[i].token = 0;
			place = &kept[i];
		}
	}
	if (!place)
		return BATON_ERR_LIMIT;
	*place = *e;
	return BATON_OK;
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

/* One message: dispatched; *how and x[] say how to answer it (0: not now). */
static void handle(const struct baton_rpc_loop *l, const struct baton_envelope *e, uint64_t x[5],
		   unsigned *how)
{
	*how = 0;
	memset(x, 0, 5 * sizeof(x[0])); /* an answer never carries an earlier one's words */
	if (e->pid == 0) {		/* only the kernel sends as pid 0 */
		if (l->kernel_message)
			l->kernel_message(l->ctx, e);
		return;
	}
	long result = l->dispatch(l->handlers, l->ctx, e, x, how);
	if (result < 0 && e->token)
		*how = error_answer(e, result, x);
	else if (result < 0)
		drop(e);
}

/*
 * REPLY_RECEIVE's answer half failed, so it received nothing: the caller
 * died (CALLER_GONE), or a handler answered the token itself, gave a how
 * of the wrong kind or lent the pages on (BADTOKEN, WRONGKIND, INVAL,
 * BUSY).  None of these is the server's end: the loop goes on receiving.
 */
static bool answer_failed(long err)
{
	return err == BATON_ERR_CALLER_GONE || err == BATON_ERR_BADTOKEN ||
	       err == BATON_ERR_WRONGKIND || err == BATON_ERR_INVAL || err == BATON_ERR_BUSY;
}

/* The answer alone (the deadline path): a failure is dropped, as answer_failed() says why. */
static void answer(uint64_t token, unsigned how, const uint64_t x[5])
{
	if (how == BATON_REPLY_MEMORY)
		baton_return_memory(token, x[0], x[1]);
	else
		baton_return_scalar(token, how, x);
}

long baton_rpc_run(const struct baton_rpc_loop *l)
{
	struct baton_envelope e;
	uint64_t x[5] = {0};
	unsigned how = 0;
	long err;

	for (;;) {
		uint64_t deadline = l->deadline ? l->deadline(l->ctx) : UINT64_MAX;
		/*
		 * Due while messages keep coming too: RECEIVE gives a waiting
		 * message before it says a passed deadline is TIMEOUT.
		 */
		if (deadline != UINT64_MAX && l->timeout && baton_rdtime() >= deadline) {
			l->timeout(l->ctx);
			deadline = l->deadline(l->ctx);
		}
		if (how && deadline == UINT64_MAX) {
			err = baton_reply_receive(e.token, how, x, l->server, &e);
			if (answer_failed(err))
				err = baton_receive(l->server, 0, &e);
		} else {
			if (how)
				answer(e.token, how, x);
			err = deadline == UINT64_MAX ? baton_receive(l->server, 0, &e)
						     : baton_receive_until(l->server, deadline, &e);
		}
		how = 0;
		if (err == BATON_ERR_TIMEOUT && l->timeout)
			l->timeout(l->ctx);
		else if (err == BATON_OK)
			handle(l, &e, x, &how);
		else if (err != BATON_ERR_TIMEOUT)
			return err;
	}
}

long baton_rpc_serve(uint32_t server, baton_rpc_dispatch_fn dispatch, void *handlers, void *ctx)
{
	struct baton_rpc_loop loop = {
		.server = server, .dispatch = dispatch, .handlers = handlers, .ctx = ctx};

	return baton_rpc_run(&loop);
}
