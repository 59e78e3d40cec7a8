/*
 * background.h — programs the shell runs with `run ... &`: a thread of the
 * shell waits for each and says how it ended; the shell joins that thread
 * before each prompt, so neither its stack nor the kernel's thread stays.
 */
#ifndef SHELL_BACKGROUND_H
#define SHELL_BACKGROUND_H

#include <stdbool.h>
#include <stdint.h>

#define BACKGROUND_MAX 16 /* programs in the background at once */

/* Joins the waiters of programs that ended; true if another may start. */
bool background_room(void);
/*
 * A thread waits for pid (started as program) and reports its end.  On an
 * error the program is ended at once, so that nothing runs unwatched.
 */
long background_watch(const char *program, uint32_t pid);

#endif
