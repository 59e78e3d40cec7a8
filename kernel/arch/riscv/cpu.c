/* cpu.c — per-hart CSR set-up, interrupts, halting, satp and ASIDs, the timer, IPIs. */
#include "arch/arch.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/pte.h"
#include "sbi.h"
#include "smp/hart.h"

extern char trap_vector[];

void arch_cpu_init(struct hart *h)
{
	(void)h;
	csr_write_stvec((uintptr_t)trap_vector);
	csr_write_sscratch(0);
	/* User mode may read the counters: benchmarks run there (DESIGN §9). */
	csr_write_scounteren(SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
	csr_write_sie(SIE_SSIE | SIE_STIE);
}

void arch_irq_enable(void)
{
	csr_set_sstatus(SSTATUS_SIE);
}

void arch_irq_disable(void)
{
	csr_clear_sstatus(SSTATUS_SIE);
}

void arch_wait_for_interrupt(void)
{
	wfi();
}

void arch_halt(void)
{
	csr_clear_sstatus(SSTATUS_SIE);
	csr_write_sie(0);
	for (;;)
		wfi();
}

void arch_mmu_activate(paddr_t root)
{
	csr_write_satp(SATP_MODE_SV39 | (root >> 12));
	sfence_vma_all();
}

/* Privileged spec, satp: write all ones to ASID and read back how many stuck. */
unsigned arch_mmu_asid_bits(void)
{
	uint64_t satp = csr_read_satp();

	csr_write_satp(satp | (SATP_ASID_MASK << SATP_ASID_SHIFT));
	uint64_t asid = (csr_read_satp() >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
	csr_write_satp(satp);
	sfence_vma_all();
	unsigned bits = 0;
	for (; asid; asid >>= 1)
		bits += asid & 1; /* no libgcc in the kernel: count by hand */
	return bits;
}

void arch_tlb_flush_all(void)
{
	sfence_vma_all();
}

/*
 * The device tree may list Sstc while the firmware has not enabled it
 * (menvcfg.STCE); then stimecmp is an illegal instruction.  Try it once
 * with the trap handler told to expect that.
 */
bool arch_timer_init(bool dt_has_sstc)
{
	struct hart *h = this_hart();

	h->timer_sstc = false;
	if (dt_has_sstc) {
		h->probe_faulted = false;
		h->probe_armed = true;
		csr_write_stimecmp(UINT64_MAX);
		h->probe_armed = false;
		h->timer_sstc = !h->probe_faulted;
	}
	arch_timer_program(UINT64_MAX);
	return h->timer_sstc;
}

void arch_timer_program(uint64_t deadline)
{
	if (this_hart()->timer_sstc)
		csr_write_stimecmp(deadline);
	else
		sbi_set_timer(deadline);
}

void arch_send_ipi(uint32_t hartid)
{
	sbi_send_ipi(1, hartid);
}
