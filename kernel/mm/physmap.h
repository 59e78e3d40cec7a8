/* physmap.h — converting between physical addresses and their direct-map virtual addresses. */
#ifndef BATON_MM_PHYSMAP_H
#define BATON_MM_PHYSMAP_H

#include <stdint.h>

typedef uint64_t paddr_t;

/*
 * All RAM is reachable at PA + physmap_offset (the direct map, see
 * mm/layout.h).  A variable rather than a constant so that host unit tests
 * can point it at a fake physical memory.
 */
extern uintptr_t physmap_offset;

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + physmap_offset);
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - physmap_offset);
}

#endif
