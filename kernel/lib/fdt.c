/* fdt.c — flattened device tree reader: validates the whole blob, then walks it by offsets. */
#include "lib/fdt.h"

#include "lib/string.h"

/* Token values and header layout: Devicetree Specification v0.4, chapter 5. */
enum {
	TOK_BEGIN_NODE = 1,
	TOK_END_NODE = 2,
	TOK_PROP = 3,
	TOK_NOP = 4,
	TOK_END = 9,
};

enum {
	HDR_MAGIC,
	HDR_TOTALSIZE,
	HDR_OFF_STRUCT,
	HDR_OFF_STRINGS,
	HDR_OFF_RSVMAP,
	HDR_VERSION,
	HDR_LAST_COMP,
	HDR_BOOT_CPU,
	HDR_SIZE_STRINGS,
	HDR_SIZE_STRUCT,
};

#define FDT_VERSION_NEEDED 17u /* the first version with size_dt_struct */

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_be64(const void *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32((const uint8_t *)p + 4);
}

uint64_t fdt_read_cells(const void *p, uint32_t cells)
{
	return cells == 2 ? fdt_be64(p) : fdt_be32(p);
}

static uint32_t header_field(const void *blob, unsigned field)
{
	return fdt_be32((const uint8_t *)blob + 4 * field);
}

static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3u;
}

uint32_t fdt_total_size(const void *header)
{
	if (header_field(header, HDR_MAGIC) != FDT_MAGIC)
		return 0;
	return header_field(header, HDR_TOTALSIZE);
}

const char *fdt_strerror(int err)
{
	switch (err) {
	case 0:
		return "no error";
	case FDT_ERR_TRUNCATED:
		return "truncated (blob shorter than its header says)";
	case FDT_ERR_BADMAGIC:
		return "bad magic (not a device tree)";
	case FDT_ERR_BADVERSION:
		return "unsupported version (need 17)";
	case FDT_ERR_BADLAYOUT:
		return "block offsets or sizes outside the blob";
	case FDT_ERR_BADSTRUCTURE:
		return "malformed structure block";
	case FDT_ERR_TOODEEP:
		return "nodes nested too deeply";
	case FDT_ERR_BADOFFSET:
		return "bad node offset";
	case FDT_ERR_NOTFOUND:
		return "not found";
	case FDT_ERR_BADVALUE:
		return "property has the wrong size or form";
	case FDT_ERR_TOOBIG:
		return "blob larger than any sane device tree";
	default:
		return "unknown error";
	}
}

/* True if [off, off+len) lies inside a block of `size` bytes, without overflow. */
static bool inside(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

static const uint8_t *struct_ptr(const struct fdt *fdt, uint32_t off)
{
	return fdt->blob + fdt->struct_off + off;
}

/*
 * Decodes the token at `off` and finds where the next one starts, checking
 * that the whole token (name, property header and value) is in the block.
 */
static int read_token(const struct fdt *fdt, uint32_t off, uint32_t *tok, uint32_t *next)
{
	if ((off & 3) || !inside(off, 4, fdt->struct_size))
		return FDT_ERR_BADSTRUCTURE;
	*tok = fdt_be32(struct_ptr(fdt, off));
	switch (*tok) {
	case TOK_BEGIN_NODE: {
		uint32_t room = fdt->struct_size - (off + 4);
		const char *name = (const char *)struct_ptr(fdt, off + 4);
		uint32_t len = (uint32_t)strnlen(name, room);
		if (len == room)
			return FDT_ERR_BADSTRUCTURE;
		*next = align4(off + 4 + len + 1);
		return 0;
	}
	case TOK_PROP: {
		if (!inside(off, 12, fdt->struct_size))
			return FDT_ERR_BADSTRUCTURE;
		uint32_t len = fdt_be32(struct_ptr(fdt, off + 4));
		if (!inside(off + 12, len, fdt->struct_size))
			return FDT_ERR_BADSTRUCTURE;
		*next = align4(off + 12 + len);
		return 0;
	}
	case TOK_END_NODE:
	case TOK_NOP:
	case TOK_END:
		*next = off + 4;
		return 0;
	default:
		return FDT_ERR_BADSTRUCTURE;
	}
}

static const char *prop_name(const struct fdt *fdt, uint32_t off)
{
	uint32_t nameoff = fdt_be32(struct_ptr(fdt, off + 8));

	return (const char *)fdt->blob + fdt->strings_off + nameoff;
}

static bool prop_name_ok(const struct fdt *fdt, uint32_t off)
{
	uint32_t nameoff = fdt_be32(struct_ptr(fdt, off + 8));

	if (nameoff >= fdt->strings_size)
		return false;
	return strnlen(prop_name(fdt, off), fdt->strings_size - nameoff) <
	       fdt->strings_size - nameoff;
}

/* One pass over every token: balanced nodes, one root, named properties. */
static int check_structure(const struct fdt *fdt)
{
	uint32_t off = 0, tok, next;
	int depth = 0;
	bool seen_root = false;

	for (;;) {
		if (read_token(fdt, off, &tok, &next))
			return FDT_ERR_BADSTRUCTURE;
		switch (tok) {
		case TOK_BEGIN_NODE:
			if (depth == 0 && seen_root)
				return FDT_ERR_BADSTRUCTURE;
			seen_root = true;
			if (++depth > FDT_MAX_DEPTH)
				return FDT_ERR_TOODEEP;
			break;
		case TOK_END_NODE:
			if (depth-- == 0)
				return FDT_ERR_BADSTRUCTURE;
			break;
		case TOK_PROP:
			if (depth == 0 || !prop_name_ok(fdt, off))
				return FDT_ERR_BADSTRUCTURE;
			break;
		case TOK_END:
			return depth == 0 && seen_root ? 0 : FDT_ERR_BADSTRUCTURE;
		default:
			break;
		}
		off = next;
	}
}

static int check_rsvmap(struct fdt *fdt)
{
	uint32_t off = fdt->rsvmap_off;

	if ((off & 7) || off < FDT_HEADER_SIZE)
		return FDT_ERR_BADLAYOUT;
	for (uint32_t n = 0;; n++, off += 16) {
		if (!inside(off, 16, fdt->size))
			return FDT_ERR_BADLAYOUT;
		if (fdt_be64(fdt->blob + off) == 0 && fdt_be64(fdt->blob + off + 8) == 0) {
			fdt->rsvmap_count = n;
			return 0;
		}
	}
}

static bool disjoint(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a + alen <= b || b + blen <= a;
}

/* The three blocks may come in any order, but must not share a byte. */
static bool blocks_overlap(const struct fdt *fdt)
{
	uint32_t rsv_len = 16 * (fdt->rsvmap_count + 1);

	return !disjoint(fdt->struct_off, fdt->struct_size, fdt->strings_off, fdt->strings_size) ||
	       !disjoint(fdt->rsvmap_off, rsv_len, fdt->struct_off, fdt->struct_size) ||
	       !disjoint(fdt->rsvmap_off, rsv_len, fdt->strings_off, fdt->strings_size);
}

int fdt_open(struct fdt *fdt, const void *blob, size_t avail)
{
	memset(fdt, 0, sizeof(*fdt));
	if (!blob || avail < FDT_HEADER_SIZE)
		return FDT_ERR_TRUNCATED;
	if (header_field(blob, HDR_MAGIC) != FDT_MAGIC)
		return FDT_ERR_BADMAGIC;

	uint32_t total = header_field(blob, HDR_TOTALSIZE);
	if (total > FDT_MAX_SIZE)
		return FDT_ERR_TOOBIG;
	if (total > avail)
		return FDT_ERR_TRUNCATED;
	if (total < FDT_HEADER_SIZE)
		return FDT_ERR_BADLAYOUT;
	if (header_field(blob, HDR_VERSION) < FDT_VERSION_NEEDED ||
	    header_field(blob, HDR_LAST_COMP) > FDT_VERSION_NEEDED)
		return FDT_ERR_BADVERSION;

	fdt->blob = blob;
	fdt->size = total;
	fdt->struct_off = header_field(blob, HDR_OFF_STRUCT);
	fdt->struct_size = header_field(blob, HDR_SIZE_STRUCT);
	fdt->strings_off = header_field(blob, HDR_OFF_STRINGS);
	fdt->strings_size = header_field(blob, HDR_SIZE_STRINGS);
	fdt->rsvmap_off = header_field(blob, HDR_OFF_RSVMAP);

	int err = 0;
	if (fdt->struct_off < FDT_HEADER_SIZE || (fdt->struct_off & 3) ||
	    !inside(fdt->struct_off, fdt->struct_size, total) ||
	    fdt->strings_off < FDT_HEADER_SIZE ||
	    !inside(fdt->strings_off, fdt->strings_size, total))
		err = FDT_ERR_BADLAYOUT;
	if (!err)
		err = check_rsvmap(fdt);
	if (!err && blocks_overlap(fdt))
		err = FDT_ERR_BADLAYOUT;
	if (!err)
		err = check_structure(fdt);
	if (err)
		fdt->blob = NULL; /* never usable after a failed open */
	return err;
}

int fdt_reservation(const struct fdt *fdt, unsigned index, uint64_t *base, uint64_t *size)
{
	if (!fdt->blob || index >= fdt->rsvmap_count)
		return FDT_ERR_NOTFOUND;
	const uint8_t *e = fdt->blob + fdt->rsvmap_off + 16 * index;
	*base = fdt_be64(e);
	*size = fdt_be64(e + 8);
	return 0;
}

/* A handle is good if it is in the block and names a BEGIN_NODE token. */
static int check_node(const struct fdt *fdt, int node)
{
	uint32_t tok, next;

	if (!fdt->blob || node < 0 || read_token(fdt, (uint32_t)node, &tok, &next))
		return FDT_ERR_BADOFFSET;
	return tok == TOK_BEGIN_NODE ? 0 : FDT_ERR_BADOFFSET;
}

int fdt_root(const struct fdt *fdt)
{
	uint32_t off = 0, tok, next;

	if (!fdt->blob)
		return FDT_ERR_BADOFFSET;
	for (;;) {
		if (read_token(fdt, off, &tok, &next))
			return FDT_ERR_BADSTRUCTURE;
		if (tok == TOK_BEGIN_NODE)
			return (int)off;
		if (tok != TOK_NOP)
			return FDT_ERR_BADSTRUCTURE;
		off = next;
	}
}

const char *fdt_name(const struct fdt *fdt, int node)
{
	if (check_node(fdt, node))
		return NULL;
	return (const char *)struct_ptr(fdt, (uint32_t)node + 4);
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	uint32_t off, tok, next;
	int err = check_node(fdt, node);

	if (err)
		return err;
	read_token(fdt, (uint32_t)node, &tok, &off);
	for (;; off = next) {
		if (read_token(fdt, off, &tok, &next))
			return FDT_ERR_BADSTRUCTURE;
		if (tok == TOK_BEGIN_NODE) {
			if (depth)
				++*depth;
			return (int)off;
		}
		if (tok == TOK_END)
			return FDT_ERR_NOTFOUND;
		if (tok == TOK_END_NODE && depth)
			--*depth;
	}
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int depth = 0;
	int n = fdt_next_node(fdt, node, &depth);

	if (n < 0)
		return n;
	return depth == 1 ? n : FDT_ERR_NOTFOUND;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int depth = 0;

	for (;;) {
		node = fdt_next_node(fdt, node, &depth);
		if (node < 0)
			return node;
		if (depth <= 0)
			return depth == 0 ? node : FDT_ERR_NOTFOUND;
	}
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH + 1];
	int depth = 0;
	int n = fdt_root(fdt);
	int err = check_node(fdt, node);

	if (err)
		return err;
	if (n < 0 || n == node)
		return FDT_ERR_NOTFOUND;
	stack[0] = n;
	for (;;) {
		n = fdt_next_node(fdt, n, &depth);
		if (n < 0)
			return FDT_ERR_NOTFOUND;
		if (depth <= 0 || depth > FDT_MAX_DEPTH)
			return FDT_ERR_BADSTRUCTURE;
		stack[depth] = n;
		if (n == node)
			return stack[depth - 1];
	}
}

static bool has_unit_address(const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '@')
			return true;
	}
	return false;
}

static bool name_matches(const char *node_name, const char *name, size_t len)
{
	if (strncmp(node_name, name, len) != 0)
		return false;
	if (node_name[len] == '\0')
		return true;
	/* "memory" matches "memory@80000000" unless a unit address was given. */
	return node_name[len] == '@' && !has_unit_address(name, len);
}

int fdt_subnode(const struct fdt *fdt, int parent, const char *name, size_t namelen)
{
	int n;

	for (n = fdt_first_child(fdt, parent); n >= 0; n = fdt_next_sibling(fdt, n)) {
		if (name_matches(fdt_name(fdt, n), name, namelen))
			return n;
	}
	return n == FDT_ERR_NOTFOUND || n >= 0 ? FDT_ERR_NOTFOUND : n;
}

int fdt_path(const struct fdt *fdt, const char *path)
{
	int node = fdt_root(fdt);

	if (path[0] != '/')
		return FDT_ERR_NOTFOUND;
	while (node >= 0 && *path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		const char *end = strchr(path, '/');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		node = fdt_subnode(fdt, node, path, len);
		path += len;
	}
	return node;
}

const void *fdt_prop(const struct fdt *fdt, int node, const char *name, uint32_t *len)
{
	uint32_t off, tok, next;

	if (check_node(fdt, node))
		return NULL;
	read_token(fdt, (uint32_t)node, &tok, &off);
	for (;; off = next) {
		if (read_token(fdt, off, &tok, &next))
			return NULL;
		if (tok == TOK_NOP)
			continue;
		if (tok != TOK_PROP)
			return NULL; /* properties come before child nodes */
		if (prop_name_ok(fdt, off) && strcmp(prop_name(fdt, off), name) == 0) {
			if (len)
				*len = fdt_be32(struct_ptr(fdt, off + 4));
			return struct_ptr(fdt, off + 12);
		}
	}
}

bool fdt_has_prop(const struct fdt *fdt, int node, const char *name)
{
	return fdt_prop(fdt, node, name, NULL) != NULL;
}

const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name)
{
	uint32_t len;
	const char *s = fdt_prop(fdt, node, name, &len);

	if (!s || len == 0 || strnlen(s, len) == len)
		return NULL;
	return s;
}

int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out)
{
	uint32_t len;
	const void *p = fdt_prop(fdt, node, name, &len);

	if (!p)
		return FDT_ERR_NOTFOUND;
	if (len != 4)
		return FDT_ERR_BADVALUE;
	*out = fdt_be32(p);
	return 0;
}

bool fdt_stringlist_contains(const struct fdt *fdt, int node, const char *name, const char *value)
{
	uint32_t len;
	const char *s = fdt_prop(fdt, node, name, &len);
	size_t want = strlen(value);

	while (s && len > 0) {
		size_t n = strnlen(s, len);
		if (n == want && memcmp(s, value, n) == 0)
			return true;
		if (n >= len)
			break;
		s += n + 1;
		len -= (uint32_t)n + 1;
	}
	return false;
}

bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	return fdt_stringlist_contains(fdt, node, "compatible", compat);
}

bool fdt_is_enabled(const struct fdt *fdt, int node)
{
	const char *status = fdt_prop_string(fdt, node, "status");

	return !status || strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

int fdt_by_phandle(const struct fdt *fdt, uint32_t phandle)
{
	int depth = 0;
	int n = fdt_root(fdt);

	if (phandle == 0 || phandle == 0xffffffffu)
		return FDT_ERR_NOTFOUND;
	for (; n >= 0; n = fdt_next_node(fdt, n, &depth)) {
		uint32_t v;
		if ((fdt_prop_u32(fdt, n, "phandle", &v) == 0 ||
		     fdt_prop_u32(fdt, n, "linux,phandle", &v) == 0) &&
		    v == phandle)
			return n;
	}
	return FDT_ERR_NOTFOUND;
}

static uint32_t cells_or(const struct fdt *fdt, int node, const char *name, uint32_t dflt)
{
	uint32_t v;

	return fdt_prop_u32(fdt, node, name, &v) == 0 ? v : dflt;
}

/* Defaults from the Devicetree Specification, section 2.3.5. */
uint32_t fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_or(fdt, node, "#address-cells", 2);
}

uint32_t fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_or(fdt, node, "#size-cells", 1);
}

static bool cells_ok(uint32_t cells)
{
	return cells >= 1 && cells <= 2;
}

/* Finds the entry of a non-empty "ranges" that holds *addr and translates it. */
static int translate_through(const struct fdt *fdt, int bus, const uint8_t *ranges, uint32_t len,
			     uint64_t *addr)
{
	int parent = fdt_parent(fdt, bus);
	if (parent < 0)
		return parent;
	uint32_t child_ac = fdt_address_cells(fdt, bus);
	uint32_t parent_ac = fdt_address_cells(fdt, parent);
	uint32_t child_sc = fdt_size_cells(fdt, bus);
	if (!cells_ok(child_ac) || !cells_ok(parent_ac) || !cells_ok(child_sc))
		return FDT_ERR_BADVALUE;

	uint32_t entry = 4 * (child_ac + parent_ac + child_sc);
	if (len % entry)
		return FDT_ERR_BADVALUE;
	for (uint32_t off = 0; off < len; off += entry) {
		uint64_t child = fdt_read_cells(ranges + off, child_ac);
		uint64_t target = fdt_read_cells(ranges + off + 4 * child_ac, parent_ac);
		uint64_t size = fdt_read_cells(ranges + off + 4 * (child_ac + parent_ac), child_sc);
		if (*addr >= child && *addr - child < size) {
			*addr = *addr - child + target;
			return 0;
		}
	}
	return FDT_ERR_BADVALUE; /* the address is outside every window of the bus */
}

/* Walks from the device's bus up to the root, applying each bus's "ranges". */
static int translate(const struct fdt *fdt, int bus, uint64_t *addr)
{
	int root = fdt_root(fdt);

	for (int hops = 0; bus != root; hops++) {
		if (bus < 0 || hops > FDT_MAX_DEPTH)
			return FDT_ERR_BADSTRUCTURE;
		uint32_t len;
		const uint8_t *ranges = fdt_prop(fdt, bus, "ranges", &len);
		if (!ranges)
			return FDT_ERR_BADVALUE; /* not a memory-mapped bus */
		if (len) {
			int err = translate_through(fdt, bus, ranges, len, addr);
			if (err)
				return err;
		}
		bus = fdt_parent(fdt, bus);
	}
	return 0;
}

int fdt_reg(const struct fdt *fdt, int node, unsigned index, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent(fdt, node);
	if (parent < 0)
		return parent;
	uint32_t ac = fdt_address_cells(fdt, parent);
	uint32_t sc = fdt_size_cells(fdt, parent);
	if (!cells_ok(ac) || sc > 2)
		return FDT_ERR_BADVALUE;

	uint32_t len;
	const uint8_t *reg = fdt_prop(fdt, node, "reg", &len);
	uint32_t entry = 4 * (ac + sc);
	if (!reg)
		return FDT_ERR_NOTFOUND;
	if (len % entry)
		return FDT_ERR_BADVALUE;
	if (index >= len / entry)
		return FDT_ERR_NOTFOUND;

	*base = fdt_read_cells(reg + index * entry, ac);
	*size = sc ? fdt_read_cells(reg + index * entry + 4 * ac, sc) : 0;
	return translate(fdt, parent, base);
}
