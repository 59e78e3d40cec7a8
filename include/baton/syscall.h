/* syscall.h — system call numbers and their register layout: the one source of truth. */
#ifndef BATON_SYSCALL_H
#define BATON_SYSCALL_H

/*
 * ecall with a0 = number, a1..a7 = arguments.  On return a0 is BATON_OK or a
 * negative BATON_ERR_* (errors.h) and a1..a7 hold the results.  Registers
 * other than a0..a7 are preserved.  docs/abi.md has the errors of each call.
 *
 *  #  name             arguments (a1, a2, ...)              results (a1, a2, ...)
 *  1  DEBUG_WRITE      buf, len                             -  (debug: until the console service)
 *  2  EXIT             status                               (does not return)
 *  3  SPAWN            name, name_len, args, args_len       pid
 *  4  WAIT             pid (0: any child)                   pid, how, status/scause, sepc, stval
 *  5  KILL             pid                                  -
 *  6  THREAD_CREATE    entry, stack_top, arg, priority      tid
 *  7  THREAD_EXIT      value                                (does not return)
 *  8  THREAD_JOIN      tid                                  value
 *  9  YIELD            -                                    -
 * 10  SELF             -                                    tid, pid
 * 11  SET_PRIORITY     tid (0: self), priority              -
 * 12  THREAD_INFO      tid (0: self)                        cpu_ticks, priority, state
 * 13  SLEEP            nanoseconds                          -
 * 14  MAP              addr (0: anywhere), size, flags      addr
 * 15  UNMAP            addr, size                           -
 * 16  PROTECT          addr, size, flags (fewer rights)     -
 * 17  HEAP             delta (bytes, may be negative)       old break, new break
 * 18  MEM_INFO         -                                    free, total, own, kernel-object, own table pages
 * 19  POWER_OFF        failed (0/1)                         (does not return; init only)
 * 20  SYSINFO          -                                    timebase Hz, harts, processes, ASID bits
 *
 * Messages (docs/ipc.md).  Server ids are 128 bits in two registers (lo, hi).
 * 21  SERVER_CREATE    id_lo, id_hi, flags, depth           id_lo, id_hi, server handle
 * 22  SERVER_DESTROY   server handle                        -
 * 23  CONNECT          id_lo, id_hi, flags                  connection (waits for the server)
 * 24  DISCONNECT       handle                               -
 * 25  SCALAR           conn, id, w1, w2, w3, w4, flags      -
 * 26  BLOCKING_SCALAR  conn, id, w1, w2, w3, w4, flags      w1..w5, count of words in a6
 * 27  SEND             conn, id, addr, len, offset, valid, flags    -
 * 28  LEND             conn, id, addr, len, offset, valid, flags    offset, valid
 * 29  MUTABLE_LEND     conn, id, addr, len, offset, valid, flags    offset, valid
 * 30  RECEIVE          server handle, flags                 envelope
 * 31  RETURN_SCALAR    token, count (1, 2 or 5), w1..w5     -
 * 32  RETURN_MEMORY    token, offset, valid                 -
 * 33  REPLY_RECEIVE    token, how | server << 8, x1..x5     envelope of the next message
 * 34  KERNEL_CONTROL   op, value                            value (testing knobs)
 *
 * 35  FUTEX_WAIT       addr, expected                       - (waits while *addr == expected)
 * 36  FUTEX_WAKE       addr, count                          threads woken
 *
 * 37  PROCESS_INFO     pid: the next process after it       pid | parent << 32, state | threads << 8
 *                                                           | priority << 24, cpu ticks, name (a4..a7)
 * 38  SERVER_INFO      id_lo, id_hi                         owner pid, depth, queued, receivers
 *
 * User-space drivers (docs/drivers.md).
 * 39  MAP_DEVICE       pa, size                             address (device area)
 * 40  DEVICE_TREE      -                                    address, size (read-only)
 * 41  IRQ_CLAIM        source, server handle                -
 * 42  IRQ_ACK          source                               -
 * 43  IRQ_RELEASE      source                               -
 *
 * SPAWN's args is a block of NUL-terminated strings (argv[1..]); the new
 * program gets argv[0] = its name.  Its main thread starts with a0 = argc,
 * a1 = argv.
 *
 * An envelope is a1 = answer token, a2 = sender pid | kind << 32, a3 = id,
 * a4..a7 = the four words (Scalar, BlockingScalar) or the buffer's
 * server-side address, length, offset and valid (Send, Lend, MutableLend).
 */
enum baton_syscall {
	SYS_DEBUG_WRITE = 1,
	SYS_EXIT = 2,
	SYS_SPAWN = 3,
	SYS_WAIT = 4,
	SYS_KILL = 5,
	SYS_THREAD_CREATE = 6,
	SYS_THREAD_EXIT = 7,
	SYS_THREAD_JOIN = 8,
	SYS_YIELD = 9,
	SYS_SELF = 10,
	SYS_SET_PRIORITY = 11,
	SYS_THREAD_INFO = 12,
	SYS_SLEEP = 13,
	SYS_MAP = 14,
	SYS_UNMAP = 15,
	SYS_PROTECT = 16,
	SYS_HEAP = 17,
	SYS_MEM_INFO = 18,
	SYS_POWER_OFF = 19,
	SYS_SYSINFO = 20,
	SYS_SERVER_CREATE = 21,
	SYS_SERVER_DESTROY = 22,
	SYS_CONNECT = 23,
	SYS_DISCONNECT = 24,
	SYS_SCALAR = 25,
	SYS_BLOCKING_SCALAR = 26,
	SYS_SEND = 27,
	SYS_LEND = 28,
	SYS_MUTABLE_LEND = 29,
	SYS_RECEIVE = 30,
	SYS_RETURN_SCALAR = 31,
	SYS_RETURN_MEMORY = 32,
	SYS_REPLY_RECEIVE = 33,
	SYS_KERNEL_CONTROL = 34,
	SYS_FUTEX_WAIT = 35,
	SYS_FUTEX_WAKE = 36,
	SYS_PROCESS_INFO = 37,
	SYS_SERVER_INFO = 38,
	SYS_MAP_DEVICE = 39,
	SYS_DEVICE_TREE = 40,
	SYS_IRQ_CLAIM = 41,
	SYS_IRQ_ACK = 42,
	SYS_IRQ_RELEASE = 43,
	SYS_COUNT
};

/* MAP and PROTECT flags.  Write needs read; write and execute never go together. */
#define BATON_MAP_R (1u << 0)
#define BATON_MAP_W (1u << 1)
#define BATON_MAP_X (1u << 2)
/* MAP only: 2 MiB-aligned memory backed by 2 MiB pages (size a multiple of 2 MiB). */
#define BATON_MAP_MEGA (1u << 3)
/*
 * MAP only, not with MEGA: the page below the mapping is taken too and left
 * unmapped, so a stack that runs past its end faults instead of writing
 * into whatever lies below.  UNMAP may take the guard with the mapping.
 */
#define BATON_MAP_GUARD (1u << 4)
#define BATON_MEGAPAGE	(2ul << 20)

/* Message kinds, as the envelope reports them. */
#define BATON_KIND_SCALAR	   1
#define BATON_KIND_BLOCKING_SCALAR 2
#define BATON_KIND_SEND		   3
#define BATON_KIND_LEND		   4
#define BATON_KIND_MUTABLE_LEND	   5

/* SERVER_CREATE flags. */
#define BATON_SERVER_CHOOSE_ID (1u << 0) /* use id_lo/id_hi; otherwise the kernel picks */
/* CONNECT, the sending calls and RECEIVE: fail at once instead of waiting. */
#define BATON_TRY (1u << 0)
/* RECEIVE: wait at most until a3 (timebase ticks, as baton_rdtime()), then BATON_ERR_TIMEOUT. */
#define BATON_DEADLINE (1u << 1)
/* REPLY_RECEIVE's `how`: 1, 2 or 5 words, or a memory answer (x1 = offset, x2 = valid). */
#define BATON_REPLY_MEMORY 0xff

/*
 * KERNEL_CONTROL operations (testing and benchmark knobs):
 *   FASTPATH      value 0/1: use the IPC fast path; returns the old setting (PERM unless
 *                 the kernel was booted with the `knobs` option)
 *   FASTPATH_HITS how many calls took the fast path
 *   SATP_WRITES   satp writes on this hart so far
 *   TLB_FLUSHES   TLB flushes (every sfence.vma: all, one ASID, one page) on this hart so far
 *   FRAMES        value: a frame state (0 free, 1 reserved, 2 kernel, 3 page table, 4 user,
 *                 5 device); its page count
 *   KMEM_OBJECTS  kernel objects allocated now
 *   LEAF_SIZE     value: an address; the size of the page that maps it in the caller's
 *                 space (4096, 2 MiB, ...), 0 if none or in the kernel half
 *   LENT_PAGES    value 0: pages lent read-only now, 1: lent writable (system-wide)
 *   FAIL_ALLOC    value n: the caller's kernel allocation after its next n fails, once
 *                 (pages, kernel objects, messages); ~0: disarm, and whether it failed.
 *                 The IPC fast path is off while armed.  PERM without `knobs`; RANGE
 *                 (n above 2^32 - 1)
 */
#define BATON_CTL_FASTPATH	1
#define BATON_CTL_FASTPATH_HITS 2
#define BATON_CTL_SATP_WRITES	3
#define BATON_CTL_TLB_FLUSHES	4
#define BATON_CTL_FRAMES	5
#define BATON_CTL_KMEM_OBJECTS	6
#define BATON_CTL_LEAF_SIZE	7
#define BATON_CTL_LENT_PAGES	8
#define BATON_CTL_FAIL_ALLOC	9

/* The id of the Scalar a driver's server gets for each interrupt (w0 = the source, pid 0). */
#define BATON_MSG_IRQ 0x6972712d6b65726eull /* "irq-kern" */

/* PROCESS_INFO's state. */
#define BATON_PROCESS_ALIVE 0
#define BATON_PROCESS_ENDED 1

/* WAIT's `how`. */
#define BATON_EXIT_NORMAL 0 /* the process called EXIT (or its last thread THREAD_EXIT): status */
#define BATON_EXIT_FAULT  1 /* a fault ended it: scause, sepc, stval */
#define BATON_EXIT_KILLED 2 /* KILL ended it */

/* Thread priorities: higher runs first. */
#define BATON_PRIO_MIN	   0
#define BATON_PRIO_DEFAULT 16
#define BATON_PRIO_MAX	   31

/* THREAD_INFO's state. */
#define BATON_THREAD_READY   0
#define BATON_THREAD_RUNNING 1
#define BATON_THREAD_BLOCKED 2
#define BATON_THREAD_DEAD    3

/* Limits. */
#define BATON_NAME_MAX	      31   /* program names */
#define BATON_ARGS_MAX	      1024 /* SPAWN's args block */
#define BATON_THREADS_MAX     256  /* per process */
#define BATON_PROCESSES_MAX   1024
#define BATON_DEBUG_WRITE_MAX 4096
#define BATON_MAP_MAX	      (1ul << 30) /* bytes one MAP or HEAP call may add */
#define BATON_HANDLES_MAX     1024	  /* connections and server handles, per process */
#define BATON_SERVERS_MAX     1024
#define BATON_QUEUE_DEFAULT   32 /* unread messages before a sender has to wait */
#define BATON_QUEUE_MAX	      1024

#endif
