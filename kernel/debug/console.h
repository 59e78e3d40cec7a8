/* console.h — the kernel's own output: the SBI debug console (DBCN) or the legacy putchar. */
#ifndef BATON_DEBUG_CONSOLE_H
#define BATON_DEBUG_CONSOLE_H

#include <stddef.h>

void console_init(void);
void console_write(const char *s, size_t n);
/* For panic: stop honouring the lock, whoever holds it. */
void console_force_unlock(void);
const char *console_method(void);

#endif
