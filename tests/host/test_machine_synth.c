/* test_machine_synth.c — machine_from_fdt() on small built trees: limits, errors, UARTs. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fdt_build.h"
#include "platform/machine.h"

static struct fb b;
static struct machine m;
static const char *why;

static bool str_is(const char *got, const char *want)
{
	return got && strcmp(got, want) == 0;
}

static bool why_starts(const char *prefix)
{
	return why && strncmp(why, prefix, strlen(prefix)) == 0;
}

static void root_begin(void)
{
	fb_init(&b);
	fb_begin(&b, "");
	fb_prop_u32(&b, "#address-cells", 2);
	fb_prop_u32(&b, "#size-cells", 2);
	fb_prop_str(&b, "model", "m");
}

static void reg64(const char *name, uint64_t base, uint64_t size)
{
	FB_CELLS(&b, name, (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32),
		 (uint32_t)size);
}

static void memory(uint64_t base, uint64_t size)
{
	char name[32];

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)base);
	fb_begin(&b, name);
	fb_prop_str(&b, "device_type", "memory");
	reg64("reg", base, size);
	fb_end(&b);
}

static void cpus_begin(uint32_t timebase)
{
	fb_begin(&b, "cpus");
	fb_prop_u32(&b, "#address-cells", 1);
	fb_prop_u32(&b, "#size-cells", 0);
	if (timebase)
		fb_prop_u32(&b, "timebase-frequency", timebase);
}

/* A cpu node whose interrupt controller has phandle 100 + id; NULL leaves a property out. */
static void cpu(uint32_t id, const char *isa, const char *mmu, const char *status)
{
	char name[16];

	snprintf(name, sizeof(name), "cpu@%x", id);
	fb_begin(&b, name);
	fb_prop_str(&b, "device_type", "cpu");
	fb_prop_u32(&b, "reg", id);
	if (isa)
		fb_prop_str(&b, "riscv,isa", isa);
	if (mmu)
		fb_prop_str(&b, "mmu-type", mmu);
	if (status)
		fb_prop_str(&b, "status", status);
	fb_begin(&b, "interrupt-controller");
	fb_prop_str(&b, "compatible", "riscv,cpu-intc");
	fb_prop_u32(&b, "phandle", 100 + id);
	fb_end(&b);
	fb_end(&b);
}

static void one_cpu(void)
{
	cpus_begin(10000000);
	cpu(0, "rv64imac", "riscv,sv39", NULL);
	fb_end(&b);
}

/* RAM and one usable hart: the least a tree needs. */
static void basic_body(void)
{
	memory(0x80000000, 0x10000000);
	one_cpu();
}

/* Closes the root, opens the tree and reads the machine out of it. */
static int parse(void)
{
	size_t len;
	struct fdt f;

	fb_end(&b);
	const uint8_t *built = fb_finish(&b, &len);
	uint8_t *blob = dup_exact(built, len);
	int err = fdt_open(&f, blob, len);
	CHECK_EQ(err, 0);
	why = NULL;
	if (!err)
		err = machine_from_fdt(&f, &m, &why);
	CHECK(err == 0 ? why == NULL : why != NULL);
	free(blob);
	fb_free(&b);
	return err;
}

/* ---- Root, RAM ------------------------------------------------------------------------- */

static void test_minimal(void)
{
	root_begin();
	basic_body();
	CHECK_EQ(parse(), 0);
	CHECK(str_is(m.model, "m") && str_is(m.bootargs, ""));
	CHECK(m.ram_count == 1 && m.ram_total == 0x10000000 && m.reserved_count == 0);
	CHECK(m.hart_count == 1 && m.usable_harts == 1 && m.timebase_hz == 10000000);
	CHECK(!m.plic.present && m.harts[0].plic_context == -1 && m.harts[0].intc_phandle == 100);
	CHECK_EQ(m.uart.kind, UART_NONE);
	CHECK(!m.uart.from_stdout_path);
}

/* A root node with the cells basic_body() needs and no model. */
static void bare_root(void)
{
	fb_init(&b);
	fb_begin(&b, "");
	fb_prop_u32(&b, "#address-cells", 2);
	fb_prop_u32(&b, "#size-cells", 2);
}

static void test_model(void)
{
	char longname[100];

	bare_root();
	FB_STRS(&b, "compatible", "vendor,board\0vendor,soc");
	basic_body();
	CHECK_EQ(parse(), 0);
	CHECK(str_is(m.model, "vendor,board"));
	bare_root();
	basic_body();
	CHECK_EQ(parse(), 0);
	CHECK(str_is(m.model, "unknown"));
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	bare_root();
	fb_prop_str(&b, "model", longname);
	basic_body();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(strlen(m.model), sizeof(m.model) - 1);
}

static void test_no_memory(void)
{
	root_begin();
	one_cpu();
	CHECK_EQ(parse(), FDT_ERR_NOTFOUND);
	CHECK(why_starts("memory:"));

	root_begin();
	memory(0x80000000, 0); /* only empty ranges */
	one_cpu();
	CHECK_EQ(parse(), FDT_ERR_NOTFOUND);

	root_begin(); /* disabled, or not a child of the root: not RAM */
	fb_begin(&b, "memory@80000000");
	fb_prop_str(&b, "device_type", "memory");
	fb_prop_str(&b, "status", "disabled");
	reg64("reg", 0x80000000, 0x1000000);
	fb_end(&b);
	fb_begin(&b, "soc");
	memory(0x90000000, 0x1000000);
	fb_end(&b);
	one_cpu();
	CHECK_EQ(parse(), FDT_ERR_NOTFOUND);
}

static void test_bad_memory(void)
{
	root_begin();
	memory(0x80000000, 0x10000000);
	memory(0x8ffff000, 0x2000);
	one_cpu();
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
	CHECK(why_starts("memory:"));

	root_begin();
	memory(0xffffffff00000000, 0x100000000); /* ends exactly at 2^64: wraps */
	one_cpu();
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);

	root_begin();
	fb_begin(&b, "memory@0");
	fb_prop_str(&b, "device_type", "memory");
	FB_CELLS(&b, "reg", 0, 0x80000000, 0);
	fb_end(&b);
	one_cpu();
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
}

static void test_memory_sorted_adjacent(void)
{
	root_begin();
	memory(0x100000000, 0x40000000);
	memory(0x80000000, 0x80000000); /* ends where the other begins */
	memory(0x40000000, 0x1000);
	one_cpu();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(m.ram_count, 3);
	CHECK(m.ram[0].base == 0x40000000 && m.ram[1].base == 0x80000000);
	CHECK(m.ram[2].base == 0x100000000 && m.ram[2].size == 0x40000000);
	CHECK_EQ(m.ram_total, 0xc0001000);
}

/* More ranges than MACHINE_MAX_RAM: the extra ones are counted, not kept. */
static void test_too_many_ranges(void)
{
	uint32_t cells[4 * (MACHINE_MAX_RAM + 2)];

	for (unsigned i = 0; i < MACHINE_MAX_RAM + 2; i++) {
		cells[4 * i] = 0;
		cells[4 * i + 1] = 0x80000000u - 0x1000000u * (i + 1); /* descending */
		cells[4 * i + 2] = 0;
		cells[4 * i + 3] = 0x100000;
	}
	root_begin();
	fb_begin(&b, "memory@0");
	fb_prop_str(&b, "device_type", "memory");
	fb_prop_cells(&b, "reg", 4 * (MACHINE_MAX_RAM + 2), cells);
	fb_end(&b);
	one_cpu();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(m.ram_count, MACHINE_MAX_RAM);
	CHECK_EQ(m.ram_dropped, 2);
	CHECK_EQ(m.ram_total, MACHINE_MAX_RAM * 0x100000ull);
	for (unsigned i = 1; i < m.ram_count; i++)
		CHECK(m.ram[i - 1].base < m.ram[i].base);
	CHECK_EQ(m.ram[0].base, 0x80000000u - 0x1000000u * MACHINE_MAX_RAM);
}

/* ---- Harts and the timebase -------------------------------------------------------------- */

static void test_timebase_sources(void)
{
	root_begin();
	memory(0x80000000, 0x10000000);
	cpus_begin(0);
	cpu(0, "rv64imac", "riscv,sv39", NULL);
	fb_prop_u32(&b, "timebase-frequency", 0); /* a property after a child: never seen */
	fb_end(&b);
	CHECK_EQ(parse(), FDT_ERR_NOTFOUND);
	CHECK(why_starts("cpus:"));

	root_begin(); /* on the second cpu only */
	memory(0x80000000, 0x10000000);
	cpus_begin(0);
	cpu(0, "rv64imac", "riscv,sv39", NULL);
	fb_begin(&b, "cpu@1");
	fb_prop_str(&b, "device_type", "cpu");
	fb_prop_u32(&b, "reg", 1);
	fb_prop_u32(&b, "timebase-frequency", 25000000);
	fb_end(&b);
	fb_end(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(m.timebase_hz, 25000000);
	CHECK(m.hart_count == 2 && m.usable_harts == 1);
	CHECK(str_is(m.harts[1].skip_reason, "not rv64"));
}

static int parse_with_timebase(const void *value, uint32_t len)
{
	root_begin();
	memory(0x80000000, 0x10000000);
	cpus_begin(0);
	fb_prop(&b, "timebase-frequency", value, len);
	cpu(0, "rv64imac", "riscv,sv39", NULL);
	fb_end(&b);
	return parse();
}

static void test_timebase_values(void)
{
	CHECK_EQ(parse_with_timebase((uint8_t[]){0, 0, 0, 1, 0, 0, 0, 2}, 8), 0);
	CHECK_EQ(m.timebase_hz, 0x100000002ull);
	CHECK_EQ(parse_with_timebase((uint8_t[]){0, 0, 0, 0}, 4), FDT_ERR_BADVALUE);
	CHECK(why_starts("cpus:"));
	CHECK_EQ(parse_with_timebase((uint8_t[]){1, 2}, 2), FDT_ERR_BADVALUE);
	CHECK_EQ(parse_with_timebase((uint8_t[]){0, 1, 0, 0, 0, 0}, 6), FDT_ERR_BADVALUE);
}

static void test_skip_reasons(void)
{
	root_begin();
	memory(0x80000000, 0x10000000);
	cpus_begin(1000000);
	cpu(0, "rv32imac", "riscv,sv32", NULL);
	cpu(1, "rv64imac", NULL, "okay");
	cpu(2, "rv64imac", "riscv,sv32", NULL);
	cpu(3, "rv64imac", "riscv,none", NULL);
	cpu(4, "rv64imafdc", "riscv,sv39", "disabled");
	cpu(5, "rv64imafdc", "riscv,sv57", "fail");
	cpu(6, NULL, "riscv,sv39", NULL);
	cpu(7, "rv64gc", "riscv,sv48", "ok");
	fb_begin(&b, "cpu-map"); /* not a cpu */
	fb_end(&b);
	cpu(8, "rv64imafdc_zicsr_sstc", "riscv,sv57", NULL);
	fb_end(&b);
	CHECK_EQ(parse(), 0);
	static const char *const reasons[] = {"not rv64",    "no MMU",	 "no Sv39 MMU",
					      "no Sv39 MMU", "disabled", "disabled",
					      "not rv64",    NULL,	 NULL};
	CHECK_EQ(m.hart_count, 9);
	CHECK_EQ(m.usable_harts, 2);
	for (unsigned i = 0; i < 9 && i < m.hart_count; i++) {
		CHECK_EQ(m.harts[i].hartid, i);
		CHECK(reasons[i] ? str_is(m.harts[i].skip_reason, reasons[i])
				 : m.harts[i].skip_reason == NULL);
		CHECK_EQ(m.harts[i].usable, reasons[i] == NULL);
	}
	CHECK(m.harts[8].has_sstc && !m.harts[7].has_sstc);
}

/* The riscv,isa-base and riscv,isa-extensions bindings, and Sstc found either way. */
static void test_isa_bindings(void)
{
	root_begin();
	memory(0x80000000, 0x10000000);
	cpus_begin(1000000);
	static const char *const isas[] = {"rv64imac_sstc_zicsr", "rv64imac_zsstc",
					   "rv64imac_sstcx", "rv64imacsstc"};
	for (uint32_t i = 0; i < 4; i++)
		cpu(i, isas[i], "riscv,sv39", NULL);
	fb_begin(&b, "cpu@4");
	fb_prop_str(&b, "device_type", "cpu");
	fb_prop_u32(&b, "reg", 4);
	fb_prop_str(&b, "riscv,isa-base", "rv64i");
	FB_STRS(&b, "riscv,isa-extensions", "i\0m\0a\0sstc\0zicsr");
	fb_prop_str(&b, "mmu-type", "riscv,sv39");
	fb_end(&b);
	fb_begin(&b, "cpu@5");
	fb_prop_str(&b, "device_type", "cpu");
	fb_prop_u32(&b, "reg", 5);
	fb_prop_str(&b, "riscv,isa-base", "rv32i");
	FB_STRS(&b, "riscv,isa-extensions", "i\0m\0sstcx");
	fb_prop_str(&b, "mmu-type", "riscv,sv39");
	fb_end(&b);
	fb_end(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(m.hart_count, 6);
	CHECK(m.harts[0].has_sstc && !m.harts[1].has_sstc);
	CHECK(!m.harts[2].has_sstc && !m.harts[3].has_sstc);
	CHECK(m.harts[4].has_sstc && m.harts[4].usable && m.harts[4].intc_phandle == 0);
	CHECK(!m.harts[5].has_sstc && str_is(m.harts[5].skip_reason, "not rv64"));
}

static void test_cpu_errors(void)
{
	root_begin(); /* no /cpus */
	memory(0x80000000, 0x10000000);
	CHECK(parse() < 0);
	CHECK(why_starts("cpus:"));

	root_begin(); /* no usable hart */
	memory(0x80000000, 0x10000000);
	cpus_begin(1000000);
	cpu(0, "rv64imac", NULL, NULL);
	fb_end(&b);
	CHECK_EQ(parse(), FDT_ERR_NOTFOUND);
	CHECK(why_starts("cpus:"));

	root_begin(); /* a cpu without reg */
	memory(0x80000000, 0x10000000);
	cpus_begin(1000000);
	cpu(0, "rv64imac", "riscv,sv39", NULL);
	fb_begin(&b, "cpu@1");
	fb_prop_str(&b, "device_type", "cpu");
	fb_end(&b);
	fb_end(&b);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
	CHECK(why_starts("cpus:"));

	root_begin(); /* #address-cells 3 */
	memory(0x80000000, 0x10000000);
	fb_begin(&b, "cpus");
	fb_prop_u32(&b, "#address-cells", 3);
	fb_prop_u32(&b, "timebase-frequency", 1000000);
	cpu(0, "rv64imac", "riscv,sv39", NULL);
	fb_end(&b);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
}

/* Two-cell hart ids: fine while they fit in 32 bits. */
static int parse_hartid64(uint64_t id)
{
	root_begin();
	memory(0x80000000, 0x10000000);
	fb_begin(&b, "cpus");
	fb_prop_u32(&b, "#address-cells", 2);
	fb_prop_u32(&b, "#size-cells", 0);
	fb_prop_u32(&b, "timebase-frequency", 1000000);
	fb_begin(&b, "cpu@0");
	fb_prop_str(&b, "device_type", "cpu");
	FB_CELLS(&b, "reg", (uint32_t)(id >> 32), (uint32_t)id);
	fb_prop_str(&b, "riscv,isa", "rv64gc");
	fb_prop_str(&b, "mmu-type", "riscv,sv39");
	fb_end(&b);
	fb_end(&b);
	return parse();
}

static void test_hartid_cells(void)
{
	CHECK_EQ(parse_hartid64(0xfffffffe), 0);
	CHECK_EQ(m.harts[0].hartid, 0xfffffffe);
	CHECK(machine_hart(&m, 0xfffffffe) == &m.harts[0]);
	CHECK(machine_hart(&m, 0) == NULL);
	CHECK_EQ(parse_hartid64(0x100000000ull), FDT_ERR_BADVALUE);
}

static void test_too_many_harts(void)
{
	root_begin();
	memory(0x80000000, 0x10000000);
	cpus_begin(1000000);
	for (uint32_t i = 0; i < MACHINE_MAX_HARTS + 2; i++)
		cpu(i, "rv64imac", "riscv,sv39", NULL);
	fb_end(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(m.hart_count, MACHINE_MAX_HARTS);
	CHECK_EQ(m.harts_dropped, 2);
	CHECK_EQ(m.usable_harts, MACHINE_MAX_HARTS);
	CHECK_EQ(m.harts[MACHINE_MAX_HARTS - 1].hartid, MACHINE_MAX_HARTS - 1);
}

/* ---- Reserved memory ---------------------------------------------------------------------- */

static void reserved_node(const char *name, uint64_t base, uint64_t size, bool no_map)
{
	fb_begin(&b, name);
	reg64("reg", base, size);
	if (no_map)
		fb_prop_empty(&b, "no-map");
	fb_end(&b);
}

static void reserved_begin(void)
{
	fb_begin(&b, "reserved-memory");
	fb_prop_u32(&b, "#address-cells", 2);
	fb_prop_u32(&b, "#size-cells", 2);
	fb_prop_empty(&b, "ranges");
}

static void test_reserved(void)
{
	root_begin();
	fb_reserve(&b, 0x81000000, 0x1000);
	fb_reserve(&b, 0x82000000, 0); /* empty: nothing */
	basic_body();
	reserved_begin();
	reserved_node("mmode_resv0@80000000", 0x80000000, 0x40000, true);
	reserved_node("a-name-much-longer-than-the-field@80100000", 0x80100000, 0x1000, false);
	fb_begin(&b, "two@80200000");
	FB_CELLS(&b, "reg", 0, 0x80200000, 0, 0x1000, 0, 0x80300000, 0, 0x2000);
	fb_prop_empty(&b, "no-map");
	fb_end(&b);
	fb_begin(&b, "pool");
	reg64("size", 0, 0x100000);
	fb_end(&b);
	reserved_node("empty@0", 0x90000000, 0, true);
	fb_end(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(m.reserved_count, 5);
	const struct reserved_range *r = m.reserved;
	CHECK(r[0].base == 0x81000000 && r[0].size == 0x1000 && !r[0].no_map);
	CHECK(str_is(r[0].name, "memreserve"));
	CHECK(r[1].base == 0x80000000 && r[1].size == 0x40000 && r[1].no_map);
	CHECK(str_is(r[1].name, "mmode_resv0@80000000"));
	CHECK(r[2].base == 0x80100000 && !r[2].no_map);
	CHECK(str_is(r[2].name, "a-name-much-longer-than")); /* 23 + NUL */
	CHECK(r[3].base == 0x80200000 && r[3].size == 0x1000 && r[3].no_map);
	CHECK(r[4].base == 0x80300000 && r[4].size == 0x2000 && r[4].no_map);
	CHECK(str_is(r[4].name, "two@80200000"));
}

static void test_reserved_errors(void)
{
	root_begin(); /* wraps */
	basic_body();
	reserved_begin();
	reserved_node("wrap@ffffffff00000000", 0xffffffff00000000ull, 0x100000001ull, false);
	fb_end(&b);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
	CHECK(why_starts("reserved-memory:"));

	root_begin(); /* a reg that is not whole entries */
	basic_body();
	reserved_begin();
	fb_begin(&b, "bad@0");
	FB_CELLS(&b, "reg", 0, 0x80000000, 0);
	fb_end(&b);
	fb_end(&b);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);

	root_begin(); /* no ranges on /reserved-memory: not translatable */
	basic_body();
	fb_begin(&b, "reserved-memory");
	reserved_node("fw@80000000", 0x80000000, 0x1000, true);
	fb_end(&b);
	CHECK(parse() < 0);

	root_begin(); /* one more than can be tracked: refused, never dropped */
	for (unsigned i = 0; i < MACHINE_MAX_RESERVED - 1; i++)
		fb_reserve(&b, 0x80000000 + 0x10000 * i, 0x1000);
	basic_body();
	reserved_begin();
	reserved_node("a@90000000", 0x90000000, 0x1000, false);
	reserved_node("b@91000000", 0x91000000, 0x1000, false);
	fb_end(&b);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
	CHECK(why_starts("reserved-memory:"));
}

static void test_reserved_limit_exact(void)
{
	root_begin();
	for (unsigned i = 0; i < MACHINE_MAX_RESERVED; i++)
		fb_reserve(&b, 0x80000000 + 0x10000 * i, 0x1000);
	basic_body();
	CHECK_EQ(parse(), 0);
	CHECK_EQ(m.reserved_count, MACHINE_MAX_RESERVED);
}

/* ---- PLIC ---------------------------------------------------------------------------------- */

/* A PLIC of `size` bytes of registers with `ndev` sources (0: no riscv,ndev). */
static void plic_sized(const char *compat, const char *status, uint32_t ndev, uint64_t size,
		       const uint32_t *ext, unsigned next)
{
	fb_begin(&b, "interrupt-controller@c000000");
	fb_prop_str(&b, "compatible", compat);
	reg64("reg", 0xc000000, size);
	if (ndev)
		fb_prop_u32(&b, "riscv,ndev", ndev);
	if (ext)
		fb_prop_cells(&b, "interrupts-extended", next, ext);
	if (status)
		fb_prop_str(&b, "status", status);
	fb_end(&b);
}

static void plic(const char *compat, const char *status, bool ndev, const uint32_t *ext,
		 unsigned next)
{
	plic_sized(compat, status, ndev ? 31 : 0, 0x4000000, ext, next);
}

static void two_harts(void)
{
	memory(0x80000000, 0x10000000);
	cpus_begin(1000000);
	cpu(0, "rv64imac", "riscv,sv39", NULL);
	cpu(1, "rv64imac", "riscv,sv39", NULL);
	fb_end(&b);
}

static void test_plic_contexts(void)
{
	static const uint32_t ext[] = {999, 9, 101, 11, 101, 9, 0xffffffff, 0xffffffff, 100, 9};

	root_begin();
	two_harts();
	plic("riscv,plic0", NULL, true, ext, 10);
	CHECK_EQ(parse(), 0);
	CHECK(m.plic.present && m.plic.ndev == 31);
	CHECK(m.plic.base == 0xc000000 && m.plic.size == 0x4000000);
	CHECK_EQ(m.harts[0].plic_context, 4);
	CHECK_EQ(m.harts[1].plic_context, 2);

	root_begin(); /* a disabled PLIC is no PLIC */
	two_harts();
	plic("sifive,plic-1.0.0", "disabled", true, ext, 10);
	CHECK_EQ(parse(), 0);
	CHECK(!m.plic.present && m.harts[0].plic_context == -1);

	root_begin(); /* not a PLIC we know */
	two_harts();
	plic("vendor,aplic", NULL, true, ext, 10);
	CHECK_EQ(parse(), 0);
	CHECK(!m.plic.present);
}

static void test_plic_errors(void)
{
	static const uint32_t ext[] = {100, 11, 100, 9, 101};

	root_begin();
	two_harts();
	plic("riscv,plic0", NULL, false, ext, 4);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
	CHECK(why_starts("plic:"));
	root_begin();
	two_harts();
	plic("riscv,plic0", NULL, true, NULL, 0);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
	CHECK(why_starts("plic:"));
	root_begin();
	two_harts();
	plic("riscv,plic0", NULL, true, ext, 5);
	CHECK_EQ(parse(), FDT_ERR_BADVALUE);
}

/* Sources and contexts whose registers lie past reg: the kernel would write past its mapping. */
static void test_plic_outside_reg(void)
{
	static const uint32_t ext[] = {100, 9, 101, 9};
	static const uint32_t far[] = {100, 9, 101, 11, 101, 11, 101, 11, 101, 9};
	static const struct {
		uint32_t ndev;
		uint64_t size;
		const uint32_t *ext;
		unsigned next;
		bool ok;
	} cases[] = {
		{31, 0x600000, ext, 4, true},	  /* QEMU virt's size */
		{1023, 0x600000, ext, 4, true},	  /* the most the spec allows */
		{1024, 0x4000000, ext, 4, false}, /* more sources than a PLIC has */
		{0xffffffff, 0x4000000, ext, 4, false},
		{31, 0x201008, ext, 4, true},	/* context 1's claim register ends the block */
		{31, 0x201007, ext, 4, false},	/* ...one byte short */
		{31, 0x200000, ext, 4, false},	/* no threshold registers at all */
		{31, 0x203fff, far, 10, false}, /* context 4 */
		{1023, 0x100, ext, 4, false},	/* priorities past reg */
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		root_begin();
		two_harts();
		plic_sized("riscv,plic0", NULL, cases[i].ndev, cases[i].size, cases[i].ext,
			   cases[i].next);
		if (cases[i].ok) {
			CHECK_EQ(parse(), 0);
			CHECK(m.plic.present && m.harts[1].plic_context == 1);
		} else {
			CHECK_EQ(parse(), FDT_ERR_BADVALUE);
			CHECK(why_starts("plic:"));
		}
	}
}

/* ---- Console UART -------------------------------------------------------------------------- */

struct uart_spec {
	const char *name, *compat, *status;
	uint64_t base;
	int shift, width, clock, irq; /* -1: property left out */
};

static void uart(const struct uart_spec *u)
{
	fb_begin(&b, u->name);
	fb_prop_str(&b, "compatible", u->compat);
	reg64("reg", u->base, 0x100);
	if (u->shift >= 0)
		fb_prop_u32(&b, "reg-shift", (uint32_t)u->shift);
	if (u->width >= 0)
		fb_prop_u32(&b, "reg-io-width", (uint32_t)u->width);
	if (u->clock >= 0)
		fb_prop_u32(&b, "clock-frequency", (uint32_t)u->clock);
	if (u->irq >= 0)
		fb_prop_u32(&b, "interrupts", (uint32_t)u->irq);
	if (u->status)
		fb_prop_str(&b, "status", u->status);
	fb_end(&b);
}

static const struct uart_spec u_ns = {
	.name = "serial@10000000",
	.compat = "ns16550a",
	.base = 0x10000000,
	.shift = -1,
	.width = -1,
	.clock = 3686400,
	.irq = 10,
};
static const struct uart_spec u_sifive = {
	.name = "serial@10010000",
	.compat = "sifive,uart0",
	.base = 0x10010000,
	.shift = -1,
	.width = -1,
	.clock = -1,
	.irq = 4,
};
static const struct uart_spec u_dw = {
	.name = "serial@10020000",
	.compat = "snps,dw-apb-uart",
	.base = 0x10020000,
	.shift = 2,
	.width = 4,
	.clock = 24000000,
	.irq = 33,
};

/* A tree with the given stdout-path (NULL: no /chosen) and UARTs in that order. */
static int parse_console(const char *stdout_path, const struct uart_spec *const *u, unsigned n)
{
	root_begin();
	basic_body();
	if (stdout_path) {
		fb_begin(&b, "chosen");
		fb_prop_str(&b, "stdout-path", stdout_path);
		fb_end(&b);
	}
	fb_begin(&b, "aliases");
	fb_prop_str(&b, "serial0", "/soc/serial@10010000");
	fb_prop_str(&b, "serial1", "/soc/serial@10020000");
	fb_prop_str(&b, "bogus", "/soc/nothing");
	fb_end(&b);
	fb_begin(&b, "soc");
	fb_prop_u32(&b, "#address-cells", 2);
	fb_prop_u32(&b, "#size-cells", 2);
	fb_prop_empty(&b, "ranges");
	for (unsigned i = 0; i < n; i++)
		uart(u[i]);
	fb_end(&b);
	return parse();
}

static void expect_uart(enum uart_kind kind, uint64_t base, bool from_path)
{
	CHECK_EQ(m.uart.kind, kind);
	CHECK_EQ(m.uart.base, base);
	CHECK_EQ(m.uart.from_stdout_path, from_path);
}

static void test_uart_by_stdout_path(void)
{
	const struct uart_spec *all[] = {&u_ns, &u_sifive, &u_dw};

	CHECK_EQ(parse_console("serial0", all, 3), 0);
	expect_uart(UART_SIFIVE, 0x10010000, true);
	CHECK(m.uart.reg_io_width == 4 && m.uart.reg_shift == 0 && m.uart.irq == 4);
	CHECK(m.uart.clock_hz == 0 && str_is(m.uart.compatible, "sifive,uart0"));
	CHECK_EQ(parse_console("serial1:115200n8", all, 3), 0);
	expect_uart(UART_DW_APB, 0x10020000, true);
	CHECK(m.uart.reg_io_width == 4 && m.uart.reg_shift == 2 && m.uart.clock_hz == 24000000);
	CHECK_EQ(parse_console("/soc/serial@10000000:115200", all, 3), 0);
	expect_uart(UART_NS16550, 0x10000000, true);
	CHECK(m.uart.reg_io_width == 1 && m.uart.clock_hz == 3686400 && m.uart.irq == 10);
	CHECK_EQ(parse_console("/soc/serial@10010000", all, 3), 0);
	expect_uart(UART_SIFIVE, 0x10010000, true);
}

static void test_uart_fallback(void)
{
	const struct uart_spec *all[] = {&u_ns, &u_sifive, &u_dw};
	static const char *const unusable[] = {
		"serial9",
		"bogus",
		"/soc/nowhere",
		"/chosen",
		":115200",
		"",
		"/soc/serial@1000000000000000000000000000000000000000000000000000000000000000",
	};

	for (unsigned i = 0; i < sizeof(unusable) / sizeof(unusable[0]); i++) {
		CHECK_EQ(parse_console(unusable[i], all, 3), 0);
		expect_uart(UART_NS16550, 0x10000000, false); /* the first in the tree */
	}
	CHECK_EQ(parse_console(NULL, all + 1, 2), 0);
	expect_uart(UART_SIFIVE, 0x10010000, false);
	CHECK_EQ(parse_console("serial0", all, 1), 0); /* the alias names a missing node */
	expect_uart(UART_NS16550, 0x10000000, false);
	CHECK_EQ(parse_console("serial0", NULL, 0), 0);
	expect_uart(UART_NONE, m.uart.base, false);
}

/* Disabled, or with a register layout the driver cannot do: passed over for the next one. */
static void test_uart_unusable_skipped(void)
{
	struct uart_spec off = u_sifive, shift = u_dw, width = u_dw, unknown = u_ns;
	off.status = "disabled";
	shift.shift = 4;
	width.width = 2;
	unknown.compat = "vendor,uart";
	const struct uart_spec *list[] = {&unknown, &shift, &width, &off, &u_ns};

	CHECK_EQ(parse_console("serial0", list, 5), 0);
	expect_uart(UART_NS16550, 0x10000000, false);
	CHECK_EQ(m.uart.reg_shift, 0);
	CHECK_EQ(m.uart.reg_io_width, 1);
}

/* What a passed-over UART had must not stick to the one finally chosen. */
static void test_uart_no_stale_fields(void)
{
	struct uart_spec bad = u_dw, plain = u_ns;
	bad.width = 2;
	bad.name = "serial@10010000"; /* where serial0 points */
	bad.base = 0x10010000;
	plain.clock = -1;
	plain.irq = -1;
	const struct uart_spec *list[] = {&plain, &bad};

	CHECK_EQ(parse_console("serial0", list, 2), 0);
	expect_uart(UART_NS16550, 0x10000000, false);
	CHECK_EQ(m.uart.clock_hz, 0);
	CHECK_EQ(m.uart.irq, 0);
	CHECK_EQ(m.uart.reg_shift, 0);
	CHECK(str_is(m.uart.compatible, "ns16550a"));
}

static void test_uart_compatibles(void)
{
	struct uart_spec plain16550 = u_ns;
	plain16550.compat = "ns16550";
	const struct uart_spec *list[] = {&plain16550};

	CHECK_EQ(parse_console(NULL, list, 1), 0);
	expect_uart(UART_NS16550, 0x10000000, false);
	CHECK(str_is(m.uart.compatible, "ns16550"));
	CHECK(str_is(uart_kind_name(UART_NS16550), "ns16550a"));
	CHECK(str_is(uart_kind_name(UART_DW_APB), "snps,dw-apb-uart"));
	CHECK(str_is(uart_kind_name(UART_SIFIVE), "sifive,uart0"));
	CHECK(str_is(uart_kind_name(UART_NONE), "none"));
	CHECK(str_is(uart_kind_name((enum uart_kind)42), "none"));
}

static void test_bootargs(void)
{
	char longargs[400];

	memset(longargs, 'a', sizeof(longargs) - 1);
	longargs[sizeof(longargs) - 1] = '\0';
	root_begin();
	basic_body();
	fb_begin(&b, "chosen");
	fb_prop_str(&b, "bootargs", longargs);
	fb_end(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(strlen(m.bootargs), sizeof(m.bootargs) - 1);

	root_begin();
	basic_body();
	fb_begin(&b, "chosen");
	fb_prop(&b, "bootargs", "abc", 3); /* unterminated: ignored */
	fb_end(&b);
	CHECK_EQ(parse(), 0);
	CHECK(str_is(m.bootargs, ""));
}

int main(void)
{
	RUN(test_minimal);
	RUN(test_model);
	RUN(test_no_memory);
	RUN(test_bad_memory);
	RUN(test_memory_sorted_adjacent);
	RUN(test_too_many_ranges);
	RUN(test_timebase_sources);
	RUN(test_timebase_values);
	RUN(test_skip_reasons);
	RUN(test_isa_bindings);
	RUN(test_cpu_errors);
	RUN(test_hartid_cells);
	RUN(test_too_many_harts);
	RUN(test_reserved);
	RUN(test_reserved_errors);
	RUN(test_reserved_limit_exact);
	RUN(test_plic_contexts);
	RUN(test_plic_errors);
	RUN(test_plic_outside_reg);
	RUN(test_uart_by_stdout_path);
	RUN(test_uart_fallback);
	RUN(test_uart_unusable_skipped);
	RUN(test_uart_no_stale_fields);
	RUN(test_uart_compatibles);
	RUN(test_bootargs);
	return check_summary();
}
