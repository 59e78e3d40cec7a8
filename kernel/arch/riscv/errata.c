/*
 * errata.c — the one table of core quirks that the device tree cannot
 * express.  Cores are told apart by mvendorid, marchid and mimpid, which
 * S-mode reads through SBI BASE (docs/boards.md, docs/sources.md).
 *
 * CIP-1200 (SiFive U54 and U74 cores up to 2020-06-30; the FU540 of the
 * HiFive Unleashed and the FU740 of the Unmatched; not the JH7110): the
 * instruction TLB may ignore an sfence.vma for one address, so every such
 * flush becomes a full one.  OpenSBI does the same for the FU540.
 *
 * CIP-453 (FU740): stval of an instruction fault is not sign-extended from
 * bit 38.  trap.c sign-extends it on every core: on the others it already
 * is, so no entry here.
 */
#include "arch/riscv/errata.h"

#include <stdbool.h>

#define SIFIVE_VENDOR 0x489

struct erratum_rule {
	uint64_t mvendorid;
	uint64_t marchid[2];   /* either */
	uint32_t mimpid_upto;  /* mimpid & 0xffffff at most this */
	uint64_t mimpid_spare; /* a release that does not have it */
	unsigned errata;
	const char *name;
};

static const struct erratum_rule rules[] = {
	{SIFIVE_VENDOR,
	 {0x8000000000000007ull, 0x1},
	 0x200630,
	 0x01200626,
	 ERRATUM_TLB_FLUSH_ALL,
	 "CIP-1200"},
};

unsigned riscv_errata;

static bool matches(const struct erratum_rule *r, uint64_t vendor, uint64_t arch, uint64_t imp)
{
	return vendor == r->mvendorid && (arch == r->marchid[0] || arch == r->marchid[1]) &&
	       (imp & 0xffffff) <= r->mimpid_upto && imp != r->mimpid_spare;
}

unsigned errata_for(uint64_t mvendorid, uint64_t marchid, uint64_t mimpid)
{
	unsigned found = 0;

	for (unsigned i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (matches(&rules[i], mvendorid, marchid, mimpid))
			found |= rules[i].errata;
	}
	return found;
}

unsigned errata_named(const char *names)
{
	unsigned found = 0;

	for (unsigned i = 0; names && i < sizeof(rules) / sizeof(rules[0]); i++) {
		const char *a = names, *b = rules[i].name;
		while (*b && (*a | 0x20) == (*b | 0x20)) /* case-blind: cip-1200 or CIP-1200 */
			a++, b++;
		if (!*b && (*a == '\0' || *a == ','))
			found |= rules[i].errata;
	}
	return found;
}

const char *errata_names(unsigned errata)
{
	return errata & ERRATUM_TLB_FLUSH_ALL ? "CIP-1200 (full TLB flushes)" : "none";
}
