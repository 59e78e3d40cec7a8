/* client.c — the notes service's client library: found through names, one reusable lend buffer. */
#include <string.h>

#include "baton/names.h"
#include "notes.h"

long notes_open(struct notes_client *c, const char *name, unsigned flags)
{
	const char *n = name ? name : NOTES_NAME;

	*c = (struct notes_client){0};
	if (flags & ~BATON_TRY)
		return BATON_ERR_FLAGS;
	return flags ? baton_names_try_connect(n, &c->conn) : baton_names_connect(n, &c->conn);
}

void notes_close(struct notes_client *c)
{
	if (c->conn)
		baton_disconnect(c->conn);
	c->conn = 0;
	baton_lendbuf_free(&c->buf);
}

/*
 * A Send gives its pages away, so they cannot be the reused lend buffer:
 * each note gets pages of its own, which leave this process with the call.
 */
long notes_keep(struct notes_client *c, const char *text, size_t len)
{
	struct notes_text *note;
	size_t used = sizeof(*note) + len;
	size_t size = baton_page_up(used);
	void *pages;

	if (len > NOTES_TEXT_MAX)
		return BATON_ERR_RANGE;
	long err = baton_map(NULL, size, BATON_MAP_R | BATON_MAP_W, &pages);
	if (err)
		return err;
	note = pages;
	note->len = (uint32_t)len;
	memcpy(note->text, text, len);
	err = notes_rpc_keep(c->conn, pages, size, used);
	if (err) /* a Send that failed moved nothing: the pages are still ours */
		baton_unmap(pages, size);
	return err;
}

long notes_forget(struct notes_client *c, uint64_t number)
{
	struct notes_number n = {number};

	return notes_rpc_forget(c->conn, &n);
}

long notes_stats(struct notes_client *c, struct notes_stats *out)
{
	struct baton_rpc_none none = {0};

	return notes_rpc_stats(c->conn, &none, out);
}

long notes_wait(struct notes_client *c, uint64_t after, struct notes_arrival *out)
{
	struct notes_number n = {after};

	return notes_rpc_wait(c->conn, &n, out);
}

long notes_find(struct notes_client *c, uint64_t after, const char *pattern, size_t len,
		struct notes_found *out)
{
	struct notes_pattern *p;
	size_t used = sizeof(*p) + len;

	if (len == 0 || len > NOTES_TEXT_MAX)
		return BATON_ERR_RANGE;
	long err = baton_lendbuf_reserve(&c->buf, used);
	if (err)
		return err;
	p = notes_rpc_find_args(&c->buf);
	p->after = after;
	p->len = (uint32_t)len;
	p->unused = 0;
	memcpy(p->text, pattern, len);
	return notes_rpc_find(c->conn, &c->buf, used, out);
}

long notes_read(struct notes_client *c, uint64_t number, char *buf, size_t size, size_t *len)
{
	struct baton_rpc_none none;
	struct notes_page *page;
	size_t room = size < NOTES_TEXT_MAX ? size : NOTES_TEXT_MAX; /* never more needed */
	size_t used = sizeof(*page) + room;
	long err = baton_lendbuf_reserve(&c->buf, used);

	if (err)
		return err;
	page = notes_rpc_read_args(&c->buf);
	page->number = number;
	page->room = room;
	page->len = 0;
	err = notes_rpc_read(c->conn, &c->buf, used, &none);
	if (err == BATON_OK && page->len > room)
		err = BATON_ERR_INVAL; /* a service that wrote past the room: trust nothing */
	if (err == BATON_OK || err == BATON_ERR_RANGE)
		*len = page->len;
	if (err == BATON_OK)
		memcpy(buf, page->text, page->len);
	return err;
}
