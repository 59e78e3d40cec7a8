/* sys_process.c — DEBUG_WRITE, EXIT, SPAWN, WAIT, KILL, POWER_OFF. */
#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/syscall.h"
#include "debug/console.h"
#include "lib/string.h"
#include "mm/usercopy.h"
#include "platform/power.h"
#include "proc/thread.h"
#include "sched/sched.h"
#include "syscall/syscall.h"
#include "time/timer.h"

/* DEBUG_WRITE(buf, len): until the console service exists, programs print through here. */
long sys_debug_write(const uint64_t *a, uint64_t *r)
{
	static char buf[BATON_DEBUG_WRITE_MAX];
	(void)r;

	if (a[2] > sizeof(buf))
		return BATON_ERR_RANGE;
	int err = user_read(&current_process()->vm, buf, a[1], a[2]);
	if (err)
		return err;
	console_write(buf, a[2]);
	return BATON_OK;
}

long sys_exit(const uint64_t *a, uint64_t *r)
{
	struct exit_status how = {.how = BATON_EXIT_NORMAL, .status = a[1]};
	(void)r;

	process_exit(current_process(), &how);
	return SYSCALL_NO_RESULT;
}

/* SPAWN(name, name_len, args, args_len) -> pid. */
long sys_spawn(const uint64_t *a, uint64_t *r)
{
	static char args[BATON_ARGS_MAX];
	char name[BATON_NAME_MAX + 1];
	struct process *self = current_process(), *child;
	int err;

	if (a[2] == 0 || a[2] > BATON_NAME_MAX || a[4] > BATON_ARGS_MAX)
		return BATON_ERR_RANGE;
	if ((err = user_read(&self->vm, name, a[1], a[2])) ||
	    (err = user_read(&self->vm, args, a[3], a[4])))
		return err;
	name[a[2]] = '\0';
	if (strlen(name) != a[2] || (a[4] && args[a[4] - 1] != '\0'))
		return BATON_ERR_INVAL; /* a NUL inside the name, or an unterminated argument */
	if ((err = process_spawn(self, name, args, a[4], &child)))
		return err;
	r[1] = child->pid;
	return BATON_OK;
}

static void status_results(const struct process *z, uint64_t *r)
{
	r[1] = z->pid;
	r[2] = z->exit.how;
	r[3] = z->exit.status;
	r[4] = z->exit.sepc;
	r[5] = z->exit.stval;
}

/* WAIT(pid or 0) -> pid, how, status/scause, sepc, stval; blocks until a child ends. */
long sys_wait(const uint64_t *a, uint64_t *r)
{
	struct process *zombie;

	if (a[1] > UINT32_MAX)
		return BATON_ERR_NOCHILD;
	int err = process_reap(current_process(), (uint32_t)a[1], &zombie);
	if (err)
		return err;
	if (zombie) {
		status_results(zombie, r);
		process_free(zombie);
		return BATON_OK;
	}
	current_thread()->wait_arg = a[1];
	sched_block_current(BLOCK_WAIT);
	return SYSCALL_NO_RESULT;
}

/* KILL(pid): a parent may end its children; init may end anyone. */
long sys_kill(const uint64_t *a, uint64_t *r)
{
	struct process *self = current_process();
	struct process *target = a[1] <= UINT32_MAX ? process_find((uint32_t)a[1]) : NULL;
	struct exit_status how = {.how = BATON_EXIT_KILLED};
	(void)r;

	if (!target || target->state != PROC_ALIVE)
		return BATON_ERR_NOENT;
	if (target->parent != self && self->pid != 1 && target != self)
		return BATON_ERR_PERM;
	process_exit(target, &how);
	return target == self ? SYSCALL_NO_RESULT : BATON_OK;
}

/* POWER_OFF(failed): only init decides when the machine stops. */
long sys_power_off(const uint64_t *a, uint64_t *r)
{
	(void)r;
	if (current_process()->pid != 1)
		return BATON_ERR_PERM;
	power_off(a[1] != 0);
}

/*
 * PROCESS_INFO(pid) -> the process with the next larger pid: pid | parent <<
 * 32, state | live threads << 8 | highest thread priority << 24, CPU ticks
 * (every thread, freed ones included), and the name in a4..a7.  NOENT after
 * the last.  For `ps`: any process may list them all.
 */
long sys_process_info(const uint64_t *a, uint64_t *r)
{
	struct process *p = a[1] <= UINT32_MAX ? process_next((uint32_t)a[1]) : NULL;
	uint64_t ticks, priority = 0;

	if (!p)
		return BATON_ERR_NOENT;
	ticks = p->gone_cpu_ticks;
	list_for_each(pos, &p->threads)
	{
		const struct thread *t = list_entry(pos, struct thread, proc_link);
		ticks += t->cpu_ticks;
		if (t->state != THREAD_DEAD && t->priority > priority)
			priority = t->priority;
	}
	r[1] = p->pid | (uint64_t)(p->parent ? p->parent->pid : 0) << 32;
	r[2] = p->state | (uint64_t)p->live_threads << 8 | priority << 24;
	r[3] = ticks;
	memcpy(&r[4], p->name, sizeof(p->name) < 32 ? sizeof(p->name) : 32);
	return BATON_OK;
}

/* SYSINFO -> timebase Hz, harts online, processes (alive and unreaped), ASID bits. */
long sys_sysinfo(const uint64_t *a, uint64_t *r)
{
	(void)a;
	r[1] = timer_frequency();
	r[2] = harts_online();
	r[3] = process_count();
	r[4] = asid_bits(); /* probed once at boot */
	return BATON_OK;
}
