/* hello.c — a first user program: prints who it is, its arguments, and what it can see. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/baton.h"

int main(int argc, char **argv)
{
	uint32_t tid, pid;
	struct baton_mem_info mem;

	baton_self(&tid, &pid);
	baton_mem_info(&mem);
	printf("hello: pid %u, tid %u, %d argument%s:", pid, tid, argc, argc == 1 ? "" : "s");
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\nhello: %lu of %lu pages free; this process owns %lu\n",
	       (unsigned long)mem.free_pages, (unsigned long)mem.total_pages,
	       (unsigned long)mem.own_pages);
	char *heap = malloc(100000);
	if (!heap)
		return 1;
	memset(heap, 'x', 100000);
	free(heap);
	printf("hello: malloc and free work; goodbye\n");
	return 0;
}
