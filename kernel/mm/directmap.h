/* directmap.h — mapping RAM, minus holes, at DIRECT_MAP_BASE. */
#ifndef BATON_MM_DIRECTMAP_H
#define BATON_MM_DIRECTMAP_H

#include "arch/arch.h"
#include "platform/machine.h"

/*
 * Maps each page of `ram` outside `holes` at DIRECT_MAP_BASE + PA: read,
 * write, global, never executable, with 2 MiB and 1 GiB leaves wherever the
 * alignment allows.  RAM edges are rounded inward, holes outward.
 */
int kmap_direct(struct page_table *pt, const struct phys_range *ram, unsigned nram,
		const struct phys_range *holes, unsigned nholes);

#endif
