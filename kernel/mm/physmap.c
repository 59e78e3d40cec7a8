/* physmap.c — the one variable behind phys_to_virt(). */
#include "mm/physmap.h"

uintptr_t physmap_offset;
