/*
 * uart.c — register access for the console's UARTs.  16550 registers (the
 * PC16550D data sheet): RBR/THR 0, IER 1, IIR/FCR 2, MCR 4, LSR 5; the
 * DesignWare UART adds USR at 31.  SiFive UART (FU540 manual, "UART"):
 * txdata 0x00 (bit 31: full), rxdata 0x04 (bit 31: empty), txctrl 0x08,
 * rxctrl 0x0c, ie 0x10, ip 0x14, all 32 bits wide.
 */
#include "uart.h"

enum {
	RBR = 0,
	THR = 0,
	IER = 1,
	IIR = 2,
	FCR = 2,
	MCR = 4,
	LSR = 5,
	USR = 31
};
enum {
	LSR_DR = 1u << 0,
	LSR_OE = 1u << 1,
	LSR_THRE = 1u << 5
};
enum {
	IER_RX = 1u << 0,
	IER_TX = 1u << 1
};
enum {
	IIR_BUSY = 0x7
}; /* dw-apb: LCR written while busy; cleared by reading USR */
enum {
	FCR_ENABLE = 0x01,
	IIR_FIFOS_ON = 0xc0,
	MCR_OUT2 = 1u << 3
};
#define FIFO_16550 16 /* THRE set: the whole transmit FIFO is empty */

enum {
	TXDATA = 0x00,
	RXDATA = 0x04,
	TXCTRL = 0x08,
	RXCTRL = 0x0c,
	IE = 0x10
};
enum {
	SIFIVE_FULL = 1u << 31,
	SIFIVE_EMPTY = 1u << 31,
	SIFIVE_TXEN = 1,
	SIFIVE_RXEN = 1
};
enum {
	SIFIVE_IE_TXWM = 1u << 0,
	SIFIVE_IE_RXWM = 1u << 1
};
#define SIFIVE_TXCNT(n) ((uint32_t)(n) << 16) /* txwm while fewer than n bytes wait */

static bool is_sifive(const struct uart *u)
{
	return u->dt.kind == BATON_UART_SIFIVE;
}

static volatile uint8_t *at(const struct uart *u, unsigned offset)
{
	return u->regs + (u->dt.base & 0xfff) + offset;
}

/* 16550 register i, spaced and sized as the device tree says. */
static uint32_t reg_read(const struct uart *u, unsigned i)
{
	volatile uint8_t *r = at(u, i << u->dt.reg_shift);

	return u->dt.reg_io_width == 4 ? *(volatile uint32_t *)r : *r;
}

static void reg_write(const struct uart *u, unsigned i, uint32_t v)
{
	volatile uint8_t *r = at(u, i << u->dt.reg_shift);

	if (u->dt.reg_io_width == 4)
		*(volatile uint32_t *)r = v;
	else
		*r = (uint8_t)v;
}

static volatile uint32_t *sifive(const struct uart *u, unsigned offset)
{
	return (volatile uint32_t *)at(u, offset);
}

void uart_init(struct uart *u, volatile uint8_t *regs, const struct baton_dt_uart *dt)
{
	u->regs = regs;
	u->dt = *dt;
	if (is_sifive(u)) {
		*sifive(u, TXCTRL) = SIFIVE_TXEN | SIFIVE_TXCNT(1);
		*sifive(u, RXCTRL) = SIFIVE_RXEN; /* rxwm while more than 0 bytes wait */
	} else {
		/* FIFOs on, unless they are (switching clears them: typed-ahead input would go). */
		if ((reg_read(u, IIR) & IIR_FIFOS_ON) != IIR_FIFOS_ON)
			reg_write(u, FCR, FCR_ENABLE);
		/* OUT2 gates the interrupt line on PC-style 16550s; harmless elsewhere. */
		reg_write(u, MCR, reg_read(u, MCR) | MCR_OUT2);
	}
	uart_interrupts(u, true, false);
}

unsigned uart_tx_room(struct uart *u)
{
	if (is_sifive(u))
		return *sifive(u, TXDATA) & SIFIVE_FULL ? 0 : 1;
	return reg_read(u, LSR) & LSR_THRE ? FIFO_16550 : 0;
}

void uart_put(struct uart *u, char c)
{
	if (is_sifive(u))
		*sifive(u, TXDATA) = (uint8_t)c;
	else
		reg_write(u, THR, (uint8_t)c);
}

int uart_get(struct uart *u, bool *overrun)
{
	if (is_sifive(u)) {
		uint32_t v = *sifive(u, RXDATA);
		return v & SIFIVE_EMPTY ? -1 : (int)(v & 0xff);
	}
	uint32_t lsr = reg_read(u, LSR);
	if (lsr & LSR_OE)
		*overrun = true;
	return lsr & LSR_DR ? (int)(reg_read(u, RBR) & 0xff) : -1;
}

void uart_interrupts(struct uart *u, bool rx, bool tx)
{
	u->rx_on = rx;
	u->tx_on = tx;
	if (is_sifive(u))
		*sifive(u, IE) = (rx ? SIFIVE_IE_RXWM : 0) | (tx ? SIFIVE_IE_TXWM : 0);
	else
		reg_write(u, IER, (rx ? IER_RX : 0) | (tx ? IER_TX : 0));
}

void uart_interrupt_seen(struct uart *u)
{
	if (is_sifive(u))
		return; /* its interrupts are levels of ip: nothing to clear */
	if ((reg_read(u, IIR) & 0xf) == IIR_BUSY && u->dt.kind == BATON_UART_DW_APB)
		reg_read(u, USR);
}
