/* test_machine.c — machine_from_fdt() on a real tree against values from the command line. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "platform/machine.h"

/*
 * Usage: host_machine FILE.dtb ram=BYTES harts=N usable=N timebase=HZ
 *                    uart=KIND@BASE plic=NDEV|none sctx=2h+1|2h [ram_base=PA] [skip=REASON]
 *
 * sctx says which PLIC context takes hart h's S-mode interrupts: 2h+1 on
 * QEMU virt (every hart has M and S contexts), 2h on SiFive SoCs, where
 * hart 0 is a monitor core with an M context only (so none, -1).  The
 * harts that are not usable must be the first ones, skipped for `skip`.
 */
static struct {
	uint64_t ram, ram_base, timebase, uart_base;
	unsigned harts, usable, ndev;
	bool no_plic;
	const char *uart_kind, *sctx, *skip;
} want = {.ram_base = 0x80000000, .skip = "no MMU"};

static struct fdt fdt;
static struct machine m;
static uint8_t *blob;
static size_t blob_len;

static bool parse_arg(const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *v = eq ? eq + 1 : "";
	size_t klen = eq ? (size_t)(eq - arg) : strlen(arg);

#define KEY(k) (klen == strlen(k) && strncmp(arg, k, klen) == 0)
	if (KEY("ram"))
		want.ram = strtoull(v, NULL, 0);
	else if (KEY("ram_base"))
		want.ram_base = strtoull(v, NULL, 0);
	else if (KEY("harts"))
		want.harts = (unsigned)strtoul(v, NULL, 0);
	else if (KEY("usable"))
		want.usable = (unsigned)strtoul(v, NULL, 0);
	else if (KEY("timebase"))
		want.timebase = strtoull(v, NULL, 0);
	else if (KEY("plic") && strcmp(v, "none") == 0)
		want.no_plic = true;
	else if (KEY("plic"))
		want.ndev = (unsigned)strtoul(v, NULL, 0);
	else if (KEY("sctx"))
		want.sctx = v;
	else if (KEY("skip"))
		want.skip = v;
	else if (KEY("uart") && strchr(v, '@')) {
		static char kind[32];
		size_t n = (size_t)(strchr(v, '@') - v);
		if (n >= sizeof(kind))
			return false;
		memcpy(kind, v, n);
		want.uart_kind = kind;
		want.uart_base = strtoull(v + n + 1, NULL, 0);
	} else
		return false;
	return true;
#undef KEY
}

static bool read_blob(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return false;
	blob = malloc(FDT_MAX_SIZE);
	blob_len = blob ? fread(blob, 1, FDT_MAX_SIZE, f) : 0;
	fclose(f);
	return blob_len > 0;
}

static void test_machine_reads(void)
{
	const char *why = "unset";

	CHECK_EQ(fdt_open(&fdt, blob, blob_len), 0);
	CHECK_EQ(machine_from_fdt(&fdt, &m, &why), 0);
	CHECK(why == NULL);
	if (why)
		fprintf(stderr, "  machine_from_fdt: %s\n", why);
	CHECK(m.model[0] != '\0');
}

static void test_ram(void)
{
	CHECK_EQ(m.ram_count, 1);
	CHECK_EQ(m.ram_dropped, 0);
	CHECK_EQ(m.ram[0].base, want.ram_base);
	CHECK_EQ(m.ram[0].size, want.ram);
	CHECK_EQ(m.ram_total, want.ram);
}

/* QEMU's dumped tree has no /reserved-memory and no /memreserve/: OpenSBI adds those later. */
static void test_nothing_reserved(void)
{
	CHECK_EQ(m.reserved_count, 0);
}

static int expected_context(uint32_t h)
{
	if (want.no_plic)
		return -1;
	if (strcmp(want.sctx, "2h+1") == 0)
		return (int)(2 * h + 1);
	return h ? (int)(2 * h) : -1;
}

static void test_harts(void)
{
	unsigned skipped = want.harts - want.usable;

	CHECK_EQ(m.hart_count, want.harts);
	CHECK_EQ(m.usable_harts, want.usable);
	CHECK_EQ(m.harts_dropped, 0);
	for (unsigned i = 0; i < m.hart_count; i++) {
		const struct hart_info *h = &m.harts[i];
		CHECK_EQ(h->hartid, i);
		CHECK_EQ(h->usable, i >= skipped);
		if (i < skipped)
			CHECK(h->skip_reason && strcmp(h->skip_reason, want.skip) == 0);
		else
			CHECK(h->skip_reason == NULL);
		CHECK(h->intc_phandle != 0);
		CHECK(machine_hart(&m, h->hartid) == h);
	}
	CHECK(machine_hart(&m, want.harts) == NULL);
}

static void test_timebase(void)
{
	CHECK_EQ(m.timebase_hz, want.timebase);
}

static void test_uart(void)
{
	CHECK(strcmp(uart_kind_name(m.uart.kind), want.uart_kind) == 0);
	CHECK_EQ(m.uart.base, want.uart_base);
	CHECK(m.uart.size >= 0x100);
	CHECK(m.uart.from_stdout_path);
	CHECK(strcmp(m.uart.compatible, want.uart_kind) == 0);
	CHECK(m.uart.irq != 0);
}

static void test_plic(void)
{
	CHECK_EQ(m.plic.present, !want.no_plic);
	if (!want.no_plic) {
		CHECK_EQ(m.plic.base, 0xc000000);
		CHECK_EQ(m.plic.ndev, want.ndev);
	}
	for (unsigned i = 0; i < m.hart_count; i++)
		CHECK_EQ(m.harts[i].plic_context, expected_context(m.harts[i].hartid));
}

int main(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		if (!parse_arg(argv[i])) {
			fprintf(stderr, "host_machine: bad argument \"%s\"\n", argv[i]);
			return EXIT_FAILURE;
		}
	}
	if (argc < 2 || !want.ram || !want.harts || !want.timebase || !want.uart_kind ||
	    !want.sctx || (!want.ndev && !want.no_plic) || want.usable > want.harts ||
	    !read_blob(argv[1])) {
		fprintf(stderr, "usage: host_machine FILE.dtb ram= harts= usable= timebase= "
				"uart=KIND@BASE plic= sctx= (see test_machine.c)\n");
		free(blob);
		return EXIT_FAILURE;
	}
	printf("# %s\n", argv[1]);
	RUN(test_machine_reads);
	RUN(test_ram);
	RUN(test_nothing_reserved);
	RUN(test_harts);
	RUN(test_timebase);
	RUN(test_uart);
	RUN(test_plic);
	free(blob);
	return check_summary();
}
