/* kimage.h — where the kernel image is: its sections, and its physical load address. */
#ifndef BATON_MM_KIMAGE_H
#define BATON_MM_KIMAGE_H

#include <stdint.h>

#include "mm/physmap.h"

/* Section bounds from kernel.ld, all page-aligned except _start. */
extern char _start[], _text_end[], _rodata_start[], _rodata_end[], _data_start[], _end[];

/* The image's VA - PA, fixed at entry from where the boot loader put it. */
extern uintptr_t kimage_offset;

void kimage_init(paddr_t load_pa);

static inline paddr_t kimage_load_pa(void)
{
	return (uintptr_t)_start - kimage_offset;
}

static inline uint64_t kimage_size(void)
{
	return (uint64_t)(_end - _start);
}

/* Physical address of something inside the image (the image is not in the direct map). */
static inline paddr_t kimage_to_phys(const void *va)
{
	return (uintptr_t)va - kimage_offset;
}

#endif
