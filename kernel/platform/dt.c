/* dt.c — checks the device-tree pointer and the blob before anything reads them, then parses. */
#include "platform/dt.h"

#include "debug/panic.h"
#include "lib/fdt.h"
#include "mm/layout.h"

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
	return size;
}
