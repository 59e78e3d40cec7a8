/* control.h — init's control server (include/baton/init.h), served by a thread of its own. */
#ifndef INIT_CONTROL_H
#define INIT_CONTROL_H

/* Creates the server, registers "init" with names and starts serving it. */
long control_start(void);
/* Registers "init" with names again: a names that ended forgot it. */
long control_register(void);

#endif
