/* trap_frame.h — the registers the trap vector saves: all 31, plus sepc, sstatus, scause, stval. */
#ifndef BATON_ARCH_RISCV_TRAP_FRAME_H
#define BATON_ARCH_RISCV_TRAP_FRAME_H

#include <stdint.h>

#include "arch/riscv/asm_offsets.h"

struct trap_frame {
	uint64_t x[32]; /* x[0] is unused; x[2] is the interrupted sp */
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "asm_offsets.h: TF_SIZE");
_Static_assert(__builtin_offsetof(struct trap_frame, sepc) == TF_SEPC, "asm_offsets.h: TF_SEPC");
_Static_assert(__builtin_offsetof(struct trap_frame, stval) == TF_STVAL, "asm_offsets.h");

enum reg {
	REG_RA = 1,
	REG_SP = 2,
	REG_GP = 3,
	REG_TP = 4,
	REG_S0 = 8,
	REG_A0 = 10,
};

#endif
