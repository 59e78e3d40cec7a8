/* string.h — the C string and memory functions the kernel provides for itself. */
#ifndef BATON_LIB_STRING_H
#define BATON_LIB_STRING_H

#include <stddef.h>

/*
 * Standard prototypes, so that host unit tests can build kernel files against
 * the host C library instead of lib/string.c.
 */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
static inline size_t str_copy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

#endif
