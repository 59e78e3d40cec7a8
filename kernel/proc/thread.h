/* thread.h — threads: a user register context, a priority, a time slice, and how they end. */
#ifndef BATON_PROC_THREAD_H
#define BATON_PROC_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"
#include "lib/list.h"

struct process;
struct hart;

enum thread_state {
	THREAD_READY = 0, /* the same numbers as BATON_THREAD_* */
	THREAD_RUNNING = 1,
	THREAD_BLOCKED = 2,
	THREAD_DEAD = 3,
};

enum block_reason {
	BLOCK_NONE,
	BLOCK_SLEEP,
	BLOCK_JOIN,    /* wait_arg = tid */
	BLOCK_WAIT,    /* wait_arg = pid, 0 for any child */
	BLOCK_CALL,    /* a two-way message: `call`, until its answer */
	BLOCK_SEND,    /* a one-way message: `call`, until the queue has room for it */
	BLOCK_RECEIVE, /* on a server's receivers (ipc_link): nothing was queued */
	BLOCK_CONNECT, /* no server has `connect_id` yet */
	BLOCK_FUTEX,   /* wait_arg = the futex word's address */
};

struct thread {
	struct trap_frame ctx; /* user registers, saved by every trap from user mode */
	uint32_t tid;
	uint8_t state;
	uint8_t priority;
	uint8_t block;
	bool joined; /* a thread has joined it, or is waiting to */
	struct process *proc;
	struct hart *hart;    /* whose queues it lives on */
	struct list run_link; /* ready queue or sleeper list */
	struct list proc_link;
	uint64_t quantum;    /* slice length, timebase ticks */
	uint64_t slice_left; /* of the current slice */
	uint64_t cpu_ticks;  /* time run in user mode */
	uint64_t wake_at;    /* when timed: the deadline */
	bool timed;	     /* on its hart's timer list (run_link) until wake_at */
	uint64_t wait_arg;
	uint64_t exit_value;

	/* Messages (kernel/ipc/) */
	uint8_t base_priority;	/* as the program set it; `priority` adds what it inherits */
	struct thread *sc;	/* scheduling context: whose slice and CPU time it runs on */
	struct message *call;	/* BLOCK_CALL, BLOCK_SEND */
	struct list ipc_link;	/* a server's receivers, or the connect waiters */
	struct list serving;	/* messages received and not yet answered */
	uint64_t connect_id[2]; /* BLOCK_CONNECT */
};

/* A new ready thread of p, starting at entry with sp, a0 and a1 as given. */
int thread_create(struct process *p, uintptr_t entry, uintptr_t sp, uint64_t a0, uint64_t a1,
		  unsigned priority, struct thread **out);
/* Ends t; when it was the process's last live thread, the process ends with `value`. */
void thread_exit(struct thread *t, uint64_t value);
/* Frees a dead thread (joined, or its process is gone). */
void thread_free(struct thread *t);
struct thread *thread_find(struct process *p, uint32_t tid);

/* A blocked thread's deadline has come: its call gets the result that says so. */
void thread_deadline_passed(struct thread *t);

/* Sets the result registers of a thread that is blocked in a system call. */
void thread_set_result(struct thread *t, long status, uint64_t r1, uint64_t r2);

#endif
