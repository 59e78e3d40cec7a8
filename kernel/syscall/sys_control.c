/*
 * sys_control.c — KERNEL_CONTROL: counters for tests and benchmarks, open
 * to every process, and knobs that change how the kernel behaves (the fast
 * path, injected allocation failures), only in a kernel booted with `knobs`.
 */
#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/layout.h"
#include "baton/syscall.h"
#include "ipc/fastpath.h"
#include "ipc/internal.h"
#include "lib/failpoint.h"
#include "mm/frame.h"
#include "mm/kmem.h"
#include "proc/process.h"
#include "proc/thread.h"
#include "smp/hart.h"
#include "syscall/syscall.h"

/*
 * Whether KERNEL_CONTROL may change how the kernel behaves (the `knobs`
 * boot option).  The counters are only read and stay open to everyone; a
 * switch that slows every process's calls must not be.
 */
static bool knobs_allowed;

static uint32_t allocating_pid(void);

void syscall_allow_knobs(void)
{
	knobs_allowed = true;
	failpoint_current_pid = allocating_pid;
}

static uint32_t allocating_pid(void)
{
	const struct thread *t = this_hart()->current;

	return t ? t->proc->pid : 0;
}

/*
 * FAIL_ALLOC(n): the caller's allocation after its next n fails; n = ~0
 * disarms and says whether it failed.  The fast path, which takes messages
 * only from a pool that has them, is off while armed, so that every call
 * goes where allocations are.
 */
static uint32_t armed_by; /* the process that armed it last; 0: disarmed */
static bool fastpath_was;

static bool disarm(void)
{
	bool fired = failpoint_disarm();

	if (armed_by)
		ipc_fastpath_set(fastpath_was);
	armed_by = 0;
	return fired;
}

static long fail_alloc(uint64_t after, uint64_t *r)
{
	if (after == ~0ull) {
		r[1] = disarm();
		return BATON_OK;
	}
	if (after > UINT32_MAX)
		return BATON_ERR_RANGE;
	if (!armed_by)
		fastpath_was = ipc_fastpath_set(false);
	armed_by = current_process()->pid;
	failpoint_arm(armed_by, (uint32_t)after);
	return BATON_OK;
}

void kernel_control_process_ended(uint32_t pid)
{
	if (armed_by == pid)
		disarm(); /* a test that ended armed leaves the fast path as it found it */
}

/* KERNEL_CONTROL(op, value): knobs for tests and benchmarks. */
long sys_kernel_control(const uint64_t *a, uint64_t *r)
{
	struct hart *h = this_hart();

	switch (a[1]) {
	case BATON_CTL_FASTPATH:
		if (!knobs_allowed)
			return BATON_ERR_PERM;
		r[1] = ipc_fastpath_set(a[2] != 0);
		return BATON_OK;
	case BATON_CTL_FAIL_ALLOC:
		return knobs_allowed ? fail_alloc(a[2], r) : BATON_ERR_PERM;
	case BATON_CTL_FASTPATH_HITS:
		r[1] = h->fastpath_hits;
		return BATON_OK;
	case BATON_CTL_SATP_WRITES:
		r[1] = h->satp_writes;
		return BATON_OK;
	case BATON_CTL_TLB_FLUSHES:
		r[1] = h->tlb_flushes;
		return BATON_OK;
	case BATON_CTL_FRAMES:
		if (a[2] >= FRAME_STATE_COUNT)
			return BATON_ERR_RANGE;
		r[1] = frame_count((enum frame_state)a[2]);
		return BATON_OK;
	case BATON_CTL_LEAF_SIZE: {
		/* The kernel half's pages are not the caller's. */
		bool user = a[2] < BATON_USER_END;
		struct pt_leaf leaf;
		r[1] = user && !pt_get_leaf(&current_process()->vm.pt, a[2], &leaf) ? leaf.size : 0;
		return BATON_OK;
	}
	case BATON_CTL_LENT_PAGES:
		r[1] = transfer_lent_pages(a[2] != 0);
		return BATON_OK;
	case BATON_CTL_KMEM_OBJECTS: {
		struct kmem_stats st;
		kmem_get_stats(&st);
		r[1] = st.objects;
		return BATON_OK;
	}
	default:
		return BATON_ERR_INVAL;
	}
}
