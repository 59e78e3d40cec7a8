/* mm.c — orders memory bring-up: reserve, place the frame table, free the rest, map the kernel. */
#include "mm/mm.h"

#include "debug/log.h"
#include "debug/panic.h"
#include "mm/frame.h"
#include "mm/kimage.h"
#include "mm/kmap.h"
#include "mm/layout.h"

/* RAM beyond the direct map's reach is left unused. */
static unsigned clip_ram(const struct machine *m, struct phys_range *ram, unsigned *clipped)
{
	unsigned n = 0;

	*clipped = 0;
	for (unsigned i = 0; i < m->ram_count; i++) {
		struct phys_range r = m->ram[i];
		if (r.base >= DIRECT_MAP_SIZE) {
			(*clipped)++;
			continue;
		}
		if (r.size > DIRECT_MAP_SIZE - r.base) {
			r.size = DIRECT_MAP_SIZE - r.base;
			(*clipped)++;
		}
		ram[n++] = r;
	}
	return n;
}

void mm_init(const struct machine *m, paddr_t dtb_pa, uint64_t dtb_size, struct mm_report *out)
{
	struct phys_range ram[MACHINE_MAX_RAM];
	struct frame_region regions[MACHINE_MAX_RESERVED + 4];
	unsigned nram = clip_ram(m, ram, &out->ram_clipped), nr = 0;

	/*
	 * Memory below the kernel belongs to the firmware by convention (Linux
	 * ignores it too): some firmware protects more than it declares.
	 */
	regions[nr++] = (struct frame_region){0, kimage_load_pa(), FRAME_RESERVED};
	regions[nr++] = (struct frame_region){kimage_load_pa(), kimage_size(), FRAME_KERNEL};
	regions[nr++] = (struct frame_region){dtb_pa, dtb_size, FRAME_RESERVED};
	for (unsigned i = 0; i < m->reserved_count; i++)
		regions[nr++] = (struct frame_region){m->reserved[i].base, m->reserved[i].size,
						      FRAME_RESERVED};

	uint64_t table_bytes = frame_table_bytes(ram, nram);
	paddr_t table = frame_find_space(ram, nram, regions, nr, table_bytes);
	if (!table)
		panic("mm: no room for a %lu KiB frame table", (unsigned long)(table_bytes >> 10));
	regions[nr++] = (struct frame_region){table, table_bytes, FRAME_KERNEL};
	frame_init(ram, nram, regions, nr, table);

	kmap_init(m, ram, nram);

	out->ram_bytes = 0;
	for (unsigned i = 0; i < nram; i++)
		out->ram_bytes += ram[i].size;
	out->frame_table_kib = table_bytes >> 10;
}
