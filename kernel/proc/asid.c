/* asid.c — address-space ids: a bitmap over what satp really holds, 0 meaning "none". */
#include "proc/vm.h"

#include "arch/arch.h"

#define ASID_SPACE 65536

static uint64_t used[ASID_SPACE / 64];
static unsigned limit; /* ids below this exist; 0 when the hart has no ASID bits */
static unsigned hint = 1;
static unsigned probed; /* what arch_mmu_asid_bits() found at boot */

void asid_init(unsigned bits)
{
	probed = bits;
	limit = bits ? 1u << (bits > 16 ? 16 : bits) : 0;
	used[0] |= 1; /* ASID 0 is the kernel's, and the shared fallback */
}

unsigned asid_bits(void)
{
	return probed;
}

uint16_t asid_alloc(void)
{
	for (unsigned n = 1; n < limit; n++, hint++) {
		if (hint >= limit)
			hint = 1;
		if (!(used[hint / 64] & (1ull << (hint % 64)))) {
			used[hint / 64] |= 1ull << (hint % 64);
			return (uint16_t)hint++;
		}
	}
	return 0; /* none left (or none at all): this space flushes on every switch */
}

/* The TLB may still hold the old owner's entries: flush them before anyone reuses the id. */
void asid_free(uint16_t asid)
{
	if (asid == 0)
		return;
	arch_tlb_flush_asid(asid);
	used[asid / 64] &= ~(1ull << (asid % 64));
}
