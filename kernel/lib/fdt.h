/* fdt.h — a reader for flattened device trees that never reads outside the blob. */
#ifndef BATON_LIB_FDT_H
#define BATON_LIB_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The blob is checked once, completely, by fdt_open(): header, the memory
 * reservation block, every token of the structure block and every property
 * name.  After that the accessors still check each offset they are handed,
 * so a caller's mistake is an error code, never a wild read.
 *
 * Node handles are offsets of FDT_BEGIN_NODE tokens in the structure block.
 * Negative return values are the FDT_ERR_* codes below.
 */

#define FDT_MAGIC	0xd00dfeedu
#define FDT_HEADER_SIZE 40u
#define FDT_MAX_DEPTH	32
#define FDT_MAX_SIZE	(4u << 20) /* no real tree comes close; a bigger one is garbage */

enum fdt_error {
	FDT_ERR_TRUNCATED = -1,	   /* blob shorter than its header says */
	FDT_ERR_BADMAGIC = -2,	   /* not a device tree */
	FDT_ERR_BADVERSION = -3,   /* older than version 17 or incompatible */
	FDT_ERR_BADLAYOUT = -4,	   /* blocks overlap the header, each other or the end */
	FDT_ERR_BADSTRUCTURE = -5, /* unknown token, unbalanced nodes, bad name */
	FDT_ERR_TOODEEP = -6,	   /* nesting deeper than FDT_MAX_DEPTH */
	FDT_ERR_BADOFFSET = -7,	   /* a node handle that is not a node */
	FDT_ERR_NOTFOUND = -8,
	FDT_ERR_BADVALUE = -9, /* property too short or of the wrong form */
	FDT_ERR_TOOBIG = -10,  /* totalsize above FDT_MAX_SIZE */
};

struct fdt {
	const uint8_t *blob;
	uint32_t size;
	uint32_t struct_off, struct_size;
	uint32_t strings_off, strings_size;
	uint32_t rsvmap_off, rsvmap_count;
};

/* Checks the whole blob; `avail` is how many bytes may be read at `blob`. */
int fdt_open(struct fdt *fdt, const void *blob, size_t avail);
const char *fdt_strerror(int err);

/* Reads the header's totalsize after checking the magic; 0 if not a tree. */
uint32_t fdt_total_size(const void *header);

/* /memreserve/ entries. */
int fdt_reservation(const struct fdt *fdt, unsigned index, uint64_t *base, uint64_t *size);

int fdt_root(const struct fdt *fdt);
/*
 * Next node in document order.  *depth (if given) goes up by one entering a
 * child and down by one for every node left, so a sibling of `node` comes
 * back with *depth unchanged and a node after `node`'s parent with less.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_parent(const struct fdt *fdt, int node);
const char *fdt_name(const struct fdt *fdt, int node);

/* Looks up an absolute path; a component without '@' also matches "name@unit". */
int fdt_path(const struct fdt *fdt, const char *path);
int fdt_subnode(const struct fdt *fdt, int parent, const char *name, size_t namelen);
int fdt_by_phandle(const struct fdt *fdt, uint32_t phandle);

const void *fdt_prop(const struct fdt *fdt, int node, const char *name, uint32_t *len);
bool fdt_has_prop(const struct fdt *fdt, int node, const char *name);
/* A property holding one NUL-terminated string; NULL if absent or malformed. */
const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name);
int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out);
/* True if the stringlist property `name` holds `value`. */
bool fdt_stringlist_contains(const struct fdt *fdt, int node, const char *name, const char *value);
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);
/* "okay", "ok" or no status at all. */
bool fdt_is_enabled(const struct fdt *fdt, int node);

/* #address-cells / #size-cells that a node gives its children (defaults 2 and 1). */
uint32_t fdt_address_cells(const struct fdt *fdt, int node);
uint32_t fdt_size_cells(const struct fdt *fdt, int node);

/* Big-endian cells: `cells` is 1 or 2. */
uint64_t fdt_read_cells(const void *p, uint32_t cells);
uint32_t fdt_be32(const void *p);
uint64_t fdt_be64(const void *p);

/*
 * Entry `index` of a node's "reg", decoded with its parent's cells and
 * translated to a CPU physical address through every parent bus's "ranges".
 */
int fdt_reg(const struct fdt *fdt, int node, unsigned index, uint64_t *base, uint64_t *size);

#endif
