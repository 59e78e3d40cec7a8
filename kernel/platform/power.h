/* power.h — switching the machine off (or, failing that, resetting it) through the firmware. */
#ifndef BATON_PLATFORM_POWER_H
#define BATON_PLATFORM_POWER_H

#include <stdbool.h>

/*
 * SBI SRST shutdown with reason "system failure" when `failure`; where the
 * firmware cannot power off (QEMU sifive_u) a cold reboot, which QEMU's
 * -no-reboot turns into an exit; where even that is refused, halt.
 */
__attribute__((noreturn)) void power_off(bool failure);

#endif
