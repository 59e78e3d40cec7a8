/* irq.h — interrupts for user-space drivers, delivered as Scalar messages (docs/drivers.md). */
#ifndef BATON_DEV_IRQ_H
#define BATON_DEV_IRQ_H

#include <stdbool.h>

struct process;
struct server;

/* Claims PLIC source irq for server s of p: each interrupt then masks it and sends s a Scalar. */
int irq_claim(struct process *p, unsigned irq, struct server *s);
/* The driver is done with the interrupt: the source is unmasked. */
int irq_ack(struct process *p, unsigned irq);
int irq_release(struct process *p, unsigned irq);
/* A server ends: the sources it had are masked and free again. */
void irq_server_gone(struct server *s);
/* From the trap handler: every pending source, claimed, masked, sent, completed. */
void irq_dispatch(void);

#endif
