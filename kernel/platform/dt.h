/* dt.h — takes the device tree the firmware handed over and describes the machine from it. */
#ifndef BATON_PLATFORM_DT_H
#define BATON_PLATFORM_DT_H

#include "mm/physmap.h"
#include "platform/machine.h"

/* Fills *m or panics naming what is wrong; returns the blob's size. */
uint64_t dt_load(paddr_t dtb_pa, struct machine *m);

#endif
