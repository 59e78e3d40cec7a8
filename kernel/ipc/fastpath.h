/* fastpath.h — the message calls' quick way (kernel/ipc/fastpath.c). */
#ifndef BATON_IPC_FASTPATH_H
#define BATON_IPC_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame;

#include "baton/syscall.h"

/* The calls the fast path may take. */
#define IPC_FAST_CALLS                                                                             \
	(1ull << SYS_BLOCKING_SCALAR | 1ull << SYS_LEND | 1ull << SYS_MUTABLE_LEND |               \
	 1ull << SYS_RETURN_SCALAR | 1ull << SYS_RETURN_MEMORY | 1ull << SYS_REPLY_RECEIVE)

extern bool ipc_fastpath_enabled;

/* Whether system call n is one to try the fast path for (inline: asked on every call). */
static inline bool ipc_fastpath_wanted(uint64_t n)
{
	return n < 64 && (IPC_FAST_CALLS >> n & 1) && ipc_fastpath_enabled;
}

/* Does call tf, here or by syscall_general(); returns the context to resume. */
struct trap_frame *ipc_fastpath(struct trap_frame *tf);
/* Turns it on or off (KERNEL_CONTROL, for tests and benchmarks); returns the old setting. */
bool ipc_fastpath_set(bool on);
uint64_t ipc_fastpath_hits(void);

#endif
