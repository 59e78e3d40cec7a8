/* dispatch.c — system call number to handler, and the result registers back into the context. */
#include "syscall/syscall.h"

#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/fastpath.h"
#include "lib/compiler.h"
#include "sched/charge.h"
#include "sched/sched.h"

static const syscall_handler handlers[SYS_COUNT] = {
	[SYS_DEBUG_WRITE] = sys_debug_write,
	[SYS_EXIT] = sys_exit,
	[SYS_SPAWN] = sys_spawn,
	[SYS_WAIT] = sys_wait,
	[SYS_KILL] = sys_kill,
	[SYS_THREAD_CREATE] = sys_thread_create,
	[SYS_THREAD_EXIT] = sys_thread_exit,
	[SYS_THREAD_JOIN] = sys_thread_join,
	[SYS_YIELD] = sys_yield,
	[SYS_SELF] = sys_self,
	[SYS_SET_PRIORITY] = sys_set_priority,
	[SYS_THREAD_INFO] = sys_thread_info,
	[SYS_SLEEP] = sys_sleep,
	[SYS_MAP] = sys_map,
	[SYS_UNMAP] = sys_unmap,
	[SYS_PROTECT] = sys_protect,
	[SYS_HEAP] = sys_heap,
	[SYS_MEM_INFO] = sys_mem_info,
	[SYS_POWER_OFF] = sys_power_off,
	[SYS_SYSINFO] = sys_sysinfo,
	[SYS_FUTEX_WAIT] = sys_futex_wait,
	[SYS_FUTEX_WAKE] = sys_futex_wake,
	[SYS_PROCESS_INFO] = sys_process_info,
	[SYS_SERVER_INFO] = sys_server_info,
	[SYS_MAP_DEVICE] = sys_map_device,
	[SYS_DEVICE_TREE] = sys_device_tree,
	[SYS_IRQ_CLAIM] = sys_irq_claim,
	[SYS_IRQ_ACK] = sys_irq_ack,
	[SYS_IRQ_RELEASE] = sys_irq_release,
	[SYS_SERVER_CREATE] = sys_server_create,
	[SYS_SERVER_DESTROY] = sys_server_destroy,
	[SYS_CONNECT] = sys_connect,
	[SYS_DISCONNECT] = sys_disconnect,
	[SYS_SCALAR] = sys_send_kind,
	[SYS_BLOCKING_SCALAR] = sys_send_kind,
	[SYS_SEND] = sys_send_kind,
	[SYS_LEND] = sys_send_kind,
	[SYS_MUTABLE_LEND] = sys_send_kind,
	[SYS_RECEIVE] = sys_receive,
	[SYS_RETURN_SCALAR] = sys_return_scalar,
	[SYS_RETURN_MEMORY] = sys_return_memory,
	[SYS_REPLY_RECEIVE] = sys_reply_receive,
	[SYS_KERNEL_CONTROL] = sys_kernel_control,
};

/*
 * Handlers read their arguments where the trap vector saved them and write
 * results to r; the results go back only if the call did not block (a
 * blocked caller's results come from whoever wakes it).
 */
static ALWAYS_INLINE void dispatch(struct trap_frame *tf)
{
	const uint64_t *a = ctx_args(tf);
	uint64_t r[8] = {0}, n = a[0];
	long status = BATON_ERR_NOSYS;

	if (n < SYS_COUNT && handlers[n])
		status = handlers[n](a, r);
	if (status == SYSCALL_NO_RESULT)
		return; /* tf may belong to a thread that blocked, or is gone */
	ctx_set_reg(tf, 0, (uint64_t)status);
#pragma GCC unroll 7 /* every call passes here: 14 instructions, not a 35-instruction loop */
	for (unsigned i = 1; i < 8; i++)
		ctx_set_reg(tf, i, r[i]);
}

/* Out of line: the calls that do not need dispatch()'s frame get by without one. */
NOINLINE struct trap_frame *syscall_general(struct trap_frame *tf)
{
	dispatch(tf);
	return sched_next();
}

NO_FRAME_POINTER struct trap_frame *syscall_from_user(struct trap_frame *tf)
{
	sched_charge_current();
	return ipc_fastpath(tf); /* may switch straight to another thread */
}
