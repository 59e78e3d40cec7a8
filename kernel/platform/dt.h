/* dt.h — takes the device tree the firmware handed over and describes the machine from it. */
#ifndef BATON_PLATFORM_DT_H
#define BATON_PLATFORM_DT_H

#include "mm/physmap.h"
#include "platform/machine.h"

/* Fills *m or panics naming what is wrong; returns the blob's size. */
uint64_t dt_load(paddr_t dtb_pa, struct machine *m);

/* Where the blob is (for DEVICE_TREE, which maps it read-only into a process). */
paddr_t dt_blob(uint64_t *size);

/*
 * Whether [pa, pa + size) lies in the registers of one enabled device node
 * (pages rounded out) that user space may drive: not memory, not the
 * interrupt controllers and timers the kernel and firmware keep.
 */
bool dt_is_device_range(paddr_t pa, uint64_t size);

#endif
