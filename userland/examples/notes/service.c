/*
 * service.c — the notes example service: it keeps the texts clients send
 * it, finds text in them and reads them back (notes.h declares the calls,
 * docs/writing-a-service.md walks through this file).  It serves at an id
 * the kernel chooses and registers it with names, so clients find it by
 * name:
 *   notes [name]          (default NOTES_NAME)
 * One thread serves every call, so its state needs no lock.
 */
#include <stdio.h>
#include <string.h>

#include "baton/names.h"
#include "book.h"

struct service {
	struct book book;
	uint64_t refused;
	struct baton_envelope
		waiters[NOTES_WAITERS]; /* kept `wait` calls (token 0: a free place) */
};

/* ---- wait: calls kept until a note arrives ---------------------------------------------- */

static struct notes_arrival arrival(const struct note *n)
{
	return (struct notes_arrival){n->number, n->page->len};
}

/*
 * Keeps the call (its envelope has the token and, in w[0], the number waited
 * above) in one of the places; when they are full, those of callers that
 * ended are answered and taken back (baton_rpc_keep).
 */
static long keep_waiter(struct service *s, const struct baton_envelope *e)
{
	long err = baton_rpc_keep(s->waiters, NOTES_WAITERS, e);

	return err ? err : BATON_RPC_LATER;
}

/* A note arrived: answer every kept call it (or an older kept note) satisfies. */
static void wake_waiters(struct service *s)
{
	for (unsigned i = 0; i < NOTES_WAITERS; i++) {
		struct baton_envelope *w = &s->waiters[i];
		const struct note *n = w->token ? book_first_after(&s->book, w->w[0]) : NULL;
		if (n) {
			struct notes_arrival a = arrival(n);
			baton_rpc_answer_scalar(w->token, &a, sizeof(a));
			w->token = 0;
		}
	}
}

/* ---- the handlers, one per call in NOTES_CALLS ------------------------------------------- */

/* Send: the pages are ours now, kept as the note or unmapped; the sender hears nothing. */
static void on_keep(void *ctx, const struct baton_envelope *e, struct notes_text *note, size_t used)
{
	struct service *s = ctx;
	size_t size = e->w[1];
	bool fits = size <= NOTES_PAGES_MAX * BATON_PAGE_SIZE && note->len <= used - sizeof(*note);

	if (fits && book_add(&s->book, note, size)) {
		wake_waiters(s);
		return;
	}
	s->refused++;
	baton_unmap(note, size);
}

/* Scalar: one-way, so a number not kept is simply ignored. */
static void on_forget(void *ctx, const struct baton_envelope *e, const struct notes_number *n)
{
	struct service *s = ctx;

	(void)e;
	book_forget(&s->book, n->number);
}

static long on_stats(void *ctx, const struct baton_envelope *e, const struct baton_rpc_none *none,
		     struct notes_stats *r)
{
	struct service *s = ctx;

	(void)e, (void)none;
	*r = (struct notes_stats){s->book.kept, s->book.bytes, s->book.last, s->refused, 0};
	for (unsigned i = 0; i < NOTES_WAITERS; i++)
		r->waiting += s->waiters[i].token != 0;
	return BATON_OK;
}

/* Answered now if a note is there already, else kept for later (BATON_RPC_LATER). */
static long on_wait(void *ctx, const struct baton_envelope *e, const struct notes_number *after,
		    struct notes_arrival *r)
{
	struct service *s = ctx;
	const struct note *n = book_first_after(&s->book, after->number);

	if (!n)
		return keep_waiter(s, e);
	*r = arrival(n);
	return BATON_OK;
}

/* Lend: the pattern is in the caller's pages, read-only here; the answer goes in two words. */
static long on_find(void *ctx, const struct baton_envelope *e, const struct notes_pattern *p,
		    size_t used, struct notes_found *r)
{
	struct service *s = ctx;

	(void)e;
	if (p->len == 0 || p->len > NOTES_TEXT_MAX)
		return BATON_ERR_RANGE;
	if (p->len > used - sizeof(*p))
		return BATON_ERR_INVAL; /* the pattern is not all in what was lent */
	const struct note *n = book_search(&s->book, p->after, p->text, p->len, &r->offset);
	if (!n)
		return BATON_ERR_NOENT;
	r->number = n->number;
	return BATON_OK;
}

/* MutableLend: the text is copied into the caller's pages, which it gets back at the answer. */
static long on_read(void *ctx, const struct baton_envelope *e, struct notes_page *page, size_t used,
		    struct baton_rpc_none *r)
{
	struct service *s = ctx;

	(void)e, (void)r;
	if (page->room > used - sizeof(*page))
		return BATON_ERR_INVAL; /* claims more room than it lent */
	const struct note *n = book_get(&s->book, page->number);
	if (!n)
		return BATON_ERR_NOENT;
	page->len = n->page->len; /* with RANGE too: the caller learns the size */
	if (page->len > page->room)
		return BATON_ERR_RANGE;
	memcpy(page->text, n->page->text, page->len);
	return BATON_OK;
}

static const struct notes_rpc_handlers handlers = {
	.keep = on_keep,
	.forget = on_forget,
	.stats = on_stats,
	.wait = on_wait,
	.find = on_find,
	.read = on_read,
};

int main(int argc, char **argv)
{
	static struct service s;
	const char *name = argc > 1 ? argv[1] : NOTES_NAME;
	struct baton_server_id id;
	uint32_t server;

	long err = baton_server_create(&id, 0, 0, &server);
	if (!err)
		err = baton_names_register(name, &id, 0);
	if (err) {
		printf("notes: cannot serve as %s: %s\n", name, baton_strerror(err));
		return 1;
	}
	err = baton_rpc_serve(server, notes_rpc_dispatch_any, (void *)&handlers, &s);
	return err == BATON_ERR_GONE ? 0 : 1;
}
