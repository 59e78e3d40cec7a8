/* call.h — the message system calls' general path (kernel/ipc/call.c); fastpath.c is the quick one. */
#ifndef BATON_IPC_CALL_H
#define BATON_IPC_CALL_H

#include <stdbool.h>
#include <stdint.h>

struct server;
struct thread;

/* w: four words, or for the memory kinds the buffer's address, length, offset, valid. */
long ipc_send(struct thread *t, struct server *s, uint8_t kind, uint64_t id, const uint64_t w[4],
	      bool try_only);
/* deadline: timebase ticks (UINT64_MAX: none); past it, BATON_ERR_TIMEOUT. */
long ipc_receive(struct thread *t, struct server *s, bool try_only, uint64_t deadline);
/* how: 1, 2 or 5 words, or BATON_REPLY_MEMORY with x[0] = offset, x[1] = valid. */
long ipc_answer(struct thread *t, uint64_t token, unsigned how, const uint64_t x[5]);
long ipc_reply_receive(struct thread *t, struct server *s, uint64_t token, unsigned how,
		       const uint64_t x[5]);

#endif
