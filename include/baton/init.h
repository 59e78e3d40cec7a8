/*
 * init.h — init's control server: what the shell asks of init, which alone
 * may power the machine off and kill any process.  init registers it with
 * the name service as "init" and answers only the shell it started itself
 * (PERM for anyone else).  docs/init.md describes init as a whole.
 */
#ifndef BATON_INIT_H
#define BATON_INIT_H

#include "baton/rpc.h"

#define BATON_INIT_NAME "init"

struct baton_init_kill {
	uint32_t pid;
};

struct baton_init_shutdown {
	uint32_t failed; /* nonzero: tell the firmware the run failed */
};

/*
 * kill: NOENT (no such process), PERM (pid 1, or not asked by the shell).
 * shutdown: does not answer (the machine is off), or PERM.
 */
#define BATON_INIT_CALLS(X)                                                                        \
	X(baton_init_rpc, kill, BLOCKING_SCALAR, struct baton_init_kill, struct baton_rpc_none)    \
	X(baton_init_rpc, shutdown, BLOCKING_SCALAR, struct baton_init_shutdown,                   \
	  struct baton_rpc_none)
BATON_RPC_INTERFACE(baton_init_rpc, BATON_INIT_CALLS)

#endif
