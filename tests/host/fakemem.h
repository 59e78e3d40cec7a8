/* fakemem.h — fake physical memory for kernel code that reaches RAM through phys_to_virt(). */
#ifndef BATON_TESTS_FAKEMEM_H
#define BATON_TESTS_FAKEMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/frame.h"

#define FAKEMEM_ALIGN (4ull << 20) /* one FRAME_MAX_ORDER block */

/*
 * Allocates `size` bytes (a multiple of FAKEMEM_ALIGN), 4 MiB aligned and
 * zeroed, and points physmap_offset at it so that PA `base` is its first byte.
 */
void fakemem_init(paddr_t base, uint64_t size);
void fakemem_free(void);
/* True if [pa, pa+len) is backed by the fake memory. */
bool fakemem_backs(paddr_t pa, uint64_t len);

/*
 * frame_init() over `ram` and `regions`, with the frame table put where
 * frame_find_space() finds room, as boot code does.  Returns the table's PA.
 */
paddr_t fakemem_frames(const struct phys_range *ram, unsigned nram,
		       const struct frame_region *regions, unsigned nregions);
/* All of the fake memory as one RAM range, nothing reserved but the frame table. */
paddr_t fakemem_frames_all(void);

#endif
