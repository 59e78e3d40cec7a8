/* test_boards.c — machine_from_fdt() field by field on the VisionFive 2 and Unmatched trees. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "platform/machine.h"

#define GIB (1ull << 30)

static struct fdt fdt;
static struct machine m;
static uint8_t *blob;
static size_t blob_len;

static bool str_is(const char *got, const char *want)
{
	return got && strcmp(got, want) == 0;
}

static void expect_hart(unsigned i, bool usable, const char *reason, int context)
{
	const struct hart_info *h = &m.harts[i];

	CHECK_EQ(h->hartid, i);
	CHECK_EQ(h->usable, usable);
	CHECK(reason ? str_is(h->skip_reason, reason) : h->skip_reason == NULL);
	CHECK_EQ(h->plic_context, context);
	CHECK(!h->has_sstc);
	CHECK(h->intc_phandle != 0);
	for (unsigned j = 0; j < i; j++)
		CHECK(m.harts[j].intc_phandle != h->intc_phandle);
}

static void expect_reserved(unsigned i, uint64_t base, uint64_t size, bool no_map, const char *name)
{
	CHECK_EQ(m.reserved[i].base, base);
	CHECK_EQ(m.reserved[i].size, size);
	CHECK_EQ(m.reserved[i].no_map, no_map);
	CHECK(str_is(m.reserved[i].name, name));
}

/* ---- VisionFive 2 ------------------------------------------------------------------------ */

static void test_vf2_identity(void)
{
	CHECK(str_is(m.model, "StarFive VisionFive 2 v1.3B"));
	CHECK(str_is(m.bootargs, "console=ttyS0,115200 earlycon rootwait"));
	CHECK_EQ(m.timebase_hz, 4000000);
}

static void test_vf2_ram(void)
{
	CHECK_EQ(m.ram_count, 1);
	CHECK_EQ(m.ram_dropped, 0);
	CHECK_EQ(m.ram[0].base, 0x40000000);
	CHECK_EQ(m.ram[0].size, 4 * GIB);
	CHECK_EQ(m.ram_total, 4 * GIB);
	CHECK(m.ram[0].base + m.ram[0].size > 4 * GIB);
}

/* The /memreserve/ first, then the fixed /reserved-memory nodes; the size-only pool is not one. */
static void test_vf2_reserved(void)
{
	CHECK_EQ(m.reserved_count, 3);
	expect_reserved(0, 0x46000000, 0x200000, false, "memreserve");
	expect_reserved(1, 0x40000000, 0x80000, true, "opensbi@40000000");
	expect_reserved(2, 0x6ce00000, 0x1600000, false, "e24-coprocessor-firmwar"); /* 23 + NUL */
}

static void test_vf2_harts(void)
{
	CHECK_EQ(m.hart_count, 5);
	CHECK_EQ(m.usable_harts, 4);
	CHECK_EQ(m.harts_dropped, 0);
	expect_hart(0, false, "disabled", -1); /* disabled wins over its mmu-type */
	for (unsigned h = 1; h <= 4; h++)
		expect_hart(h, true, NULL, (int)(2 * h));
}

static void test_vf2_uart(void)
{
	CHECK_EQ(m.uart.kind, UART_DW_APB);
	CHECK_EQ(m.uart.base, 0x10000000); /* serial0, not the earlier serial@12000000 */
	CHECK_EQ(m.uart.size, 0x10000);
	CHECK_EQ(m.uart.reg_shift, 2);
	CHECK_EQ(m.uart.reg_io_width, 4);
	CHECK_EQ(m.uart.irq, 32);
	CHECK_EQ(m.uart.clock_hz, 24000000);
	CHECK(m.uart.from_stdout_path);
	CHECK(str_is(m.uart.compatible, "snps,dw-apb-uart"));
}

static void test_vf2_plic(void)
{
	CHECK(m.plic.present);
	CHECK_EQ(m.plic.base, 0xc000000);
	CHECK_EQ(m.plic.size, 0x4000000);
	CHECK_EQ(m.plic.ndev, 136);
}

/* ---- HiFive Unmatched -------------------------------------------------------------------- */

static void test_unmatched_identity(void)
{
	CHECK(str_is(m.model, "SiFive HiFive Unmatched A00"));
	CHECK(str_is(m.bootargs, ""));
	CHECK_EQ(m.timebase_hz, 1000000);
}

static void test_unmatched_ram(void)
{
	CHECK_EQ(m.ram_count, 2);
	CHECK_EQ(m.ram[0].base, 0x80000000); /* sorted, though listed second */
	CHECK_EQ(m.ram[0].size, 8 * GIB);
	CHECK_EQ(m.ram[1].base, 0x280000000);
	CHECK_EQ(m.ram[1].size, 8 * GIB);
	CHECK_EQ(m.ram_total, 16 * GIB);
	CHECK_EQ(m.ram_dropped, 0);
	CHECK_EQ(m.reserved_count, 0);
}

static void test_unmatched_harts(void)
{
	CHECK_EQ(m.hart_count, 5);
	CHECK_EQ(m.usable_harts, 4);
	CHECK_EQ(m.harts_dropped, 0);
	expect_hart(0, false, "no MMU", -1);
	for (unsigned h = 1; h <= 4; h++) /* 2 and 3 by riscv,isa-base, 3 without a status */
		expect_hart(h, true, NULL, (int)(2 * h));
}

/* serial0 sits under a bus that maps its 0x10000 to 0x10000000 + 0x10000. */
static void test_unmatched_uart(void)
{
	CHECK_EQ(m.uart.kind, UART_SIFIVE);
	CHECK_EQ(m.uart.base, 0x10010000);
	CHECK_EQ(m.uart.size, 0x1000);
	CHECK_EQ(m.uart.reg_shift, 0);
	CHECK_EQ(m.uart.reg_io_width, 4);
	CHECK_EQ(m.uart.irq, 39);
	CHECK_EQ(m.uart.clock_hz, 0);
	CHECK(m.uart.from_stdout_path);
	CHECK(str_is(m.uart.compatible, "sifive,uart0"));
}

static void test_unmatched_plic(void)
{
	CHECK(m.plic.present);
	CHECK_EQ(m.plic.base, 0xc000000);
	CHECK_EQ(m.plic.size, 0x4000000);
	CHECK_EQ(m.plic.ndev, 69);
}

static void test_unmatched_translation(void)
{
	uint64_t base = 0, size = 0;

	CHECK_EQ(fdt_reg(&fdt, fdt_path(&fdt, "/soc/bus/serial@11000"), 0, &base, &size), 0);
	CHECK(base == 0x10011000 && size == 0x1000);
	CHECK_EQ(fdt_reg(&fdt, fdt_path(&fdt, "/soc/interrupt-controller"), 0, &base, &size), 0);
	CHECK(base == 0xc000000 && size == 0x4000000);
}

/* ---- Driver ------------------------------------------------------------------------------ */

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(FDT_MAX_SIZE);

	*len = f && buf ? fread(buf, 1, FDT_MAX_SIZE, f) : 0;
	if (f)
		fclose(f);
	return buf;
}

static void test_opens(void)
{
	const char *why = "unset";

	CHECK_EQ(fdt_open(&fdt, blob, blob_len), 0);
	CHECK_EQ(machine_from_fdt(&fdt, &m, &why), 0);
	CHECK(why == NULL);
}

int main(int argc, char **argv)
{
	blob = argc == 3 ? read_all(argv[2], &blob_len) : NULL;
	if (!blob || !blob_len ||
	    (strcmp(argv[1], "visionfive2") && strcmp(argv[1], "unmatched"))) {
		fprintf(stderr, "usage: host_boards visionfive2|unmatched FILE.dtb\n");
		free(blob);
		return EXIT_FAILURE;
	}
	printf("# %s\n", argv[2]);
	RUN(test_opens);
	if (strcmp(argv[1], "visionfive2") == 0) {
		RUN(test_vf2_identity);
		RUN(test_vf2_ram);
		RUN(test_vf2_reserved);
		RUN(test_vf2_harts);
		RUN(test_vf2_uart);
		RUN(test_vf2_plic);
	} else {
		RUN(test_unmatched_identity);
		RUN(test_unmatched_ram);
		RUN(test_unmatched_harts);
		RUN(test_unmatched_uart);
		RUN(test_unmatched_plic);
		RUN(test_unmatched_translation);
	}
	free(blob);
	return check_summary();
}
