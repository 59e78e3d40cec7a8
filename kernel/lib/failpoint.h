/*
 * failpoint.h — fault injection, for the tests of every "no memory" path:
 * the allocation after the next n made for one process fails, once.  Armed
 * only through KERNEL_CONTROL FAIL_ALLOC, which needs the `knobs` boot
 * option; disarmed, a hook costs one load and one branch.  The frame and
 * object allocators and the message pool's general path ask it.
 */
#ifndef BATON_LIB_FAILPOINT_H
#define BATON_LIB_FAILPOINT_H

#include <stdbool.h>
#include <stdint.h>

extern uint32_t failpoint_pid; /* the process whose allocations count; 0: disarmed */
/* Who is allocating now (set by the kernel when it arms; NULL in host tests: never fires). */
extern uint32_t (*failpoint_current_pid)(void);

bool failpoint_fire(void);

/* True if this allocation is to fail. */
static inline bool failpoint_hit(void)
{
	return failpoint_pid != 0 && failpoint_fire();
}

void failpoint_arm(uint32_t pid, uint32_t after);
/* Disarms; true if the failure happened since it was armed. */
bool failpoint_disarm(void);

#endif
