/* plic.h — the RISC-V PLIC, as the kernel drives it for user-space drivers' interrupts. */
#ifndef BATON_PLATFORM_PLIC_H
#define BATON_PLATFORM_PLIC_H

#include <stdbool.h>
#include <stdint.h>

struct machine;

/*
 * Maps the PLIC, gives every source priority 1, lets the boot hart's
 * S-mode context take them all (threshold 0) with none enabled, and other
 * contexts none.  False when the machine has no PLIC.
 */
bool plic_init(const struct machine *m, uint32_t boot_hartid);
unsigned plic_sources(void); /* sources are 1..plic_sources() */
/* Enables or disables one source for the boot hart. */
void plic_enable(unsigned irq, bool on);
/*
 * 0 masks a source without disabling it: its gateway still takes its
 * completion (the spec lets a PLIC ignore completions of disabled sources)
 * and a new request stays pending until the priority is raised again.
 */
void plic_set_priority(unsigned irq, unsigned priority);
/* The highest pending source for the boot hart (0: none), and its completion. */
unsigned plic_claim(void);
void plic_complete(unsigned irq);

#endif
