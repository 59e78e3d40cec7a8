/* panic.h — stopping the machine on a kernel bug, with everything needed to find it. */
#ifndef BATON_DEBUG_PANIC_H
#define BATON_DEBUG_PANIC_H

#include <stdbool.h>

struct trap_frame;

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* A fault in kernel mode: the report shows the trap frame and unwinds from it. */
__attribute__((noreturn)) void panic_trap(const struct trap_frame *tf, const char *what);

/* True once any hart has panicked; other harts halt when they see it. */
bool panic_in_progress(void);

#define KASSERT(cond)                                                                              \
	do {                                                                                       \
		if (!(cond))                                                                       \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__);          \
	} while (0)

#endif
