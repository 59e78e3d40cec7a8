/* dt.c — checks the device-tree pointer and the blob before anything reads them, then parses. */
#include "platform/dt.h"

#include "debug/panic.h"
#include "lib/fdt.h"
#include "lib/string.h"
#include "mm/layout.h"

static paddr_t blob_pa;
static uint32_t blob_size;

uint64_t dt_load(paddr_t dtb_pa, struct machine *m)
{
	struct fdt fdt;
	const char *why;

	/* The spec requires 8-byte alignment; the boot map reaches DIRECT_MAP_SIZE. */
	if (dtb_pa == 0 || (dtb_pa & 7) || dtb_pa > DIRECT_MAP_SIZE - FDT_MAX_SIZE)
		panic("device tree: firmware passed no usable address (a1 = 0x%lx)",
		      (unsigned long)dtb_pa);
	const void *blob = phys_to_virt(dtb_pa);
	uint32_t size = fdt_total_size(blob);
	if (size == 0)
		panic("device tree at 0x%lx: bad magic (not a device tree)", (unsigned long)dtb_pa);
	int err = fdt_open(&fdt, blob, size < FDT_MAX_SIZE ? size : FDT_MAX_SIZE);
	if (err)
		panic("device tree at 0x%lx: %s", (unsigned long)dtb_pa, fdt_strerror(err));
	if ((err = machine_from_fdt(&fdt, m, &why)))
		panic("device tree at 0x%lx: %s", (unsigned long)dtb_pa, why);
	blob_pa = dtb_pa;
	blob_size = size;
	return size;
}

paddr_t dt_blob(uint64_t *size)
{
	*size = blob_size;
	return blob_pa;
}

/*
 * Nodes whose registers stay with the kernel or the firmware: interrupt
 * controllers and timers, and the power/reset registers ("syscon", as
 * QEMU virt's sifive,test1) through which a process could switch the
 * machine off behind POWER_OFF's back.
 */
static bool kept(const struct fdt *fdt, int node)
{
	static const char *const compatibles[] = {
		"riscv,plic0",	     "sifive,plic-1.0.0", "riscv,clint0",
		"sifive,clint0",     "riscv,aclint-mswi", "riscv,aclint-mtimer",
		"riscv,aclint-sswi", "riscv,cpu-intc",	  "syscon",
		"sifive,test0",
	};
	const char *type = fdt_prop_string(fdt, node, "device_type");

	if (type && (strcmp(type, "memory") == 0 || strcmp(type, "cpu") == 0))
		return true;
	for (unsigned i = 0; i < sizeof(compatibles) / sizeof(compatibles[0]); i++) {
		if (fdt_is_compatible(fdt, node, compatibles[i]))
			return true;
	}
	return false;
}

static bool inside(uint64_t base, uint64_t rsize, paddr_t pa, uint64_t size)
{
	uint64_t lo = page_down(base), hi = page_up(base + rsize);

	return rsize && pa >= lo && pa + size <= hi && pa + size > pa;
}

bool dt_is_device_range(paddr_t pa, uint64_t size)
{
	struct fdt fdt;
	int depth = 0, skip_below = -1;

	if (!blob_pa || fdt_open(&fdt, phys_to_virt(blob_pa), blob_size))
		return false;
	for (int n = fdt_root(&fdt); n >= 0; n = fdt_next_node(&fdt, n, &depth)) {
		const char *name = fdt_name(&fdt, n);
		if (skip_below >= 0 && depth > skip_below)
			continue; /* inside /cpus or /reserved-memory */
		skip_below = -1;
		if (depth == 1 && name &&
		    (strncmp(name, "cpus", 4) == 0 || strncmp(name, "reserved-memory", 15) == 0)) {
			skip_below = depth;
			continue;
		}
		if (!fdt_has_prop(&fdt, n, "compatible") || !fdt_is_enabled(&fdt, n) ||
		    kept(&fdt, n))
			continue;
		uint64_t base, rsize;
		for (unsigned i = 0; fdt_reg(&fdt, n, i, &base, &rsize) == 0; i++) {
			if (inside(base, rsize, pa, size))
				return true;
		}
	}
	return false;
}
