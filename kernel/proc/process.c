/* process.c — spawning programs from the boot image, ending processes, and reaping them. */
#include "proc/process.h"

#include "arch/arch.h"
#include "baton/errors.h"
#include "debug/log.h"
#include "dev/devmap.h"
#include "lib/string.h"
#include "mm/kmem.h"
#include "platform/power.h"
#include "proc/bootimage.h"
#include "proc/loader.h"
#include "proc/thread.h"
#include "sched/sched.h"
#include "smp/hart.h"
#include "sync/futex.h"
#include "syscall/syscall.h"

#define INIT_PID 1

static struct list all_processes = LIST_INIT(all_processes);
static unsigned live_count; /* alive and zombie */
static uint32_t next_pid = INIT_PID;

struct process *process_find(uint32_t pid)
{
	list_for_each(pos, &all_processes)
	{
		struct process *p = list_entry(pos, struct process, all_link);
		if (p->pid == pid)
			return p;
	}
	return NULL;
}

unsigned process_count(void)
{
	return live_count;
}

struct process *process_next(uint32_t pid)
{
	struct process *best = NULL;

	list_for_each(pos, &all_processes)
	{
		struct process *p = list_entry(pos, struct process, all_link);
		if (p->pid > pid && (!best || p->pid < best->pid))
			best = p;
	}
	return best;
}

static uint32_t new_pid(void)
{
	while (next_pid == 0 || process_find(next_pid))
		next_pid++;
	return next_pid++;
}

/* Everything after the process struct exists; undone as a whole on failure. */
static int build(struct process *p, const struct boot_program *prog, const char *args,
		 uint64_t args_len)
{
	uintptr_t entry, sp, argv;
	uint64_t argc;
	struct thread *t;
	int err = vm_create(&p->vm, p->pid);

	if (err)
		return err;
	if ((err = loader_load(&p->vm, prog, &entry)) ||
	    (err = loader_setup_stack(&p->vm, p->name, args, args_len, &sp, &argc, &argv)) ||
	    (err = thread_create(p, entry, sp, argc, argv, BATON_PRIO_DEFAULT, &t))) {
		vm_destroy(&p->vm);
		return err;
	}
	/* Order the new tables before the first walk through them (satp does not). */
	vm_flush_all(&p->vm);
	return BATON_OK;
}

int process_spawn(struct process *parent, const char *name, const char *args, uint64_t args_len,
		  struct process **out)
{
	const struct boot_program *prog = bootimage_find(name, strlen(name));

	if (!prog)
		return BATON_ERR_NOENT;
	if (live_count >= BATON_PROCESSES_MAX)
		return BATON_ERR_LIMIT;
	struct process *p = kmem_alloc(sizeof(*p));
	if (!p)
		return BATON_ERR_NOMEM;
	p->pid = new_pid();
	str_copy(p->name, name, sizeof(p->name));
	/* A child may not be scheduled above the thread that started it (init: no limit). */
	p->max_priority = parent ? this_hart()->current->base_priority : BATON_PRIO_MAX;
	list_init(&p->children);
	list_init(&p->threads);
	ipc_process_init(p);
	int err = build(p, prog, args, args_len);
	if (err) {
		kmem_free(p);
		return err;
	}
	p->parent = parent;
	if (parent)
		list_add_tail(&parent->children, &p->sibling);
	else
		list_init(&p->sibling);
	list_add_tail(&all_processes, &p->all_link);
	live_count++;
	*out = p;
	return BATON_OK;
}

/* A thread of `parent` waiting for this child, or for any. */
static struct thread *waiter_for(struct process *parent, struct process *child)
{
	list_for_each(pos, &parent->threads)
	{
		struct thread *t = list_entry(pos, struct thread, proc_link);
		if (t->state == THREAD_BLOCKED && t->block == BLOCK_WAIT &&
		    (t->wait_arg == 0 || t->wait_arg == child->pid))
			return t;
	}
	return NULL;
}

static void deliver_status(struct thread *waiter, struct process *z)
{
	struct trap_frame *ctx = &waiter->ctx;

	ctx_set_reg(ctx, 0, BATON_OK);
	ctx_set_reg(ctx, 1, z->pid);
	ctx_set_reg(ctx, 2, z->exit.how);
	ctx_set_reg(ctx, 3, z->exit.status);
	ctx_set_reg(ctx, 4, z->exit.sepc);
	ctx_set_reg(ctx, 5, z->exit.stval);
}

/* Waiters whose WAIT can no longer be satisfied (no such child left) get NOCHILD. */
static void release_hopeless_waiters(struct process *parent)
{
	list_for_each(pos, &parent->threads)
	{
		struct thread *t = list_entry(pos, struct thread, proc_link);
		struct process *z;
		if (t->state == THREAD_BLOCKED && t->block == BLOCK_WAIT &&
		    process_reap(parent, (uint32_t)t->wait_arg, &z) == BATON_ERR_NOCHILD) {
			thread_set_result(t, BATON_ERR_NOCHILD, 0, 0);
			sched_wake(t);
		}
	}
}

/* Hands a zombie's status to a waiting parent thread, if there is one. */
static void notify_parent(struct process *z)
{
	struct process *parent = z->parent;
	struct thread *waiter = parent ? waiter_for(parent, z) : NULL;

	if (!waiter)
		return;
	deliver_status(waiter, z);
	sched_wake(waiter);
	process_free(z);
	release_hopeless_waiters(parent);
}

/* Orphans go to init, which reaps them; a zombie among them is announced to it. */
static void reparent_children(struct process *p)
{
	struct process *init = process_find(INIT_PID);

	if (init == p || (init && init->state != PROC_ALIVE))
		init = NULL;
	list_for_each_safe(pos, tmp, &p->children)
	{
		struct process *c = list_entry(pos, struct process, sibling);
		list_remove(pos);
		c->parent = init;
		if (init)
			list_add_tail(&init->children, &c->sibling);
		if (c->state == PROC_ZOMBIE) {
			if (init)
				notify_parent(c);
			else
				process_free(c);
		}
	}
}

static void stop_threads(struct process *p)
{
	list_for_each_safe(pos, tmp, &p->threads)
	{
		struct thread *t = list_entry(pos, struct thread, proc_link);
		futex_forget(t);
		if (t->state != THREAD_DEAD)
			sched_forget(t);
		thread_free(t);
	}
	p->live_threads = 0;
}

void process_exit(struct process *p, const struct exit_status *how)
{
	if (p->state != PROC_ALIVE)
		return;
	kernel_control_process_ended(p->pid); /* nothing of its ending may be made to fail */
	ipc_process_exit(p); /* first: lent pages go back while every table still exists */
	devmap_process_exit(p);
	stop_threads(p);
	vm_destroy(&p->vm);
	p->exit = *how;
	p->state = PROC_ZOMBIE;
	reparent_children(p);
	log_debug("pid %u (%s) ended: how %u, status %lu", p->pid, p->name, how->how,
		  (unsigned long)how->status);
	if (p->pid == INIT_PID) {
		log_info("init exited (%s %lu): powering off",
			 how->how == BATON_EXIT_NORMAL ? "status" : "fault/kill",
			 (unsigned long)how->status);
		power_off(how->how != BATON_EXIT_NORMAL || how->status != 0);
	}
	if (!p->parent)
		process_free(p); /* nobody will ask */
	else
		notify_parent(p);
}

void process_fault(uint64_t scause, uint64_t sepc, uint64_t stval)
{
	struct thread *t = this_hart()->current;
	struct process *p = t->proc;
	struct exit_status how = {BATON_EXIT_FAULT, scause, sepc, stval};

	log_warn("pid %u (%s) tid %u: %s at sepc 0x%lx, stval 0x%lx; process ended", p->pid,
		 p->name, t->tid, arch_trap_cause_name(scause), (unsigned long)sepc,
		 (unsigned long)stval);
	process_exit(p, &how);
}

int process_reap(struct process *parent, uint32_t pid, struct process **zombie)
{
	bool any = false;

	list_for_each(pos, &parent->children)
	{
		struct process *c = list_entry(pos, struct process, sibling);
		if (pid && c->pid != pid)
			continue;
		any = true;
		if (c->state == PROC_ZOMBIE) {
			*zombie = c;
			return BATON_OK;
		}
	}
	*zombie = NULL;
	return any ? BATON_OK : BATON_ERR_NOCHILD;
}

void process_free(struct process *z)
{
	list_remove(&z->sibling);
	list_remove(&z->all_link);
	live_count--;
	kmem_free(z);
}
