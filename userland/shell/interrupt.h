/*
 * interrupt.h — ^C ends the program the shell runs in the foreground: while
 * it runs, the console sends each ^C to a server of the shell (instead of
 * treating it as a key), and a thread of the shell that waits there ends
 * the program.
 */
#ifndef SHELL_INTERRUPT_H
#define SHELL_INTERRUPT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Before the program starts: from now until interrupt_end(), ^C is not a key.
 * False: it stays one (no console, or another process has taken ^C).
 */
bool interrupt_begin(void);
/* The program ^C ends (a ^C that came since interrupt_begin ends it now). */
void interrupt_watch(uint32_t pid);
/* ^C is a key again; true if a ^C came for the program (believe it if it was killed). */
bool interrupt_end(void);

#endif
