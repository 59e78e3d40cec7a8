/* frame.h — the frame table: owner and state of every physical page, and the buddy allocator over
 * it. */
#ifndef BATON_MM_FRAME_H
#define BATON_MM_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/physmap.h"
#include "platform/machine.h"

#define FRAME_SHIFT	12
#define FRAME_SIZE	(1ull << FRAME_SHIFT)
#define FRAME_MAX_ORDER 10 /* largest block: 4 MiB; order 9 is one Sv39 megapage */
#define FRAME_MAX_ZONES MACHINE_MAX_RAM

enum frame_state {
	FRAME_FREE,
	FRAME_RESERVED,	 /* firmware, device tree, memory below the kernel: never handed out */
	FRAME_KERNEL,	 /* kernel image, kernel objects, kernel stacks */
	FRAME_PAGETABLE, /* a page-table page */
	FRAME_USER,	 /* owned by a process (lent or not: a lend is marked in the lender's
			    page table, docs/memory.md) */
	FRAME_DEVICE,	 /* MMIO mapped by a driver (not RAM; kept for completeness) */
	FRAME_STATE_COUNT,
};

#define FRAME_OWNER_KERNEL 0u

enum frame_flags {
	FRAME_HEAD = 1 << 0, /* first page of an allocated or free block */
	FRAME_SLAB = 1 << 1, /* a kmem slab page */
	FRAME_KMEM = 1 << 2, /* head of a large kmem block */
};

/* One per physical page of RAM: 16 bytes, 0.4% of memory. */
struct frame {
	uint8_t state;
	uint8_t order; /* on the head page: block size is 2^order pages */
	uint16_t flags;
	uint32_t owner; /* pid, or FRAME_OWNER_KERNEL */
	union {
		struct {
			uint32_t next; /* free-list links (page indices in the zone) */
			uint32_t prev;
		};
		uint32_t valid_entries; /* FRAME_PAGETABLE: entries in use (non-zero) */
	};
};

/* A region that init must not hand out, and what to record it as. */
struct frame_region {
	paddr_t base;
	uint64_t size;
	enum frame_state state;
};

enum frame_error {
	FRAME_ERR_NOT_RAM = -1,	      /* address outside every zone */
	FRAME_ERR_NOT_ALLOCATED = -2, /* double free, or freeing what was never allocated */
	FRAME_ERR_BAD_BLOCK = -3,     /* not the head of a block of that order */
};

/* Bytes of frame table the given RAM needs. */
uint64_t frame_table_bytes(const struct phys_range *ram, unsigned nram);

/*
 * First page-aligned run of `bytes` inside RAM that overlaps no region in
 * `avoid`; 0 if there is none.
 */
paddr_t frame_find_space(const struct phys_range *ram, unsigned nram,
			 const struct frame_region *avoid, unsigned navoid, uint64_t bytes);

/*
 * Builds the table at table_pa (which must be one of `regions`, as
 * FRAME_KERNEL) and frees every page of RAM not in a region.
 */
void frame_init(const struct phys_range *ram, unsigned nram, const struct frame_region *regions,
		unsigned nregions, paddr_t table_pa);

/* 2^order contiguous pages, aligned to their size, all marked state/owner. */
bool frame_alloc(unsigned order, enum frame_state state, uint32_t owner, paddr_t *pa);
int frame_free(paddr_t pa, unsigned order);
/* Makes an allocated block of 2^order pages into 2^order blocks of one page each. */
int frame_split(paddr_t pa, unsigned order);

/*
 * The frame of a physical address, NULL if it is not RAM.  Inline for the
 * first RAM range, which is all of RAM on every board so far: lending asks
 * once per page.
 */
struct frame_zone_hint {
	uint64_t base_pfn, pages;
	struct frame *frames;
};
extern struct frame_zone_hint frame_first_zone;
struct frame *frame_of_slow(paddr_t pa);

static inline struct frame *frame_of(paddr_t pa)
{
	uint64_t i = (pa >> FRAME_SHIFT) - frame_first_zone.base_pfn;

	return i < frame_first_zone.pages ? &frame_first_zone.frames[i] : frame_of_slow(pa);
}
uint64_t frame_free_count(void);
uint64_t frame_total_count(void);
uint64_t frame_count(enum frame_state state);
const char *frame_state_name(enum frame_state state);

/* Walks every free list and count: true if the table is consistent. */
bool frame_audit(void);

#endif
