/* failpoint.c — the allocation failure a test asks for (failpoint.h). */
#include "lib/failpoint.h"

#include <stddef.h>

uint32_t failpoint_pid;
uint32_t (*failpoint_current_pid)(void);
static uint32_t countdown;
static bool fired;

bool failpoint_fire(void)
{
	if (!failpoint_current_pid || failpoint_current_pid() != failpoint_pid)
		return false; /* another process's allocation (interrupts allocate nothing) */
	if (countdown) {
		countdown--;
		return false;
	}
	failpoint_pid = 0;
	fired = true;
	return true;
}

void failpoint_arm(uint32_t pid, uint32_t after)
{
	countdown = after;
	fired = false;
	failpoint_pid = pid;
}

bool failpoint_disarm(void)
{
	bool was = fired;

	failpoint_pid = 0;
	fired = false;
	return was;
}
