/* sys_ipc.c — the message system calls: argument checks, then kernel/ipc/. */
#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/call.h"
#include "ipc/internal.h"
#include "proc/process.h"
#include "syscall/syscall.h"

/* SERVER_CREATE(id_lo, id_hi, flags, depth) -> id_lo, id_hi, server handle. */
long sys_server_create(const uint64_t *a, uint64_t *r)
{
	struct process *p = current_process();
	uint64_t id[2] = {a[1], a[2]};
	struct server *s;

	if (a[3] & ~(uint64_t)BATON_SERVER_CHOOSE_ID)
		return BATON_ERR_FLAGS;
	if (a[4] > BATON_QUEUE_MAX)
		return BATON_ERR_RANGE;
	int err = server_create(p, id, a[3] & BATON_SERVER_CHOOSE_ID, (unsigned)a[4], &s);
	if (err)
		return err;
	int h = handle_add(p, HANDLE_SERVER, s);
	if (h < 0) {
		server_destroy(s); /* no handle refers to it: freed at once */
		return h;
	}
	server_publish(s);
	r[1] = s->id[0];
	r[2] = s->id[1];
	r[3] = (uint64_t)h;
	return BATON_OK;
}

/* SERVER_DESTROY(server handle). */
long sys_server_destroy(const uint64_t *a, uint64_t *r)
{
	struct process *p = current_process();
	struct server *s = handle_server(p, a[1], HANDLE_SERVER);

	(void)r;
	if (!s)
		return BATON_ERR_BADHANDLE;
	server_destroy(s);
	return handle_close(p, a[1]);
}

/* CONNECT(id_lo, id_hi, flags) -> connection handle; waits for the server unless BATON_TRY. */
long sys_connect(const uint64_t *a, uint64_t *r)
{
	uint64_t id[2] = {a[1], a[2]};
	struct server *s;

	if (a[3] & ~(uint64_t)BATON_TRY)
		return BATON_ERR_FLAGS;
	if (!(s = server_find(id))) {
		if (a[3] & BATON_TRY)
			return BATON_ERR_NOSERVER;
		connect_wait(current_thread(), id);
		return SYSCALL_NO_RESULT;
	}
	int h = handle_add(current_process(), HANDLE_CONNECTION, s);
	if (h < 0)
		return h;
	r[1] = (uint64_t)h;
	return BATON_OK;
}

/* DISCONNECT(connection handle). */
long sys_disconnect(const uint64_t *a, uint64_t *r)
{
	struct process *p = current_process();

	(void)r;
	if (!handle_server(p, a[1], HANDLE_CONNECTION))
		return BATON_ERR_BADHANDLE;
	return handle_close(p, a[1]);
}

/*
 * The five sending calls: conn, id, four words (or buffer), flags in a7.
 * Their numbers run in the order of the kinds, so the number says the kind.
 */
_Static_assert(SYS_BLOCKING_SCALAR - SYS_SCALAR == BATON_KIND_BLOCKING_SCALAR - BATON_KIND_SCALAR &&
		       SYS_SEND - SYS_SCALAR == BATON_KIND_SEND - BATON_KIND_SCALAR &&
		       SYS_LEND - SYS_SCALAR == BATON_KIND_LEND - BATON_KIND_SCALAR &&
		       SYS_MUTABLE_LEND - SYS_SCALAR == BATON_KIND_MUTABLE_LEND - BATON_KIND_SCALAR,
	       "the sending calls are numbered in the order of the kinds");

long sys_send_kind(const uint64_t *a, uint64_t *r)
{
	struct server *s = handle_server(current_process(), a[1], HANDLE_CONNECTION);
	uint8_t kind = (uint8_t)(a[0] - SYS_SCALAR + BATON_KIND_SCALAR);

	(void)r;
	if (a[7] & ~(uint64_t)BATON_TRY)
		return BATON_ERR_FLAGS;
	if (!s)
		return BATON_ERR_BADHANDLE;
	return ipc_send(current_thread(), s, kind, a[2], &a[3], a[7] & BATON_TRY);
}

/* RECEIVE(server handle, flags, deadline) -> envelope; deadline with BATON_DEADLINE. */
long sys_receive(const uint64_t *a, uint64_t *r)
{
	struct server *s = handle_server(current_process(), a[1], HANDLE_SERVER);

	(void)r;
	if (a[2] & ~(uint64_t)(BATON_TRY | BATON_DEADLINE))
		return BATON_ERR_FLAGS;
	if (!s)
		return BATON_ERR_BADHANDLE;
	return ipc_receive(current_thread(), s, a[2] & BATON_TRY,
			   a[2] & BATON_DEADLINE ? a[3] : UINT64_MAX);
}

/* RETURN_SCALAR(token, count, w1..w5). */
long sys_return_scalar(const uint64_t *a, uint64_t *r)
{
	(void)r;
	if (!answer_count_ok(a[2]))
		return BATON_ERR_INVAL;
	return ipc_answer(current_thread(), a[1], (unsigned)a[2], &a[3]);
}

/* RETURN_MEMORY(token, offset, valid). */
long sys_return_memory(const uint64_t *a, uint64_t *r)
{
	uint64_t x[5] = {a[2], a[3], 0, 0, 0};

	(void)r;
	return ipc_answer(current_thread(), a[1], BATON_REPLY_MEMORY, x);
}

/* REPLY_RECEIVE(token, how | server << 8, x1..x5) -> the next envelope. */
long sys_reply_receive(const uint64_t *a, uint64_t *r)
{
	unsigned how = a[2] & 0xff;
	struct server *s = handle_server(current_process(), a[2] >> 8, HANDLE_SERVER);

	(void)r;
	if (!answer_count_ok(how) && how != BATON_REPLY_MEMORY)
		return BATON_ERR_INVAL;
	if (!s)
		return BATON_ERR_BADHANDLE;
	return ipc_reply_receive(current_thread(), s, a[1], how, &a[3]);
}

/* SERVER_INFO(id_lo, id_hi) -> owner pid, queue depth, messages queued, threads receiving. */
long sys_server_info(const uint64_t *a, uint64_t *r)
{
	uint64_t id[2] = {a[1], a[2]};
	const struct server *s = server_find(id);
	uint64_t receivers = 0;

	if (!s)
		return BATON_ERR_NOSERVER;
	list_for_each(pos, &s->receivers) receivers++;
	r[1] = s->owner->pid;
	r[2] = s->depth;
	r[3] = s->unread;
	r[4] = receivers;
	return BATON_OK;
}
