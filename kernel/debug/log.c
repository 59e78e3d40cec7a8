/* log.c — formats a whole line on the stack, then hands it to the console in one write. */
#include "debug/log.h"

#include <stdarg.h>

#include "debug/console.h"
#include "lib/format.h"
#include "smp/hart.h"

#define LINE_MAX 320

enum log_level log_threshold = LOG_INFO;
static uint64_t timebase_hz;

void log_set_timebase(uint64_t hz)
{
	timebase_hz = hz;
}

static int prefix(char *buf, size_t size, enum log_level level)
{
	static const char letters[] = "EWID";
	uint64_t t = timebase_hz ? arch_read_time() : 0;
	uint64_t sec = timebase_hz ? t / timebase_hz : 0;
	uint64_t usec = timebase_hz ? (t % timebase_hz) * 1000000 / timebase_hz : 0;

	return format(buf, size, "[%4lu.%06lu h%u %c] ", (unsigned long)sec, (unsigned long)usec,
		      this_hart()->hartid, letters[level]);
}

/* Truncated lines still end in a newline. */
static void emit(char *line, int len)
{
	if (len >= LINE_MAX - 1) {
		len = LINE_MAX - 2;
		line[len - 1] = '~';
	}
	line[len++] = '\n';
	console_write(line, (size_t)len);
}

void klog(enum log_level level, const char *fmt, ...)
{
	char line[LINE_MAX];
	va_list ap;

	if (level > log_threshold)
		return;
	int n = prefix(line, sizeof(line), level);
	va_start(ap, fmt);
	n += vformat(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	emit(line, n);
}

void kprint(const char *fmt, ...)
{
	char line[LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	int n = vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write(line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}
