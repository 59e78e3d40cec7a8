/* directmap.c — the direct map: all usable RAM at a fixed offset, skipping the holes. */
#include "mm/directmap.h"

#include "mm/layout.h"

/* Of the holes overlapping [base, end), the one that starts first. */
static const struct phys_range *first_hole(uint64_t base, uint64_t end,
					   const struct phys_range *holes, unsigned n)
{
	const struct phys_range *best = NULL;

	for (unsigned i = 0; i < n; i++) {
		uint64_t hs = page_down(holes[i].base), he = page_up(holes[i].base + holes[i].size);
		if (holes[i].size && hs < end && he > base && (!best || hs < page_down(best->base)))
			best = &holes[i];
	}
	return best;
}

int kmap_direct(struct page_table *pt, const struct phys_range *ram, unsigned nram,
		const struct phys_range *holes, unsigned nholes)
{
	for (unsigned r = 0; r < nram; r++) {
		uint64_t base = page_up(ram[r].base), end = page_down(ram[r].base + ram[r].size);
		while (base < end) {
			const struct phys_range *h = first_hole(base, end, holes, nholes);
			uint64_t hs = h && page_down(h->base) > base ? page_down(h->base) : base;
			uint64_t he = h ? page_up(h->base + h->size) : end;
			if (!h)
				hs = end;
			if (hs > base) {
				int err = pt_map(pt, DIRECT_MAP_BASE + base, base, hs - base,
						 PERM_R | PERM_W | PERM_GLOBAL, MAP_HUGE);
				if (err)
					return err;
			}
			base = he > base ? he : base + PAGE_SIZE;
		}
	}
	return 0;
}
