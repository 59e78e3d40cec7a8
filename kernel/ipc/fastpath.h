/* fastpath.h — the message calls' quick way (kernel/ipc/fastpath.c). */
#ifndef BATON_IPC_FASTPATH_H
#define BATON_IPC_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame;

/*
 * Every system call: the message calls with a quick way (fastpath.c) go
 * it when they can, the rest go by syscall_general().  Returns the context
 * to resume.
 */
struct trap_frame *ipc_fastpath(struct trap_frame *tf);
/* Turns it on or off (KERNEL_CONTROL, for tests and benchmarks); returns the old setting. */
bool ipc_fastpath_set(bool on);
/* The calls it completes are counted in this hart's fastpath_hits (smp/hart.h). */

#endif
