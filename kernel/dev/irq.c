/*
 * irq.c — a process may claim a PLIC source for one of its servers.  Each
 * interrupt then masks the source, completes it at the PLIC and arrives at
 * the server as a Scalar message (id BATON_MSG_IRQ, w0 = the source, pid 0:
 * the kernel).  The source stays masked (priority 0) until the driver
 * acknowledges it, so at most one such message per source is ever queued
 * and the kernel never waits for queue room.  That message is reserved when
 * the source is claimed and again at each acknowledgement, where running
 * out can be reported: an interrupt itself never fails to arrive.
 */
#include "dev/irq.h"

#include "baton/errors.h"
#include "baton/syscall.h"
#include "ipc/ipc.h"
#include "platform/plic.h"
#include "proc/process.h"

struct irq_owner {
	struct process *proc;
	struct server *server;
	struct message *reserved; /* carries the next interrupt; NULL while one is out */
};

static struct irq_owner owners[PLIC_SOURCES_MAX + 1];
static unsigned claimed; /* how many owners: most servers end with none to look for */

static int check(unsigned irq)
{
	if (!plic_sources())
		return BATON_ERR_NOENT; /* no interrupt controller to speak of */
	/* plic_sources() is at most PLIC_SOURCES_MAX: machine.c refuses a larger riscv,ndev. */
	return irq >= 1 && irq <= plic_sources() ? BATON_OK : BATON_ERR_RANGE;
}

int irq_claim(struct process *p, unsigned irq, struct server *s)
{
	int err = check(irq);
	struct message *m;

	if (err)
		return err;
	if (owners[irq].proc)
		return BATON_ERR_INUSE;
	if (!(m = message_alloc_checked()))
		return BATON_ERR_NOMEM;
	owners[irq] = (struct irq_owner){p, s, m};
	claimed++;
	plic_set_priority(irq, 1);
	plic_enable(irq, true);
	return BATON_OK;
}

static int owned(struct process *p, unsigned irq)
{
	int err = check(irq);

	if (err)
		return err;
	return owners[irq].proc == p ? BATON_OK : BATON_ERR_PERM;
}

int irq_ack(struct process *p, unsigned irq)
{
	int err = owned(p, irq); /* first: irq is the caller's number, maybe past owners[] */

	if (err)
		return err;
	struct irq_owner *o = &owners[irq];
	if (!o->reserved && !(o->reserved = message_alloc_checked()))
		return BATON_ERR_NOMEM; /* still masked: the driver may try again */
	plic_set_priority(irq, 1);
	return BATON_OK;
}

static void disown(unsigned irq)
{
	plic_enable(irq, false);
	plic_set_priority(irq, 1);
	if (owners[irq].reserved)
		message_free(owners[irq].reserved);
	owners[irq] = (struct irq_owner){NULL, NULL, NULL};
	claimed--;
}

int irq_release(struct process *p, unsigned irq)
{
	int err = owned(p, irq);

	if (!err)
		disown(irq);
	return err;
}

void irq_server_gone(struct server *s)
{
	for (unsigned irq = 1; irq <= plic_sources() && claimed; irq++)
		if (owners[irq].server == s)
			disown(irq);
}

void irq_dispatch(void)
{
	unsigned irq;

	while ((irq = plic_claim()) != 0) {
		/* The number comes from the hardware: bounded here all the same. */
		struct irq_owner *o = irq <= PLIC_SOURCES_MAX ? &owners[irq] : NULL;
		plic_set_priority(irq, 0); /* until the driver says it is done */
		if (o && o->reserved) {
			uint64_t w[4] = {irq, 0, 0, 0};
			ipc_notify(o->server, o->reserved, BATON_MSG_IRQ, w);
			o->reserved = NULL;
		}
		plic_complete(irq); /* unowned sources stay masked: nobody's, kept quiet */
	}
}
