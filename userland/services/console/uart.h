/*
 * uart.h — the three UARTs baton's boards have, as the console drives them:
 * ns16550a (QEMU virt), snps,dw-apb-uart (VisionFive 2: 16550 registers,
 * spaced by reg-shift) and sifive,uart0 (HiFive boards, QEMU sifive_u).
 * The firmware has set the baud rate; the console only moves bytes and
 * chooses which interrupts the UART raises.
 */
#ifndef CONSOLE_UART_H
#define CONSOLE_UART_H

#include <stdbool.h>

#include "baton/devicetree.h"

struct uart {
	volatile uint8_t *regs; /* the UART's first register, mapped */
	struct baton_dt_uart dt;
	bool rx_on, tx_on; /* which interrupts are enabled */
};

/* FIFOs on, input interrupts on, output interrupts off. */
void uart_init(struct uart *u, volatile uint8_t *regs, const struct baton_dt_uart *dt);
/* How many bytes the transmitter takes right now without waiting. */
unsigned uart_tx_room(struct uart *u);
void uart_put(struct uart *u, char c);
/* The next received byte, or -1; *overrun is set if the UART lost input before it. */
int uart_get(struct uart *u, bool *overrun);
/* Chooses the interrupts: input arrived, transmitter wants more. */
void uart_interrupts(struct uart *u, bool rx, bool tx);
/* Reads what the UART needs read before its interrupt may end (16550 IIR, dw-apb USR). */
void uart_interrupt_seen(struct uart *u);

#endif
