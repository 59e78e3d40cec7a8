/* vmarea.c — a sorted list of taken ranges; first fit with alignment; splitting on release. */
#include "proc/vmarea.h"

#include "baton/errors.h"
#include "mm/kmem.h"

struct range {
	uintptr_t start, end;
	struct list link;
};

void vm_area_init(struct vm_area *a, uintptr_t base, uintptr_t end)
{
	a->base = base;
	a->end = end;
	list_init(&a->ranges);
	a->count = 0;
	a->spare = NULL;
}

static struct range *range_new(struct vm_area *a)
{
	struct range *r = a->spare;

	if (!r)
		return kmem_alloc(sizeof(*r));
	a->spare = NULL;
	return r;
}

static void range_free(struct vm_area *a, struct range *r)
{
	if (a->spare)
		kmem_free(r);
	else
		a->spare = r;
}

bool vm_area_holds(const struct vm_area *a, uintptr_t addr, uint64_t size)
{
	return addr >= a->base && addr < a->end && size <= a->end - addr;
}

static uintptr_t align_up(uintptr_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

/* The first gap of `size` at an `align` boundary; *before is the range after it. */
static uintptr_t first_fit(struct vm_area *a, uint64_t size, uint64_t align, struct list **before)
{
	uintptr_t at = align_up(a->base, align);

	list_for_each(pos, &a->ranges)
	{
		struct range *r = list_entry(pos, struct range, link);
		if (r->start > at && r->start - at >= size) {
			*before = pos;
			return at;
		}
		if (r->end > at)
			at = align_up(r->end, align);
	}
	*before = &a->ranges;
	return at < a->end && a->end - at >= size ? at : 0;
}

/* Where [addr, addr+size) would go; NULL if it overlaps a taken range. */
static struct list *slot_for(struct vm_area *a, uintptr_t addr, uint64_t size)
{
	list_for_each(pos, &a->ranges)
	{
		struct range *r = list_entry(pos, struct range, link);
		if (r->start >= addr + size)
			return pos;
		if (r->end > addr)
			return NULL;
	}
	return &a->ranges;
}

int vm_area_take(struct vm_area *a, uintptr_t addr, uint64_t size, uint64_t align, uintptr_t *out)
{
	struct list *before;

	if (addr) {
		if (!vm_area_holds(a, addr, size))
			return BATON_ERR_RANGE;
		if (!(before = slot_for(a, addr, size)))
			return BATON_ERR_INUSE;
	} else if (!(addr = first_fit(a, size, align, &before))) {
		return BATON_ERR_NOMEM;
	}
	if (a->count >= VM_AREA_MAX_RANGES)
		return BATON_ERR_LIMIT;
	struct range *r = range_new(a);
	if (!r)
		return BATON_ERR_NOMEM;
	r->start = addr;
	r->end = addr + size;
	list_insert_between(&r->link, before->prev, before);
	a->count++;
	*out = addr;
	return BATON_OK;
}

/* The taken range that [start, end) would cut in two, if any. */
static struct range *splits(struct vm_area *a, uintptr_t start, uintptr_t end)
{
	list_for_each(pos, &a->ranges)
	{
		struct range *r = list_entry(pos, struct range, link);
		if (r->start < start && r->end > end)
			return r;
		if (r->start >= end)
			break;
	}
	return NULL;
}

int vm_area_prepare_release(struct vm_area *a, uintptr_t start, uint64_t size, bool *made)
{
	*made = false;
	if (!splits(a, start, start + size))
		return BATON_OK;
	if (a->count >= VM_AREA_MAX_RANGES)
		return BATON_ERR_LIMIT;
	if (a->spare)
		return BATON_OK;
	if (!(a->spare = kmem_alloc(sizeof(struct range))))
		return BATON_ERR_NOMEM;
	*made = true;
	return BATON_OK;
}

void vm_area_cancel_release(struct vm_area *a, bool made)
{
	if (made && a->spare) {
		kmem_free(a->spare);
		a->spare = NULL;
	}
}

int vm_area_release(struct vm_area *a, uintptr_t start, uint64_t size)
{
	uintptr_t end = start + size;
	struct range *cut = splits(a, start, end), *spare = NULL;

	/* A split needs a record: had first, so that failing leaves nothing half done. */
	if (cut) {
		if (!(spare = range_new(a)))
			return BATON_ERR_NOMEM;
		spare->start = end;
		spare->end = cut->end;
		cut->end = start;
		list_add_head(&cut->link, &spare->link);
		a->count++;
		return BATON_OK;
	}
	list_for_each_safe(pos, tmp, &a->ranges)
	{
		struct range *r = list_entry(pos, struct range, link);
		if (r->end <= start || r->start >= end)
			continue;
		if (r->start >= start && r->end <= end) {
			list_remove(pos);
			range_free(a, r);
			a->count--;
		} else if (r->start < start) {
			r->end = start;
		} else {
			r->start = end;
		}
	}
	return BATON_OK;
}

void vm_area_clear(struct vm_area *a)
{
	list_for_each_safe(pos, tmp, &a->ranges)
	{
		list_remove(pos);
		kmem_free(list_entry(pos, struct range, link));
	}
	if (a->spare)
		kmem_free(a->spare);
	a->spare = NULL;
	a->count = 0;
}
