/* vm.c — user address spaces: fresh zeroed pages, anonymous mappings, protection, the heap. */
#include "proc/vm.h"

#include "baton/errors.h"
#include "baton/layout.h"
#include "baton/syscall.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmap.h"
#include "mm/kmem.h"
#include "smp/hart.h"

#define PAGE	      4096ul
#define FLUSH_BY_PAGE 64 /* beyond this many pages, flush the whole ASID */

/* One anonymous mapping made by MAP, kept so that MAP can find free space. */
struct vm_map {
	uintptr_t start, end;
	struct list link;
};

static uintptr_t page_up(uintptr_t x)
{
	return (x + PAGE - 1) & ~(PAGE - 1);
}

int vm_create(struct vm *vm, uint32_t owner)
{
	memset(vm, 0, sizeof(*vm));
	list_init(&vm->maps);
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

/* Drops a user page this space owns; pages it does not own are left alone. */
static void release_page(struct vm *vm, paddr_t pa)
{
	struct frame *f = frame_of(pa);

	if (f && f->state == FRAME_USER && f->owner == vm->owner && frame_free(pa, 0) == 0)
		vm->pages--;
}

static void release_leaf(uintptr_t va, paddr_t pa, uint64_t size, unsigned perm, void *arg)
{
	(void)va;
	(void)perm;
	for (uint64_t off = 0; off < size; off += PAGE)
		release_page(arg, pa + off);
}

static void flush_asid(struct vm *vm)
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
static void flush_range(struct vm *vm, uintptr_t va, uint64_t size)
{
	if (size / PAGE > FLUSH_BY_PAGE) {
		flush_asid(vm);
		return;
	}
	for (uint64_t off = 0; off < size; off += PAGE)
		arch_tlb_flush_page(va + off, vm->asid);
}

/* Unmaps [va, va+size) and frees the pages this space owns there. */
static void unmap_and_release(struct vm *vm, uintptr_t va, uint64_t size)
{
	pt_for_each_leaf(&vm->pt, va, va + size, release_leaf, vm);
	pt_unmap(&vm->pt, va, size, NULL);
	/* Whole ASID: emptied tables were freed, and per-address fences skip non-leaf entries. */
	flush_asid(vm);
}

void vm_destroy(struct vm *vm)
{
	/* Never leave a hart walking tables that are about to be freed. */
	if (this_hart()->active_root == vm->pt.root)
		arch_mmu_activate(kernel_pt.root);
	pt_for_each_leaf(&vm->pt, 0, BATON_USER_END, release_leaf, vm);
	pt_destroy(&vm->pt);
	asid_free(vm->asid);
	list_for_each_safe(pos, tmp, &vm->maps)
	{
		list_remove(pos);
		kmem_free(list_entry(pos, struct vm_map, link));
	}
	vm->map_count = 0;
}

static unsigned perm_from_flags(unsigned flags)
{
	return (flags & BATON_MAP_R ? PERM_R : 0) | (flags & BATON_MAP_W ? PERM_W : 0) |
	       (flags & BATON_MAP_X ? PERM_X : 0) | PERM_USER;
}

static bool flags_ok(unsigned flags)
{
	const unsigned all = BATON_MAP_R | BATON_MAP_W | BATON_MAP_X;

	if (flags & ~all || !(flags & all))
		return false;
	if ((flags & BATON_MAP_W) && (!(flags & BATON_MAP_R) || (flags & BATON_MAP_X)))
		return false;
	return true;
}

int vm_map_fresh(struct vm *vm, uintptr_t va, uint64_t size, unsigned perm)
{
	for (uint64_t done = 0; done < size; done += PAGE) {
		paddr_t pa;
		if (!frame_alloc(0, FRAME_USER, vm->owner, &pa)) {
			unmap_and_release(vm, va, done);
			return BATON_ERR_NOMEM;
		}
		memset(phys_to_virt(pa), 0, PAGE);
		vm->pages++;
		if (pt_map(&vm->pt, va + done, pa, PAGE, perm, 0)) {
			release_page(vm, pa);
			unmap_and_release(vm, va, done);
			return BATON_ERR_NOMEM;
		}
	}
	return BATON_OK;
}

/* The first gap of `size` bytes in the MAP area; 0 if there is none. */
static uintptr_t find_gap(struct vm *vm, uint64_t size, struct list **before)
{
	uintptr_t at = BATON_MAP_BASE;

	list_for_each(pos, &vm->maps)
	{
		struct vm_map *m = list_entry(pos, struct vm_map, link);
		if (m->start - at >= size) {
			*before = pos;
			return at;
		}
		at = m->end;
	}
	*before = &vm->maps;
	return BATON_MAP_END - at >= size ? at : 0;
}

/* Where a mapping at [addr, addr+size) would go; 0 if it overlaps one. */
static struct list *slot_for(struct vm *vm, uintptr_t addr, uint64_t size)
{
	list_for_each(pos, &vm->maps)
	{
		struct vm_map *m = list_entry(pos, struct vm_map, link);
		if (m->start >= addr + size)
			return pos;
		if (m->end > addr)
			return NULL;
	}
	return &vm->maps;
}

int vm_map_anon(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags, uintptr_t *out)
{
	struct list *before;

	if (!flags_ok(flags))
		return BATON_ERR_FLAGS;
	if (size == 0 || size > BATON_MAP_END - BATON_MAP_BASE)
		return BATON_ERR_RANGE;
	size = page_up(size);
	if (addr & (PAGE - 1))
		return BATON_ERR_ALIGN;
	if (addr) {
		if (addr < BATON_MAP_BASE || addr >= BATON_MAP_END || BATON_MAP_END - addr < size)
			return BATON_ERR_RANGE;
		if (!(before = slot_for(vm, addr, size)))
			return BATON_ERR_INUSE;
	} else if (!(addr = find_gap(vm, size, &before))) {
		return BATON_ERR_NOMEM;
	}
	if (vm->map_count >= VM_MAX_MAPPINGS)
		return BATON_ERR_LIMIT;

	struct vm_map *m = kmem_alloc(sizeof(*m));
	if (!m)
		return BATON_ERR_NOMEM;
	int err = vm_map_fresh(vm, addr, size, perm_from_flags(flags));
	if (err) {
		kmem_free(m);
		return err;
	}
	flush_range(vm, addr, size);
	m->start = addr;
	m->end = addr + size;
	list_insert_between(&m->link, before->prev, before);
	vm->map_count++;
	*out = addr;
	return BATON_OK;
}

/* Cuts [start, end) out of the mapping records; `spare` serves a split in two. */
static void forget_range(struct vm *vm, uintptr_t start, uintptr_t end, struct vm_map **spare)
{
	list_for_each_safe(pos, tmp, &vm->maps)
	{
		struct vm_map *m = list_entry(pos, struct vm_map, link);
		if (m->end <= start || m->start >= end)
			continue;
		if (m->start >= start && m->end <= end) {
			list_remove(pos);
			kmem_free(m);
			vm->map_count--;
		} else if (m->start < start && m->end > end) {
			struct vm_map *right = *spare;
			*spare = NULL;
			right->start = end;
			right->end = m->end;
			m->end = start;
			list_add_head(&m->link, &right->link);
			vm->map_count++;
		} else if (m->start < start) {
			m->end = start;
		} else {
			m->start = end;
		}
	}
}

int vm_unmap(struct vm *vm, uintptr_t addr, uint64_t size)
{
	if (addr & (PAGE - 1))
		return BATON_ERR_ALIGN;
	if (size == 0 || addr < BATON_MAP_BASE || addr >= BATON_MAP_END ||
	    BATON_MAP_END - addr < size)
		return BATON_ERR_RANGE;
	size = page_up(size);

	/* Allocate first: a split needs a record, and failing later would leave half a job. */
	struct vm_map *spare = kmem_alloc(sizeof(*spare));
	if (!spare)
		return BATON_ERR_NOMEM;
	unmap_and_release(vm, addr, size);
	forget_range(vm, addr, addr + size, &spare);
	if (spare)
		kmem_free(spare);
	return BATON_OK;
}

struct perm_check {
	unsigned want;
	bool ok;
};

static void check_subset(uintptr_t va, paddr_t pa, uint64_t size, unsigned perm, void *arg)
{
	struct perm_check *c = arg;

	(void)va;
	(void)pa;
	(void)size;
	if ((c->want & ~perm) & (PERM_R | PERM_W | PERM_X))
		c->ok = false;
}

static bool all_mapped(struct vm *vm, uintptr_t addr, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE) {
		if (pt_lookup(&vm->pt, addr + off, NULL, NULL, NULL))
			return false;
	}
	return true;
}

int vm_protect(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags)
{
	struct perm_check c = {perm_from_flags(flags), true};

	if (!flags_ok(flags))
		return BATON_ERR_FLAGS;
	if (addr & (PAGE - 1))
		return BATON_ERR_ALIGN;
	if (size == 0 || addr >= BATON_USER_END || BATON_USER_END - addr < size)
		return BATON_ERR_RANGE;
	size = page_up(size);
	if (!all_mapped(vm, addr, size))
		return BATON_ERR_FAULT;
	pt_for_each_leaf(&vm->pt, addr, addr + size, check_subset, &c);
	if (!c.ok)
		return BATON_ERR_PERM; /* PROTECT only takes rights away */
	if (pt_protect(&vm->pt, addr, size, c.want))
		return BATON_ERR_NOMEM; /* splitting a huge page needed a table */
	flush_range(vm, addr, size);
	return BATON_OK;
}

int vm_heap(struct vm *vm, int64_t delta, uintptr_t *old_break)
{
	uintptr_t old = vm->heap_break, now = old + (uintptr_t)delta;

	if ((delta > 0 && now < old) || (delta < 0 && now > old) || now < vm->heap_base ||
	    now > BATON_HEAP_END)
		return BATON_ERR_RANGE;
	if (page_up(now) > page_up(old)) {
		int err = vm_map_fresh(vm, page_up(old), page_up(now) - page_up(old),
				       PERM_R | PERM_W | PERM_USER);
		if (err)
			return err;
		flush_range(vm, page_up(old), page_up(now) - page_up(old));
	} else if (page_up(now) < page_up(old)) {
		unmap_and_release(vm, page_up(now), page_up(old) - page_up(now));
	}
	vm->heap_break = now;
	*old_break = old;
	return BATON_OK;
}
