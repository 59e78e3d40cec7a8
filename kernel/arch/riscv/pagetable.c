/* pagetable.c — Sv39 page tables: map, unmap, protect, look up, audit; huge pages split on demand.
 */
#include "arch/arch.h"

#include "arch/riscv/pagetable_internal.h"
#include "lib/string.h"
#include "mm/frame.h"

/* Bits 63..39 must repeat bit 38. */
static bool canonical(uintptr_t va)
{
	uint64_t top = (uint64_t)va >> (SV39_VA_BITS - 1);

	return top == 0 || top == (UINT64_MAX >> (SV39_VA_BITS - 1));
}

static bool in_user_half(uintptr_t va)
{
	return va < USER_HALF_END;
}

static int check_range(uintptr_t va, uint64_t size)
{
	if ((va | size) & (PAGE_4K - 1))
		return PT_ERR_ALIGN;
	if (size == 0 || va + size - 1 < va || !canonical(va) || !canonical(va + size - 1) ||
	    in_user_half(va) != in_user_half(va + size - 1))
		return PT_ERR_RANGE;
	return 0;
}

static int check_perm(unsigned perm)
{
	bool r = perm & PERM_R, w = perm & PERM_W, x = perm & PERM_X;

	if (!(r || x) || (w && !r) || (w && x))
		return PT_ERR_PERM;
	return 0;
}

static pte_t leaf_bits(unsigned perm)
{
	pte_t bits = PTE_V | PTE_A | PTE_D;

	bits |= perm & PERM_R ? PTE_R : 0;
	bits |= perm & PERM_W ? PTE_W : 0;
	bits |= perm & PERM_X ? PTE_X : 0;
	bits |= perm & PERM_USER ? PTE_U : 0;
	bits |= perm & PERM_GLOBAL ? PTE_G : 0;
	return bits;
}

static unsigned perm_of(pte_t pte)
{
	return (pte & PTE_R ? PERM_R : 0) | (pte & PTE_W ? PERM_W : 0) |
	       (pte & PTE_X ? PERM_X : 0) | (pte & PTE_U ? PERM_USER : 0) |
	       (pte & PTE_G ? PERM_GLOBAL : 0) | (pte & PTE_SW_LENT ? PERM_LENT : 0);
}

/*
 * Writes an entry and keeps the table's count of entries in use.  "In use"
 * is non-zero rather than V: a page lent mutably has V clear but must keep
 * its table alive.
 */
static void set_entry(paddr_t table, unsigned idx, pte_t pte)
{
	pte_t *e = &table_of(table)[idx];
	struct frame *f = frame_of(table);

	if (f)
		f->valid_entries += (unsigned)(pte != 0) - (unsigned)(*e != 0);
	*e = pte;
}

static bool new_table(const struct page_table *pt, paddr_t *pa)
{
	if (!frame_alloc(0, FRAME_PAGETABLE, pt->owner, pa))
		return false;
	memset(table_of(*pa), 0, PAGE_4K);
	frame_of(*pa)->valid_entries = 0;
	return true;
}

int pt_create(struct page_table *pt, uint32_t owner)
{
	pt->owner = owner;
	return new_table(pt, &pt->root) ? 0 : PT_ERR_NOMEM;
}

int pt_create_user(struct page_table *pt, uint32_t owner, const struct page_table *kernel)
{
	int err = pt_create(pt, owner);

	if (err)
		return err;
	const pte_t *src = table_of(kernel->root);
	for (unsigned i = SV39_ENTRIES / 2; i < SV39_ENTRIES; i++)
		set_entry(pt->root, i, src[i]);
	return 0;
}

static void free_tables(paddr_t table, int level, unsigned first, unsigned last)
{
	pte_t *t = table_of(table);

	for (unsigned i = first; i <= last; i++) {
		if (level > 0 && pte_is_table(t[i]))
			free_tables(pte_pa(t[i]), level - 1, 0, SV39_ENTRIES - 1);
	}
	frame_free(table, 0);
}

void pt_destroy(struct page_table *pt)
{
	free_tables(pt->root, SV39_LEVELS - 1, 0, SV39_ENTRIES / 2 - 1);
	pt->root = 0;
}

int pt_find_entry(const struct page_table *pt, uintptr_t va, int level, bool create, paddr_t *table,
		  int *level_found, bool *made)
{
	paddr_t t = pt->root;

	for (int l = SV39_LEVELS - 1; l > level; l--) {
		pte_t e = table_of(t)[vpn(va, l)];
		if (pte_is_leaf(e) || (!e && !create)) {
			*table = t;
			*level_found = l;
			return e ? PT_ERR_EXISTS : PT_ERR_NOTMAPPED;
		}
		if (!e) {
			paddr_t nt;
			if (!new_table(pt, &nt))
				return PT_ERR_NOMEM;
			set_entry(t, vpn(va, l), pte_make(nt, PTE_V));
			if (made)
				*made = true;
			e = table_of(t)[vpn(va, l)];
		}
		t = pte_pa(e);
	}
	*table = t;
	*level_found = level;
	return 0;
}

static int biggest_level(uintptr_t va, paddr_t pa, uint64_t left, unsigned flags)
{
	if (!(flags & MAP_HUGE))
		return 0;
	for (int l = SV39_LEVELS - 1; l > 0; l--) {
		uint64_t sz = level_size(l);
		if (!((va | pa) & (sz - 1)) && left >= sz)
			return l;
	}
	return 0;
}

/* Frees now-empty user tables on the path to `va`, bottom up; true if it freed one. */
bool pt_prune(const struct page_table *pt, uintptr_t va)
{
	paddr_t path[SV39_LEVELS];
	paddr_t t = pt->root;
	int depth = 0;
	bool freed = false;

	if (!in_user_half(va))
		return false; /* kernel tables are shared by every address space */
	for (int l = SV39_LEVELS - 1; l > 0; l--) {
		pte_t e = table_of(t)[vpn(va, l)];
		if (!pte_is_table(e))
			break;
		path[depth++] = t;
		t = pte_pa(e);
	}
	/* path[i] holds the entry pointing to the next table; t is the deepest table. */
	while (depth > 0 && frame_of(t)->valid_entries == 0) {
		paddr_t parent = path[--depth];
		set_entry(parent, vpn(va, SV39_LEVELS - 1 - depth), 0);
		frame_free(t, 0);
		freed = true;
		t = parent;
	}
	return freed;
}

static void unmap_mapped(struct page_table *pt, uintptr_t va, uint64_t size);

int pt_map(struct page_table *pt, uintptr_t va, paddr_t pa, uint64_t size, unsigned perm,
	   unsigned flags)
{
	int err = check_range(va, size);
	uint64_t done = 0;

	if (!err && (pa & (PAGE_4K - 1)))
		err = PT_ERR_ALIGN;
	if (!err && (pa + size < pa || ((pa + size - 1) >> 56)))
		err = PT_ERR_RANGE;
	if (!err)
		err = check_perm(perm);
	while (!err && done < size) {
		int level = biggest_level(va + done, pa + done, size - done, flags);
		paddr_t t;
		int found;
		for (;;) {
			err = pt_find_entry(pt, va + done, level, true, &t, &found, NULL);
			pte_t e = err ? 0 : table_of(t)[vpn(va + done, level)];
			if (!err && pte_is_table(e) && level > 0) {
				level--; /* a table is already there: map inside it */
				continue;
			}
			if (!err && e)
				err = PT_ERR_EXISTS;
			break;
		}
		if (err)
			break;
		set_entry(t, vpn(va + done, level), pte_make(pa + done, leaf_bits(perm)));
		done += level_size(level);
	}
	if (err) {
		unmap_mapped(pt, va, done);
		pt_prune(pt, va + done); /* tables made for the page that failed */
	}
	return err;
}

/* Replaces a huge leaf by a table of leaves one level down with the same bits. */
static int split(struct page_table *pt, paddr_t table, int level, unsigned idx)
{
	pte_t leaf = table_of(table)[idx];
	paddr_t nt;

	if (!new_table(pt, &nt))
		return PT_ERR_NOMEM;
	for (unsigned i = 0; i < SV39_ENTRIES; i++)
		set_entry(nt, i,
			  pte_make(pte_pa(leaf) + i * level_size(level - 1), leaf & PTE_FLAG_MASK));
	set_entry(table, idx, pte_make(nt, PTE_V));
	return 0;
}

/* Splits huge leaves until none straddles `va`; translations do not change. */
static int split_at(struct page_table *pt, uintptr_t va)
{
	for (;;) {
		paddr_t t;
		int level;
		int err = pt_find_entry(pt, va, 0, false, &t, &level, NULL);
		if (err != PT_ERR_EXISTS || !(va & (level_size(level) - 1)))
			return 0; /* no leaf straddles va */
		if ((err = split(pt, t, level, vpn(va, level))))
			return err;
	}
}

/* The leaf that maps va, or 0; *level says its size; *table where it lives. */
static pte_t leaf_at(const struct page_table *pt, uintptr_t va, int *level, paddr_t *table)
{
	int err = pt_find_entry(pt, va, 0, false, table, level, NULL);

	if (err == PT_ERR_EXISTS)
		return table_of(*table)[vpn(va, *level)];
	if (err == 0) {
		pte_t e = table_of(*table)[vpn(va, 0)];
		return pte_is_leaf(e) ? e : 0;
	}
	return 0; /* not mapped: *level tells how big the hole is */
}

/*
 * Clears every leaf in a range whose edges no huge leaf straddles.  Loops
 * here run while a - va < size: a range may end at 2^64, where va + size is 0.
 */
static void unmap_mapped(struct page_table *pt, uintptr_t va, uint64_t size)
{
	for (uintptr_t a = va; a - va < size;) {
		int level;
		paddr_t t;
		if (leaf_at(pt, a, &level, &t)) {
			set_entry(t, vpn(a, level), 0);
			pt_prune(pt, a);
		}
		a = (a & ~(level_size(level) - 1)) + level_size(level);
	}
}

/* PT_ERR_LENT if a leaf in the range is lent out; PT_ERR_NOTMAPPED (with `all`) for a hole. */
static int scan_range(const struct page_table *pt, uintptr_t va, uint64_t size, bool all)
{
	for (uintptr_t a = va; a - va < size;) {
		int level;
		paddr_t t;
		pte_t e = leaf_at(pt, a, &level, &t);
		if (e & PTE_SW_LENT)
			return PT_ERR_LENT;
		if (!e && all)
			return PT_ERR_NOTMAPPED;
		a = (a & ~(level_size(level) - 1)) + level_size(level);
	}
	return 0;
}

int pt_unmap(struct page_table *pt, uintptr_t va, uint64_t size, uint64_t *pages)
{
	int err = check_range(va, size);
	uintptr_t end = va + size;

	if (pages)
		*pages = 0;
	if (!err)
		err = scan_range(pt, va, size, false);
	if (!err)
		err = split_at(pt, va);
	if (!err && end != USER_HALF_END && end != 0)
		err = split_at(pt, end);
	if (err)
		return err;
	for (uintptr_t a = va; pages && a - va < size;) {
		int level;
		paddr_t t;
		if (leaf_at(pt, a, &level, &t))
			*pages += level_size(level) / PAGE_4K;
		a = (a & ~(level_size(level) - 1)) + level_size(level);
	}
	unmap_mapped(pt, va, size);
	return 0;
}

int pt_protect(struct page_table *pt, uintptr_t va, uint64_t size, unsigned perm)
{
	int err = check_range(va, size);
	uintptr_t end = va + size, a;

	if (!err)
		err = check_perm(perm);
	if (!err)
		err = scan_range(pt, va, size, true);
	if (!err)
		err = split_at(pt, va);
	if (!err && end != USER_HALF_END && end != 0)
		err = split_at(pt, end);
	for (a = va; !err && a - va < size;) {
		int level;
		paddr_t t;
		pte_t e = leaf_at(pt, a, &level, &t);
		pte_t keep = e & ~(PTE_R | PTE_W | PTE_X);
		set_entry(t, vpn(a, level), keep | (leaf_bits(perm) & (PTE_R | PTE_W | PTE_X)));
		a += level_size(level);
	}
	return err;
}

int pt_lookup(const struct page_table *pt, uintptr_t va, paddr_t *pa, unsigned *perm,
	      uint64_t *page_size)
{
	int level;
	paddr_t t;
	pte_t e;

	if (!canonical(va))
		return PT_ERR_RANGE;
	e = leaf_at(pt, va, &level, &t);
	if (!pte_is_live_leaf(e))
		return PT_ERR_NOTMAPPED; /* absent, or lent mutably */
	if (pa)
		*pa = pte_pa(e) + (va & (level_size(level) - 1));
	if (perm)
		*perm = perm_of(e);
	if (page_size)
		*page_size = level_size(level);
	return 0;
}

static bool leaf_ok(pte_t e)
{
	bool r = e & PTE_R, w = e & PTE_W, x = e & PTE_X;

	return (e & PTE_A) && (e & PTE_D) && !(w && !r) && !(w && x);
}

static void audit_table(paddr_t table, int level, struct pt_audit *out)
{
	pte_t *t = table_of(table);

	for (unsigned i = 0; i < SV39_ENTRIES; i++) {
		pte_t e = t[i];
		if (!e)
			continue;
		if (pte_is_leaf(e)) { /* lent ones too: V clear, everything else kept */
			out->leaves[level]++;
			out->user += !!(e & PTE_U);
			/* a huge leaf must be aligned to its size */
			out->bad += !leaf_ok(e) || (pte_pa(e) & (level_size(level) - 1));
		} else if (level == 0 || (e & PTE_FLAG_MASK) != PTE_V) {
			out->bad++; /* non-leaf with A, D, U or G, or a table below level 0 */
		} else {
			out->tables++;
			audit_table(pte_pa(e), level - 1, out);
		}
	}
}

void pt_audit(const struct page_table *pt, struct pt_audit *out)
{
	memset(out, 0, sizeof(*out));
	audit_table(pt->root, SV39_LEVELS - 1, out);
}

uint64_t pt_user_tables(const struct page_table *pt)
{
	const pte_t *root = table_of(pt->root);
	struct pt_audit a;

	/* The user half only: the kernel half's tables are the kernel's, shared by every space. */
	memset(&a, 0, sizeof(a));
	for (unsigned i = 0; i < SV39_ENTRIES / 2; i++) {
		if (pte_is_table(root[i])) {
			a.tables++;
			audit_table(pte_pa(root[i]), SV39_LEVELS - 2, &a);
		}
	}
	return a.tables;
}

static void leaves_in(paddr_t table, int level, uintptr_t base, uintptr_t lo, uintptr_t hi,
		      pt_visit_fn fn, void *arg)
{
	pte_t *t = table_of(table);

	for (unsigned i = 0; i < SV39_ENTRIES; i++) {
		uintptr_t va = base + (uintptr_t)i * level_size(level);
		if (va + level_size(level) - 1 < lo || va >= hi)
			continue;
		if (pte_is_leaf(t[i]))
			fn(va, pte_pa(t[i]), level_size(level), perm_of(t[i]), arg);
		else if (pte_is_table(t[i]) && level > 0)
			leaves_in(pte_pa(t[i]), level - 1, va, lo, hi, fn, arg);
	}
}

void pt_for_each_leaf(const struct page_table *pt, uintptr_t lo, uintptr_t hi, pt_visit_fn fn,
		      void *arg)
{
	/* Only the user half: kernel-half VAs do not start at 0 in this numbering. */
	leaves_in(pt->root, SV39_LEVELS - 1, 0, lo, hi < USER_HALF_END ? hi : USER_HALF_END, fn,
		  arg);
}

int pt_get_leaf(const struct page_table *pt, uintptr_t va, struct pt_leaf *out)
{
	int level;
	paddr_t t;
	pte_t e;

	if (!canonical(va))
		return PT_ERR_RANGE;
	if (!(e = leaf_at(pt, va, &level, &t)))
		return PT_ERR_NOTMAPPED;
	out->pa = pte_pa(e);
	out->size = level_size(level);
	out->perm = perm_of(e);
	return 0;
}

int pt_split_at(struct page_table *pt, uintptr_t va)
{
	if (!canonical(va) || (va & (PAGE_4K - 1)))
		return PT_ERR_RANGE;
	return split_at(pt, va);
}
