/* control.h — init's control server (include/baton/init.h), served by a thread of its own. */
#ifndef INIT_CONTROL_H
#define INIT_CONTROL_H

/*
 * Creates the server and starts serving it, then registers "init" with
 * names if names serves now (a failure is logged; the server still runs).
 */
long control_start(void);
/* Registers "init" with names (again: a names that ended forgot it); never waits for names. */
long control_register(void);

#endif
