/* frame.c — frame table and binary buddy allocator, one zone per RAM range. */
#include "mm/frame.h"

#include "lib/failpoint.h"
#include "lib/string.h"
#include "mm/layout.h"

#define NIL UINT32_MAX

struct zone {
	uint64_t base_pfn;
	uint64_t pages;
	struct frame *frames;
	uint32_t free_head[FRAME_MAX_ORDER + 1];
};

static struct {
	struct zone zones[FRAME_MAX_ZONES];
	unsigned zone_count;
	uint64_t total;
	uint64_t in_state[FRAME_STATE_COUNT];
} fa;

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

uint64_t frame_table_bytes(const struct phys_range *ram, unsigned nram)
{
	uint64_t bytes = 0;

	for (unsigned i = 0; i < nram && i < FRAME_MAX_ZONES; i++) {
		uint64_t first = page_up(ram[i].base), end = page_down(ram[i].base + ram[i].size);
		if (end <= first)
			continue; /* no whole page: frame_init() makes no zone of it either */
		bytes += page_up((end - first) / FRAME_SIZE * sizeof(struct frame));
	}
	return bytes;
}

paddr_t frame_find_space(const struct phys_range *ram, unsigned nram,
			 const struct frame_region *avoid, unsigned navoid, uint64_t bytes)
{
	bytes = page_up(bytes);
	for (unsigned i = 0; i < nram; i++) {
		uint64_t at = page_up(ram[i].base);
		uint64_t end = page_down(ram[i].base + ram[i].size);
		bool moved = true;
		/* Step past each region in the way until the candidate is clear. */
		while (moved && at < end && end - at >= bytes) {
			moved = false;
			for (unsigned r = 0; r < navoid; r++) {
				if (overlaps(at, bytes, avoid[r].base, avoid[r].size)) {
					at = page_up(avoid[r].base + avoid[r].size);
					moved = true;
				}
			}
		}
		if (!moved && at < end && end - at >= bytes)
			return at;
	}
	return 0;
}

static struct zone *zone_of_pfn(uint64_t pfn)
{
	for (unsigned i = 0; i < fa.zone_count; i++) {
		struct zone *z = &fa.zones[i];
		if (pfn >= z->base_pfn && pfn - z->base_pfn < z->pages)
			return z;
	}
	return NULL;
}

struct frame_zone_hint frame_first_zone;

struct frame *frame_of_slow(paddr_t pa)
{
	struct zone *z = zone_of_pfn(pa >> FRAME_SHIFT);

	return z ? &z->frames[(pa >> FRAME_SHIFT) - z->base_pfn] : NULL;
}

static void set_state(struct frame *f, enum frame_state state, uint32_t owner)
{
	fa.in_state[f->state]--;
	fa.in_state[state]++;
	f->state = (uint8_t)state;
	f->owner = owner;
}

static void list_push(struct zone *z, uint32_t idx, unsigned order)
{
	struct frame *f = &z->frames[idx];

	f->flags |= FRAME_HEAD;
	f->order = (uint8_t)order;
	f->prev = NIL;
	f->next = z->free_head[order];
	if (f->next != NIL)
		z->frames[f->next].prev = idx;
	z->free_head[order] = idx;
}

static void list_remove(struct zone *z, uint32_t idx, unsigned order)
{
	struct frame *f = &z->frames[idx];

	if (f->prev != NIL)
		z->frames[f->prev].next = f->next;
	else
		z->free_head[order] = f->next;
	if (f->next != NIL)
		z->frames[f->next].prev = f->prev;
	f->flags &= (uint16_t)~FRAME_HEAD;
}

/* Frees a block whose pages are already FREE, merging with free buddies. */
static void free_block(struct zone *z, uint64_t pfn, unsigned order)
{
	while (order < FRAME_MAX_ORDER) {
		uint64_t buddy = pfn ^ (1ull << order);
		if (buddy < z->base_pfn || buddy - z->base_pfn + (1ull << order) > z->pages)
			break;
		struct frame *b = &z->frames[buddy - z->base_pfn];
		if (b->state != FRAME_FREE || !(b->flags & FRAME_HEAD) || b->order != order)
			break;
		list_remove(z, (uint32_t)(buddy - z->base_pfn), order);
		pfn &= ~(1ull << order);
		order++;
	}
	list_push(z, (uint32_t)(pfn - z->base_pfn), order);
}

/* Hands the pages [pfn, end) to the buddy lists as the largest aligned blocks. */
static void free_run(struct zone *z, uint64_t pfn, uint64_t end)
{
	while (pfn < end) {
		unsigned order = FRAME_MAX_ORDER;
		while (order && ((pfn & ((1ull << order) - 1)) || pfn + (1ull << order) > end))
			order--;
		for (uint64_t i = 0; i < (1ull << order); i++)
			set_state(&z->frames[pfn - z->base_pfn + i], FRAME_FREE, 0);
		free_block(z, pfn, order);
		pfn += 1ull << order;
	}
}

static void zone_init(struct zone *z, const struct phys_range *r, struct frame *table)
{
	z->base_pfn = page_up(r->base) >> FRAME_SHIFT;
	z->pages = (page_down(r->base + r->size) >> FRAME_SHIFT) - z->base_pfn;
	z->frames = table;
	for (unsigned o = 0; o <= FRAME_MAX_ORDER; o++)
		z->free_head[o] = NIL;
	for (uint64_t i = 0; i < z->pages; i++)
		z->frames[i] = (struct frame){.state = FRAME_RESERVED, .next = NIL, .prev = NIL};
	fa.in_state[FRAME_RESERVED] += z->pages;
	fa.total += z->pages;
}

static uint64_t region_first_pfn(const struct frame_region *r)
{
	return r->base >> FRAME_SHIFT;
}

static uint64_t region_end_pfn(const struct frame_region *r)
{
	return page_up(r->base + r->size) >> FRAME_SHIFT;
}

static const struct frame_region *region_at(const struct frame_region *regions, unsigned n,
					    uint64_t pfn)
{
	for (unsigned i = 0; i < n; i++) {
		if (regions[i].size && region_first_pfn(&regions[i]) <= pfn &&
		    pfn < region_end_pfn(&regions[i]))
			return &regions[i];
	}
	return NULL;
}

static uint64_t next_region_start(const struct frame_region *regions, unsigned n, uint64_t pfn,
				  uint64_t limit)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t start = region_first_pfn(&regions[i]);
		if (regions[i].size && start > pfn && start < limit)
			limit = start;
	}
	return limit;
}

/* Region pages take the region's state; every other page of the zone is freed. */
static void zone_populate(struct zone *z, const struct frame_region *regions, unsigned n)
{
	uint64_t pfn = z->base_pfn, end = z->base_pfn + z->pages;

	while (pfn < end) {
		const struct frame_region *r = region_at(regions, n, pfn);
		if (r) {
			uint64_t stop = region_end_pfn(r) < end ? region_end_pfn(r) : end;
			for (; pfn < stop; pfn++)
				set_state(&z->frames[pfn - z->base_pfn], r->state,
					  FRAME_OWNER_KERNEL);
			continue;
		}
		uint64_t stop = next_region_start(regions, n, pfn, end);
		free_run(z, pfn, stop);
		pfn = stop;
	}
}

void frame_init(const struct phys_range *ram, unsigned nram, const struct frame_region *regions,
		unsigned nregions, paddr_t table_pa)
{
	struct frame *table = phys_to_virt(table_pa);

	memset(&fa, 0, sizeof(fa));
	frame_first_zone = (struct frame_zone_hint){0, 0, NULL};
	for (unsigned i = 0; i < nram && i < FRAME_MAX_ZONES; i++) {
		if (page_down(ram[i].base + ram[i].size) <= page_up(ram[i].base))
			continue;
		struct zone *z = &fa.zones[fa.zone_count++];
		zone_init(z, &ram[i], table);
		table = (struct frame *)((uint8_t *)table + page_up(z->pages * sizeof(*table)));
	}
	if (fa.zone_count)
		frame_first_zone = (struct frame_zone_hint){fa.zones[0].base_pfn, fa.zones[0].pages,
							    fa.zones[0].frames};
	for (unsigned i = 0; i < fa.zone_count; i++)
		zone_populate(&fa.zones[i], regions, nregions);
}

static bool zone_alloc(struct zone *z, unsigned order, uint64_t *pfn)
{
	unsigned k = order;

	while (k <= FRAME_MAX_ORDER && z->free_head[k] == NIL)
		k++;
	if (k > FRAME_MAX_ORDER)
		return false;
	uint32_t idx = z->free_head[k];
	list_remove(z, idx, k);
	while (k > order) {
		k--;
		list_push(z, idx + (1u << k), k); /* the upper half stays free */
	}
	*pfn = z->base_pfn + idx;
	return true;
}

bool frame_alloc(unsigned order, enum frame_state state, uint32_t owner, paddr_t *pa)
{
	uint64_t pfn;

	if (order > FRAME_MAX_ORDER || state == FRAME_FREE || failpoint_hit())
		return false;
	for (unsigned i = 0; i < fa.zone_count; i++) {
		struct zone *z = &fa.zones[i];
		if (!zone_alloc(z, order, &pfn))
			continue;
		struct frame *f = &z->frames[pfn - z->base_pfn];
		for (uint64_t p = 0; p < (1ull << order); p++)
			set_state(&f[p], state, owner);
		f->flags |= FRAME_HEAD;
		f->order = (uint8_t)order;
		*pa = pfn << FRAME_SHIFT;
		return true;
	}
	return false;
}

/* *f is the head of the allocated block of `order` at pa (in *z), or an error says why not. */
static int allocated_head(paddr_t pa, unsigned order, struct zone **z, struct frame **f)
{
	uint64_t pfn = pa >> FRAME_SHIFT;

	*z = zone_of_pfn(pfn);
	if (!*z || (pa & (FRAME_SIZE - 1)))
		return FRAME_ERR_NOT_RAM;
	*f = &(*z)->frames[pfn - (*z)->base_pfn];
	if ((*f)->state == FRAME_FREE || (*f)->state == FRAME_RESERVED)
		return FRAME_ERR_NOT_ALLOCATED;
	if (!((*f)->flags & FRAME_HEAD) || (*f)->order != order)
		return FRAME_ERR_BAD_BLOCK;
	return 0;
}

int frame_free(paddr_t pa, unsigned order)
{
	struct zone *z;
	struct frame *f;
	int err = allocated_head(pa, order, &z, &f);

	if (err)
		return err;
	for (uint64_t p = 0; p < (1ull << order); p++) {
		set_state(&f[p], FRAME_FREE, 0);
		f[p].flags = 0;
	}
	free_block(z, pa >> FRAME_SHIFT, order);
	return 0;
}

int frame_split(paddr_t pa, unsigned order)
{
	struct zone *z;
	struct frame *f;
	int err = allocated_head(pa, order, &z, &f);

	if (err)
		return err;
	for (uint64_t p = 0; p < (1ull << order); p++) {
		f[p].flags |= FRAME_HEAD;
		f[p].order = 0;
	}
	return 0;
}

uint64_t frame_free_count(void)
{
	return fa.in_state[FRAME_FREE];
}

uint64_t frame_total_count(void)
{
	return fa.total;
}

uint64_t frame_count(enum frame_state state)
{
	return state < FRAME_STATE_COUNT ? fa.in_state[state] : 0;
}

const char *frame_state_name(enum frame_state state)
{
	static const char *const names[FRAME_STATE_COUNT] = {
		"free", "reserved", "kernel", "pagetable", "user", "device",
	};

	return state < FRAME_STATE_COUNT ? names[state] : "?";
}

static bool block_ok(const struct zone *z, uint32_t idx, unsigned order)
{
	const struct frame *f = &z->frames[idx];
	uint64_t pfn = z->base_pfn + idx;

	if (f->state != FRAME_FREE || !(f->flags & FRAME_HEAD) || f->order != order)
		return false;
	if ((pfn & ((1ull << order) - 1)) || idx + (1ull << order) > z->pages)
		return false;
	for (uint64_t p = 1; p < (1ull << order); p++) {
		if (f[p].state != FRAME_FREE || (f[p].flags & FRAME_HEAD))
			return false;
	}
	return true;
}

bool frame_audit(void)
{
	uint64_t listed = 0, states = 0;

	for (unsigned i = 0; i < fa.zone_count; i++) {
		const struct zone *z = &fa.zones[i];
		for (unsigned o = 0; o <= FRAME_MAX_ORDER; o++) {
			uint32_t prev = NIL;
			for (uint32_t idx = z->free_head[o]; idx != NIL;
			     idx = z->frames[idx].next) {
				if (idx >= z->pages || z->frames[idx].prev != prev ||
				    !block_ok(z, idx, o) || listed > fa.total)
					return false;
				listed += 1ull << o;
				prev = idx;
			}
		}
	}
	for (unsigned s = 0; s < FRAME_STATE_COUNT; s++)
		states += fa.in_state[s];
	return listed == fa.in_state[FRAME_FREE] && states == fa.total;
}
