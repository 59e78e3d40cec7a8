/* cpu.c — per-hart CSR set-up, interrupts, halting, satp and ASIDs, the timer, IPIs. */
#include "arch/arch.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/errata.h"
#include "lib/format.h"
#include "arch/riscv/pte.h"
#include "sbi.h"
#include "smp/hart.h"

extern char trap_vector[];

void arch_cpu_init(struct hart *h)
{
	(void)h;
	csr_write_stvec((uintptr_t)trap_vector);
	csr_write_sscratch(0);
	/*
	 * FP and vector state off: user programs are built without them and the
	 * kernel does not switch their registers, so any use traps and ends the
	 * process instead of leaking state between processes.
	 */
	csr_clear_sstatus(SSTATUS_FS | SSTATUS_VS);
	/* User mode may read the counters: benchmarks run there (DESIGN §9). */
	csr_write_scounteren(SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
	csr_write_sie(SIE_SSIE | SIE_STIE | SIE_SEIE);
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
	this_hart()->active_root = root;
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

void arch_context_init(struct trap_frame *tf, uintptr_t pc, uintptr_t sp, uint64_t a0, uint64_t a1)
{
	for (unsigned i = 0; i < 32; i++)
		tf->x[i] = 0;
	tf->sepc = pc;
	tf->x[REG_SP] = sp;
	tf->x[REG_A0] = a0;
	tf->x[REG_A0 + 1] = a1;
	tf->sstatus = tf->scause = tf->stval = 0;
}

const char *arch_cpu_errata(const char *force)
{
	static char line[120];
	uint64_t vendor = sbi_get_mvendorid(), arch = sbi_get_marchid(), imp = sbi_get_mimpid();

	riscv_errata = errata_for(vendor, arch, imp) | errata_named(force);
	format(line, sizeof(line), "mvendorid 0x%lx marchid 0x%lx mimpid 0x%lx, errata: %s",
	       (unsigned long)vendor, (unsigned long)arch, (unsigned long)imp,
	       errata_names(riscv_errata));
	return line;
}

void arch_tlb_flush_asid(uint16_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" ::"r"((uint64_t)asid) : "memory");
	this_hart()->tlb_flushes++;
}

void arch_tlb_flush_pages(uintptr_t va, uint64_t pages, uint16_t asid)
{
	struct hart *h = this_hart();

	if (riscv_errata & ERRATUM_TLB_FLUSH_ALL) {
		__asm__ volatile("sfence.vma" ::: "memory"); /* CIP-1200: errata.c */
		h->tlb_flushes++;
		return;
	}
	for (uint64_t i = 0; i < pages; i++)
		__asm__ volatile("sfence.vma %0, %1" ::"r"(va + i * 4096), "r"((uint64_t)asid)
				 : "memory");
	h->tlb_flushes += pages;
}

/* Other harts run no user code yet; when they do, SBI remote_fence_i joins this. */
void arch_sync_icache(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}
