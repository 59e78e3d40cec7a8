/* arch.h — the only door between the core kernel and kernel/arch/riscv/: every hook the core needs.
 */
#ifndef BATON_ARCH_ARCH_H
#define BATON_ARCH_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/physmap.h"

struct hart;
struct trap_frame;

/* ---- CPU, interrupts, time (arch/riscv/cpu.c, arch/riscv/arch_inline.h) ------------------ */

#ifdef BATON_HOST_TEST
struct hart *arch_this_hart(void);
#else
#include "arch/riscv/arch_inline.h" /* arch_this_hart(), arch_read_time(): on hot paths */
#endif

/* Per-hart CSR set-up: trap vector, sscratch, counters for user mode, which interrupts. */
void arch_cpu_init(struct hart *h);
void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_wait_for_interrupt(void);
__attribute__((noreturn)) void arch_halt(void);
/* Calls fn(arg) on a fresh stack; fn must not return. */
__attribute__((noreturn)) void arch_run_on_stack(void *arg, void (*fn)(void *),
						 uintptr_t stack_top);

/* ---- User contexts (trap_vector.S, arch/riscv/cpu.c) ----------------------------------- */

#include "arch/riscv/trap_frame.h" /* struct trap_frame: a plain struct, no assembly */

/* A fresh user context: pc, sp and the first two argument registers. */
void arch_context_init(struct trap_frame *tf, uintptr_t pc, uintptr_t sp, uint64_t a0, uint64_t a1);
/* Loads every user register from tf and enters user mode; the kernel stack is abandoned. */
__attribute__((noreturn)) void arch_return_to_user(struct trap_frame *tf);

/* Argument and result registers of a system call: a0 is 0, a1 is 1, ... */
static inline uint64_t ctx_reg(const struct trap_frame *tf, unsigned a)
{
	return tf->x[REG_A0 + a];
}

static inline void ctx_set_reg(struct trap_frame *tf, unsigned a, uint64_t v)
{
	tf->x[REG_A0 + a] = v;
}

/* All eight of them, in order, where they were saved (read them there: no copy). */
static inline const uint64_t *ctx_args(const struct trap_frame *tf)
{
	return &tf->x[REG_A0];
}

/* ---- MMU ------------------------------------------------------------------------------ */

/*
 * Looks up the boot hart's core in the errata table (arch/riscv/errata.c)
 * and switches the workarounds on (and those `force` names: the boot option
 * errata=, to run a workaround under QEMU); returns a line for the boot log.
 */
const char *arch_cpu_errata(const char *force);

/* arch_mmu_switch(): arch/mmu_switch.h. */
void arch_tlb_flush_asid(uint16_t asid);
/* One sfence.vma per 4 KiB page of the range (or one for all, where a core erratum says so). */
void arch_tlb_flush_pages(uintptr_t va, uint64_t pages, uint16_t asid);
/* After writing code into memory: the instruction fetch must see it (fence.i). */
void arch_sync_icache(void);

/* Switches to a page table with ASID 0 and flushes the whole TLB. */
void arch_mmu_activate(paddr_t root);
/* How many ASID bits satp really has (0 on the JH7110). */
unsigned arch_mmu_asid_bits(void);
void arch_tlb_flush_all(void);

/* ---- Timer and inter-hart interrupts --------------------------------------------------- */

/* Chooses Sstc if the device tree names it and the CSR answers; else the SBI timer. */
bool arch_timer_init(bool dt_has_sstc);
/* Absolute deadline in timebase ticks; UINT64_MAX disarms. */
void arch_timer_program(uint64_t deadline);
void arch_send_ipi(uint32_t hartid);

/* ---- Traps and debugging (arch/riscv/trap.c, arch/riscv/backtrace.c) -------------------- */

const char *arch_trap_cause_name(uint64_t scause);
void arch_dump_trap_frame(const struct trap_frame *tf);
/* Prints the frame-pointer chain from tf, or from the caller when tf is NULL. */
void arch_backtrace(const struct trap_frame *tf);

/* ---- Page tables (arch/riscv/pagetable.c, Sv39) ---------------------------------------- */

enum map_perm {
	PERM_R = 1 << 0,
	PERM_W = 1 << 1,
	PERM_X = 1 << 2,
	PERM_USER = 1 << 3,
	PERM_GLOBAL = 1 << 4,
	PERM_LENT = 1 << 5, /* reported only: the page is lent out of this space */
};

enum map_flags {
	MAP_HUGE = 1 << 0, /* use 2 MiB and 1 GiB leaves where address and size allow */
};

enum pt_error {
	PT_ERR_NOMEM = -1,     /* no page for a table */
	PT_ERR_EXISTS = -2,    /* something is already mapped there */
	PT_ERR_NOTMAPPED = -3, /* a page in the range is not mapped */
	PT_ERR_ALIGN = -4,     /* address or size not page-aligned */
	PT_ERR_RANGE = -5,     /* not a canonical Sv39 range, or wraps */
	PT_ERR_PERM = -6,      /* W without R, W together with X, or nothing at all */
	PT_ERR_LENT = -7,      /* a page in the range is lent out */
	PT_ERR_NOTOWNER = -8,  /* a frame not of the owner, or not RAM */
};

struct page_table {
	paddr_t root;
	uint32_t owner; /* frame-table owner of its table pages */
};

/*
 * Mapping functions are all-or-nothing: on error the table translates
 * exactly as before.  They never flush the TLB; the caller does.  Every leaf
 * gets A and D set (SiFive U54/U74 fault instead of setting them), and
 * tables in the user half that become empty are freed at once.
 */
int pt_create(struct page_table *pt, uint32_t owner);
/* A root whose kernel half shares kernel's tables (entries copied: the tables are shared). */
int pt_create_user(struct page_table *pt, uint32_t owner, const struct page_table *kernel);
/* Frees the root and every table of the user half (the kernel half is shared). */
void pt_destroy(struct page_table *pt);
int pt_map(struct page_table *pt, uintptr_t va, paddr_t pa, uint64_t size, unsigned perm,
	   unsigned flags);
/* Unmapped holes are skipped; *pages (may be NULL) counts 4 KiB pages unmapped. */
int pt_unmap(struct page_table *pt, uintptr_t va, uint64_t size, uint64_t *pages);
/* Sets R/W/X on every page of the range (all must be mapped); U and G are kept. */
int pt_protect(struct page_table *pt, uintptr_t va, uint64_t size, unsigned perm);
int pt_lookup(const struct page_table *pt, uintptr_t va, paddr_t *pa, unsigned *perm,
	      uint64_t *page_size);

/*
 * Lending.  A lent page stays in the lender's table with a software mark:
 * a Lend takes write access away (and remembers it), a MutableLend clears
 * V and keeps everything else.  A marked page is not mapped for pt_lookup
 * or user access if V is clear, and pt_unmap / pt_protect refuse a range
 * holding one (PT_ERR_LENT).  The marks are made in bulk, below.
 */
struct pt_leaf {
	paddr_t pa;
	uint64_t size;
	unsigned perm; /* PERM_* including PERM_LENT */
};
/* The leaf holding va, marked or not; PT_ERR_NOTMAPPED if there is none. */
int pt_get_leaf(const struct page_table *pt, uintptr_t va, struct pt_leaf *out);
/* Splits huge leaves so that none straddles va; translations do not change. */
int pt_split_at(struct page_table *pt, uintptr_t va);

/*
 * Lending and sending in bulk (pt_bulk.c): one walk per table, not per
 * page.  pt_lend_check() says whether every page of [va, va+len) may go: a
 * user leaf, readable (and writable if `write`), not lent, and a frame of
 * `owner` unless `borrowed` (pages lent to owner, being lent on);
 * *straddles says whether a huge leaf crosses va or va + len (then split).
 * pt_lend_map() marks them in `from` (not for PT_SEND) and maps the same
 * frames at `win` in `to`, as huge pages where the window address allows;
 * no leaf of `from` may straddle va or va + len.  It is all or nothing
 * (PT_ERR_NOMEM if a table could not be had); *tables_changed says whether
 * it added or freed a table of `to` (failed or not), for which the caller
 * must flush the whole ASID.  pt_lend_unmap() undoes it:
 * the window entries go (its tables stay, for the next message) and, with
 * `from`, the marks.  None of them flushes the TLB.
 */
enum pt_lend_mode {
	PT_LEND_RO, /* Lend: the lender keeps read access, the receiver gets read */
	PT_LEND_RW, /* MutableLend: the lender loses access, the receiver gets read and write */
	PT_SEND,    /* Send: the receiver gets what the sender had; the sender unmaps */
};
int pt_lend_check(const struct page_table *pt, uintptr_t va, uint64_t len, bool write,
		  bool borrowed, uint32_t owner, bool *straddles);
int pt_lend_map(struct page_table *from, uintptr_t va, uint64_t len, enum pt_lend_mode mode,
		struct page_table *to, uintptr_t win, bool *tables_changed);
void pt_lend_unmap(struct page_table *from, uintptr_t va, uint64_t len, struct page_table *to,
		   uintptr_t win);
/*
 * The end of a Send: [va, va+len) leaves `from`, its frames now owned by
 * new_owner; tables it empties are freed unless keep_tables (a window).
 * True if it freed a table (the caller flushes the whole ASID).
 */
bool pt_send_clear(struct page_table *from, uintptr_t va, uint64_t len, uint32_t new_owner,
		   bool keep_tables);

/* Calls fn for every leaf in [lo, hi), in address order (lent ones too, flagged). */
typedef void (*pt_visit_fn)(uintptr_t va, paddr_t pa, uint64_t size, unsigned perm, void *arg);
void pt_for_each_leaf(const struct page_table *pt, uintptr_t lo, uintptr_t hi, pt_visit_fn fn,
		      void *arg);

struct pt_audit {
	uint64_t leaves[3]; /* by level: 4 KiB, 2 MiB, 1 GiB */
	uint64_t tables;    /* table pages below the root */
	uint64_t user;	    /* leaves with U set */
	uint64_t bad;	    /* leaves without A/D, with W+X or W-only; tables with A/D/U/R/W/X */
};
void pt_audit(const struct page_table *pt, struct pt_audit *out);
/* Table pages below the root in the user half: a process's own (MEM_INFO). */
uint64_t pt_user_tables(const struct page_table *pt);

#endif
