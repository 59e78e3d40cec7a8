/* stdio.c — picolibc's stdout and stderr: a line buffer flushed through DEBUG_WRITE. */
#include <stdio.h>

#include "baton/baton.h"

/*
 * Whole lines go out in one system call, so lines from different processes
 * do not interleave by character.  (The console service replaces this.)
 */
static char line[256];
static size_t used;
static struct baton_mutex lock = BATON_MUTEX_INIT;

static void flush_locked(void)
{
	if (used)
		baton_debug_write(line, used);
	used = 0;
}

static int put(char c, FILE *f)
{
	(void)f;
	baton_mutex_lock(&lock);
	line[used++] = c;
	if (c == '\n' || used == sizeof(line))
		flush_locked();
	baton_mutex_unlock(&lock);
	return (unsigned char)c;
}

static int flush(FILE *f)
{
	(void)f;
	baton_mutex_lock(&lock);
	flush_locked();
	baton_mutex_unlock(&lock);
	return 0;
}

static int no_input(FILE *f)
{
	(void)f;
	return EOF;
}

static FILE console = FDEV_SETUP_STREAM(put, no_input, flush, _FDEV_SETUP_RW);

FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;
