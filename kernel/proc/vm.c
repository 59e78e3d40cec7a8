/* vm.c — user address spaces: fresh zeroed pages, anonymous mappings, protection, the heap. */
#include "proc/vm.h"

#include "arch/mmu_switch.h"
#include "baton/errors.h"
#include "baton/layout.h"
#include "mm/layout.h"
#include "baton/syscall.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmap.h"
#include "smp/hart.h"

#define PAGE	      4096ul
#define MEGA	      BATON_MEGAPAGE
#define MEGA_ORDER    9
#define FLUSH_BY_PAGE 64 /* beyond this many pages, flush the whole ASID */

int vm_create(struct vm *vm, uint32_t owner)
{
	memset(vm, 0, sizeof(*vm));
	vm_area_init(&vm->maps, BATON_MAP_BASE, BATON_MAP_END);
	vm_area_init(&vm->window, BATON_WINDOW_BASE, BATON_WINDOW_END);
	vm_area_init(&vm->devices, BATON_DEVICE_BASE, BATON_DEVICE_END);
	vm->owner = owner;
	if (pt_create_user(&vm->pt, owner, &kernel_pt))
		return BATON_ERR_NOMEM;
	vm->asid = asid_alloc();
	return BATON_OK;
}

void vm_activate(struct vm *vm)
{
	if (this_hart()->active_root != vm->pt.root)
		arch_mmu_switch(vm->pt.root, vm->asid);
}

void vm_flush_all(struct vm *vm)
{
	if (vm->asid)
		arch_tlb_flush_asid(vm->asid);
	else
		arch_tlb_flush_all();
}

/*
 * After PTEs of this space changed: entries tagged with its ASID may be
 * cached whether or not it is loaded now.  (ASID 0 flushes by address in
 * every ASID.)  Invalid-to-valid changes need this too: the privileged spec
 * lets a hart cache an invalid entry.
 */
void vm_flush(struct vm *vm, uintptr_t va, uint64_t size)
{
	if (size / PAGE > FLUSH_BY_PAGE) {
		vm_flush_all(vm);
		return;
	}
	arch_tlb_flush_pages(va, size / PAGE, vm->asid);
}

/*
 * Frees the user pages this space owns in a leaf, block by block; others
 * are left alone.  So are pages lent out: a server still holds them, and
 * they are freed when it answers (transfer.c, give_back).
 */
static void release_leaf(uintptr_t va, paddr_t pa, uint64_t size, unsigned perm, void *arg)
{
	struct vm *vm = arg;
	(void)va;

	if (perm & PERM_LENT)
		return;
	for (uint64_t off = 0; off < size;) {
		struct frame *f = frame_of(pa + off);
		uint64_t pages = f && (f->flags & FRAME_HEAD) ? 1ull << f->order : 1;
		if (f && f->state == FRAME_USER && f->owner == vm->owner &&
		    (f->flags & FRAME_HEAD) && off + pages * PAGE <= size &&
		    frame_free(pa + off, f->order) == 0)
			vm->pages -= pages;
		off += pages * PAGE;
	}
}

/*
 * Splits any 2 MiB page straddling va, in the table and in the frame table,
 * so that the two sides can be freed apart.  Changes no translation.
 */
int vm_split_at(struct vm *vm, uintptr_t va)
{
	struct pt_leaf leaf;

	if (pt_get_leaf(&vm->pt, va, &leaf) || leaf.size == PAGE || !(va & (leaf.size - 1)))
		return BATON_OK;
	frame_split(leaf.pa, MEGA_ORDER); /* not a 2 MiB block of frames: nothing to split */
	return pt_split_at(&vm->pt, va) ? BATON_ERR_NOMEM : BATON_OK;
}

struct own_check {
	struct vm *vm;
	bool all_owned;
};

static void check_owned(uintptr_t va, paddr_t pa, uint64_t size, unsigned perm, void *arg)
{
	struct own_check *c = arg;
	struct frame *f = frame_of(pa);
	(void)va;
	(void)size;

	if ((perm & PERM_LENT) || !f || f->state != FRAME_USER || f->owner != c->vm->owner)
		c->all_owned = false;
}

/*
 * Unmaps [va, va+size) and frees the pages this space owns there: LENT,
 * with nothing changed, if a page there is lent out or not its own (it
 * could not be unmapped, and must not be freed while still mapped).
 */
static int unmap_and_release(struct vm *vm, uintptr_t va, uint64_t size)
{
	struct own_check c = {vm, true};

	pt_for_each_leaf(&vm->pt, va, va + size, check_owned, &c);
	if (!c.all_owned)
		return BATON_ERR_LENT;
	int err = vm_split_at(vm, va);

	if (!err)
		err = vm_split_at(vm, va + size);
	if (err)
		return err;
	pt_for_each_leaf(&vm->pt, va, va + size, release_leaf, vm);
	pt_unmap(&vm->pt, va, size, NULL);
	/* Whole ASID: emptied tables were freed, and per-address fences skip non-leaf entries. */
	vm_flush_all(vm);
	return BATON_OK;
}

void vm_destroy(struct vm *vm)
{
	/* Never leave a hart walking tables that are about to be freed. */
	if (this_hart()->active_root == vm->pt.root)
		arch_mmu_activate(kernel_pt.root);
	pt_for_each_leaf(&vm->pt, 0, BATON_USER_END, release_leaf, vm);
	pt_destroy(&vm->pt);
	asid_free(vm->asid);
	vm_area_clear(&vm->maps);
	vm_area_clear(&vm->window);
	vm_area_clear(&vm->devices);
}

static unsigned perm_from_flags(unsigned flags)
{
	return (flags & BATON_MAP_R ? PERM_R : 0) | (flags & BATON_MAP_W ? PERM_W : 0) |
	       (flags & BATON_MAP_X ? PERM_X : 0) | PERM_USER;
}

static bool flags_ok(unsigned flags, unsigned extra)
{
	const unsigned rights = BATON_MAP_R | BATON_MAP_W | BATON_MAP_X;

	if (flags & ~(rights | extra) || !(flags & rights))
		return false;
	if ((flags & BATON_MAP_W) && (!(flags & BATON_MAP_R) || (flags & BATON_MAP_X)))
		return false;
	return true;
}

int vm_map_fresh(struct vm *vm, uintptr_t va, uint64_t size, unsigned perm, bool mega)
{
	uint64_t step = mega ? MEGA : PAGE;

	for (uint64_t done = 0; done < size; done += step) {
		paddr_t pa;
		if (!frame_alloc(mega ? MEGA_ORDER : 0, FRAME_USER, vm->owner, &pa)) {
			unmap_and_release(vm, va, done);
			return BATON_ERR_NOMEM;
		}
		memset(phys_to_virt(pa), 0, step);
		vm->pages += step / PAGE;
		if (pt_map(&vm->pt, va + done, pa, step, perm, mega ? MAP_HUGE : 0)) {
			frame_free(pa, mega ? MEGA_ORDER : 0);
			vm->pages -= step / PAGE;
			unmap_and_release(vm, va, done);
			return BATON_ERR_NOMEM;
		}
	}
	return BATON_OK;
}

int vm_map_anon(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags, uintptr_t *out)
{
	bool mega = flags & BATON_MAP_MEGA;
	uint64_t align = mega ? MEGA : PAGE;
	uint64_t guard = flags & BATON_MAP_GUARD ? PAGE : 0; /* taken below, never mapped */

	if (!flags_ok(flags, BATON_MAP_MEGA | BATON_MAP_GUARD) || (mega && guard))
		return BATON_ERR_FLAGS;
	if (size == 0 || size > BATON_MAP_END - BATON_MAP_BASE)
		return BATON_ERR_RANGE;
	size = page_up(size);
	if ((addr & (align - 1)) || (size & (align - 1)))
		return BATON_ERR_ALIGN;
	if (size > BATON_MAP_MAX || size / PAGE > frame_free_count())
		return BATON_ERR_NOMEM; /* refused before the non-preemptible work starts */
	/* A given addr is page-aligned and not 0; its guard must lie in the area too (not at 0,
	 * which would mean "anywhere"). */
	if (addr && addr - guard < BATON_MAP_BASE)
		return BATON_ERR_RANGE;
	int err = vm_area_take(&vm->maps, addr ? addr - guard : 0, size + guard, align, &addr);
	if (err)
		return err;
	if ((err = vm_map_fresh(vm, addr + guard, size, perm_from_flags(flags), mega))) {
		vm_area_release(&vm->maps, addr, size + guard);
		return err;
	}
	addr += guard;
	vm_flush_all(vm); /* tables may be new */
	if (flags & BATON_MAP_X)
		arch_sync_icache(); /* the frames may have held other code */
	*out = addr;
	return BATON_OK;
}

/*
 * UNMAP works in the MAP area and in the message window.  In the window only
 * pages the process owns (received by Send) may go: lent pages go back by
 * answering their message.
 */
int vm_unmap_check(struct vm *vm, uintptr_t addr, uint64_t size, bool *in_window)
{
	struct vm_area *area = vm_area_holds(&vm->window, addr, 1) ? &vm->window : &vm->maps;

	*in_window = area == &vm->window;
	if (addr & (PAGE - 1))
		return BATON_ERR_ALIGN;
	/* Whole pages must fit too; page_up cannot wrap once size fits the area. */
	if (size == 0 || !vm_area_holds(area, addr, size) ||
	    !vm_area_holds(area, addr, page_up(size)))
		return BATON_ERR_RANGE;
	return BATON_OK;
}

int vm_unmap(struct vm *vm, uintptr_t addr, uint64_t size, bool in_window)
{
	struct vm_area *area = in_window ? &vm->window : &vm->maps;
	bool made;

	size = page_up(size);
	/* The area's record first (LIMIT, NOMEM): once pages are freed, nothing may fail. */
	int err = vm_area_prepare_release(area, addr, size, &made);
	if (!err)
		err = unmap_and_release(vm, addr, size);
	if (err) {
		vm_area_cancel_release(area, made);
		return err == BATON_ERR_LENT && in_window ? BATON_ERR_BUSY : err;
	}
	vm_area_release(area, addr, size); /* prepared: cannot fail */
	return BATON_OK;
}

struct perm_check {
	unsigned want;
	bool ok, lent;
};

static void check_subset(uintptr_t va, paddr_t pa, uint64_t size, unsigned perm, void *arg)
{
	struct perm_check *c = arg;

	(void)va;
	(void)pa;
	(void)size;
	if ((c->want & ~perm) & (PERM_R | PERM_W | PERM_X))
		c->ok = false;
	if (perm & PERM_LENT)
		c->lent = true;
}

/* Every page has a leaf; a mutably lent one (V clear) counts, so PROTECT can answer LENT. */
static bool all_mapped(struct vm *vm, uintptr_t addr, uint64_t size)
{
	struct pt_leaf leaf;

	for (uintptr_t va = addr; va < addr + size; va = (va & ~(leaf.size - 1)) + leaf.size) {
		if (pt_get_leaf(&vm->pt, va, &leaf))
			return false;
	}
	return true;
}

int vm_protect(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags)
{
	struct perm_check c = {perm_from_flags(flags), true, false};

	if (!flags_ok(flags, 0))
		return BATON_ERR_FLAGS;
	if (addr & (PAGE - 1))
		return BATON_ERR_ALIGN;
	if (size == 0 || addr >= BATON_USER_END || BATON_USER_END - addr < size)
		return BATON_ERR_RANGE;
	size = page_up(size);
	if (!all_mapped(vm, addr, size))
		return BATON_ERR_FAULT;
	pt_for_each_leaf(&vm->pt, addr, addr + size, check_subset, &c);
	if (c.lent)
		return BATON_ERR_LENT;
	if (!c.ok)
		return BATON_ERR_PERM; /* PROTECT only takes rights away */
	if (vm_split_at(vm, addr) || vm_split_at(vm, addr + size) ||
	    pt_protect(&vm->pt, addr, size, c.want))
		return BATON_ERR_NOMEM; /* splitting a huge page needed a table */
	vm_flush(vm, addr, size);
	return BATON_OK;
}

int vm_heap(struct vm *vm, int64_t delta, uintptr_t *old_break)
{
	uintptr_t old = vm->heap_break, now = old + (uintptr_t)delta;

	if ((delta > 0 && now < old) || (delta < 0 && now > old) || now < vm->heap_base ||
	    now > BATON_HEAP_END)
		return BATON_ERR_RANGE;
	if (page_up(now) > page_up(old)) {
		uint64_t grow = page_up(now) - page_up(old);
		if (grow > BATON_MAP_MAX || grow / PAGE > frame_free_count())
			return BATON_ERR_NOMEM;
		int err = vm_map_fresh(vm, page_up(old), grow, PERM_R | PERM_W | PERM_USER, false);
		if (err)
			return err;
		vm_flush_all(vm);
	} else if (page_up(now) < page_up(old)) {
		int err = unmap_and_release(vm, page_up(now), page_up(old) - page_up(now));
		if (err)
			return err;
	}
	vm->heap_break = now;
	*old_break = old;
	return BATON_OK;
}

int vm_window_take(struct vm *vm, uint64_t size, uint64_t align, uintptr_t *out)
{
	return vm_area_take(&vm->window, 0, size, align, out);
}

void vm_window_release(struct vm *vm, uintptr_t va, uint64_t size)
{
	vm_area_release(&vm->window, va, size);
}
