/* fakemem.c — backs a range of fake physical addresses with host memory for the mm tests. */
#include "fakemem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *fake;
static paddr_t fake_base;
static uint64_t fake_size;

void fakemem_init(paddr_t base, uint64_t size)
{
	fake = aligned_alloc(FAKEMEM_ALIGN, size);
	if (!fake) {
		fprintf(stderr, "fakemem: cannot allocate %llu bytes\n", (unsigned long long)size);
		exit(2);
	}
	memset(fake, 0, size);
	fake_base = base;
	fake_size = size;
	physmap_offset = (uintptr_t)fake - (uintptr_t)base;
}

void fakemem_free(void)
{
	free(fake);
	fake = NULL;
	physmap_offset = 0;
}

bool fakemem_backs(paddr_t pa, uint64_t len)
{
	return pa >= fake_base && len <= fake_size && pa - fake_base <= fake_size - len;
}

paddr_t fakemem_frames(const struct phys_range *ram, unsigned nram,
		       const struct frame_region *regions, unsigned nregions)
{
	struct frame_region all[64];
	uint64_t bytes = frame_table_bytes(ram, nram);
	paddr_t table = frame_find_space(ram, nram, regions, nregions, bytes);

	if (nregions >= 64 || !table || !fakemem_backs(table, bytes)) {
		fprintf(stderr, "fakemem: no room for a %llu-byte frame table\n",
			(unsigned long long)bytes);
		exit(2);
	}
	if (nregions)
		memcpy(all, regions, nregions * sizeof(*regions));
	all[nregions] = (struct frame_region){table, bytes, FRAME_KERNEL};
	frame_init(ram, nram, all, nregions + 1, table);
	return table;
}

paddr_t fakemem_frames_all(void)
{
	struct phys_range ram = {fake_base, fake_size};

	return fakemem_frames(&ram, 1, NULL, 0);
}
