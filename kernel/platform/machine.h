/* machine.h — what the kernel knows about the machine, all of it read from the device tree. */
#ifndef BATON_PLATFORM_MACHINE_H
#define BATON_PLATFORM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/fdt.h"

#define MACHINE_MAX_RAM	     8
#define MACHINE_MAX_RESERVED 32
#define MACHINE_MAX_HARTS    32

struct phys_range {
	uint64_t base;
	uint64_t size;
};

struct reserved_range {
	uint64_t base;
	uint64_t size;
	bool no_map; /* must not even be mapped (firmware protects it with PMP) */
	char name[24];
};

struct hart_info {
	uint32_t hartid;
	bool usable;
	const char *skip_reason; /* why the kernel leaves it alone; NULL when usable */
	bool has_sstc;		 /* the ISA string names Sstc (stimecmp) */
	int plic_context;	 /* PLIC context of its S-mode external interrupt, or -1 */
	uint32_t intc_phandle;	 /* its riscv,cpu-intc node, for interrupt routing */
};

enum uart_kind {
	UART_NONE,
	UART_NS16550,
	UART_DW_APB,
	UART_SIFIVE,
};

struct uart_info {
	enum uart_kind kind;
	uint64_t base;
	uint64_t size;
	uint32_t reg_shift;
	uint32_t reg_io_width;
	uint32_t irq;
	uint32_t clock_hz;
	bool from_stdout_path; /* false: no usable stdout-path, first UART found */
	char compatible[32];
};

struct plic_info {
	bool present;
	uint64_t base;
	uint64_t size;
	uint32_t ndev;
};

struct machine {
	char model[64];
	char bootargs[256];
	uint8_t rng_seed[64]; /* /chosen/rng-seed, when the boot loader gives one */
	unsigned rng_seed_len;
	uint64_t timebase_hz;

	struct phys_range ram[MACHINE_MAX_RAM];
	unsigned ram_count;
	unsigned ram_dropped; /* ranges beyond MACHINE_MAX_RAM */
	uint64_t ram_total;

	struct reserved_range reserved[MACHINE_MAX_RESERVED];
	unsigned reserved_count;

	struct hart_info harts[MACHINE_MAX_HARTS];
	unsigned hart_count;
	unsigned harts_dropped;
	unsigned usable_harts;

	struct uart_info uart;
	struct plic_info plic;
};

/*
 * Fills *m from an opened tree.  Returns 0, or a negative FDT_ERR_* with
 * *why naming what was wrong ("memory: reg overflows"), for the panic message.
 */
int machine_from_fdt(const struct fdt *fdt, struct machine *m, const char **why);

const struct hart_info *machine_hart(const struct machine *m, uint32_t hartid);
const char *uart_kind_name(enum uart_kind kind);

#endif
