/* test_errata.c — the core errata table: which ids get which workaround (arch/riscv/errata.c). */
#include "arch/riscv/errata.h"
#include "check.h"

#define SIFIVE	  0x489
#define U74_ARCH  0x8000000000000007ull
#define FU740_IMP 0x20181004ull /* HiFive Unmatched, from Debian /proc/cpuinfo dumps */

static void test_cip_1200(void)
{
	CHECK_EQ(errata_for(SIFIVE, U74_ARCH, FU740_IMP), ERRATUM_TLB_FLUSH_ALL);
	CHECK_EQ(errata_for(SIFIVE, 0x1, 0x20181004), ERRATUM_TLB_FLUSH_ALL); /* marchid 1 too */
	CHECK_EQ(errata_for(SIFIVE, U74_ARCH, 0x00200630), ERRATUM_TLB_FLUSH_ALL); /* the last */
	CHECK_EQ(errata_for(SIFIVE, U74_ARCH, 0x00200631), 0);
	CHECK_EQ(errata_for(SIFIVE, U74_ARCH, 0x01200626), 0); /* the release that fixed it */
	CHECK_EQ(errata_for(SIFIVE, U74_ARCH, 0x4210427), 0);  /* JH7110 (VisionFive 2) */
	CHECK_EQ(errata_for(SIFIVE, 0x8000000000000008ull, FU740_IMP), 0);
	CHECK_EQ(errata_for(0, 0x70216, 0x70216), 0); /* QEMU 7.2 */
}

static void test_names(void)
{
	CHECK_EQ(errata_named("cip-1200"), ERRATUM_TLB_FLUSH_ALL);
	CHECK_EQ(errata_named("CIP-1200"), ERRATUM_TLB_FLUSH_ALL);
	CHECK_EQ(errata_named("cip-120"), 0);
	CHECK_EQ(errata_named("cip-12000"), 0);
	CHECK_EQ(errata_named(""), 0);
	CHECK_EQ(errata_named(0), 0);
	CHECK(errata_names(0)[0] == 'n');
	CHECK(errata_names(ERRATUM_TLB_FLUSH_ALL)[0] == 'C');
}

int main(void)
{
	RUN(test_cip_1200);
	RUN(test_names);
	return check_summary();
}
