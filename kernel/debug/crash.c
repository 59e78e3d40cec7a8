/* crash.c — a null dereference, a runaway recursion and a plain panic, each in a named function. */
#include "debug/crash.h"

#include "debug/log.h"
#include "debug/panic.h"
#include "lib/string.h"

/* Address 0 is in the user half, which the kernel's own table leaves unmapped. */
__attribute__((noinline)) static void crash_null_dereference(void)
{
	volatile int *p = (volatile int *)0;

	log_info("crash: reading address 0");
	(void)*p;
}

/* Each level keeps 512 bytes live, so the 16 KiB stack runs into its guard fast. */
__attribute__((noinline)) static unsigned crash_stack_overflow(unsigned depth)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	if (depth == ~0u)
		return 0;
	return crash_stack_overflow(depth + 1) + pad[0];
}

void crash_on_purpose(const char *how)
{
	log_info("crash=%s requested", how);
	if (strcmp(how, "fault") == 0)
		crash_null_dereference();
	else if (strcmp(how, "stack") == 0)
		crash_stack_overflow(0);
	else if (strcmp(how, "panic") == 0)
		panic("crash=panic: a deliberate panic");
	log_warn("crash=%s: unknown (expected fault, stack or panic); carrying on", how);
}
