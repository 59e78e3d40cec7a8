/* arch_inline.h — the architecture hooks that are too small and too hot to be calls. */
#ifndef BATON_ARCH_RISCV_ARCH_INLINE_H
#define BATON_ARCH_RISCV_ARCH_INLINE_H

#include <stdint.h>

struct hart;

/* tp holds the hart's own struct hart whenever the hart is in the kernel. */
static inline struct hart *arch_this_hart(void)
{
	struct hart *h;

	__asm__("mv %0, tp" : "=r"(h));
	return h;
}

static inline uint64_t arch_read_time(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline uint64_t arch_read_cycles(void)
{
	uint64_t c;

	__asm__ volatile("rdcycle %0" : "=r"(c));
	return c;
}

#endif
