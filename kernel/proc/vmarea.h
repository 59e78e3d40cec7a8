/* vmarea.h — which ranges of an address-space area are taken: for MAP and the message window. */
#ifndef BATON_PROC_VMAREA_H
#define BATON_PROC_VMAREA_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"

#define VM_AREA_MAX_RANGES 4096

struct range;

struct vm_area {
	uintptr_t base, end;
	struct list ranges; /* sorted, non-overlapping */
	unsigned count;
	struct range *spare; /* one record kept back: a message takes and gives back a range
				every time, and kmem need not see it */
};

void vm_area_init(struct vm_area *a, uintptr_t base, uintptr_t end);
/*
 * Takes [addr, addr+size), or (addr 0) the first free range aligned to
 * `align`.  BATON_ERR_RANGE outside the area, _INUSE if taken, _NOMEM if no
 * room, _LIMIT past VM_AREA_MAX_RANGES.
 */
int vm_area_take(struct vm_area *a, uintptr_t addr, uint64_t size, uint64_t align, uintptr_t *out);
/*
 * Makes sure releasing [start, start+size) cannot fail: if it would cut a
 * range in two, LIMIT at VM_AREA_MAX_RANGES ranges, NOMEM without a record.
 * *made: a record was allocated for it, which vm_area_cancel_release()
 * frees if the release is not to come, so that a failure leaves nothing.
 */
int vm_area_prepare_release(struct vm_area *a, uintptr_t start, uint64_t size, bool *made);
void vm_area_cancel_release(struct vm_area *a, bool made);
/* Gives back [start, start+size) wherever it is taken; NOMEM if a split needs a record. */
int vm_area_release(struct vm_area *a, uintptr_t start, uint64_t size);
void vm_area_clear(struct vm_area *a);
bool vm_area_holds(const struct vm_area *a, uintptr_t addr, uint64_t size);

#endif
