/* process.h — processes: an address space, threads, children, and an exit status for the parent. */
#ifndef BATON_PROC_PROCESS_H
#define BATON_PROC_PROCESS_H

#include <stdint.h>

#include "baton/syscall.h"
#include "ipc/ipc.h"
#include "lib/list.h"
#include "proc/vm.h"

enum process_state {
	PROC_ALIVE,
	PROC_ZOMBIE, /* ended; keeps only its exit status until the parent waits */
};

struct exit_status {
	uint8_t how;	 /* BATON_EXIT_* */
	uint64_t status; /* exit code, or scause for a fault */
	uint64_t sepc;
	uint64_t stval;
};

struct process {
	uint32_t pid;
	uint8_t state;
	uint8_t max_priority; /* no thread of it may ask for more (seL4's MCP) */
	char name[BATON_NAME_MAX + 1];
	struct process *parent;
	struct list children;
	struct list sibling;
	struct list threads;
	unsigned thread_count; /* structs, dead ones not yet joined included */
	unsigned live_threads;
	struct list all_link;
	struct vm vm;
	struct exit_status exit;
	uint64_t gone_cpu_ticks;     /* CPU time of its threads already freed */
	struct handle_table handles; /* connections and servers (kernel/ipc/handle.c) */
	struct list servers;	     /* servers it owns */
};

/* Starts a program from the boot image; args is a block of NUL-terminated strings. */
int process_spawn(struct process *parent, const char *name, const char *args, uint64_t args_len,
		  struct process **out);
/* Ends p: its threads stop, its memory comes back, its parent may collect the status. */
void process_exit(struct process *p, const struct exit_status *how);
/* A user-mode fault in the running thread: logs one line and ends its process. */
void process_fault(uint64_t scause, uint64_t sepc, uint64_t stval);

struct process *process_find(uint32_t pid);
/*
 * Finds an ended child (pid 0: any): BATON_OK with *zombie set, or with
 * *zombie NULL when matching children exist but none has ended yet;
 * BATON_ERR_NOCHILD when there is no such child at all.
 */
int process_reap(struct process *parent, uint32_t pid, struct process **zombie);
void process_free(struct process *zombie);
unsigned process_count(void);
/* The process with the smallest pid above `pid`, alive or not yet collected; NULL at the end. */
struct process *process_next(uint32_t pid);

#endif
