/* kimage.c — records the image's load address for kimage_to_phys(). */
#include "mm/kimage.h"

uintptr_t kimage_offset;

void kimage_init(paddr_t load_pa)
{
	kimage_offset = (uintptr_t)_start - load_pa;
}
