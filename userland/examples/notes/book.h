/* book.h — the notes the service keeps: the very pages clients sent, in number order. */
#ifndef BATON_EXAMPLES_NOTES_BOOK_H
#define BATON_EXAMPLES_NOTES_BOOK_H

#include <stdbool.h>

#include "notes.h"

struct note {
	uint64_t number;
	const struct notes_text *page; /* where the sent pages are in our message window */
	size_t size;		       /* bytes of those pages */
};

struct book {
	struct note notes[NOTES_MAX]; /* notes[0..kept-1], numbers rising */
	unsigned kept;
	uint64_t bytes; /* text of the notes kept */
	uint64_t last;	/* the number given last */
};

/* Keeps the pages as the next note; false when the book is full (the pages are not taken). */
bool book_add(struct book *b, const struct notes_text *page, size_t size);
/* Unmaps a note's pages and drops it; false if no note has that number. */
bool book_forget(struct book *b, uint64_t number);
/* The note with that number, or NULL. */
const struct note *book_get(const struct book *b, uint64_t number);
/* The first note numbered above `after`, or NULL. */
const struct note *book_first_after(const struct book *b, uint64_t after);
/* The first note above `after` whose text holds pattern; NULL if none does. */
const struct note *book_search(const struct book *b, uint64_t after, const char *pattern,
			       size_t len, uint64_t *offset);

#endif
