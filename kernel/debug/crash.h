/* crash.h — deliberate kernel faults, chosen by the boot option crash=, to prove the panic path. */
#ifndef BATON_DEBUG_CRASH_H
#define BATON_DEBUG_CRASH_H

/* "fault", "stack" or "panic"; anything else is logged and ignored. */
void crash_on_purpose(const char *how);

#endif
