/* book.c — the notes service's book: a small array of kept notes, searched from the oldest. */
#include <string.h>

#include "book.h"

bool book_add(struct book *b, const struct notes_text *page, size_t size)
{
	if (b->kept == NOTES_MAX)
		return false;
	b->notes[b->kept++] = (struct note){++b->last, page, size};
	b->bytes += page->len;
	return true;
}

/* The index of the note with that number, or -1. */
static int index_of(const struct book *b, uint64_t number)
{
	for (unsigned i = 0; i < b->kept; i++)
		if (b->notes[i].number == number)
			return (int)i;
	return -1;
}

bool book_forget(struct book *b, uint64_t number)
{
	int i = index_of(b, number);

	if (i < 0)
		return false;
	struct note *n = &b->notes[i];
	b->bytes -= n->page->len;
	/* The pages were sent to us, so they are ours to unmap: this gives them back to the system. */
	baton_unmap((void *)n->page, n->size);
	memmove(n, n + 1, (b->kept - (unsigned)i - 1) * sizeof(*n));
	b->kept--;
	return true;
}

const struct note *book_get(const struct book *b, uint64_t number)
{
	int i = index_of(b, number);

	return i < 0 ? NULL : &b->notes[i];
}

const struct note *book_first_after(const struct book *b, uint64_t after)
{
	for (unsigned i = 0; i < b->kept; i++)
		if (b->notes[i].number > after)
			return &b->notes[i];
	return NULL;
}

/* Where pattern first starts in text, or -1. */
static long locate(const char *text, size_t len, const char *pattern, size_t plen)
{
	for (size_t at = 0; plen <= len && at <= len - plen; at++)
		if (memcmp(text + at, pattern, plen) == 0)
			return (long)at;
	return -1;
}

const struct note *book_search(const struct book *b, uint64_t after, const char *pattern,
			       size_t len, uint64_t *offset)
{
	for (const struct note *n = book_first_after(b, after); n && n < &b->notes[b->kept]; n++) {
		long at = locate(n->page->text, n->page->len, pattern, len);
		if (at >= 0) {
			*offset = (uint64_t)at;
			return n;
		}
	}
	return NULL;
}
