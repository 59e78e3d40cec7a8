/* ipc.c — the C API over the message system calls: packing registers, unpacking envelopes. */
#include "baton/baton.h"
#include "ecall.h"

static void unpack(const struct baton_sysret *r, struct baton_envelope *env)
{
	env->token = r->r[1];
	env->pid = (uint32_t)r->r[2];
	env->kind = (unsigned)(r->r[2] >> 32);
	env->id = r->r[3];
	for (unsigned i = 0; i < 4; i++)
		env->w[i] = r->r[4 + i];
}

long baton_server_create(struct baton_server_id *id, unsigned flags, unsigned depth,
			 uint32_t *server)
{
	struct baton_sysret r = ecall4(SYS_SERVER_CREATE, id->lo, id->hi, flags, depth);

	if (r.status == BATON_OK) {
		id->lo = r.r[1];
		id->hi = r.r[2];
		*server = (uint32_t)r.r[3];
	}
	return r.status;
}

long baton_server_destroy(uint32_t server)
{
	return ecall1(SYS_SERVER_DESTROY, server).status;
}

long baton_connect(const struct baton_server_id *id, unsigned flags, uint32_t *conn)
{
	struct baton_sysret r = ecall3(SYS_CONNECT, id->lo, id->hi, flags);

	if (r.status == BATON_OK)
		*conn = (uint32_t)r.r[1];
	return r.status;
}

long baton_disconnect(uint32_t conn)
{
	return ecall1(SYS_DISCONNECT, conn).status;
}

long baton_scalar(uint32_t conn, uint64_t id, const uint64_t w[4], unsigned flags)
{
	return ecall7(SYS_SCALAR, conn, id, w[0], w[1], w[2], w[3], flags).status;
}

long baton_blocking_scalar(uint32_t conn, uint64_t id, const uint64_t w[4], unsigned flags,
			   uint64_t answer[5], unsigned *count)
{
	struct baton_sysret r =
		ecall7(SYS_BLOCKING_SCALAR, conn, id, w[0], w[1], w[2], w[3], flags);

	if (r.status == BATON_OK) {
		/* Written out: a loop would keep r in memory. */
		answer[0] = r.r[1];
		answer[1] = r.r[2];
		answer[2] = r.r[3];
		answer[3] = r.r[4];
		answer[4] = r.r[5];
		if (count)
			*count = (unsigned)r.r[6];
	}
	return r.status;
}

long baton_send(uint32_t conn, uint64_t id, void *buf, size_t len, uint64_t offset, uint64_t valid,
		unsigned flags)
{
	return ecall7(SYS_SEND, conn, id, (uintptr_t)buf, len, offset, valid, flags).status;
}

static long lend(uint64_t n, uint32_t conn, uint64_t id, const void *buf, size_t len,
		 uint64_t *offset, uint64_t *valid, unsigned flags)
{
	struct baton_sysret r = ecall7(n, conn, id, (uintptr_t)buf, len, offset ? *offset : 0,
				       valid ? *valid : 0, flags);

	if (r.status == BATON_OK) {
		if (offset)
			*offset = r.r[1];
		if (valid)
			*valid = r.r[2];
	}
	return r.status;
}

long baton_lend(uint32_t conn, uint64_t id, const void *buf, size_t len, uint64_t *offset,
		uint64_t *valid, unsigned flags)
{
	return lend(SYS_LEND, conn, id, buf, len, offset, valid, flags);
}

long baton_mutable_lend(uint32_t conn, uint64_t id, void *buf, size_t len, uint64_t *offset,
			uint64_t *valid, unsigned flags)
{
	return lend(SYS_MUTABLE_LEND, conn, id, buf, len, offset, valid, flags);
}

long baton_receive_until(uint32_t server, uint64_t deadline, struct baton_envelope *env)
{
	struct baton_sysret r = ecall3(SYS_RECEIVE, server, BATON_DEADLINE, deadline);

	if (r.status == BATON_OK)
		unpack(&r, env);
	return r.status;
}

long baton_receive(uint32_t server, unsigned flags, struct baton_envelope *env)
{
	struct baton_sysret r = ecall2(SYS_RECEIVE, server, flags);

	if (r.status == BATON_OK)
		unpack(&r, env);
	return r.status;
}

long baton_return_scalar(uint64_t token, unsigned count, const uint64_t w[5])
{
	return ecall7(SYS_RETURN_SCALAR, token, count, w[0], w[1], w[2], w[3], w[4]).status;
}

long baton_return_memory(uint64_t token, uint64_t offset, uint64_t valid)
{
	return ecall3(SYS_RETURN_MEMORY, token, offset, valid).status;
}

long baton_reply_receive(uint64_t token, unsigned how, const uint64_t x[5], uint32_t server,
			 struct baton_envelope *env)
{
	struct baton_sysret r = ecall7(SYS_REPLY_RECEIVE, token, how | (uint64_t)server << 8, x[0],
				       x[1], x[2], x[3], x[4]);

	if (r.status == BATON_OK)
		unpack(&r, env);
	return r.status;
}

long baton_kernel_control(unsigned op, uint64_t value, uint64_t *out)
{
	struct baton_sysret r = ecall2(SYS_KERNEL_CONTROL, op, value);

	if (r.status == BATON_OK && out)
		*out = r.r[1];
	return r.status;
}

long baton_server_info(const struct baton_server_id *id, struct baton_server_info *out)
{
	struct baton_sysret r = ecall2(SYS_SERVER_INFO, id->lo, id->hi);

	if (r.status == BATON_OK)
		*out = (struct baton_server_info){(uint32_t)r.r[1], (unsigned)r.r[2],
						  (unsigned)r.r[3], (unsigned)r.r[4]};
	return r.status;
}

long baton_map_device(uint64_t pa, size_t size, void **out)
{
	struct baton_sysret r = ecall2(SYS_MAP_DEVICE, pa, size);

	if (r.status == BATON_OK)
		*out = (void *)r.r[1];
	return r.status;
}

long baton_device_tree(const void **blob, size_t *size)
{
	struct baton_sysret r = ecall0(SYS_DEVICE_TREE);

	if (r.status == BATON_OK) {
		*blob = (const void *)r.r[1];
		*size = (size_t)r.r[2];
	}
	return r.status;
}

long baton_irq_claim(unsigned source, uint32_t server)
{
	return ecall2(SYS_IRQ_CLAIM, source, server).status;
}

long baton_irq_ack(unsigned source)
{
	return ecall1(SYS_IRQ_ACK, source).status;
}

long baton_irq_release(unsigned source)
{
	return ecall1(SYS_IRQ_RELEASE, source).status;
}
