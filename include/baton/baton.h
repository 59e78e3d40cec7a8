/* baton.h — the C API user programs call; libbaton implements it over the system calls. */
#ifndef BATON_BATON_H
#define BATON_BATON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/errors.h"
#include "baton/layout.h"
#include "baton/syscall.h"

/*
 * Functions return BATON_OK (0) or a negative BATON_ERR_*; results come
 * back through pointers.  Only libbaton executes ecall.
 */

/* The registers a system call leaves: a0 (status) and a1..a7. */
struct baton_sysret {
	long status;
	uint64_t r[8]; /* r[1] is a1, ... r[7] is a7 */
};

/* Any system call with any arguments: for tests that feed the kernel bad input. */
struct baton_sysret baton_syscall(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
				  uint64_t a5, uint64_t a6, uint64_t a7);

const char *baton_strerror(long err);

/* ---- Processes ------------------------------------------------------------------------ */

struct baton_exit {
	uint32_t pid;
	unsigned how;	 /* BATON_EXIT_NORMAL, _FAULT, _KILLED */
	uint64_t status; /* exit status, or scause for a fault */
	uint64_t sepc;
	uint64_t stval;
};

/* Starts a program of the boot image; argv (NULL-terminated, may be NULL) becomes argv[1..]. */
long baton_spawn(const char *name, const char *const argv[], uint32_t *pid);
/* Waits for a child (pid 0: any) to end. */
long baton_wait(uint32_t pid, struct baton_exit *out);
long baton_kill(uint32_t pid);
__attribute__((noreturn)) void baton_exit(int status);
/* init only. */
__attribute__((noreturn)) void baton_power_off(int failed);
/* Debug output straight to the kernel console (until the console service exists). */
long baton_debug_write(const void *buf, size_t len);

/* ---- Threads -------------------------------------------------------------------------- */

struct baton_thread_info {
	uint64_t cpu_ticks; /* time run, in timebase ticks (rate: baton_sysinfo().timebase_hz) */
	unsigned priority;
	unsigned state; /* BATON_THREAD_* */
};

/*
 * Runs fn(arg) on a new thread with its own stack (stack_size bytes, at
 * least 16 KiB) and thread-local storage; returning from fn ends the
 * thread with value 0.  baton_thread_join() frees the stack.
 */
long baton_thread_create(void (*fn)(void *), void *arg, size_t stack_size, unsigned priority,
			 uint32_t *tid);
long baton_thread_join(uint32_t tid, uint64_t *value);
__attribute__((noreturn)) void baton_thread_exit(uint64_t value);
long baton_yield(void);
long baton_self(uint32_t *tid, uint32_t *pid);
long baton_set_priority(uint32_t tid, unsigned priority);
long baton_thread_info(uint32_t tid, struct baton_thread_info *out);
long baton_sleep_ns(uint64_t ns);

/*
 * A mutex: uncontended lock and unlock are one atomic each; a contended
 * lock spins briefly, then sleeps in the kernel (FUTEX_WAIT) until unlock
 * wakes it, so a waiter of any priority lets the holder run.
 */
struct baton_mutex {
	uint32_t state; /* 0 free, 1 held, 2 held with waiters */
};
#define BATON_MUTEX_INIT                                                                           \
	{                                                                                          \
		0                                                                                  \
	}
void baton_mutex_lock(struct baton_mutex *m);
int baton_mutex_trylock(struct baton_mutex *m); /* 1 if taken */
void baton_mutex_unlock(struct baton_mutex *m);
long baton_futex_wait(uint32_t *addr, uint32_t expected);
/* Wakes up to count threads sleeping on addr; returns how many woke, or an error. */
long baton_futex_wake(uint32_t *addr, unsigned count);

/* ---- Memory --------------------------------------------------------------------------- */

struct baton_mem_info {
	uint64_t free_pages;
	uint64_t total_pages;
	uint64_t own_pages;    /* user pages of the calling process */
	uint64_t kernel_pages; /* pages holding kernel objects */
	uint64_t table_pages;  /* page-table pages of the calling process (the message window's
				  tables are kept while the process lives: docs/memory.md) */
};

/* Zeroed pages in the MAP area; addr NULL lets the kernel choose. */
long baton_map(void *addr, size_t size, unsigned flags, void **out);
long baton_unmap(void *addr, size_t size);
/* Takes rights away (BATON_MAP_* flags that remain). */
long baton_protect(void *addr, size_t size, unsigned flags);
/* Moves the heap's end by delta bytes; *old gets the previous end. */
long baton_heap(intptr_t delta, uintptr_t *old);
long baton_mem_info(struct baton_mem_info *out);

struct baton_sysinfo {
	uint64_t timebase_hz; /* rate of baton_rdtime() and of cpu_ticks */
	unsigned harts;
	unsigned processes;
	unsigned asid_bits; /* 0: every address-space switch flushes the TLB */
};
long baton_sysinfo(struct baton_sysinfo *out);
/* The timer's ticks per second (baton_rdtime() counts them): SYSINFO's timebase. */
uint64_t baton_timebase_hz(void);

/* What `ps` shows of one process. */
struct baton_process_info {
	uint32_t pid, parent;
	unsigned state;	   /* BATON_PROCESS_ALIVE, or _ENDED (not yet waited for) */
	unsigned threads;  /* live ones */
	unsigned priority; /* the highest of its live threads */
	uint64_t cpu_ticks;
	char name[BATON_NAME_MAX + 1];
};
/* The process with the next pid above `after` (start with 0); BATON_ERR_NOENT past the last. */
long baton_process_info(uint32_t after, struct baton_process_info *out);
/*
 * Whether process pid is alive (not ended).  Pids are not reused until 2^32
 * more processes have been made, so a server can tell with it that a
 * caller it holds a message of has ended.
 */
bool baton_process_alive(uint32_t pid);

/* ---- Messages (docs/ipc.md) ------------------------------------------------------------ */

struct baton_server_id {
	uint64_t lo, hi;
};

/* What RECEIVE hands a server. */
struct baton_envelope {
	uint64_t token; /* for the answer; 0 for Scalar and Send, which get none */
	uint32_t pid;	/* the sender */
	unsigned kind;	/* BATON_KIND_* */
	uint64_t id;
	uint64_t w[4]; /* the words, or the buffer: address, length, offset, valid */
};

/* id: the id wanted (with BATON_SERVER_CHOOSE_ID), and the id it got. */
long baton_server_create(struct baton_server_id *id, unsigned flags, unsigned depth,
			 uint32_t *server);
long baton_server_destroy(uint32_t server);
long baton_connect(const struct baton_server_id *id, unsigned flags, uint32_t *conn);
long baton_disconnect(uint32_t conn);

long baton_scalar(uint32_t conn, uint64_t id, const uint64_t w[4], unsigned flags);
/* answer[5] gets the words, *count how many the server sent (1, 2 or 5). */
long baton_blocking_scalar(uint32_t conn, uint64_t id, const uint64_t w[4], unsigned flags,
			   uint64_t answer[5], unsigned *count);
long baton_send(uint32_t conn, uint64_t id, void *buf, size_t len, uint64_t offset, uint64_t valid,
		unsigned flags);
/* offset and valid go to the server and come back as it answered. */
long baton_lend(uint32_t conn, uint64_t id, const void *buf, size_t len, uint64_t *offset,
		uint64_t *valid, unsigned flags);
long baton_mutable_lend(uint32_t conn, uint64_t id, void *buf, size_t len, uint64_t *offset,
			uint64_t *valid, unsigned flags);

long baton_receive(uint32_t server, unsigned flags, struct baton_envelope *env);
/* Receives, waiting at most until `deadline` (timebase ticks, as baton_rdtime()): BATON_ERR_TIMEOUT. */
long baton_receive_until(uint32_t server, uint64_t deadline, struct baton_envelope *env);

/* ---- Drivers (docs/drivers.md) -------------------------------------------------------- */

/* Maps device registers [pa, pa + size) (page-aligned) that the device tree lists. */
long baton_map_device(uint64_t pa, size_t size, void **out);
/* The device tree, read-only (the same mapping every time). */
long baton_device_tree(const void **blob, size_t *size);
/* Each interrupt of `source` masks it and arrives at `server` as a Scalar BATON_MSG_IRQ. */
long baton_irq_claim(unsigned source, uint32_t server);
/* Done with an interrupt: unmasks the source. */
long baton_irq_ack(unsigned source);
long baton_irq_release(unsigned source);
long baton_return_scalar(uint64_t token, unsigned count, const uint64_t w[5]);
long baton_return_memory(uint64_t token, uint64_t offset, uint64_t valid);
/* Answers (how: 1, 2, 5 or BATON_REPLY_MEMORY) and receives the next message in one call. */
long baton_reply_receive(uint64_t token, unsigned how, const uint64_t x[5], uint32_t server,
			 struct baton_envelope *env);
long baton_kernel_control(unsigned op, uint64_t value, uint64_t *out);

/* What the kernel knows of a server, by id (any process may ask). */
struct baton_server_info {
	uint32_t owner; /* pid */
	unsigned depth, queued, receivers;
};
long baton_server_info(const struct baton_server_id *id, struct baton_server_info *out);

/* n rounded up to whole pages (sizes for MAP, lend buffers, thread stacks). */
static inline size_t baton_page_up(size_t n)
{
	return (n + BATON_PAGE_SIZE - 1) & ~(size_t)(BATON_PAGE_SIZE - 1);
}

/* ---- Counters (readable in user mode: the kernel sets scounteren) ---------------------- */

static inline uint64_t baton_rdtime(void)
{
	uint64_t v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

static inline uint64_t baton_rdcycle(void)
{
	uint64_t v;
	__asm__ volatile("rdcycle %0" : "=r"(v));
	return v;
}

static inline uint64_t baton_rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

#endif
