/* syscall.h — the shape every system call handler has, and the dispatcher. */
#ifndef BATON_SYSCALL_SYSCALL_H
#define BATON_SYSCALL_SYSCALL_H

#include <stdint.h>

#include "proc/process.h"
#include "proc/thread.h"
#include "smp/hart.h"

struct trap_frame;

/*
 * A handler gets the argument registers (a[1] is a1 ...) and fills results
 * (r[1] is a1 ...); it returns BATON_OK or a BATON_ERR_* for a0.  A handler
 * whose thread blocked or ended returns SYSCALL_NO_RESULT: whoever wakes the
 * thread writes its results.
 */
#define SYSCALL_NO_RESULT 1
typedef long (*syscall_handler)(const uint64_t *a, uint64_t *r);

/*
 * Every system call, from the trap vector (tf: the caller's registers, a0 =
 * the number, sepc already past the ecall).  Returns the context to resume:
 * the IPC fast path's target, or whatever the scheduler picks.
 */
struct trap_frame *syscall_from_user(struct trap_frame *tf);
/* The general way: the handler, then the scheduler (the fast path's fallback). */
struct trap_frame *syscall_general(struct trap_frame *tf);

static inline struct thread *current_thread(void)
{
	return this_hart()->current;
}

static inline struct process *current_process(void)
{
	return this_hart()->current->proc;
}

/* Handlers, by area (sys_process.c, sys_thread.c, sys_memory.c). */
long sys_debug_write(const uint64_t *a, uint64_t *r);
long sys_exit(const uint64_t *a, uint64_t *r);
long sys_spawn(const uint64_t *a, uint64_t *r);
long sys_wait(const uint64_t *a, uint64_t *r);
long sys_kill(const uint64_t *a, uint64_t *r);
long sys_power_off(const uint64_t *a, uint64_t *r);
long sys_thread_create(const uint64_t *a, uint64_t *r);
long sys_thread_exit(const uint64_t *a, uint64_t *r);
long sys_thread_join(const uint64_t *a, uint64_t *r);
long sys_yield(const uint64_t *a, uint64_t *r);
long sys_self(const uint64_t *a, uint64_t *r);
long sys_set_priority(const uint64_t *a, uint64_t *r);
long sys_thread_info(const uint64_t *a, uint64_t *r);
long sys_process_info(const uint64_t *a, uint64_t *r);
long sys_server_info(const uint64_t *a, uint64_t *r);
long sys_map_device(const uint64_t *a, uint64_t *r);
long sys_device_tree(const uint64_t *a, uint64_t *r);
long sys_irq_claim(const uint64_t *a, uint64_t *r);
long sys_irq_ack(const uint64_t *a, uint64_t *r);
long sys_irq_release(const uint64_t *a, uint64_t *r);
long sys_sleep(const uint64_t *a, uint64_t *r);
long sys_map(const uint64_t *a, uint64_t *r);
long sys_unmap(const uint64_t *a, uint64_t *r);
long sys_protect(const uint64_t *a, uint64_t *r);
long sys_heap(const uint64_t *a, uint64_t *r);
long sys_mem_info(const uint64_t *a, uint64_t *r);
long sys_sysinfo(const uint64_t *a, uint64_t *r);
long sys_futex_wait(const uint64_t *a, uint64_t *r);
long sys_futex_wake(const uint64_t *a, uint64_t *r);
long sys_server_create(const uint64_t *a, uint64_t *r);
long sys_server_destroy(const uint64_t *a, uint64_t *r);
long sys_connect(const uint64_t *a, uint64_t *r);
long sys_disconnect(const uint64_t *a, uint64_t *r);
/* SCALAR, BLOCKING_SCALAR, SEND, LEND, MUTABLE_LEND: the call number (a[0]) gives the kind. */
long sys_send_kind(const uint64_t *a, uint64_t *r);
long sys_receive(const uint64_t *a, uint64_t *r);
long sys_return_scalar(const uint64_t *a, uint64_t *r);
long sys_return_memory(const uint64_t *a, uint64_t *r);
long sys_reply_receive(const uint64_t *a, uint64_t *r);
long sys_kernel_control(const uint64_t *a, uint64_t *r);
/*
 * Lets KERNEL_CONTROL switch the fast path and inject allocation failures
 * (boot option `knobs`: tests and benchmarks).
 */
void syscall_allow_knobs(void);
/* A process ends: an allocation failure it armed is disarmed. */
void kernel_control_process_ended(uint32_t pid);

#endif
