/* syscall.h — system call numbers and their register layout: the one source of truth. */
#ifndef BATON_SYSCALL_H
#define BATON_SYSCALL_H

/*
 * ecall with a0 = number, a1..a7 = arguments.  On return a0 is BATON_OK or a
 * negative BATON_ERR_* (errors.h) and a1..a7 hold the results.  Registers
 * other than a0..a7 are preserved.
 *
 *  #  name              arguments (a1, a2, ...)                  results (a1, a2, ...)
 *  1  DEBUG_WRITE       buf, len                                 -             [debug: until the
 * console service] 2  EXIT              status                                   (does not return)
 *  3  SPAWN             name, name_len, args, args_len           pid
 *  4  WAIT              pid (0: any child)                       pid, how, status/scause, sepc,
 * stval 5  KILL              pid                                      - 6  THREAD_CREATE     entry,
 * stack_top, arg, priority          tid 7  THREAD_EXIT       value (does not return) 8  THREAD_JOIN
 * tid                                      value 9  YIELD             - - 10  SELF              -
 * tid, pid 11  SET_PRIORITY      tid (0: self), priority                  - 12  THREAD_INFO tid (0:
 * self)                            cpu_ticks, priority, state 13  SLEEP             nanoseconds -
 * 14  MAP               addr (0: anywhere), size, flags          addr
 * 15  UNMAP             addr, size                               -
 * 16  PROTECT           addr, size, flags (fewer rights only)    -
 * 17  HEAP              delta (bytes, may be negative)           old break, new break
 * 18  MEM_INFO          -                                        free pages, total pages, own
 * pages, kernel object pages 19  POWER_OFF         failed (0/1)                             (does
 * not return; init only) 20  SYSINFO           -                                        timebase
 * Hz, harts online, processes
 *
 * SPAWN's args is a block of NUL-terminated strings (argv[1..]); the new
 * program gets argv[0] = its name.  Its main thread starts with a0 = argc,
 * a1 = argv.
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
	SYS_COUNT
};

/* MAP and PROTECT flags.  Write needs read; write and execute never go together. */
#define BATON_MAP_R (1u << 0)
#define BATON_MAP_W (1u << 1)
#define BATON_MAP_X (1u << 2)

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

#endif
