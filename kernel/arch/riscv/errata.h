/* errata.h — core errata that no device tree states: one table, matched on the core's ids. */
#ifndef BATON_ARCH_RISCV_ERRATA_H
#define BATON_ARCH_RISCV_ERRATA_H

#include <stdint.h>

enum errata {
	ERRATUM_TLB_FLUSH_ALL = 1 << 0, /* a per-address sfence.vma may not flush: flush all */
};

/* The errata of a core with these ids (from SBI BASE); 0 for none. */
unsigned errata_for(uint64_t mvendorid, uint64_t marchid, uint64_t mimpid);
/* The errata a boot option names ("cip-1200"), to test a workaround on a core without it. */
unsigned errata_named(const char *names);
/* Their names, for the boot log ("none" for 0). */
const char *errata_names(unsigned errata);

/* This hart's errata: set once at boot, before the MMU is used for user space. */
extern unsigned riscv_errata;

#endif
