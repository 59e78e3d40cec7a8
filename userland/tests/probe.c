/* probe.c — does one forbidden thing named on its command line, for the isolation tests. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/baton.h"

static uintptr_t number(const char *s)
{
	return (uintptr_t)strtoull(s, NULL, 0);
}

/* An instruction that is illegal everywhere: all zeros. */
static void illegal_instruction(void)
{
	__asm__ volatile(".4byte 0");
}

/* A floating-point instruction: user programs have no FP state, so it must trap. */
static void float_instruction(void)
{
	__asm__ volatile(".insn r 0x53, 0, 0x78, x0, x0, x0"); /* fmv.w.x f0, zero */
}

static void misaligned_amo(void)
{
	static uint64_t words[2];
	uintptr_t p = (uintptr_t)words + 1;

	__asm__ volatile("amoadd.w zero, zero, (%0)" ::"r"(p) : "memory");
}

static void execute_data(void)
{
	void *page;

	if (baton_map(NULL, 4096, BATON_MAP_R | BATON_MAP_W, &page))
		exit(100);
	*(volatile uint32_t *)page = 0x00008067; /* ret */
	((void (*)(void))page)();
}

static void write_protected(void)
{
	volatile uint32_t *page;

	if (baton_map(NULL, 4096, BATON_MAP_R | BATON_MAP_W, (void **)&page) ||
	    baton_protect((void *)page, 4096, BATON_MAP_R))
		exit(100);
	(void)*page; /* reading is still fine */
	*page = 1;
}

static void nothing(void *arg)
{
	(void)arg;
}

static int thread_at_priority(unsigned priority)
{
	uint32_t tid;
	long err = baton_thread_create(nothing, NULL, 0, priority, &tid);

	return err ? (int)-err : (int)-baton_thread_join(tid, NULL);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	uintptr_t arg = argc > 2 ? number(argv[2]) : 0;

	if (strcmp(what, "read") == 0)
		return *(volatile uint8_t *)arg;
	if (strcmp(what, "write") == 0)
		*(volatile uint8_t *)arg = 1;
	else if (strcmp(what, "jump") == 0)
		((void (*)(void))arg)();
	else if (strcmp(what, "write-text") == 0)
		*(volatile uint32_t *)(uintptr_t)main = 0;
	else if (strcmp(what, "exec-data") == 0)
		execute_data();
	else if (strcmp(what, "write-protected") == 0)
		write_protected();
	else if (strcmp(what, "illegal") == 0)
		illegal_instruction();
	else if (strcmp(what, "float") == 0)
		float_instruction();
	else if (strcmp(what, "misaligned-amo") == 0)
		misaligned_amo();
	else if (strcmp(what, "exit") == 0)
		return (int)arg;
	else if (strcmp(what, "set-priority") == 0)
		return (int)-baton_set_priority(0, (unsigned)arg);
	else if (strcmp(what, "thread-priority") == 0)
		return thread_at_priority((unsigned)arg);
	else if (strcmp(what, "spin") == 0)
		for (;;)
			;
	else
		return 99; /* unknown request */
	return 98;	   /* the forbidden thing did not fault */
}
