/*
 * devmap.c — user-space drivers reach their device's registers through a
 * mapping in the device area of their address space (include/baton/
 * layout.h).  A range is handed out only if the device tree lists it as an
 * enabled device's registers, never RAM and never the interrupt
 * controllers or timers, and to one process at a time.  Device registers
 * are not RAM, so the frame table has no entry for them: this list of
 * claims is their record (docs/drivers.md).
 */
#include "dev/devmap.h"

#include "baton/errors.h"
#include "baton/layout.h"
#include "lib/list.h"
#include "mm/kmem.h"
#include "mm/layout.h"
#include "platform/dt.h"
#include "mm/frame.h"
#include "proc/process.h"

#define PAGE	   4096ull
#define DEVMAP_MAX (256ull << 20) /* one mapping: more than any device's registers */

struct claim {
	paddr_t pa;
	uint64_t size;
	struct process *owner;
	uintptr_t va;
	struct list link;
};

static struct list claims = LIST_INIT(claims);

/* RAM has frames: any page with one is not device memory. */
static bool overlaps_ram(paddr_t pa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE) {
		if (frame_of(pa + off))
			return true;
	}
	return false;
}

static bool claimed(paddr_t pa, uint64_t size)
{
	list_for_each(pos, &claims)
	{
		const struct claim *c = list_entry(pos, struct claim, link);
		if (pa < c->pa + c->size && c->pa < pa + size)
			return true;
	}
	return false;
}

/* Maps pa..pa+size at a fresh place of p's device area with perm. */
/* Maps [pa, pa+size) into the device area; *va is written only when it is done. */
static int map_at(struct process *p, paddr_t pa, uint64_t size, unsigned perm, uintptr_t *va)
{
	uintptr_t at;
	int err = vm_area_take(&p->vm.devices, 0, size, PAGE, &at);

	if (err)
		return err;
	int failed = pt_map(&p->vm.pt, at, pa, size, perm, 0);

	/*
	 * Whole ASID, failed or not: tables may be new, or made and freed again
	 * by the failed map, and per-address fences skip non-leaf entries.
	 */
	vm_flush_all(&p->vm);
	if (failed) {
		vm_area_release(&p->vm.devices, at, size);
		return BATON_ERR_NOMEM;
	}
	*va = at;
	return BATON_OK;
}

int devmap_map(struct process *p, paddr_t pa, uint64_t size, uintptr_t *va)
{
	struct claim *c;

	if ((pa | size) & (PAGE - 1))
		return BATON_ERR_ALIGN;
	if (size == 0 || size > DEVMAP_MAX || pa + size < pa)
		return BATON_ERR_RANGE;
	if (overlaps_ram(pa, size) || !dt_is_device_range(pa, size))
		return BATON_ERR_PERM;
	if (claimed(pa, size))
		return BATON_ERR_INUSE;
	if (!(c = kmem_alloc(sizeof(*c))))
		return BATON_ERR_NOMEM;
	int err = map_at(p, pa, size, PERM_R | PERM_W | PERM_USER, va);
	if (err) {
		kmem_free(c);
		return err;
	}
	*c = (struct claim){.pa = pa, .size = size, .owner = p, .va = *va};
	list_add_tail(&claims, &c->link);
	return BATON_OK;
}

int devmap_unmap(struct process *p, uintptr_t va)
{
	list_for_each(pos, &claims)
	{
		struct claim *c = list_entry(pos, struct claim, link);
		if (c->owner != p || c->va != va)
			continue;
		pt_unmap(&p->vm.pt, va, c->size, NULL);
		vm_flush_all(&p->vm); /* emptied tables were freed: per-address fences skip them */
		vm_area_release(&p->vm.devices, va, c->size);
		list_remove(pos);
		kmem_free(c);
		return BATON_OK;
	}
	return BATON_ERR_NOENT;
}

int devmap_device_tree(struct process *p, uintptr_t *va, uint64_t *size)
{
	paddr_t pa = dt_blob(size);
	uint64_t offset = pa & (PAGE - 1), pages = page_up(offset + *size);

	if (!pa)
		return BATON_ERR_NOENT;
	if (!p->vm.device_tree) {
		int err = map_at(p, pa - offset, pages, PERM_R | PERM_USER, &p->vm.device_tree);
		if (err)
			return err;
	}
	*va = p->vm.device_tree + offset;
	return BATON_OK;
}

void devmap_process_exit(struct process *p)
{
	list_for_each_safe(pos, tmp, &claims)
	{
		struct claim *c = list_entry(pos, struct claim, link);
		if (c->owner == p) {
			list_remove(pos);
			kmem_free(c);
		}
	}
}
