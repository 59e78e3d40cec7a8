/* sbi.h — typed calls into the SBI firmware (OpenSBI): BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN,
 * legacy. */
#ifndef BATON_SBI_SBI_H
#define BATON_SBI_SBI_H

#include <stdbool.h>
#include <stdint.h>

/* Extension ids and error codes: RISC-V SBI specification v2.0, chapters 3-10 and 12. */
#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494d45 /* "TIME" */
#define SBI_EXT_IPI    0x735049	  /* "sPI" */
#define SBI_EXT_RFENCE 0x52464e43 /* "RFNC" */
#define SBI_EXT_HSM    0x48534d	  /* "HSM" */
#define SBI_EXT_SRST   0x53525354 /* "SRST" */
#define SBI_EXT_DBCN   0x4442434e /* "DBCN" */

#define SBI_LEGACY_SET_TIMER	   0x00
#define SBI_LEGACY_CONSOLE_PUTCHAR 0x01
#define SBI_LEGACY_CONSOLE_GETCHAR 0x02
#define SBI_LEGACY_SEND_IPI	   0x04
#define SBI_LEGACY_SHUTDOWN	   0x08

enum sbi_error {
	SBI_SUCCESS = 0,
	SBI_ERR_FAILED = -1,
	SBI_ERR_NOT_SUPPORTED = -2,
	SBI_ERR_INVALID_PARAM = -3,
	SBI_ERR_DENIED = -4,
	SBI_ERR_INVALID_ADDRESS = -5,
	SBI_ERR_ALREADY_AVAILABLE = -6,
	SBI_ERR_ALREADY_STARTED = -7,
	SBI_ERR_ALREADY_STOPPED = -8,
};

enum sbi_reset_type {
	SBI_RESET_SHUTDOWN = 0,
	SBI_RESET_COLD_REBOOT = 1,
	SBI_RESET_WARM_REBOOT = 2,
};

enum sbi_reset_reason {
	SBI_REASON_NONE = 0,
	SBI_REASON_SYSTEM_FAILURE = 1,
};

enum sbi_hart_state {
	SBI_HART_STARTED = 0,
	SBI_HART_STOPPED = 1,
	SBI_HART_START_PENDING = 2,
	SBI_HART_STOP_PENDING = 3,
};

struct sbiret {
	long error;
	long value;
};

/* What the firmware offers, filled by sbi_probe(). */
struct sbi_info {
	bool has_base; /* false: SBI v0.1 firmware, legacy calls only */
	unsigned long spec_version;
	unsigned long impl_id;
	unsigned long impl_version;
	bool has_time, has_ipi, has_rfence, has_hsm, has_srst, has_dbcn;
};

extern struct sbi_info sbi;

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);

void sbi_probe(void);
const char *sbi_impl_name(unsigned long impl_id);
const char *sbi_strerror(long error);

/* BASE machine ids (for errata checks) */
unsigned long sbi_get_mvendorid(void);
unsigned long sbi_get_marchid(void);
unsigned long sbi_get_mimpid(void);

/* TIME, with the legacy call when the extension is missing */
void sbi_set_timer(uint64_t stime_value);

/* IPI and RFENCE take a hart mask relative to hart_mask_base. */
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
long sbi_remote_fence_i(unsigned long hart_mask, unsigned long hart_mask_base);
long sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long hart_mask_base,
				unsigned long start, unsigned long size, unsigned long asid);

/* HSM: the hart starts in S-mode at start_pa with a0 = hartid, a1 = opaque, satp = 0. */
long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
long sbi_hart_get_status(unsigned long hartid);

/* SRST; returns only if the firmware refused. */
long sbi_system_reset(enum sbi_reset_type type, enum sbi_reset_reason reason);
void sbi_legacy_shutdown(void);

/*
 * Console: DBCN takes a physical address and returns how many bytes it
 * wrote (or an error); the legacy putchar takes one byte per trap.
 */
long sbi_debug_console_write(unsigned long len, uint64_t pa);
void sbi_legacy_putchar(int c);
int sbi_legacy_getchar(void);

#endif
