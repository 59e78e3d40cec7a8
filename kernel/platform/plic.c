/*
 * plic.c — the platform-level interrupt controller.  Register layout from
 * the RISC-V PLIC specification (and the sifive,plic-1.0.0 binding):
 * priorities at base + 4 * source, per-context enable bits at base + 0x2000
 * + 0x80 * context, per-context threshold at base + 0x200000 + 0x1000 *
 * context, claim/complete 4 bytes above it.  Only the boot hart schedules
 * threads, so every interrupt goes to its S-mode context.
 */
#include "platform/plic.h"

#include "debug/log.h"
#include "mm/kmap.h"
#include "platform/machine.h"

static volatile uint8_t *regs;
static unsigned sources, context;

static volatile uint32_t *reg32(uint64_t offset)
{
	return (volatile uint32_t *)(regs + offset);
}

bool plic_init(const struct machine *m, uint32_t boot_hartid)
{
	const struct hart_info *boot = machine_hart(m, boot_hartid);

	if (!m->plic.present || !boot || boot->plic_context < 0)
		return false;
	regs = kmap_mmio(m->plic.base, m->plic.size);
	sources = m->plic.ndev;
	context = (unsigned)boot->plic_context;
	for (unsigned i = 0; i < m->hart_count; i++) { /* everyone masked... */
		int c = m->harts[i].plic_context;
		for (unsigned w = 0; c >= 0 && w < PLIC_ENABLE_WORDS(sources); w++)
			*reg32(PLIC_ENABLE(c) + 4 * w) = 0;
		if (c >= 0)
			*reg32(PLIC_THRESHOLD(c)) = 7;
	}
	for (unsigned irq = 1; irq <= sources; irq++)
		*reg32(PLIC_PRIORITY(irq)) = 1;
	*reg32(PLIC_THRESHOLD(context)) = 0; /* ...but the boot hart, which takes what is enabled */
	return true;
}

unsigned plic_sources(void)
{
	return regs ? sources : 0;
}

void plic_set_priority(unsigned irq, unsigned priority)
{
	*reg32(PLIC_PRIORITY(irq)) = priority;
}

void plic_enable(unsigned irq, bool on)
{
	volatile uint32_t *word = reg32(PLIC_ENABLE(context) + 4 * (irq / 32));

	if (on)
		*word |= 1u << (irq % 32);
	else
		*word &= ~(1u << (irq % 32));
}

unsigned plic_claim(void)
{
	return regs ? *reg32(PLIC_CLAIM(context)) : 0;
}

void plic_complete(unsigned irq)
{
	*reg32(PLIC_CLAIM(context)) = irq;
}
