/* sbi.c — the ecall wrappers and the probe of which SBI extensions the firmware has. */
#include "sbi.h"

struct sbi_info sbi;

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r5 __asm__("a5") = a5;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){(long)r0, (long)r1};
}

static struct sbiret base_call(unsigned long fid, unsigned long arg)
{
	return sbi_ecall(SBI_EXT_BASE, fid, arg, 0, 0, 0, 0, 0);
}

static bool probe(unsigned long ext)
{
	struct sbiret r = base_call(3, ext);

	return r.error == SBI_SUCCESS && r.value != 0;
}

void sbi_probe(void)
{
	struct sbiret r = base_call(0, 0);

	sbi = (struct sbi_info){0};
	if (r.error != SBI_SUCCESS)
		return; /* v0.1 firmware: only the legacy calls exist */
	sbi.has_base = true;
	sbi.spec_version = (unsigned long)r.value;
	sbi.impl_id = (unsigned long)base_call(1, 0).value;
	sbi.impl_version = (unsigned long)base_call(2, 0).value;
	sbi.has_time = probe(SBI_EXT_TIME);
	sbi.has_ipi = probe(SBI_EXT_IPI);
	sbi.has_rfence = probe(SBI_EXT_RFENCE);
	sbi.has_hsm = probe(SBI_EXT_HSM);
	sbi.has_srst = probe(SBI_EXT_SRST);
	sbi.has_dbcn = probe(SBI_EXT_DBCN);
}

const char *sbi_impl_name(unsigned long impl_id)
{
	static const char *const names[] = {"BBL", "OpenSBI", "Xvisor", "KVM", "RustSBI", "Diosix"};

	return impl_id < sizeof(names) / sizeof(names[0]) ? names[impl_id] : "unknown";
}

const char *sbi_strerror(long error)
{
	static const char *const names[] = {
		"success",	     "failed",		"not supported",
		"invalid parameter", "denied",		"invalid address",
		"already available", "already started", "already stopped",
	};

	return error <= 0 && -error < (long)(sizeof(names) / sizeof(names[0])) ? names[-error]
									       : "unknown error";
}

unsigned long sbi_get_mvendorid(void)
{
	return sbi.has_base ? (unsigned long)base_call(4, 0).value : 0;
}

unsigned long sbi_get_marchid(void)
{
	return sbi.has_base ? (unsigned long)base_call(5, 0).value : 0;
}

unsigned long sbi_get_mimpid(void)
{
	return sbi.has_base ? (unsigned long)base_call(6, 0).value : 0;
}

void sbi_set_timer(uint64_t stime_value)
{
	if (sbi.has_time)
		sbi_ecall(SBI_EXT_TIME, 0, stime_value, 0, 0, 0, 0, 0);
	else
		sbi_ecall(SBI_LEGACY_SET_TIMER, 0, stime_value, 0, 0, 0, 0, 0);
}

long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	if (sbi.has_ipi)
		return sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0, 0, 0).error;
	/* The legacy call reads a mask of hart ids from (virtual) memory. */
	unsigned long mask = hart_mask_base < 64 ? hart_mask << hart_mask_base : 0;
	sbi_ecall(SBI_LEGACY_SEND_IPI, 0, (unsigned long)&mask, 0, 0, 0, 0, 0);
	return SBI_SUCCESS;
}

long sbi_remote_fence_i(unsigned long hart_mask, unsigned long hart_mask_base)
{
	if (!sbi.has_rfence)
		return SBI_ERR_NOT_SUPPORTED;
	return sbi_ecall(SBI_EXT_RFENCE, 0, hart_mask, hart_mask_base, 0, 0, 0, 0).error;
}

long sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long hart_mask_base,
				unsigned long start, unsigned long size, unsigned long asid)
{
	if (!sbi.has_rfence)
		return SBI_ERR_NOT_SUPPORTED;
	return sbi_ecall(SBI_EXT_RFENCE, 2, hart_mask, hart_mask_base, start, size, asid, 0).error;
}

long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	if (!sbi.has_hsm)
		return SBI_ERR_NOT_SUPPORTED;
	return sbi_ecall(SBI_EXT_HSM, 0, hartid, start_pa, opaque, 0, 0, 0).error;
}

long sbi_hart_get_status(unsigned long hartid)
{
	if (!sbi.has_hsm)
		return SBI_ERR_NOT_SUPPORTED;
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, 2, hartid, 0, 0, 0, 0, 0);
	return r.error ? r.error : r.value;
}

long sbi_system_reset(enum sbi_reset_type type, enum sbi_reset_reason reason)
{
	if (!sbi.has_srst)
		return SBI_ERR_NOT_SUPPORTED;
	return sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0, 0, 0).error;
}

void sbi_legacy_shutdown(void)
{
	sbi_ecall(SBI_LEGACY_SHUTDOWN, 0, 0, 0, 0, 0, 0, 0);
}

long sbi_debug_console_write(unsigned long len, uint64_t pa)
{
	if (!sbi.has_dbcn)
		return SBI_ERR_NOT_SUPPORTED;
	struct sbiret r = sbi_ecall(SBI_EXT_DBCN, 0, len, (unsigned long)pa, 0, 0, 0, 0);
	return r.error ? r.error : r.value;
}

void sbi_legacy_putchar(int c)
{
	sbi_ecall(SBI_LEGACY_CONSOLE_PUTCHAR, 0, (unsigned long)c, 0, 0, 0, 0, 0);
}

int sbi_legacy_getchar(void)
{
	return (int)sbi_ecall(SBI_LEGACY_CONSOLE_GETCHAR, 0, 0, 0, 0, 0, 0, 0).error;
}
