/*
 * stdio.c — picolibc's stdin, stdout and stderr.  Output is line-buffered,
 * with a line buffer per thread, and each flush is one message to the
 * console service, so lines from different processes, and from different
 * threads of one process, never mix; while no console runs (early boot,
 * the test runner) a flush is one DEBUG_WRITE instead.  Input is a cooked
 * line from the console at a time; without a console, stdin is at its end.
 */
#include <stdio.h>

#include "baton/console.h"

/* Per thread: a shared buffer would let two threads' characters mix within a line. */
static __thread char line[256];
static __thread size_t used;
static bool debug_only;

static char input[BATON_CONSOLE_LINE_MAX + 1];
static size_t input_len, input_next;
static struct baton_mutex input_lock = BATON_MUTEX_INIT;

void baton_stdio_use_debug_write(void)
{
	debug_only = true;
}

static void flush_line(void)
{
	if (used && (debug_only || baton_console_write(line, used) != BATON_OK))
		baton_debug_write(line, used);
	used = 0;
}

static int put(char c, FILE *f)
{
	(void)f;
	line[used++] = c;
	if (c == '\n' || used == sizeof(line))
		flush_line();
	return (unsigned char)c;
}

static int flush(FILE *f)
{
	(void)f;
	flush_line(); /* this thread's: another's unfinished line waits for its newline */
	return 0;
}

static int get(FILE *f)
{
	int c = EOF;

	flush(f); /* a prompt shows before the wait */
	baton_mutex_lock(&input_lock);
	if (input_next == input_len) {
		input_next = input_len = 0; /* stays 0 on an error: end of input */
		if (!debug_only)
			baton_console_read_line(input, sizeof(input), &input_len);
	}
	if (input_next < input_len)
		c = (unsigned char)input[input_next++];
	baton_mutex_unlock(&input_lock);
	return c;
}

static FILE console = FDEV_SETUP_STREAM(put, get, flush, _FDEV_SETUP_RW);

FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;
