/* syscalls.c — the C API over each system call: argument packing and result unpacking only. */
#include <string.h>

#include "baton/baton.h"
#include "ecall.h"

struct baton_sysret baton_syscall(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
				  uint64_t a5, uint64_t a6, uint64_t a7)
{
	return ecall7(n, a1, a2, a3, a4, a5, a6, a7);
}

long baton_debug_write(const void *buf, size_t len)
{
	return ecall2(SYS_DEBUG_WRITE, buf, len).status;
}

void baton_exit(int status)
{
	ecall1(SYS_EXIT, (int64_t)status);
	__builtin_unreachable();
}

void baton_power_off(int failed)
{
	ecall1(SYS_POWER_OFF, failed != 0);
	for (;;)
		; /* only init may: anyone else got BATON_ERR_PERM */
}

long baton_spawn(const char *name, const char *const argv[], uint32_t *pid)
{
	char args[BATON_ARGS_MAX];
	size_t len = 0;

	for (unsigned i = 0; argv && argv[i]; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (n > sizeof(args) - len)
			return BATON_ERR_RANGE;
		memcpy(args + len, argv[i], n);
		len += n;
	}
	struct baton_sysret r = ecall4(SYS_SPAWN, name, strlen(name), args, len);
	if (r.status == BATON_OK && pid)
		*pid = (uint32_t)r.r[1];
	return r.status;
}

long baton_wait(uint32_t pid, struct baton_exit *out)
{
	struct baton_sysret r = ecall1(SYS_WAIT, pid);

	if (r.status == BATON_OK && out)
		*out = (struct baton_exit){(uint32_t)r.r[1], (unsigned)r.r[2], r.r[3], r.r[4],
					   r.r[5]};
	return r.status;
}

long baton_kill(uint32_t pid)
{
	return ecall1(SYS_KILL, pid).status;
}

long baton_yield(void)
{
	return ecall0(SYS_YIELD).status;
}

long baton_self(uint32_t *tid, uint32_t *pid)
{
	struct baton_sysret r = ecall0(SYS_SELF);

	if (tid)
		*tid = (uint32_t)r.r[1];
	if (pid)
		*pid = (uint32_t)r.r[2];
	return r.status;
}

long baton_set_priority(uint32_t tid, unsigned priority)
{
	return ecall2(SYS_SET_PRIORITY, tid, priority).status;
}

long baton_thread_info(uint32_t tid, struct baton_thread_info *out)
{
	struct baton_sysret r = ecall1(SYS_THREAD_INFO, tid);

	if (r.status == BATON_OK)
		*out = (struct baton_thread_info){r.r[1], (unsigned)r.r[2], (unsigned)r.r[3]};
	return r.status;
}

long baton_sleep_ns(uint64_t ns)
{
	return ecall1(SYS_SLEEP, ns).status;
}

void baton_thread_exit(uint64_t value)
{
	ecall1(SYS_THREAD_EXIT, value);
	__builtin_unreachable();
}

long baton_map(void *addr, size_t size, unsigned flags, void **out)
{
	struct baton_sysret r = ecall3(SYS_MAP, addr, size, flags);

	if (r.status == BATON_OK)
		*out = (void *)r.r[1];
	return r.status;
}

long baton_unmap(void *addr, size_t size)
{
	return ecall2(SYS_UNMAP, addr, size).status;
}

long baton_protect(void *addr, size_t size, unsigned flags)
{
	return ecall3(SYS_PROTECT, addr, size, flags).status;
}

long baton_heap(intptr_t delta, uintptr_t *old)
{
	struct baton_sysret r = ecall1(SYS_HEAP, delta);

	if (r.status == BATON_OK && old)
		*old = r.r[1];
	return r.status;
}

long baton_mem_info(struct baton_mem_info *out)
{
	struct baton_sysret r = ecall0(SYS_MEM_INFO);

	if (r.status == BATON_OK)
		*out = (struct baton_mem_info){r.r[1], r.r[2], r.r[3], r.r[4], r.r[5]};
	return r.status;
}

long baton_sysinfo(struct baton_sysinfo *out)
{
	struct baton_sysret r = ecall0(SYS_SYSINFO);

	if (r.status == BATON_OK)
		*out = (struct baton_sysinfo){r.r[1], (unsigned)r.r[2], (unsigned)r.r[3],
					      (unsigned)r.r[4]};
	return r.status;
}

uint64_t baton_timebase_hz(void)
{
	struct baton_sysinfo info;

	return baton_sysinfo(&info) == BATON_OK ? info.timebase_hz : 0;
}

long baton_process_info(uint32_t after, struct baton_process_info *out)
{
	struct baton_sysret r = ecall1(SYS_PROCESS_INFO, after);

	if (r.status != BATON_OK)
		return r.status;
	out->pid = (uint32_t)r.r[1];
	out->parent = (uint32_t)(r.r[1] >> 32);
	out->state = r.r[2] & 0xff;
	out->threads = (unsigned)(r.r[2] >> 8) & 0xffff;
	out->priority = (unsigned)(r.r[2] >> 24) & 0xff;
	out->cpu_ticks = r.r[3];
	memcpy(out->name, &r.r[4], 32);
	out->name[BATON_NAME_MAX] = '\0';
	return BATON_OK;
}

bool baton_process_alive(uint32_t pid)
{
	struct baton_process_info info;

	return pid && baton_process_info(pid - 1, &info) == BATON_OK && info.pid == pid &&
	       info.state == BATON_PROCESS_ALIVE;
}

const char *baton_strerror(long err)
{
	static const char *const names[] = {
		"ok",
		"no such system call",
		"bad address",
		"misaligned",
		"out of range",
		"bad flags",
		"out of memory",
		"no such entry",
		"bad program image",
		"not permitted",
		"limit reached",
		"already in use",
		"no such child",
		"would deadlock",
		"invalid argument",
		"bad handle",
		"no such server",
		"server exists",
		"server gone",
		"caller gone",
		"bad answer token",
		"wrong kind of answer",
		"queue full",
		"nothing waiting",
		"not the owner",
		"already lent",
		"busy",
		"try again",
		"timed out",
	};

	return err <= 0 && -err < (long)(sizeof(names) / sizeof(names[0])) ? names[-err]
									   : "unknown error";
}
