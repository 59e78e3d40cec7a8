/* sched.h — priority round-robin scheduling on each hart, with time slices and sleeping. */
#ifndef BATON_SCHED_SCHED_H
#define BATON_SCHED_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct hart;
struct thread;
struct trap_frame;

#define SCHED_QUANTUM_MS 10

void sched_init_hart(struct hart *h);

/* Puts a thread that is not running on its hart's ready queue (at the tail). */
void sched_make_ready(struct thread *t);
/* Stops the running thread until sched_wake(); the syscall result comes from the waker. */
void sched_block_current(uint8_t reason);
void sched_wake(struct thread *t);
/* Blocks the running thread until `when` (timebase ticks); it wakes with a0 = 0. */
void sched_sleep_current(uint64_t when);
/*
 * Gives the running thread, already blocked for some reason, a deadline:
 * at `when` thread_deadline_passed() is called and it wakes, unless
 * something wakes it first (sched_wake takes it off the timer list).
 */
void sched_block_until(uint64_t when);
/* Takes a thread out of every queue (it is dying). */
void sched_forget(struct thread *t);
/* The running thread goes to the back of its priority's queue. */
void sched_yield_current(void);
void sched_set_priority(struct thread *t, unsigned priority);
/* The running thread goes back to its queue (at the head: it keeps its turn). */
void sched_requeue_current(bool at_head);
/*
 * Direct switch: `to` becomes the running thread at once, with no pass
 * through the queues.  The running thread must already be blocked or
 * requeued.
 */
void sched_hand_over(struct thread *to);
/* Timer interrupt: wakes the sleepers that are due. */
void sched_timer(void);
/*
 * Chooses what runs next on this hart (the running thread unless a higher
 * priority is ready or its slice is over), switches address space and arms
 * the timer.  Idles when nothing is ready; returns the context to resume.
 */
struct trap_frame *sched_next(void);
/* First entry into user mode on this hart. */
__attribute__((noreturn)) void sched_start(void);

#endif
