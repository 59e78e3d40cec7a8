/* csr.h — one inline accessor per control and status register the kernel touches. */
#ifndef BATON_ARCH_RISCV_CSR_H
#define BATON_ARCH_RISCV_CSR_H

/* The constants are for assembly too (trap_vector.S); the accessors are C only. */
/* sstatus bits */
#define SSTATUS_SIE  (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP  (1ul << 8)
#define SSTATUS_FS   (3ul << 13)
#define SSTATUS_VS   (3ul << 9)

/* Exception codes: RISC-V privileged spec, table "Supervisor cause register values". */
#define EXC_INSN_MISALIGNED  0
#define EXC_INSN_ACCESS	     1
#define EXC_ILLEGAL_INSN     2
#define EXC_BREAKPOINT	     3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS	     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U	     8
#define EXC_ECALL_S	     9
#define EXC_INSN_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

/* sie / sip bits, and the matching interrupt causes */
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define SIE_SSIE    (1ul << IRQ_S_SOFT)
#define SIE_STIE    (1ul << IRQ_S_TIMER)
#define SIE_SEIE    (1ul << IRQ_S_EXT)

#define SCAUSE_INTERRUPT (1ul << 63)

/* scounteren: let U-mode read cycle, time and instret */
#define SCOUNTEREN_CY (1ul << 0)
#define SCOUNTEREN_TM (1ul << 1)
#define SCOUNTEREN_IR (1ul << 2)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define CSR_READ(name)                                                                             \
	static inline uint64_t csr_read_##name(void)                                               \
	{                                                                                          \
		uint64_t v;                                                                        \
		__asm__ volatile("csrr %0, " #name : "=r"(v));                                     \
		return v;                                                                          \
	}
#define CSR_WRITE(name)                                                                            \
	static inline void csr_write_##name(uint64_t v)                                            \
	{                                                                                          \
		__asm__ volatile("csrw " #name ", %0" ::"r"(v) : "memory");                        \
	}
#define CSR_SET_CLEAR(name)                                                                        \
	static inline void csr_set_##name(uint64_t bits)                                           \
	{                                                                                          \
		__asm__ volatile("csrs " #name ", %0" ::"r"(bits) : "memory");                     \
	}                                                                                          \
	static inline void csr_clear_##name(uint64_t bits)                                         \
	{                                                                                          \
		__asm__ volatile("csrc " #name ", %0" ::"r"(bits) : "memory");                     \
	}

CSR_SET_CLEAR(sstatus)
CSR_WRITE(sie)
CSR_SET_CLEAR(sip)
CSR_WRITE(stvec)
CSR_WRITE(sscratch)
CSR_READ(satp)
CSR_WRITE(satp)
CSR_WRITE(scounteren)

/* stimecmp (Sstc) by number: older assemblers do not know its name. */
static inline void csr_write_stimecmp(uint64_t v)
{
	__asm__ volatile("csrw 0x14d, %0" ::"r"(v) : "memory");
}

static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static inline uintptr_t read_fp(void)
{
	uintptr_t fp;
	__asm__ volatile("mv %0, s0" : "=r"(fp));
	return fp;
}

#endif /* __ASSEMBLER__ */

#endif
