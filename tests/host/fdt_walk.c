/* fdt_walk.c — touches everything fdt.c can return, so ASan sees any read outside the blob. */
#include "fdt_walk.h"

#include <string.h>

static uint64_t sum_bytes(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint64_t s = 0;

	for (uint32_t i = 0; p && i < len; i++)
		s += b[i];
	return s;
}

static uint64_t sum_string(const char *s)
{
	return s ? sum_bytes(s, (uint32_t)strlen(s)) : 0;
}

static uint64_t touch_prop(const struct fdt *fdt, int node, const char *name)
{
	uint32_t len = 0, v = 0;
	const void *p = fdt_prop(fdt, node, name, &len);
	uint64_t s = sum_bytes(p, p ? len : 0);

	s += sum_string(fdt_prop_string(fdt, node, name));
	s += fdt_prop_u32(fdt, node, name, &v) == 0 ? v : 0;
	s += fdt_stringlist_contains(fdt, node, name, "okay");
	s += fdt_has_prop(fdt, node, name);
	return s;
}

static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3u;
}

/*
 * Asks the node for each property it has, by name, read from the structure
 * block here (fdt.h has no property iterator); fdt_open() has vouched for
 * the tokens, but every read is still bounded.
 */
static uint64_t touch_props(const struct fdt *fdt, int node)
{
	const uint8_t *st = fdt->blob + fdt->struct_off;
	const char *name = fdt_name(fdt, node);
	uint64_t s = touch_prop(fdt, node, "no-such-property");

	if (!name)
		return s;
	for (uint32_t off = align4((uint32_t)node + 4 + (uint32_t)strlen(name) + 1);
	     off + 4 <= fdt->struct_size;) {
		uint32_t tok = fdt_be32(st + off);
		if (tok == 4) { /* FDT_NOP */
			off += 4;
			continue;
		}
		if (tok != 3 || off + 12 > fdt->struct_size) /* not FDT_PROP */
			break;
		uint32_t len = fdt_be32(st + off + 4), nameoff = fdt_be32(st + off + 8);
		if (nameoff >= fdt->strings_size || len > fdt->struct_size - off - 12)
			break;
		s += touch_prop(fdt, node, (const char *)fdt->blob + fdt->strings_off + nameoff);
		off = align4(off + 12 + len);
	}
	return s;
}

static uint64_t touch_node(const struct fdt *fdt, int node)
{
	uint64_t s = sum_string(fdt_name(fdt, node)), base, size;

	s += (uint64_t)fdt_parent(fdt, node) + (uint64_t)fdt_first_child(fdt, node);
	s += (uint64_t)fdt_next_sibling(fdt, node);
	s += fdt_address_cells(fdt, node) + fdt_size_cells(fdt, node);
	s += fdt_is_enabled(fdt, node) + fdt_is_compatible(fdt, node, "ns16550a");
	for (unsigned i = 0; i < 2; i++) {
		if (fdt_reg(fdt, node, i, &base, &size) == 0)
			s += base + size;
	}
	uint32_t ph;
	if (fdt_prop_u32(fdt, node, "phandle", &ph) == 0)
		s += (uint64_t)fdt_by_phandle(fdt, ph);
	return s + touch_props(fdt, node);
}

static uint64_t touch_paths(const struct fdt *fdt)
{
	static const char *const paths[] = {
		"/",	   "/cpus", "/chosen",		"/aliases",
		"/memory", "/soc",  "/reserved-memory", "//cpus//cpu@0/"};
	uint64_t s = 0, base, size;

	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		s += (uint64_t)fdt_path(fdt, paths[i]);
	for (unsigned i = 0; fdt_reservation(fdt, i, &base, &size) == 0; i++)
		s += base + size;
	s += (uint64_t)fdt_by_phandle(fdt, 1) + (uint64_t)fdt_by_phandle(fdt, 0xfffffffe);
	return s;
}

unsigned fdt_walk_all(const struct fdt *fdt, uint64_t *checksum)
{
	int depth = 0;
	unsigned nodes = 0;
	uint64_t s = touch_paths(fdt);

	for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n, &depth)) {
		s += touch_node(fdt, n);
		nodes++;
	}
	if (checksum)
		*checksum = s;
	return nodes;
}

unsigned fdt_poke_handles(const struct fdt *fdt, unsigned step)
{
	unsigned nodes = 0;
	uint64_t base, size, s = 0;
	uint32_t len;

	for (uint32_t off = 0; off < fdt->struct_size + 16; off += step) {
		int h = (int)off;
		const char *name = fdt_name(fdt, h);
		nodes += name != NULL;
		s += sum_string(name) + (uint64_t)fdt_next_node(fdt, h, NULL);
		s += (uint64_t)fdt_first_child(fdt, h) + (uint64_t)fdt_next_sibling(fdt, h);
		s += (uint64_t)fdt_parent(fdt, h) + (uint64_t)fdt_subnode(fdt, h, "cpu", 3);
		const void *p = fdt_prop(fdt, h, "reg", &len);
		s += sum_bytes(p, p ? len : 0) + fdt_address_cells(fdt, h);
		s += fdt_reg(fdt, h, 0, &base, &size) == 0 ? base + size : 0;
	}
	return nodes + (unsigned)(s & 0); /* s only keeps the reads from being optimized out */
}
