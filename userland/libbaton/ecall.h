/* ecall.h — the one place in user space that executes ecall (DESIGN: no other file writes it). */
#ifndef BATON_LIBBATON_ECALL_H
#define BATON_LIBBATON_ECALL_H

#include "baton/baton.h"

static inline struct baton_sysret ecall7(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3,
					 uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7)
{
	register uint64_t r0 __asm__("a0") = n;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r3 __asm__("a3") = a3;
	register uint64_t r4 __asm__("a4") = a4;
	register uint64_t r5 __asm__("a5") = a5;
	register uint64_t r6 __asm__("a6") = a6;
	register uint64_t r7 __asm__("a7") = a7;

	/* The kernel does not keep t0..t6 across a system call (docs/abi.md). */
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6),
			   "+r"(r7)
			 :
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	return (struct baton_sysret){(long)r0, {0, r1, r2, r3, r4, r5, r6, r7}};
}

#define ecall0(n)	   ecall7((n), 0, 0, 0, 0, 0, 0, 0)
#define ecall1(n, a)	   ecall7((n), (uint64_t)(a), 0, 0, 0, 0, 0, 0)
#define ecall2(n, a, b)	   ecall7((n), (uint64_t)(a), (uint64_t)(b), 0, 0, 0, 0, 0)
#define ecall3(n, a, b, c) ecall7((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0, 0, 0)
#define ecall4(n, a, b, c, d)                                                                      \
	ecall7((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0, 0, 0)

#endif
