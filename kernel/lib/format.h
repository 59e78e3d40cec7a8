/* format.h — printf-style formatting into a buffer, for the kernel log and panic output. */
#ifndef BATON_LIB_FORMAT_H
#define BATON_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * snprintf semantics: writes at most size-1 characters plus a NUL and
 * returns the length the whole output would have had.  Conversions:
 * %d %i %u %x %X %c %s %p %%, flags '-' and '0', a width and a precision
 * (numbers or '*'), length modifiers hh h l ll z.  %p prints 0x and 16 digits.
 * A precision above 72 counts as 72.
 */
int vformat(char *buf, size_t size, const char *fmt, va_list ap);
int format(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
