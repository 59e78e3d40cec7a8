/*
 * fuzz_fdt.c — libFuzzer target over the device-tree reader: fdt_open() on the bytes and, if the
 * tree opens, every accessor of lib/fdt.h over every node (fdt_walk.c) and machine_from_fdt().
 * A malformed tree must be an error code, never a read outside the input (ASan) nor undefined
 * behaviour (UBSan).  What an opened tree and a filled-in struct machine promise is checked
 * here too: each broken promise is named on stderr before abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_walk.h"
#include "lib/fdt.h"
#include "platform/machine.h"

#define FUZZ_NAME "fuzz_fdt"
#include "fuzz.h"

/* True if [p, p+len) lies inside the structure block. */
static int in_struct(const struct fdt *f, const void *p, uint32_t len)
{
	const uint8_t *lo = f->blob + f->struct_off, *hi = lo + f->struct_size;
	const uint8_t *b = p;

	return b >= lo && b <= hi && len <= (size_t)(hi - b);
}

/* The blocks fdt_open() accepted lie inside the input and its totalsize. */
static void check_layout(const struct fdt *f, const uint8_t *data, size_t size)
{
	PROMISE(f->blob == data && f->size >= FDT_HEADER_SIZE && f->size <= size,
		"size %u of %zu bytes", f->size, size);
	PROMISE(f->struct_off >= FDT_HEADER_SIZE && f->struct_off <= f->size &&
			f->struct_size <= f->size - f->struct_off,
		"structure block [%u, +%u) in %u bytes", f->struct_off, f->struct_size, f->size);
	PROMISE(f->strings_off >= FDT_HEADER_SIZE && f->strings_off <= f->size &&
			f->strings_size <= f->size - f->strings_off,
		"strings block [%u, +%u) in %u bytes", f->strings_off, f->strings_size, f->size);
	PROMISE(f->rsvmap_off >= FDT_HEADER_SIZE && f->rsvmap_off <= f->size &&
			(f->size - f->rsvmap_off) / 16 > f->rsvmap_count,
		"%u reservations at %u in %u bytes", f->rsvmap_count, f->rsvmap_off, f->size);
}

/*
 * What a few common properties of `node` hand back: the value inside the structure block, a
 * string ending within the value, a u32 only from a 4-byte value.
 */
static void check_props(const struct fdt *f, int node)
{
	static const char *const names[] = {
		"reg",	  "compatible", "status",      "#address-cells",
		"ranges", "phandle",	"device_type", "interrupts-extended"};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		uint32_t len = 0, v = 0;
		const char *p = fdt_prop(f, node, names[i], &len);
		PROMISE(!p || in_struct(f, p, len), "node %d: \"%s\" (%u bytes) outside the block",
			node, names[i], len);
		const char *s = fdt_prop_string(f, node, names[i]);
		PROMISE(!s || (s == p && strnlen(s, len) < len),
			"node %d: string \"%s\" not ending within its %u bytes", node, names[i],
			len);
		int err = fdt_prop_u32(f, node, names[i], &v);
		PROMISE(p ? (err == 0) == (len == 4) && (err || v == fdt_be32(p))
			  : err == FDT_ERR_NOTFOUND,
			"node %d: \"%s\" (%u bytes) as a u32: %d", node, names[i], len, err);
	}
}

/* A node's phandle the way fdt_by_phandle() reads it; 0 if none. */
static uint32_t phandle_of(const struct fdt *f, int node)
{
	uint32_t v;

	if (fdt_prop_u32(f, node, "phandle", &v) == 0 ||
	    fdt_prop_u32(f, node, "linux,phandle", &v) == 0)
		return v;
	return 0;
}

struct walk {
	int path[FDT_MAX_DEPTH + 1]; /* the node at each depth on the way to the current one */
	int last[FDT_MAX_DEPTH + 2]; /* the latest child seen at each depth, or -1 */
	unsigned nodes;
};

/* Every child of path[depth-1] has been seen: the last one has no next sibling. */
static void close_level(const struct fdt *f, struct walk *w, int depth)
{
	if (w->last[depth] < 0) {
		if (depth > 0) {
			int e = fdt_first_child(f, w->path[depth - 1]);
			PROMISE(e == FDT_ERR_NOTFOUND, "childless node %d has first child %d",
				w->path[depth - 1], e);
		}
		return;
	}
	int e = fdt_next_sibling(f, w->last[depth]);
	PROMISE(e == FDT_ERR_NOTFOUND, "last child %d has next sibling %d", w->last[depth], e);
	w->last[depth] = -1;
}

/* A node reached in document order at `depth`: parent, first child and siblings must agree. */
static void visit(const struct fdt *f, struct walk *w, int node, int depth)
{
	PROMISE(depth >= 1 && depth < FDT_MAX_DEPTH, "node %d at depth %d", node, depth);
	int parent = w->path[depth - 1], p = fdt_parent(f, node);
	PROMISE(p == parent, "node %d: parent %d, document order says %d", node, p, parent);
	if (w->last[depth] < 0) {
		int c = fdt_first_child(f, parent);
		PROMISE(c == node, "node %d: first child %d, document order says %d", parent, c,
			node);
	} else {
		int s = fdt_next_sibling(f, w->last[depth]);
		PROMISE(s == node, "node %d: next sibling %d, document order says %d",
			w->last[depth], s, node);
	}
	w->path[depth] = node;
	w->last[depth] = node;
}

static void check_node(const struct fdt *f, int node)
{
	const char *name = fdt_name(f, node);

	PROMISE(name && in_struct(f, name, (uint32_t)strlen(name) + 1), "node %d: name", node);
	check_props(f, node);
	uint32_t ph = phandle_of(f, node);
	if (ph != 0 && ph != 0xffffffffu) {
		int n = fdt_by_phandle(f, ph);
		PROMISE(n >= 0 && n <= node && phandle_of(f, n) == ph,
			"node %d: phandle %u finds %d", node, ph, n);
	}
}

/* Walks the tree in document order, checking each accessor against that order. */
static unsigned check_tree(const struct fdt *f)
{
	struct walk w;
	int depth = 0, prev_depth = 0;
	int root = fdt_root(f);

	PROMISE(root >= 0, "opened tree without a root: %d", root);
	PROMISE(fdt_parent(f, root) == FDT_ERR_NOTFOUND, "the root has parent %d",
		fdt_parent(f, root));
	memset(w.last, -1, sizeof(w.last));
	w.path[0] = root;
	w.nodes = 1;
	check_node(f, root);
	int n = fdt_next_node(f, root, &depth);
	for (; n >= 0; n = fdt_next_node(f, n, &depth)) {
		PROMISE(depth >= 1 && depth <= prev_depth + 1, "node %d: depth %d after %d", n,
			depth, prev_depth);
		for (int d = prev_depth + 1; d > depth; d--)
			close_level(f, &w, d);
		visit(f, &w, n, depth);
		check_node(f, n);
		prev_depth = depth;
		w.nodes++;
	}
	PROMISE(n == FDT_ERR_NOTFOUND, "walk ended with %d", n);
	for (int d = prev_depth + 1; d >= 1; d--)
		close_level(f, &w, d);
	return w.nodes;
}

static int no_wrap(uint64_t base, uint64_t size)
{
	return size <= UINT64_MAX - base;
}

static void check_memory(const struct machine *m)
{
	uint64_t total = 0;

	PROMISE(m->ram_count >= 1 && m->ram_count <= MACHINE_MAX_RAM, "ram_count %u", m->ram_count);
	for (unsigned i = 0; i < m->ram_count; i++) {
		const struct phys_range *r = &m->ram[i];
		PROMISE(r->size > 0 && no_wrap(r->base, r->size), "ram %u: 0x%llx+0x%llx", i,
			(unsigned long long)r->base, (unsigned long long)r->size);
		PROMISE(i == 0 || r->base >= m->ram[i - 1].base + m->ram[i - 1].size,
			"ram %u not sorted or overlapping", i);
		total += r->size;
	}
	PROMISE(total == m->ram_total, "ram_total 0x%llx, ranges add up to 0x%llx",
		(unsigned long long)m->ram_total, (unsigned long long)total);
	PROMISE(m->reserved_count <= MACHINE_MAX_RESERVED, "reserved_count %u", m->reserved_count);
	for (unsigned i = 0; i < m->reserved_count; i++) {
		const struct reserved_range *r = &m->reserved[i];
		PROMISE(r->size > 0 && no_wrap(r->base, r->size), "reserved %u: 0x%llx+0x%llx", i,
			(unsigned long long)r->base, (unsigned long long)r->size);
		PROMISE(memchr(r->name, 0, sizeof(r->name)), "reserved %u: name", i);
	}
}

static void check_harts(const struct machine *m)
{
	unsigned usable = 0;

	PROMISE(m->timebase_hz != 0, "timebase 0");
	PROMISE(m->hart_count <= MACHINE_MAX_HARTS, "hart_count %u", m->hart_count);
	for (unsigned i = 0; i < m->hart_count; i++) {
		const struct hart_info *h = &m->harts[i];
		PROMISE(h->usable == (h->skip_reason == NULL), "hart %u: usable %d, skipped for %s",
			i, h->usable, h->skip_reason ? h->skip_reason : "nothing");
		PROMISE(h->plic_context >= -1 && (m->plic.present || h->plic_context == -1),
			"hart %u: PLIC context %d", i, h->plic_context);
		const struct hart_info *found = machine_hart(m, h->hartid);
		PROMISE(found && found->hartid == h->hartid, "machine_hart(%u)", h->hartid);
		usable += h->usable;
	}
	PROMISE(m->usable_harts >= 1 && m->usable_harts == usable, "usable_harts %u, counted %u",
		m->usable_harts, usable);
}

static void check_machine(const struct machine *m)
{
	check_memory(m);
	check_harts(m);
	PROMISE(memchr(m->model, 0, sizeof(m->model)) &&
			memchr(m->bootargs, 0, sizeof(m->bootargs)),
		"model or bootargs not terminated");
	PROMISE(m->rng_seed_len <= sizeof(m->rng_seed), "rng_seed_len %u", m->rng_seed_len);
	const struct uart_info *u = &m->uart;
	if (u->kind != UART_NONE) {
		PROMISE(u->kind <= UART_SIFIVE && memchr(u->compatible, 0, sizeof(u->compatible)) &&
				u->compatible[0],
			"UART kind %d, compatible", u->kind);
		PROMISE(u->reg_shift <= 3 && (u->reg_io_width == 1 || u->reg_io_width == 4),
			"UART reg-shift %u, reg-io-width %u", u->reg_shift, u->reg_io_width);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt f;
	struct machine m;
	const char *why;
	int err = fdt_open(&f, data, size);

	if (err) {
		PROMISE(err < 0 && err >= FDT_ERR_TOOBIG && !f.blob &&
				strcmp(fdt_strerror(err), "unknown error") != 0,
			"fdt_open gave %d", err);
		return 0;
	}
	check_layout(&f, data, size);
	/* dt.c reads the size first, from the header alone. */
	PROMISE(fdt_total_size(data) == f.size, "fdt_total_size %u, opened %u bytes",
		fdt_total_size(data), f.size);
	unsigned nodes = check_tree(&f);
	unsigned walked = fdt_walk_all(&f, NULL);
	PROMISE(walked == nodes, "fdt_walk_all saw %u nodes, the checked walk %u", walked, nodes);
	err = machine_from_fdt(&f, &m, &why);
	if (err == 0)
		check_machine(&m);
	else
		PROMISE(err < 0 && why != NULL, "machine_from_fdt gave %d (%s)", err,
			why ? why : "no reason");
	return 0;
}
