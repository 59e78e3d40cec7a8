/* mm.h — bringing memory management up: frame table, kernel page table, object allocator. */
#ifndef BATON_MM_MM_H
#define BATON_MM_MM_H

#include "mm/physmap.h"
#include "platform/machine.h"

/* Everything RAM-related the banner reports. */
struct mm_report {
	uint64_t ram_bytes; /* RAM the kernel manages (after clipping) */
	uint64_t frame_table_kib;
	unsigned ram_clipped; /* ranges cut at DIRECT_MAP_SIZE */
};

void mm_init(const struct machine *m, paddr_t dtb_pa, uint64_t dtb_size, struct mm_report *out);

#endif
