/* sys_memory.c — MAP, UNMAP, PROTECT, HEAP, MEM_INFO. */
#include "baton/errors.h"
#include "baton/layout.h"
#include "dev/devmap.h"
#include "ipc/ipc.h"
#include "mm/frame.h"
#include "mm/kmem.h"
#include "proc/vm.h"
#include "syscall/syscall.h"

/* MAP(addr or 0, size, flags) -> addr: fresh zeroed pages in the MAP area. */
long sys_map(const uint64_t *a, uint64_t *r)
{
	uintptr_t at;
	int err = a[3] > UINT32_MAX
			  ? BATON_ERR_FLAGS
			  : vm_map_anon(&current_process()->vm, a[1], a[2], (unsigned)a[3], &at);

	if (!err)
		r[1] = at;
	return err;
}

long sys_unmap(const uint64_t *a, uint64_t *r)
{
	struct process *p = current_process();
	bool in_window;
	(void)r;

	if (a[1] >= BATON_DEVICE_BASE && a[1] < BATON_DEVICE_END)
		return devmap_unmap(p, a[1]); /* a device mapping goes whole */
	/* ALIGN and RANGE before BUSY: only a range that fits the window is looked up. */
	int err = vm_unmap_check(&p->vm, a[1], a[2], &in_window);
	if (err)
		return err;
	if (in_window && ipc_window_busy(p, a[1], a[2]))
		return BATON_ERR_BUSY; /* answer the message instead */
	return vm_unmap(&p->vm, a[1], a[2], in_window);
}

long sys_protect(const uint64_t *a, uint64_t *r)
{
	(void)r;
	if (a[3] > UINT32_MAX)
		return BATON_ERR_FLAGS;
	return vm_protect(&current_process()->vm, a[1], a[2], (unsigned)a[3]);
}

/* HEAP(delta) -> old break, new break. */
long sys_heap(const uint64_t *a, uint64_t *r)
{
	struct vm *vm = &current_process()->vm;
	uintptr_t old;
	int err = vm_heap(vm, (int64_t)a[1], &old);

	if (!err) {
		r[1] = old;
		r[2] = vm->heap_break;
	}
	return err;
}

/* MEM_INFO -> free pages, total pages, pages the caller owns, kernel object pages, its tables. */
long sys_mem_info(const uint64_t *a, uint64_t *r)
{
	struct kmem_stats k;
	(void)a;

	kmem_get_stats(&k);
	r[1] = frame_free_count();
	r[2] = frame_total_count();
	r[3] = current_process()->vm.pages;
	r[4] = k.pages;
	r[5] = pt_user_tables(&current_process()->vm.pt) + 1; /* and the root */
	return BATON_OK;
}
