/*
 * devicetree.h — how a user-space driver finds its device: the device tree
 * (DEVICE_TREE) read with the same checked reader the kernel uses
 * (kernel/lib/fdt.c, kernel/platform/machine.c, built into libbaton).
 */
#ifndef BATON_DEVICETREE_H
#define BATON_DEVICETREE_H

#include <stdint.h>

/* A console UART, as the tree describes it. */
struct baton_dt_uart {
	enum {
		BATON_UART_NS16550 = 1, /* ns16550a (QEMU virt) */
		BATON_UART_DW_APB =
			2, /* snps,dw-apb-uart (VisionFive 2): 16550 registers, spaced */
		BATON_UART_SIFIVE = 3, /* sifive,uart0 (HiFive boards, QEMU sifive_u) */
	} kind;
	uint64_t base, size;
	uint32_t reg_shift, reg_io_width; /* register i is at base + (i << reg_shift) */
	uint32_t irq;			  /* PLIC source, 0 if none */
	uint32_t clock_hz;		  /* 0 if the tree does not say */
	char compatible[32];
};

/* The UART /chosen/stdout-path names (or the first one): BATON_OK, or NOENT. */
long baton_dt_console_uart(struct baton_dt_uart *out);

#endif
