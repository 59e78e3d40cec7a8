/*
 * demo.c — notes_demo, the notes example's client program: it uses every
 * message kind against the notes service, prints each call and its answer,
 * and exits 0 when every answer was right, or 1 after a one-line error.
 * names must be running; if notes is not, notes_demo starts it for the
 * run and stops it at the end, so it leaves the system as it found it.
 */
#include <stdio.h>
#include <string.h>

#include "baton/names.h"
#include "notes.h"

static struct notes_client client;
static uint32_t started; /* the notes this run started, or 0 */
static char first[80], second[80], tag[16];

static bool failed(const char *what, long err)
{
	printf("notes_demo: %s: %s\n", what, baton_strerror(err));
	return false;
}

static bool wrong(const char *what)
{
	printf("notes_demo: wrong answer: %s\n", what);
	return false;
}

static bool connect_or_start(void)
{
	long err = baton_names_open(BATON_TRY);

	if (err)
		return failed("names is not running", err);
	err = notes_open(&client, NULL, BATON_TRY);
	if (err == BATON_ERR_NOENT || err == BATON_ERR_NOSERVER) {
		err = baton_spawn("notes", NULL, &started);
		if (err)
			return failed("cannot start notes", err);
		printf("notes_demo: notes was not running: started it (pid %u)\n", started);
		err = notes_open(&client, NULL, 0); /* waits until it has registered */
	}
	if (err)
		return failed("cannot connect to notes", err);
	printf("notes_demo: connected to \"%s\" through names\n", NOTES_NAME);
	return true;
}

static bool stats(struct notes_stats *st)
{
	long err = notes_stats(&client, st);

	if (err)
		return failed("stats", err);
	printf("notes_demo: stats (BlockingScalar): %lu notes kept (%lu bytes), last number %lu, "
	       "%lu refused\n",
	       (unsigned long)st->kept, (unsigned long)st->bytes, (unsigned long)st->last,
	       (unsigned long)st->refused);
	return true;
}

static bool keep(const char *text)
{
	long err = notes_keep(&client, text, strlen(text));

	if (err)
		return failed("keep", err);
	printf("notes_demo: keep (Send): %zu bytes in a page given away: \"%s\"\n", strlen(text),
	       text);
	return true;
}

/* A Send has no answer: wait is how a client learns that a note has arrived. */
static bool wait_for(uint64_t after)
{
	struct notes_arrival a;
	long err = notes_wait(&client, after, &a);

	if (err)
		return failed("wait", err);
	printf("notes_demo: wait (BlockingScalar) above %lu: note %lu is there, %lu bytes\n",
	       (unsigned long)after, (unsigned long)a.number, (unsigned long)a.len);
	return true;
}

/* Our notes end with our pid, so find tells them from other clients' notes. */
static bool find(uint64_t after, const char *pattern, uint64_t *number, uint64_t offset)
{
	struct notes_found f;
	long err = notes_find(&client, after, pattern, strlen(pattern), &f);

	if (err)
		return failed("find", err);
	printf("notes_demo: find (Lend) \"%s\" above %lu: note %lu at offset %lu\n", pattern,
	       (unsigned long)after, (unsigned long)f.number, (unsigned long)f.offset);
	*number = f.number;
	return f.offset == offset || wrong("find: not where the text has it");
}

static bool read_back(uint64_t number, const char *expected)
{
	char text[80];
	size_t len = 0;
	long err = notes_read(&client, number, text, sizeof(text) - 1, &len);

	if (err)
		return failed("read", err);
	text[len] = '\0';
	printf("notes_demo: read (MutableLend) note %lu: \"%s\"\n", (unsigned long)number, text);
	return strcmp(text, expected) == 0 || wrong("read: not the text that was kept");
}

static bool forget(uint64_t a, uint64_t b)
{
	char text[8];
	size_t len;
	long err = notes_forget(&client, a);

	if (!err)
		err = notes_forget(&client, b);
	if (err)
		return failed("forget", err);
	printf("notes_demo: forget (Scalar): notes %lu and %lu\n", (unsigned long)a,
	       (unsigned long)b);
	err = notes_read(&client, a, text, sizeof(text), &len); /* queued after the forgets */
	if (err != BATON_ERR_NOENT)
		return wrong("read of a forgotten note did not say NOENT");
	printf("notes_demo: read (MutableLend) note %lu again: %s, as it should\n",
	       (unsigned long)a, baton_strerror(err));
	return true;
}

/* Where our tag is in text: at its end. */
static uint64_t tag_offset(const char *text)
{
	return strlen(text) - strlen(tag);
}

static bool run(void)
{
	struct notes_stats before, after;
	uint64_t one, two;
	uint32_t pid;

	baton_self(NULL, &pid);
	snprintf(tag, sizeof(tag), "[pid %u]", pid);
	snprintf(first, sizeof(first), "Scalar and Send go on at once. %s", tag);
	snprintf(second, sizeof(second), "Lend and MutableLend move pages, never bytes. %s", tag);
	if (!stats(&before) || !keep(first) || !keep(second) || !wait_for(before.last))
		return false;
	if (!find(before.last, tag, &one, tag_offset(first)) ||
	    !find(one, tag, &two, tag_offset(second)))
		return false;
	if (!read_back(two, second) || !forget(one, two) || !stats(&after))
		return false;
	if (after.kept != before.kept || after.bytes != before.bytes)
		return wrong("stats: the forgotten notes are still counted");
	return true;
}

int main(void)
{
	bool ok = connect_or_start() && run();

	notes_close(&client);
	if (started) {
		baton_kill(started);
		baton_wait(started, NULL);
		if (ok)
			printf("notes_demo: stopped the notes it started\n");
	}
	if (ok)
		printf("notes_demo: every kind answered as expected\n");
	return ok ? 0 : 1;
}
