/*
 * pt_bulk.c — lending and sending many pages at once.  The pages of a
 * buffer lie in runs of entries of one table; each run is found with one
 * walk and then handled entry by entry, so a lend costs a walk per table
 * plus a few instructions per page instead of several walks per page.
 */
#include "arch/riscv/pagetable_internal.h"
#include "mm/frame.h"

/* A run: consecutive entries of one table, all at one level. */
struct run {
	pte_t *entry;
	paddr_t table;
	int level;
	unsigned count; /* entries from `entry` to the end of the range or of the table */
};

/* The run of leaves that starts at va and covers at most `len` bytes; false if va has no leaf. */
static bool leaf_run(const struct page_table *pt, uintptr_t va, uint64_t len, struct run *r)
{
	paddr_t t = pt->root;

	for (int l = SV39_LEVELS - 1; l >= 0; l--) {
		pte_t *e = &table_of(t)[vpn(va, l)];
		if (pte_is_leaf(*e)) {
			uint64_t size = level_size(l),
				 want = (len + (va & (size - 1)) + size - 1) / size;
			uint64_t left = SV39_ENTRIES - vpn(va, l);
			*r = (struct run){e, t, l, (unsigned)(want < left ? want : left)};
			return true;
		}
		if (!pte_is_table(*e))
			return false;
		t = pte_pa(*e);
	}
	return false;
}

/*
 * Empty slots at `level` for va onward in pt, tables made as needed (then
 * *new_tables is set); false if out of memory.
 */
static bool slot_run(struct page_table *pt, uintptr_t va, int level, uint64_t len, struct run *r,
		     bool *new_tables)
{
	paddr_t t;
	int found;

	if (pt_find_entry(pt, va, level, true, &t, &found, new_tables))
		return false; /* no memory for a table (a leaf in the way cannot happen in a window) */
	uint64_t want = len >> SV39_LEVEL_SHIFT(level), left = SV39_ENTRIES - vpn(va, level);
	*r = (struct run){&table_of(t)[vpn(va, level)], t, level,
			  (unsigned)(want < left ? want : left)};
	return true;
}

/* Counts entries in use in a table (pagetable.c: a table with none is freed, except here). */
static void count_entries(paddr_t table, int delta)
{
	struct frame *f = frame_of(table);

	if (f)
		f->valid_entries += delta;
}

/*
 * A window slot about to take a huge leaf may still hold the (empty) table
 * that small pages used before: it goes.  Returns 1 if the slot was in use.
 */
static int clear_slot(pte_t *slot)
{
	if (!*slot)
		return 0;
	frame_free(pte_pa(*slot), 0); /* an empty table: the window range is free */
	*slot = 0;
	return 1;
}

/* Why an entry failed the quick test of check_run(), in the order a caller is told. */
static int refusal(pte_t e)
{
	if (!(e & PTE_U))
		return PT_ERR_NOTMAPPED;
	if (e & PTE_SW_LENT)
		return PT_ERR_LENT;
	return PT_ERR_PERM; /* not readable, or not writable for a mutable lend */
}

/*
 * The checks of pt_lend_check() over one run; returns how many entries
 * passed (it stops at a table or a hole, to walk again), or an error.  One
 * mask test covers leaf, user, rights and "not lent" (a mutably lent page
 * has V clear), then the frame's owner: about a dozen instructions a page.
 */
static inline __attribute__((always_inline)) int check_run(const struct run *r, pte_t need,
							   bool borrowed, uint32_t owner)
{
	const pte_t mask = need | PTE_V | PTE_SW_LENT, want = need | PTE_V;
	const struct frame_zone_hint z = frame_first_zone;
	unsigned i = 0;

	for (; i < r->count; i++) {
		pte_t e = r->entry[i];
		if ((e & mask) != want) {
			if (!pte_is_leaf(e))
				break;
			return refusal(e);
		}
		uint64_t k = (pte_pa(e) >> 12) - z.base_pfn;
		const struct frame *f = k < z.pages ? &z.frames[k] : frame_of_slow(pte_pa(e));
		if (!f)
			return PT_ERR_NOTOWNER; /* device registers are not memory to lend */
		if (!borrowed && (f->state != FRAME_USER || f->owner != owner))
			return PT_ERR_NOTOWNER;
	}
	return (int)i;
}

int pt_lend_check(const struct page_table *pt, uintptr_t va, uint64_t len, bool write,
		  bool borrowed, uint32_t owner, bool *straddles)
{
	pte_t need = PTE_U | PTE_R | (write ? PTE_W : 0);
	struct run r;

	*straddles = false;
	for (uint64_t off = 0; off < len;) {
		if (!leaf_run(pt, va + off, len - off, &r)) /* true only at a leaf */
			return PT_ERR_NOTMAPPED;
		uint64_t size = level_size(r.level);
		int n = borrowed ? check_run(&r, need, true, owner)
				 : check_run(&r, need, false, owner);
		if (n <= 0)
			return n < 0 ? n : PT_ERR_NOTMAPPED;
		uintptr_t leaf = (va + off) & ~(size - 1);
		off = leaf - va + (unsigned)n * size; /* modulo 2^64: right even if leaf < va */
		*straddles |= leaf < va || off > len; /* a huge leaf at an edge */
	}
	return 0;
}

static pte_t lend_mark(pte_t e, enum pt_lend_mode mode)
{
	if (mode == PT_LEND_RW)
		return (e & ~PTE_V) | PTE_SW_LENT; /* no access at all; R/W/X stay for the return */
	if (mode == PT_LEND_RO && (e & PTE_W))
		return (e & ~PTE_W) | PTE_SW_WAS_W | PTE_SW_LENT;
	return mode == PT_LEND_RO ? e | PTE_SW_LENT : e;
}

/* Every entry of a lent range is marked: V and W (if it had it) come back, the marks go. */
static inline pte_t lend_unmark(pte_t e)
{
	pte_t w = (e & PTE_SW_WAS_W) >> (9 - 2); /* RSW bit 9 to W, bit 2 */

	_Static_assert(PTE_SW_WAS_W >> 7 == PTE_W, "WAS_W is W moved up by 7");
	return (e | PTE_V | w) & ~(PTE_SW_LENT | PTE_SW_WAS_W);
}

/* What the receiving side's entry for a leaf looks like. */
static pte_t received(pte_t e, enum pt_lend_mode mode)
{
	pte_t bits = PTE_V | PTE_A | PTE_D | PTE_U | PTE_R;

	if (mode == PT_LEND_RW || (mode == PT_SEND && (e & PTE_W)))
		bits |= PTE_W;
	return pte_make(pte_pa(e), bits);
}

/*
 * One leaf of `from` whose size the window cannot match (its address there
 * is not aligned to the leaf): mapped as 4 KiB pages.
 */
static int map_small(struct page_table *to, uintptr_t win, pte_t e, int level,
		     enum pt_lend_mode mode, bool *new_tables)
{
	struct run s;

	for (uint64_t off = 0; off < level_size(level); off += s.count * PAGE_4K) {
		if (!slot_run(to, win + off, 0, level_size(level) - off, &s, new_tables))
			return PT_ERR_NOMEM;
		for (unsigned i = 0; i < s.count; i++)
			s.entry[i] =
				received(e, mode) + ((off >> 12) + i) * (1ull << PTE_PPN_SHIFT);
		count_entries(s.table, (int)s.count);
	}
	return 0;
}

/* Maps up to n leaves of a run of `from` into empty slots; returns how many (a table stops it). */
static inline __attribute__((always_inline)) unsigned map_run(pte_t *c, pte_t *s, unsigned n,
							      enum pt_lend_mode mode)
{
	unsigned i = 0;

	for (; i < n && pte_is_leaf(c[i]); i++) {
		s[i] = received(c[i], mode);
		c[i] = lend_mark(c[i], mode);
	}
	return i;
}

int pt_lend_map(struct page_table *from, uintptr_t va, uint64_t len, enum pt_lend_mode mode,
		struct page_table *to, uintptr_t win, bool *tables_changed)
{
	struct run c, s;
	bool changed = false; /* a local: stores through tables_changed would stay in the loop */

	for (uint64_t off = 0; off < len;) {
		leaf_run(from, va + off, len - off, &c); /* checked: it is there */
		uint64_t size = level_size(c.level);
		if ((win + off) & (size - 1)) {
			if (map_small(to, win + off, *c.entry, c.level, mode, &changed)) {
				pt_lend_unmap(NULL, 0, size, to, win + off); /* its first pages */
				goto undo;
			}
			/*
			 * A sent huge page is freed page by page where it lands
			 * (vm.c, release_leaf frees whole blocks only): one block
			 * per page in the frame table, as vm_split_at does.  Not a
			 * block of that order (split before): nothing to do.
			 */
			if (mode == PT_SEND)
				frame_split(pte_pa(*c.entry), SV39_LEVEL_SHIFT(c.level) - 12);
			*c.entry = lend_mark(*c.entry, mode);
			off += size;
			continue;
		}
		if (!slot_run(to, win + off, c.level, len - off, &s, &changed))
			goto undo;
		unsigned n = c.count < s.count ? c.count : s.count, i, reused = 0;
		if (s.level > 0)
			for (unsigned k = 0; k < n; k++)
				reused += clear_slot(&s.entry[k]);
		changed |= reused != 0;
		switch (mode) { /* one loop per mode: the mode's tests stay out of the loop */
		case PT_LEND_RO:
			i = map_run(c.entry, s.entry, n, PT_LEND_RO);
			break;
		case PT_LEND_RW:
			i = map_run(c.entry, s.entry, n, PT_LEND_RW);
			break;
		default:
			i = map_run(c.entry, s.entry, n, PT_SEND);
			break;
		}
		count_entries(s.table, (int)(i - reused));
		off += i * size;
		continue;
	undo:
		pt_lend_unmap(mode == PT_SEND ? NULL : from, va, off, to, win);
		*tables_changed = changed;
		return PT_ERR_NOMEM;
	}
	*tables_changed = changed;
	return 0;
}

bool pt_send_clear(struct page_table *from, uintptr_t va, uint64_t len, uint32_t new_owner,
		   bool keep_tables)
{
	struct run r;
	bool freed = false;

	for (uint64_t off = 0; off < len;) {
		leaf_run(from, va + off, len - off, &r);
		uint64_t size = level_size(r.level);
		unsigned i = 0;
		for (; i < r.count && pte_is_leaf(r.entry[i]); i++) {
			struct frame *f = frame_of(pte_pa(r.entry[i]));
			for (uint64_t k = 0; f && k < size / PAGE_4K; k++)
				f[k].owner = new_owner; /* state stays FRAME_USER */
			r.entry[i] = 0;
		}
		count_entries(r.table, -(int)i);
		off += i * size;
		if (!keep_tables)
			freed |= pt_prune(from,
					  va + off - size); /* the table just emptied, if empty */
	}
	return freed;
}

void pt_lend_unmap(struct page_table *from, uintptr_t va, uint64_t len, struct page_table *to,
		   uintptr_t win)
{
	struct run r;

	/* The window's side: cleared, its tables kept for the next message. */
	for (uint64_t off = 0; off < len;) {
		if (!leaf_run(to, win + off, len - off, &r)) {
			off += PAGE_4K; /* a hole: only where pt_lend_map stopped early */
			continue;
		}
		unsigned i = 0;
		for (; i < r.count && pte_is_leaf(r.entry[i]); i++)
			r.entry[i] = 0;
		count_entries(r.table, -(int)i);
		off += i * level_size(r.level);
	}
	for (uint64_t off = 0; from && off < len;) {
		leaf_run(from, va + off, len - off, &r);
		unsigned i = 0;
		for (; i < r.count && pte_is_leaf(r.entry[i]); i++)
			r.entry[i] = lend_unmark(r.entry[i]);
		off += i * level_size(r.level);
	}
}
