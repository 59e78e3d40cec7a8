/* runqueue.h — one per hart: a FIFO of ready threads per priority, and the sleepers by deadline. */
#ifndef BATON_SCHED_RUNQUEUE_H
#define BATON_SCHED_RUNQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "baton/syscall.h"
#include "lib/list.h"

#define PRIO_LEVELS (BATON_PRIO_MAX + 1)

struct run_queue {
	uint32_t ready_mask; /* bit p set: ready[p] is not empty */
	struct list ready[PRIO_LEVELS];
	struct list sleepers; /* sorted by wake_at, earliest first */
};

/* Whether a ready thread outranks `priority`: a bit above it is set. */
static inline bool run_queue_outranks(const struct run_queue *rq, unsigned priority)
{
	return (rq->ready_mask >> priority) > 1;
}

#endif
