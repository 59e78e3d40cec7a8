/* runtime.c — what picolibc asks of the system: _exit, and sbrk for malloc. */
#include <stddef.h>
#include <stdio.h>

#include "baton/baton.h"

void _exit(int status);
void *sbrk(ptrdiff_t incr);

void _exit(int status)
{
	fflush(stdout);
	baton_exit(status);
}

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old;

	if (baton_heap(incr, &old) != BATON_OK)
		return (void *)-1;
	return (void *)old;
}
