/* devmap.h — device registers mapped into a driver process: only what the device tree lists. */
#ifndef BATON_DEV_DEVMAP_H
#define BATON_DEV_DEVMAP_H

#include <stdint.h>

#include "mm/physmap.h"

struct process;

/*
 * Maps [pa, pa + size) (page-aligned) into p's device area, read-write, not
 * executable.  The range must lie in an enabled device node's registers
 * (dt_is_device_range) and no other mapping may hold any of it: one owner
 * at a time.  BATON_OK and *va, or ALIGN, RANGE, PERM (not a device the
 * tree lists, or RAM), INUSE, NOMEM.
 */
int devmap_map(struct process *p, paddr_t pa, uint64_t size, uintptr_t *va);
/* Undoes devmap_map for the mapping at va (the whole of it); NOENT if there is none. */
int devmap_unmap(struct process *p, uintptr_t va);
/* The device tree, read-only, in p's device area (once: a second call gives the same). */
int devmap_device_tree(struct process *p, uintptr_t *va, uint64_t *size);
/* p ends: its device ranges are free again (the page tables go with its address space). */
void devmap_process_exit(struct process *p);

#endif
