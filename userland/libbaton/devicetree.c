/* devicetree.c — the device tree for user-space drivers, read with the kernel's own reader. */
#include "baton/devicetree.h"

#include <string.h>

#include "baton/baton.h"
#include "lib/fdt.h"
#include "platform/machine.h"

/* The parsed tree: large, so not on a thread's stack (these calls are not thread-safe). */
static struct machine machine;

/* One parse of the tree the kernel maps (machine_from_fdt checks all of it). */
static long read_machine(struct machine *m)
{
	const void *blob;
	size_t size;
	struct fdt fdt;
	const char *why;
	long err = baton_device_tree(&blob, &size);

	if (err)
		return err;
	if (fdt_open(&fdt, blob, size) || machine_from_fdt(&fdt, m, &why))
		return BATON_ERR_INVAL;
	return BATON_OK;
}

long baton_dt_console_uart(struct baton_dt_uart *out)
{
	const struct machine *m = &machine;
	long err = read_machine(&machine);

	if (err)
		return err;
	if (m->uart.kind == UART_NONE)
		return BATON_ERR_NOENT;
	out->kind = m->uart.kind == UART_NS16550  ? BATON_UART_NS16550
		    : m->uart.kind == UART_DW_APB ? BATON_UART_DW_APB
						  : BATON_UART_SIFIVE;
	out->base = m->uart.base;
	out->size = m->uart.size;
	out->reg_shift = m->uart.reg_shift;
	out->reg_io_width = m->uart.reg_io_width;
	if (out->kind == BATON_UART_SIFIVE) { /* 32-bit registers, whatever the tree says */
		out->reg_shift = 2;
		out->reg_io_width = 4;
	}
	out->irq = m->uart.irq;
	out->clock_hz = m->uart.clock_hz;
	memcpy(out->compatible, m->uart.compatible, sizeof(out->compatible));
	return BATON_OK;
}
