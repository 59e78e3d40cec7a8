/* fastpath.h — the message calls' quick way (kernel/ipc/fastpath.c). */
#ifndef BATON_IPC_FASTPATH_H
#define BATON_IPC_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame;

/*
 * Called for every system call before the general dispatch: the context to
 * resume if the call was done here, NULL if it goes the general way.
 */
struct trap_frame *ipc_fastpath(struct trap_frame *tf);
/* Turns it on or off (KERNEL_CONTROL, for tests and benchmarks); returns the old setting. */
bool ipc_fastpath_set(bool on);
uint64_t ipc_fastpath_hits(void);

#endif
