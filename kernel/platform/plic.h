/* plic.h — the RISC-V PLIC, as the kernel drives it for user-space drivers' interrupts. */
#ifndef BATON_PLATFORM_PLIC_H
#define BATON_PLATFORM_PLIC_H

#include <stdbool.h>
#include <stdint.h>

struct machine;

/*
 * Register offsets (the RISC-V PLIC specification); machine.c checks that
 * every one the kernel will touch lies inside the PLIC's `reg`.
 */
#define PLIC_SOURCES_MAX    1023 /* sources are 1..1023 */
#define PLIC_PRIORITY(irq)  (4ull * (irq))
#define PLIC_ENABLE(ctx)    (0x2000ull + 0x80ull * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000ull + 0x1000ull * (ctx))
#define PLIC_CLAIM(ctx)	    (0x200004ull + 0x1000ull * (ctx))
/* Enable words a context has for sources 0..n (bit s of word s / 32). */
#define PLIC_ENABLE_WORDS(n) ((n) / 32 + 1)

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
