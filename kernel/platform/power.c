/* power.c — shutdown through SBI SRST, with the fallbacks old firmware needs. */
#include "platform/power.h"

#include "arch/arch.h"
#include "debug/log.h"
#include "sbi.h"

void power_off(bool failure)
{
	enum sbi_reset_reason reason = failure ? SBI_REASON_SYSTEM_FAILURE : SBI_REASON_NONE;

	if (!sbi.has_srst) {
		sbi_legacy_shutdown(); /* SBI v0.1-0.2 firmware */
	} else {
		long err = sbi_system_reset(SBI_RESET_SHUTDOWN, reason);
		kprint("baton: firmware cannot power off (%s); asking for a cold reboot\n",
		       sbi_strerror(err));
		err = sbi_system_reset(SBI_RESET_COLD_REBOOT, reason);
		kprint("baton: firmware refused the reboot too (%s); halting\n", sbi_strerror(err));
	}
	arch_halt();
}
