/* test_fdt.c — the FDT reader: accessors, broken blobs of every kind, truncation, fuzzing. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fdt_build.h"
#include "fdt_walk.h"
#include "lib/fdt.h"
#include "platform/machine.h"
#include "rng.h"

/* ---- A sample tree with a bit of everything --------------------------------------------- */

static size_t off_serial_reg; /* structure-block offset of serial@10000's "reg" */

static void sample_cpus(struct fb *b)
{
	fb_begin(b, "cpus");
	fb_prop_u32(b, "#address-cells", 1);
	fb_prop_u32(b, "#size-cells", 0);
	fb_prop_u32(b, "timebase-frequency", 10000000);
	fb_begin(b, "cpu@0");
	fb_prop_str(b, "device_type", "cpu");
	fb_prop_u32(b, "reg", 0);
	fb_prop_str(b, "status", "okay");
	fb_prop_str(b, "riscv,isa", "rv64imafdc_zicsr_sstc");
	fb_prop_str(b, "mmu-type", "riscv,sv39");
	fb_begin(b, "interrupt-controller");
	fb_prop_str(b, "compatible", "riscv,cpu-intc");
	fb_prop_u32(b, "phandle", 1);
	fb_end(b);
	fb_end(b);
	fb_begin(b, "cpu@1");
	fb_prop_str(b, "device_type", "cpu");
	fb_prop_u32(b, "reg", 1);
	fb_prop_str(b, "status", "ok");
	fb_prop_str(b, "riscv,isa", "rv64imafdc");
	fb_prop_str(b, "mmu-type", "riscv,sv48");
	fb_begin(b, "interrupt-controller");
	fb_prop_str(b, "compatible", "riscv,cpu-intc");
	fb_prop_u32(b, "phandle", 2);
	fb_end(b);
	fb_end(b);
	fb_end(b);
}

static void sample_bus(struct fb *b)
{
	fb_begin(b, "bus@10000000");
	FB_STRS(b, "compatible", "simple-bus");
	fb_prop_u32(b, "#address-cells", 1);
	fb_prop_u32(b, "#size-cells", 1);
	FB_CELLS(b, "ranges", 0x0, 0x0, 0x10000000, 0x100000, 0x200000, 0x0, 0x20000000, 0x1000);
	fb_begin(b, "serial@10000");
	fb_prop_str(b, "compatible", "ns16550a");
	off_serial_reg = fb_prop(b, "reg", (uint8_t[]){0, 1, 0, 0, 0, 0, 1, 0}, 8);
	fb_prop_u32(b, "interrupts", 10);
	fb_prop_u32(b, "clock-frequency", 3686400);
	fb_end(b);
	fb_begin(b, "dev@200000");
	FB_CELLS(b, "reg", 0x200000, 0x10, 0x200100, 0x10);
	fb_prop_str(b, "status", "disabled");
	fb_end(b);
	fb_begin(b, "dev@300000");
	FB_CELLS(b, "reg", 0x300000, 0x10);
	fb_prop_str(b, "status", "fail");
	fb_end(b);
	fb_begin(b, "bad-reg");
	FB_CELLS(b, "reg", 1, 2, 3);
	fb_end(b);
	fb_end(b);
}

static void sample_soc(struct fb *b)
{
	fb_begin(b, "soc");
	fb_prop_u32(b, "#address-cells", 2);
	fb_prop_u32(b, "#size-cells", 2);
	FB_STRS(b, "compatible", "simple-bus");
	fb_prop_empty(b, "ranges");
	fb_begin(b, "plic@c000000");
	FB_STRS(b, "compatible", "sifive,plic-1.0.0\0riscv,plic0");
	FB_CELLS(b, "reg", 0, 0xc000000, 0, 0x4000000);
	fb_prop_u32(b, "riscv,ndev", 53);
	FB_CELLS(b, "interrupts-extended", 1, 11, 1, 9, 2, 11, 2, 9);
	fb_prop_u32(b, "phandle", 3);
	fb_end(b);
	sample_bus(b);
	fb_begin(b, "nobus");
	fb_prop_u32(b, "#address-cells", 1);
	fb_prop_u32(b, "#size-cells", 1);
	fb_begin(b, "dev@0");
	FB_CELLS(b, "reg", 0, 4);
	fb_end(b);
	fb_end(b);
	fb_end(b);
}

static void sample_misc(struct fb *b)
{
	fb_begin(b, "props");
	fb_prop(b, "empty-string", "", 1);
	fb_prop(b, "unterminated", "abc", 3);
	fb_prop_empty(b, "flag");
	FB_CELLS(b, "u64", 0, 5);
	FB_STRS(b, "list", "a\0bb\0ccc");
	fb_prop_u32(b, "linux,phandle", 7);
	fb_end(b);
	fb_begin(b, "cells3");
	fb_prop_u32(b, "#address-cells", 3);
	fb_begin(b, "child@0");
	FB_CELLS(b, "reg", 0, 0, 0, 1);
	fb_end(b);
	fb_end(b);
	fb_begin(b, "sizeless");
	fb_prop_u32(b, "#address-cells", 1);
	fb_prop_u32(b, "#size-cells", 0);
	fb_prop_empty(b, "ranges");
	fb_begin(b, "dev@5");
	FB_CELLS(b, "reg", 5, 6);
	fb_end(b);
	fb_end(b);
}

static void build_sample(struct fb *b)
{
	fb_init(b);
	fb_reserve(b, 0x80000000, 0x20000);
	fb_reserve(b, 0x88000000, 0x1000);
	fb_token(b, FB_NOP);
	fb_begin(b, "");
	fb_prop_u32(b, "#address-cells", 2);
	fb_prop_u32(b, "#size-cells", 2);
	fb_prop_str(b, "model", "baton,sample");
	FB_STRS(b, "compatible", "baton,sample\0baton,generic");
	fb_token(b, FB_NOP);
	fb_begin(b, "aliases");
	fb_prop_str(b, "serial0", "/soc/bus@10000000/serial@10000");
	fb_end(b);
	fb_begin(b, "chosen");
	fb_prop_str(b, "stdout-path", "serial0:115200n8");
	fb_prop_str(b, "bootargs", "console=hvc0 debug");
	fb_end(b);
	fb_begin(b, "memory@80000000");
	fb_prop_str(b, "device_type", "memory");
	FB_CELLS(b, "reg", 0, 0x80000000, 0, 0x10000000);
	fb_end(b);
	sample_cpus(b);
	sample_soc(b);
	sample_misc(b);
	fb_end(b);
}

/* The sample as a malloc'd blob of exactly its size. */
static uint8_t *sample_blob(size_t *len)
{
	struct fb b;

	build_sample(&b);
	const uint8_t *built = fb_finish(&b, len);
	uint8_t *blob = dup_exact(built, *len);
	fb_free(&b);
	return blob;
}

static struct fdt sample;
static uint8_t *sample_data;
static size_t sample_len;

static int node(const char *path)
{
	return fdt_path(&sample, path);
}

/* fdt_open on an exact-size copy, so that ASan catches any read past `len`. */
static int open_copy(const uint8_t *blob, size_t len)
{
	uint8_t *copy = dup_exact(blob, len);
	struct fdt f;
	int err = fdt_open(&f, copy, len);

	if (err)
		CHECK(f.blob == NULL);
	else
		fdt_walk_all(&f, NULL);
	free(copy);
	return err;
}

/* The sample with one header field changed. */
static int open_with_field(unsigned field, uint32_t value)
{
	uint8_t *copy = dup_exact(sample_data, sample_len);

	hdr_set(copy, field, value);
	int err = open_copy(copy, sample_len);
	free(copy);
	return err;
}

/* ---- Accessors on the sample ------------------------------------------------------------- */

static void test_sample_opens(void)
{
	CHECK_EQ(fdt_open(&sample, sample_data, sample_len), 0);
	CHECK_EQ(sample.size, sample_len);
	CHECK_EQ(fdt_total_size(sample_data), sample_len);
	CHECK_EQ(fdt_root(&sample), 4); /* after the leading NOP */
	CHECK(strcmp(fdt_name(&sample, fdt_root(&sample)), "") == 0);
	CHECK_EQ(fdt_walk_all(&sample, NULL), 23);
	/* More room than the tree needs is fine. */
	uint8_t *bigger = calloc(1, sample_len + 4096);
	struct fdt f;
	memcpy(bigger, sample_data, sample_len);
	CHECK_EQ(fdt_open(&f, bigger, sample_len + 4096), 0);
	CHECK_EQ(f.size, sample_len);
	free(bigger);
}

static void test_reservations(void)
{
	uint64_t base = 1, size = 1;

	CHECK_EQ(sample.rsvmap_count, 2);
	CHECK_EQ(fdt_reservation(&sample, 0, &base, &size), 0);
	CHECK(base == 0x80000000 && size == 0x20000);
	CHECK_EQ(fdt_reservation(&sample, 1, &base, &size), 0);
	CHECK(base == 0x88000000 && size == 0x1000);
	CHECK_EQ(fdt_reservation(&sample, 2, &base, &size), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_reservation(&sample, 0xffffffffu, &base, &size), FDT_ERR_NOTFOUND);
}

static const struct {
	const char *name;
	int depth;
} order[] = {
	{"", 0},
	{"aliases", 1},
	{"chosen", 1},
	{"memory@80000000", 1},
	{"cpus", 1},
	{"cpu@0", 2},
	{"interrupt-controller", 3},
	{"cpu@1", 2},
	{"interrupt-controller", 3},
	{"soc", 1},
	{"plic@c000000", 2},
	{"bus@10000000", 2},
	{"serial@10000", 3},
	{"dev@200000", 3},
	{"dev@300000", 3},
	{"bad-reg", 3},
	{"nobus", 2},
	{"dev@0", 3},
	{"props", 1},
	{"cells3", 1},
	{"child@0", 2},
	{"sizeless", 1},
	{"dev@5", 2},
};

static void test_document_order(void)
{
	int depth = 0, n = fdt_root(&sample);
	unsigned i = 0;

	for (; n >= 0 && i < sizeof(order) / sizeof(order[0]); i++) {
		CHECK(strcmp(fdt_name(&sample, n), order[i].name) == 0);
		CHECK_EQ(depth, order[i].depth);
		n = fdt_next_node(&sample, n, &depth);
	}
	CHECK_EQ(i, sizeof(order) / sizeof(order[0]));
	CHECK_EQ(n, FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_node(&sample, node("/sizeless/dev@5"), NULL), FDT_ERR_NOTFOUND);
	/* Leaving two levels at once: dev@0 is followed by props, two levels up. */
	depth = 5;
	CHECK_EQ(fdt_next_node(&sample, node("/soc/nobus/dev@0"), &depth), node("/props"));
	CHECK_EQ(depth, 3);
}

static void test_children_and_parents(void)
{
	static const char *const soc_children[] = {"plic@c000000", "bus@10000000", "nobus"};
	int soc = node("/soc");
	unsigned i = 0;

	for (int n = fdt_first_child(&sample, soc); n >= 0; n = fdt_next_sibling(&sample, n), i++)
		CHECK(i < 3 && strcmp(fdt_name(&sample, n), soc_children[i]) == 0);
	CHECK_EQ(i, 3);
	CHECK_EQ(fdt_first_child(&sample, node("/chosen")), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&sample, node("/sizeless")), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&sample, node("/cpus/cpu@0")), node("/cpus/cpu@1"));
	CHECK_EQ(fdt_next_sibling(&sample, node("/cpus/cpu@1")), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&sample, fdt_root(&sample)), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_parent(&sample, node("/soc/bus@10000000/serial@10000")),
		 node("/soc/bus@10000000"));
	CHECK_EQ(fdt_parent(&sample, node("/cpus/cpu@1/interrupt-controller")),
		 node("/cpus/cpu@1"));
	CHECK_EQ(fdt_parent(&sample, node("/soc")), fdt_root(&sample));
	CHECK_EQ(fdt_parent(&sample, fdt_root(&sample)), FDT_ERR_NOTFOUND);
}

static void test_paths(void)
{
	int cpu0 = node("/cpus/cpu@0");

	CHECK(cpu0 > 0);
	CHECK_EQ(node("/"), fdt_root(&sample));
	CHECK_EQ(node("/cpus/cpu"), cpu0); /* without a unit address: the first cpu@ */
	CHECK_EQ(node("//cpus///cpu@0/"), cpu0);
	CHECK_EQ(node("/memory"), node("/memory@80000000"));
	CHECK(node("/memory") > 0);
	CHECK_EQ(node("/memory@90000000"), FDT_ERR_NOTFOUND);
	CHECK_EQ(node("/memory@8"), FDT_ERR_NOTFOUND);
	CHECK_EQ(node("/cpus/cpu@2"), FDT_ERR_NOTFOUND);
	CHECK_EQ(node("/cp"), FDT_ERR_NOTFOUND);
	CHECK_EQ(node("/cpusx"), FDT_ERR_NOTFOUND);
	CHECK_EQ(node("cpus"), FDT_ERR_NOTFOUND);
	CHECK_EQ(node(""), FDT_ERR_NOTFOUND);
	CHECK_EQ(node("/chosen/nothing"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_subnode(&sample, node("/cpus"), "cpu@1xyz", 5), node("/cpus/cpu@1"));
	CHECK_EQ(fdt_subnode(&sample, node("/cpus"), "cpu@1", 4), FDT_ERR_NOTFOUND); /* "cpu@" */
}

static void test_properties(void)
{
	int props = node("/props"), root = fdt_root(&sample);
	uint32_t len = 0, v = 0;

	CHECK(fdt_prop(&sample, props, "flag", &len) != NULL);
	CHECK_EQ(len, 0);
	CHECK(fdt_has_prop(&sample, props, "flag"));
	CHECK(!fdt_has_prop(&sample, props, "fla"));
	CHECK(!fdt_has_prop(&sample, root, "device_type")); /* a child's property */
	CHECK(fdt_prop(&sample, root, "nothing", &len) == NULL);
	CHECK(strcmp(fdt_prop_string(&sample, props, "empty-string"), "") == 0);
	CHECK(fdt_prop_string(&sample, props, "unterminated") == NULL);
	CHECK(fdt_prop_string(&sample, props, "flag") == NULL);
	CHECK(strcmp(fdt_prop_string(&sample, root, "model"), "baton,sample") == 0);
	CHECK_EQ(fdt_prop_u32(&sample, props, "linux,phandle", &v), 0);
	CHECK_EQ(v, 7);
	CHECK_EQ(fdt_prop_u32(&sample, props, "u64", &v), FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_prop_u32(&sample, props, "flag", &v), FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_prop_u32(&sample, props, "nothing", &v), FDT_ERR_NOTFOUND);
	CHECK_EQ(v, 7);
	CHECK(fdt_stringlist_contains(&sample, props, "list", "bb"));
	CHECK(fdt_stringlist_contains(&sample, props, "list", "ccc"));
	CHECK(!fdt_stringlist_contains(&sample, props, "list", "b"));
	CHECK(!fdt_stringlist_contains(&sample, props, "list", "cc"));
	CHECK(!fdt_stringlist_contains(&sample, props, "list", ""));
	CHECK(fdt_is_compatible(&sample, root, "baton,generic"));
	CHECK(!fdt_is_compatible(&sample, root, "baton"));
	CHECK(!fdt_is_compatible(&sample, node("/chosen"), "baton,generic"));
}

static void test_status(void)
{
	CHECK(fdt_is_enabled(&sample, node("/cpus/cpu@0")));	      /* "okay" */
	CHECK(fdt_is_enabled(&sample, node("/cpus/cpu@1")));	      /* "ok" */
	CHECK(fdt_is_enabled(&sample, node("/soc")));		      /* none */
	CHECK(!fdt_is_enabled(&sample, node("/soc/bus/dev@200000"))); /* "disabled" */
	CHECK(!fdt_is_enabled(&sample, node("/soc/bus/dev@300000"))); /* "fail" */
}

static void test_phandles(void)
{
	CHECK_EQ(fdt_by_phandle(&sample, 2), node("/cpus/cpu@1/interrupt-controller"));
	CHECK_EQ(fdt_by_phandle(&sample, 3), node("/soc/plic"));
	CHECK_EQ(fdt_by_phandle(&sample, 7), node("/props")); /* linux,phandle */
	CHECK_EQ(fdt_by_phandle(&sample, 0), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_by_phandle(&sample, 0xffffffffu), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_by_phandle(&sample, 4), FDT_ERR_NOTFOUND);
}

static void test_cells(void)
{
	static const uint8_t be[] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};

	CHECK_EQ(fdt_address_cells(&sample, fdt_root(&sample)), 2);
	CHECK_EQ(fdt_size_cells(&sample, node("/cpus")), 0);
	CHECK_EQ(fdt_address_cells(&sample, node("/chosen")), 2); /* the defaults */
	CHECK_EQ(fdt_size_cells(&sample, node("/chosen")), 1);
	CHECK_EQ(fdt_address_cells(&sample, node("/cells3")), 3);
	CHECK_EQ(fdt_be32(be), 0x12345678);
	CHECK_EQ(fdt_be64(be), 0x123456789abcdef0ull);
	CHECK_EQ(fdt_read_cells(be, 1), 0x12345678);
	CHECK_EQ(fdt_read_cells(be, 2), 0x123456789abcdef0ull);
}

static void expect_reg(const char *path, unsigned index, int err, uint64_t base, uint64_t size)
{
	uint64_t b = 0xdead, s = 0xdead;

	CHECK_EQ(fdt_reg(&sample, node(path), index, &b, &s), err);
	if (err == 0) {
		CHECK_EQ(b, base);
		CHECK_EQ(s, size);
	}
}

static void test_reg_translation(void)
{
	expect_reg("/memory", 0, 0, 0x80000000, 0x10000000);
	expect_reg("/memory", 1, FDT_ERR_NOTFOUND, 0, 0);
	expect_reg("/soc/plic", 0, 0, 0xc000000, 0x4000000);
	expect_reg("/soc/bus/serial", 0, 0, 0x10010000, 0x100);	   /* first window */
	expect_reg("/soc/bus/dev@200000", 0, 0, 0x20000000, 0x10); /* second window */
	expect_reg("/soc/bus/dev@200000", 1, 0, 0x20000100, 0x10);
	expect_reg("/soc/bus/dev@200000", 2, FDT_ERR_NOTFOUND, 0, 0);
	expect_reg("/soc/bus/dev@300000", 0, FDT_ERR_BADVALUE, 0, 0); /* in no window */
	expect_reg("/soc/bus/bad-reg", 0, FDT_ERR_BADVALUE, 0, 0);    /* 3 cells, entries of 2 */
	expect_reg("/soc/nobus/dev@0", 0, FDT_ERR_BADVALUE, 0, 0);    /* bus without ranges */
	expect_reg("/cells3/child@0", 0, FDT_ERR_BADVALUE, 0, 0);     /* 3 address cells */
	expect_reg("/sizeless/dev@5", 1, 0, 6, 0);
	expect_reg("/chosen", 0, FDT_ERR_NOTFOUND, 0, 0);
	expect_reg("/", 0, FDT_ERR_NOTFOUND, 0, 0);
	expect_reg("/cpus/cpu@1", 0, FDT_ERR_BADVALUE, 0, 0); /* /cpus is not a bus */
}

static void test_bad_handles(void)
{
	uint32_t len;
	uint64_t b, s;
	int serial = node("/soc/bus/serial");
	const int bad[] = {-1,
			   1,
			   2,
			   serial + 4,
			   (int)sample.struct_size,
			   INT32_MAX,
			   INT32_MIN,
			   (int)off_serial_reg};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int h = bad[i];
		CHECK(fdt_name(&sample, h) == NULL);
		CHECK_EQ(fdt_next_node(&sample, h, NULL), FDT_ERR_BADOFFSET);
		CHECK(fdt_first_child(&sample, h) < 0);
		CHECK(fdt_next_sibling(&sample, h) < 0);
		CHECK(fdt_parent(&sample, h) < 0);
		CHECK(fdt_prop(&sample, h, "reg", &len) == NULL);
		CHECK(fdt_reg(&sample, h, 0, &b, &s) < 0);
		CHECK(fdt_subnode(&sample, h, "x", 1) < 0);
	}
}

/*
 * Any offset at all may come in as a node handle: an error, never a read
 * outside the blob.  Words inside property values can pass for nodes (a cell
 * of 1 is FDT_BEGIN_NODE), so only the real 23 are sure to be among them.
 */
static void test_any_offset_as_handle(void)
{
	CHECK(fdt_poke_handles(&sample, 1) >= 23);
}

/* After a failed open every accessor answers with an error, whatever the blob was. */
static void test_failed_open_is_unusable(void)
{
	struct fdt f;
	uint64_t b, s;

	CHECK_EQ(fdt_open(&f, NULL, 100), FDT_ERR_TRUNCATED);
	CHECK(f.blob == NULL);
	CHECK_EQ(fdt_open(&f, sample_data, 39), FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_root(&f), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_path(&f, "/cpus"), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_reservation(&f, 0, &b, &s), FDT_ERR_NOTFOUND);
	CHECK(fdt_name(&f, 4) == NULL);
	CHECK(fdt_prop(&f, 4, "model", NULL) == NULL);
	CHECK_EQ(fdt_by_phandle(&f, 1), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_node(&f, 4, NULL), FDT_ERR_BADOFFSET);
	struct machine m;
	const char *why;
	CHECK(machine_from_fdt(&f, &m, &why) < 0);
	CHECK(why != NULL);
}

static void test_strerror_and_total_size(void)
{
	static const uint8_t not_a_tree[8] = {0xd0, 0x0d, 0xfe, 0xef, 0, 0, 1, 0};

	for (int e = 0; e >= FDT_ERR_TOOBIG; e--) {
		CHECK(fdt_strerror(e) && fdt_strerror(e)[0]);
		CHECK(strcmp(fdt_strerror(e), "unknown error") != 0);
		for (int f = e + 1; f <= 0; f++)
			CHECK(strcmp(fdt_strerror(e), fdt_strerror(f)) != 0);
	}
	CHECK(strcmp(fdt_strerror(-99), "unknown error") == 0);
	CHECK(strcmp(fdt_strerror(3), "unknown error") == 0);
	CHECK_EQ(fdt_total_size(not_a_tree), 0);
	CHECK_EQ(fdt_total_size(sample_data), sample_len);
}

/* ---- Broken headers and layouts -------------------------------------------------------- */

static void test_bad_header(void)
{
	CHECK_EQ(open_with_field(FB_HDR_MAGIC, 0xd00dfeee), FDT_ERR_BADMAGIC);
	CHECK_EQ(open_with_field(FB_HDR_MAGIC, 0xedfe0dd0), FDT_ERR_BADMAGIC);
	CHECK_EQ(open_with_field(FB_HDR_VERSION, 16), FDT_ERR_BADVERSION);
	CHECK_EQ(open_with_field(FB_HDR_VERSION, 1), FDT_ERR_BADVERSION);
	CHECK_EQ(open_with_field(FB_HDR_LAST_COMP, 18), FDT_ERR_BADVERSION);
	CHECK_EQ(open_with_field(FB_HDR_LAST_COMP, 0xffffffff), FDT_ERR_BADVERSION);
	CHECK_EQ(open_with_field(FB_HDR_LAST_COMP, 17), 0);
	CHECK_EQ(open_with_field(FB_HDR_VERSION, 20), 0); /* newer, still compatible with 16 */
	CHECK_EQ(open_with_field(FB_HDR_BOOT_CPU, 3), 0);
	CHECK_EQ(open_with_field(FB_HDR_TOTALSIZE, 39), FDT_ERR_BADLAYOUT);
	CHECK_EQ(open_with_field(FB_HDR_TOTALSIZE, 0), FDT_ERR_BADLAYOUT);
	CHECK_EQ(open_with_field(FB_HDR_TOTALSIZE, (uint32_t)sample_len + 1), FDT_ERR_TRUNCATED);
	CHECK_EQ(open_with_field(FB_HDR_TOTALSIZE, FDT_MAX_SIZE + 1), FDT_ERR_TOOBIG);
	CHECK_EQ(open_with_field(FB_HDR_TOTALSIZE, 0xffffffff), FDT_ERR_TOOBIG);
}

/* A whole FDT_MAX_SIZE buffer: the largest size is fine, one more is too big. */
static void test_max_size(void)
{
	uint8_t *big = calloc(1, FDT_MAX_SIZE + 4);
	struct fdt f;

	memcpy(big, sample_data, sample_len);
	hdr_set(big, FB_HDR_TOTALSIZE, FDT_MAX_SIZE);
	CHECK_EQ(fdt_open(&f, big, FDT_MAX_SIZE), 0);
	CHECK_EQ(fdt_open(&f, big, FDT_MAX_SIZE - 1), FDT_ERR_TRUNCATED);
	hdr_set(big, FB_HDR_TOTALSIZE, FDT_MAX_SIZE + 4);
	CHECK_EQ(fdt_open(&f, big, FDT_MAX_SIZE + 4), FDT_ERR_TOOBIG);
	free(big);
}

static void test_bad_offsets(void)
{
	uint32_t st = hdr_get(sample_data, FB_HDR_OFF_STRUCT);
	uint32_t str = hdr_get(sample_data, FB_HDR_OFF_STRINGS);
	uint32_t total = (uint32_t)sample_len;
	const struct {
		unsigned field;
		uint32_t value;
	} bad[] = {
		{FB_HDR_OFF_STRUCT, 0},		  {FB_HDR_OFF_STRUCT, 36},
		{FB_HDR_OFF_STRUCT, st + 1},	  {FB_HDR_OFF_STRUCT, st + 2},
		{FB_HDR_OFF_STRUCT, total},	  {FB_HDR_OFF_STRUCT, 0xfffffffc},
		{FB_HDR_OFF_STRINGS, 0},	  {FB_HDR_OFF_STRINGS, 39},
		{FB_HDR_OFF_STRINGS, str + 1},	  {FB_HDR_OFF_STRINGS, 0xffffffff},
		{FB_HDR_SIZE_STRUCT, 0xffffffff}, {FB_HDR_SIZE_STRUCT, total},
		{FB_HDR_SIZE_STRINGS, total},	  {FB_HDR_SIZE_STRINGS, 0xfffffff0},
		{FB_HDR_OFF_RSVMAP, 0},		  {FB_HDR_OFF_RSVMAP, 32},
		{FB_HDR_OFF_RSVMAP, 44},	  {FB_HDR_OFF_RSVMAP, 41},
		{FB_HDR_OFF_RSVMAP, total},	  {FB_HDR_OFF_RSVMAP, total - 8},
		{FB_HDR_OFF_RSVMAP, 0xfffffff8},
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = open_with_field(bad[i].field, bad[i].value);
		if (err != FDT_ERR_BADLAYOUT)
			fprintf(stderr, "  header field %u = 0x%x gave %d\n", bad[i].field,
				bad[i].value, err);
		CHECK_EQ(err, FDT_ERR_BADLAYOUT);
	}
}

/* Blocks inside the blob but sharing bytes with each other are refused too. */
static void test_overlapping_blocks(void)
{
	uint32_t st = hdr_get(sample_data, FB_HDR_OFF_STRUCT);
	uint32_t st_size = hdr_get(sample_data, FB_HDR_SIZE_STRUCT);
	uint32_t str = hdr_get(sample_data, FB_HDR_OFF_STRINGS);

	CHECK(st + st_size <= str); /* the sample's layout: structure, then strings */
	CHECK_EQ(open_with_field(FB_HDR_SIZE_STRUCT, st_size + 8), FDT_ERR_BADLAYOUT);
	CHECK_EQ(open_with_field(FB_HDR_OFF_STRINGS, st + 4), FDT_ERR_BADLAYOUT);
	CHECK_EQ(open_with_field(FB_HDR_OFF_RSVMAP, (st + 8) & ~7u), FDT_ERR_BADLAYOUT);
}

/* Every length short of totalsize, as `avail` and also written into the header. */
static void truncate_everywhere(const uint8_t *blob, uint32_t total)
{
	for (uint32_t len = 0; len < total; len++) {
		CHECK_EQ(open_copy(blob, len), FDT_ERR_TRUNCATED);
		if (len < FDT_HEADER_SIZE)
			continue;
		uint8_t *cut = dup_exact(blob, len);
		hdr_set(cut, FB_HDR_TOTALSIZE, len);
		CHECK(open_copy(cut, len) < 0);
		free(cut);
	}
}

/* Each of the three size fields, declared smaller than the real thing: always refused. */
static void shrink_sizes(const uint8_t *blob, uint32_t total, bool exact_errors)
{
	static const unsigned fields[] = {FB_HDR_TOTALSIZE, FB_HDR_SIZE_STRUCT,
					  FB_HDR_SIZE_STRINGS};
	static const int want[] = {FDT_ERR_BADLAYOUT, FDT_ERR_BADSTRUCTURE, FDT_ERR_BADSTRUCTURE};
	uint8_t *copy = dup_exact(blob, total);

	for (unsigned f = 0; f < 3; f++) {
		uint32_t real = hdr_get(blob, fields[f]);
		for (uint32_t v = 0; v < real; v++) {
			hdr_set(copy, fields[f], v);
			int err = open_copy(copy, total);
			CHECK(err < 0);
			if (exact_errors)
				CHECK_EQ(err, want[f]);
		}
		hdr_set(copy, fields[f], real);
	}
	free(copy);
}

static void test_truncated(void)
{
	truncate_everywhere(sample_data, (uint32_t)sample_len);
}

static void test_sizes_shrunk(void)
{
	shrink_sizes(sample_data, (uint32_t)sample_len, true);
}

/* ---- Broken structure blocks ------------------------------------------------------------- */

/* Lays out a builder's tree (FDT_END added when `end`) and opens an exact-size copy. */
static int open_built(struct fb *b, bool end)
{
	size_t len;
	uint8_t *blob = end ? fb_finish(b, &len) : fb_layout(b, &len);
	int err = open_copy(blob, len);

	fb_free(b);
	return err;
}

static void minimal_root(struct fb *b)
{
	fb_init(b);
	fb_begin(b, "");
	fb_prop_str(b, "model", "m");
	fb_end(b);
}

/* The sample with the 32-bit word at `off` in the structure block replaced. */
static int open_with_struct_word(size_t off, uint32_t value)
{
	uint8_t *copy = dup_exact(sample_data, sample_len);

	be32_put(copy + hdr_get(copy, FB_HDR_OFF_STRUCT) + off, value);
	int err = open_copy(copy, sample_len);
	free(copy);
	return err;
}

static void test_bad_properties(void)
{
	uint32_t st_size = hdr_get(sample_data, FB_HDR_SIZE_STRUCT);
	uint32_t str_size = hdr_get(sample_data, FB_HDR_SIZE_STRINGS);
	size_t len_at = off_serial_reg + 4, name_at = off_serial_reg + 8;
	uint32_t to_end = st_size - (uint32_t)off_serial_reg - 12;

	CHECK_EQ(open_with_struct_word(len_at, 8), 0); /* the real value */
	CHECK_EQ(open_with_struct_word(len_at, to_end + 1), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(len_at, to_end + 100), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(len_at, 0xffffffff), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(len_at, 0xfffffff4), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(len_at, 0x80000000), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(name_at, str_size), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(name_at, str_size + 1000), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(name_at, 0xffffffff), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(open_with_struct_word(name_at, str_size - 1), 0); /* the last NUL: name "" */
}

static void test_bad_node_names(void)
{
	struct fb b;

	fb_init(&b); /* a child whose name runs to the end of the block */
	fb_begin(&b, "");
	fb_prop_str(&b, "model", "m");
	fb_token(&b, FB_BEGIN_NODE);
	fb_raw(&b, "abcd", 4);
	CHECK_EQ(open_built(&b, false), FDT_ERR_BADSTRUCTURE);

	fb_init(&b); /* a root whose name has no NUL at all */
	fb_token(&b, FB_BEGIN_NODE);
	fb_raw(&b, "rootname", 8);
	CHECK_EQ(open_built(&b, false), FDT_ERR_BADSTRUCTURE);

	fb_init(&b); /* BEGIN_NODE as the last word */
	fb_token(&b, FB_BEGIN_NODE);
	CHECK_EQ(open_built(&b, false), FDT_ERR_BADSTRUCTURE);
}

static void test_unbalanced(void)
{
	struct fb b;

	minimal_root(&b);
	fb_end(&b);
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);

	fb_init(&b);
	fb_begin(&b, "");
	fb_begin(&b, "child");
	fb_end(&b);
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);

	fb_init(&b);
	fb_end(&b);
	fb_begin(&b, "");
	fb_end(&b);
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);
}

static void test_two_roots(void)
{
	struct fb b;

	minimal_root(&b);
	fb_begin(&b, "");
	fb_end(&b);
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);
	minimal_root(&b);
	fb_token(&b, FB_NOP);
	fb_begin(&b, "second");
	fb_end(&b);
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);
}

static void test_missing_end(void)
{
	struct fb b;

	minimal_root(&b);
	CHECK_EQ(open_built(&b, false), FDT_ERR_BADSTRUCTURE);
	minimal_root(&b);
	fb_token(&b, FB_NOP);
	CHECK_EQ(open_built(&b, false), FDT_ERR_BADSTRUCTURE);
	fb_init(&b); /* nothing but END */
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);
	fb_init(&b); /* an empty structure block */
	CHECK_EQ(open_built(&b, false), FDT_ERR_BADSTRUCTURE);
	fb_init(&b); /* END in the middle of the root */
	fb_begin(&b, "");
	fb_token(&b, FB_END);
	fb_end(&b);
	CHECK_EQ(open_built(&b, false), FDT_ERR_BADSTRUCTURE);
}

static void test_unknown_tokens(void)
{
	static const uint32_t tokens[] = {0, 5, 6, 8, 10, 0x100, 0x01000000, 0xffffffff};

	for (unsigned i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
		struct fb b;
		fb_init(&b);
		fb_begin(&b, "");
		fb_token(&b, tokens[i]);
		fb_end(&b);
		CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);
	}
}

static void test_properties_outside_nodes(void)
{
	struct fb b;

	fb_init(&b);
	fb_prop_u32(&b, "early", 1);
	fb_begin(&b, "");
	fb_end(&b);
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);
	minimal_root(&b);
	fb_prop_u32(&b, "late", 1);
	CHECK_EQ(open_built(&b, true), FDT_ERR_BADSTRUCTURE);
}

static int open_nested(unsigned depth)
{
	struct fb b;

	fb_init(&b);
	fb_begin(&b, "");
	for (unsigned i = 1; i < depth; i++)
		fb_begin(&b, "n");
	for (unsigned i = 0; i < depth; i++)
		fb_end(&b);
	return open_built(&b, true);
}

static void test_nesting(void)
{
	CHECK_EQ(open_nested(FDT_MAX_DEPTH), 0);
	CHECK_EQ(open_nested(FDT_MAX_DEPTH + 1), FDT_ERR_TOODEEP);
	CHECK_EQ(open_nested(1000), FDT_ERR_TOODEEP);

	/* The deepest allowed node still has a parent and a path. */
	struct fb b;
	size_t len;
	char path[2 * FDT_MAX_DEPTH + 1] = "";
	fb_init(&b);
	fb_begin(&b, "");
	for (unsigned i = 1; i < FDT_MAX_DEPTH; i++) {
		fb_begin(&b, "n");
		strcat(path, "/n");
	}
	for (unsigned i = 0; i < FDT_MAX_DEPTH; i++)
		fb_end(&b);
	uint8_t *blob = fb_finish(&b, &len);
	struct fdt f;
	CHECK_EQ(fdt_open(&f, blob, len), 0);
	int deepest = fdt_path(&f, path);
	CHECK(deepest > 0);
	CHECK_EQ(fdt_parent(&f, deepest), deepest - 8);
	CHECK_EQ(fdt_first_child(&f, deepest), FDT_ERR_NOTFOUND);
	fb_free(&b);
}

static void test_nops_everywhere(void)
{
	struct fb b;

	fb_init(&b);
	fb_token(&b, FB_NOP);
	fb_begin(&b, "");
	fb_token(&b, FB_NOP);
	fb_prop_u32(&b, "a", 1);
	fb_token(&b, FB_NOP);
	fb_prop_u32(&b, "b", 2);
	fb_begin(&b, "c");
	fb_token(&b, FB_NOP);
	fb_end(&b);
	fb_token(&b, FB_NOP);
	fb_end(&b);
	fb_token(&b, FB_NOP);
	size_t len;
	uint8_t *blob = fb_finish(&b, &len);
	struct fdt f;
	uint32_t v = 0;
	CHECK_EQ(fdt_open(&f, blob, len), 0);
	CHECK_EQ(fdt_prop_u32(&f, fdt_root(&f), "b", &v), 0);
	CHECK_EQ(v, 2);
	CHECK_EQ(fdt_path(&f, "/c"), fdt_first_child(&f, fdt_root(&f)));
	CHECK(fdt_path(&f, "/c") > 0);
	fb_free(&b);
}

/* ---- Fuzzing --------------------------------------------------------------------------- */

static const uint32_t interesting[] = {0,	   1,	       2,	   3,  4, 9,
				       0x7fffffff, 0xffffffff, 0x80000000, 16, 40};

static void mutate(uint8_t *b, uint32_t len)
{
	unsigned n = 1 + (unsigned)rng_below(4);

	for (unsigned i = 0; i < n; i++) {
		uint32_t at = rng_below(10) ? FDT_HEADER_SIZE + (uint32_t)rng_below(len - 40)
					    : (uint32_t)rng_below(len);
		switch (rng_below(3)) {
		case 0:
			b[at] ^= (uint8_t)(1u << rng_below(8));
			break;
		case 1:
			b[at] = (uint8_t)rng_next();
			break;
		default:
			at &= ~3u;
			if (at + 4 <= len)
				be32_put(b + at, interesting[rng_below(sizeof(interesting) / 4)]);
			break;
		}
	}
}

/* What machine_from_fdt() gives back must at least be self-consistent. */
static void check_machine(const struct machine *m)
{
	CHECK(m->ram_count <= MACHINE_MAX_RAM && m->hart_count <= MACHINE_MAX_HARTS);
	CHECK(m->reserved_count <= MACHINE_MAX_RESERVED && m->usable_harts <= m->hart_count);
	CHECK(memchr(m->model, 0, sizeof(m->model)) && memchr(m->bootargs, 0, sizeof(m->bootargs)));
	for (unsigned i = 0; i < m->hart_count; i++)
		CHECK(m->harts[i].usable == (m->harts[i].skip_reason == NULL));
}

/* Flips bytes of `blob` `rounds` times; whatever opens must be walkable without a report. */
static unsigned fuzz(const uint8_t *blob, uint32_t total, unsigned rounds, uint64_t seed)
{
	uint8_t *copy = malloc(total);
	unsigned opened = 0;

	rng_seed(seed);
	for (unsigned r = 0; r < rounds && !check_case_failed; r++) {
		struct fdt f;
		struct machine m;
		const char *why;
		memcpy(copy, blob, total);
		mutate(copy, total);
		if (fdt_open(&f, copy, total) != 0)
			continue;
		opened++;
		fdt_walk_all(&f, NULL);
		if (machine_from_fdt(&f, &m, &why) == 0)
			check_machine(&m);
		else
			CHECK(why != NULL);
	}
	free(copy);
	return opened;
}

static void test_fuzz_sample(void)
{
	unsigned opened = fuzz(sample_data, (uint32_t)sample_len, 4000, 42);

	CHECK(opened > 800); /* the fuzzer must reach past fdt_open() to mean anything */
}

/* ---- Trees from files: QEMU's dumps and the dtc-compiled boards -------------------------- */

static uint8_t *file_data;
static uint32_t file_total;

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;

	*len = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		data = n > 0 ? malloc((size_t)n) : NULL;
		rewind(f);
		if (data && fread(data, 1, (size_t)n, f) == (size_t)n)
			*len = (size_t)n;
	}
	fclose(f);
	return data;
}

static void test_file_opens(void)
{
	struct fdt f;
	struct machine m;
	const char *why = "";

	CHECK_EQ(open_copy(file_data, file_total), 0);
	CHECK_EQ(fdt_open(&f, file_data, file_total), 0);
	CHECK(fdt_walk_all(&f, NULL) > 5);
	CHECK(fdt_poke_handles(&f, 4) >= fdt_walk_all(&f, NULL));
	CHECK_EQ(machine_from_fdt(&f, &m, &why), 0);
	CHECK(why == NULL);
}

static void test_file_truncated(void)
{
	truncate_everywhere(file_data, file_total);
}

static void test_file_sizes_shrunk(void)
{
	shrink_sizes(file_data, file_total, false);
}

static void test_file_fuzz(void)
{
	CHECK(fuzz(file_data, file_total, 600, file_total) > 100);
}

static int run_file(const char *path)
{
	size_t len;
	uint8_t *data = read_file(path, &len);

	printf("# %s\n", path);
	file_total = data && len >= FDT_HEADER_SIZE ? fdt_total_size(data) : 0;
	if (!file_total || file_total > len) {
		printf("not ok - cannot read a device tree from %s\n", path);
		free(data);
		return 1;
	}
	file_data = dup_exact(data, file_total); /* the dumps are padded to 1 MiB */
	free(data);
	RUN(test_file_opens);
	RUN(test_file_truncated);
	RUN(test_file_sizes_shrunk);
	RUN(test_file_fuzz);
	free(file_data);
	return 0;
}

static void run_sample(void)
{
	RUN(test_sample_opens);
	RUN(test_reservations);
	RUN(test_document_order);
	RUN(test_children_and_parents);
	RUN(test_paths);
	RUN(test_properties);
	RUN(test_status);
	RUN(test_phandles);
	RUN(test_cells);
	RUN(test_reg_translation);
	RUN(test_bad_handles);
	RUN(test_any_offset_as_handle);
	RUN(test_failed_open_is_unusable);
	RUN(test_strerror_and_total_size);
	RUN(test_bad_header);
	RUN(test_max_size);
	RUN(test_bad_offsets);
	RUN(test_overlapping_blocks);
	RUN(test_truncated);
	RUN(test_sizes_shrunk);
	RUN(test_bad_properties);
	RUN(test_bad_node_names);
	RUN(test_unbalanced);
	RUN(test_two_roots);
	RUN(test_missing_end);
	RUN(test_unknown_tokens);
	RUN(test_properties_outside_nodes);
	RUN(test_nesting);
	RUN(test_nops_everywhere);
	RUN(test_fuzz_sample);
}

/* No arguments: the built-in sample.  Otherwise the device trees in the files named. */
int main(int argc, char **argv)
{
	int unreadable = 0;

	if (argc == 1) {
		sample_data = sample_blob(&sample_len);
		run_sample();
		free(sample_data);
	}
	for (int i = 1; i < argc; i++)
		unreadable += run_file(argv[i]);
	return unreadable ? EXIT_FAILURE : check_summary();
}
