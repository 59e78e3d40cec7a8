/*
 * console.c — the console service's client side (include/baton/console.h).
 * The connection is made on first use and shared by every thread with no
 * lock held during a call (link.h).  A call that finds the console gone
 * (it was killed, maybe restarted) is made once more on a new connection.  Writes share one lend buffer, cooked reads another,
 * so a thread waiting for a line does not hold up a thread that prints.
 */
#include "baton/console.h"
#include "link.h"

static struct baton_mutex write_lock = BATON_MUTEX_INIT, line_lock = BATON_MUTEX_INIT;
static struct link link = LINK_INIT;
static struct baton_lendbuf write_buf, line_buf;

/*
 * call(conn, arg) on the console's connection (made now if need be:
 * NOSERVER while no console runs), and once more on a new one if the
 * console was gone.  (A console that died holding a write may have printed
 * some of it: the retry can show those bytes twice, never none.)
 */
static long with_console(long (*call)(uint32_t c, void *arg), void *arg)
{
	long err = BATON_ERR_GONE;
	uint32_t c;

	for (int attempt = 0; attempt < 2 && err == BATON_ERR_GONE; attempt++) {
		if ((err = link_acquire(&link, &BATON_CONSOLE_ID, BATON_TRY, &c)))
			return err;
		err = link_release(&link, call(c, arg));
	}
	return err;
}

/* A console runs (or NOSERVER): checked before buffers are made for it. */
static long console_there(void)
{
	uint32_t c;
	long err = link_acquire(&link, &BATON_CONSOLE_ID, BATON_TRY, &c);

	return err ? err : link_release(&link, BATON_OK);
}

/* write_buf holds one message's text already. */
static long write_message(uint32_t c, void *arg)
{
	struct baton_rpc_none none;
	(void)arg;

	return baton_console_rpc_write(
		c, &write_buf,
		sizeof(struct baton_console_text) +
			((struct baton_console_text *)write_buf.base)->length,
		&none);
}

long baton_console_write(const void *buf, size_t len)
{
	const char *p = buf;
	long err = console_there(); /* no buffer for a console that is not there */

	if (err)
		return err;
	baton_mutex_lock(&write_lock);
	err = baton_lendbuf_reserve(&write_buf, BATON_PAGE_SIZE);
	while (len && err == BATON_OK) {
		struct baton_console_text *text = baton_console_rpc_write_args(&write_buf);
		size_t n = len < BATON_CONSOLE_WRITE_MAX ? len : BATON_CONSOLE_WRITE_MAX;
		text->length = (uint32_t)n;
		memcpy(text->bytes, p, n);
		err = with_console(write_message, NULL);
		p += n;
		len -= n;
	}
	baton_mutex_unlock(&write_lock);
	return err;
}

struct raw_read {
	struct baton_console_read_args args;
	struct baton_console_chars chars;
};

static long read_chars(uint32_t c, void *arg)
{
	struct raw_read *r = arg;

	return baton_console_rpc_read(c, &r->args, &r->chars);
}

long baton_console_read(void *buf, size_t max, size_t *got)
{
	struct raw_read r = {.args.max = max < BATON_CONSOLE_READ_MAX ? (uint32_t)max
								      : BATON_CONSOLE_READ_MAX};
	long err = max ? with_console(read_chars, &r) : BATON_ERR_RANGE;

	*got = 0;
	if (err == BATON_OK && r.chars.count <= r.args.max) {
		memcpy(buf, r.chars.bytes, r.chars.count);
		*got = r.chars.count;
	}
	return err;
}

static long read_line(uint32_t c, void *arg)
{
	struct baton_rpc_none none;
	(void)arg;

	return baton_console_rpc_read_line(c, &line_buf, sizeof(struct baton_console_line), &none);
}

long baton_console_read_line(char *buf, size_t size, size_t *got)
{
	long err = size ? console_there() : BATON_ERR_RANGE;

	*got = 0;
	if (err)
		return err;
	baton_mutex_lock(&line_lock);
	err = baton_lendbuf_reserve(&line_buf, BATON_PAGE_SIZE);
	if (!err)
		err = with_console(read_line, NULL);
	if (!err) {
		const struct baton_console_line *line = baton_console_rpc_read_line_args(&line_buf);
		size_t n = line->length < size - 1 ? line->length : size - 1;
		n = n < BATON_CONSOLE_LINE_MAX ? n : BATON_CONSOLE_LINE_MAX;
		memcpy(buf, line->text, n);
		buf[n] = '\0';
		*got = n;
	}
	baton_mutex_unlock(&line_lock);
	return err;
}

static long stats(uint32_t c, void *arg)
{
	struct baton_rpc_none none = {0};

	return baton_console_rpc_stats(c, &none, arg);
}

long baton_console_stats(struct baton_console_stats *out)
{
	return with_console(stats, out);
}

static long interrupt(uint32_t c, void *arg)
{
	struct baton_rpc_none none;

	return baton_console_rpc_interrupt(c, arg, &none);
}

long baton_console_interrupt(const struct baton_server_id *target)
{
	struct baton_console_interrupt_args args = {0};

	if (target)
		args.target = *target;
	return with_console(interrupt, &args);
}

void baton_console_close(void)
{
	link_close(&link);
	baton_lendbuf_free(&write_buf);
	baton_lendbuf_free(&line_buf);
}
