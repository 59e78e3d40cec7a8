/* hart.c — the per-hart table, kernel stacks for each hart, and starting harts through SBI HSM. */
#include "smp/hart.h"

#include "arch/arch.h"
#include "arch/riscv/asm_offsets.h"
#include "debug/log.h"
#include "debug/panic.h"
#include "mm/kimage.h"
#include "mm/kmap.h"
#include "mm/layout.h"
#include "sbi.h"
#include "sched/sched.h"
#include "time/timer.h"

_Static_assert(__builtin_offsetof(struct hart, trap_scratch) == HART_TRAP_SCRATCH, "asm_offsets");
_Static_assert(__builtin_offsetof(struct hart, kstack_bottom) == HART_KSTACK_BOTTOM, "asm_offsets");
_Static_assert(__builtin_offsetof(struct hart, kstack_top) == HART_KSTACK_TOP, "asm_offsets");
_Static_assert(__builtin_offsetof(struct hart, emergency_top) == HART_EMERGENCY_TOP, "asm_offsets");
_Static_assert(__builtin_offsetof(struct hart, user_ctx) == HART_USER_CTX, "asm_offsets");

#define START_TIMEOUT_MS 1000

struct hart hart_table[HART_MAX];
unsigned hart_count = 1;

extern char boot_stack_top[];  /* entry.S */
extern char secondary_entry[]; /* entry.S */
static char boot_emergency_stack[8192] __attribute__((aligned(16)));

void hart_boot_init(uint32_t hartid)
{
	struct hart *h = &hart_table[0]; /* entry.S already pointed tp here */

	h->hartid = hartid;
	h->index = 0;
	h->plic_context = -1;
	h->kstack_top = (uintptr_t)boot_stack_top;
	h->kstack_bottom = h->kstack_top - KSTACK_SIZE;
	h->emergency_top = (uintptr_t)boot_emergency_stack + sizeof(boot_emergency_stack);
	h->online = true;
	sched_init_hart(h);
	arch_cpu_init(h);
}

static void give_stacks(struct hart *h)
{
	struct kstack stack, emergency;

	kstack_alloc(&stack);
	kstack_alloc(&emergency);
	h->kstack_bottom = stack.bottom;
	h->kstack_top = stack.top;
	h->emergency_top = emergency.top;
}

static void fill_from_dt(struct hart *h, const struct hart_info *info)
{
	h->plic_context = info->plic_context;
	h->dt_sstc = info->has_sstc;
}

void harts_setup(const struct machine *m)
{
	struct hart *boot = &hart_table[0];
	const struct hart_info *info = machine_hart(m, boot->hartid);

	if (!info)
		panic("boot hart %u is not in the device tree", boot->hartid);
	fill_from_dt(boot, info);
	for (unsigned i = 0; i < m->hart_count; i++) {
		info = &m->harts[i];
		if (!info->usable || info->hartid == boot->hartid)
			continue;
		if (hart_count == HART_MAX) {
			log_warn("hart %u: more than %u harts, left alone", info->hartid, HART_MAX);
			continue;
		}
		struct hart *h = &hart_table[hart_count];
		h->hartid = info->hartid;
		h->index = hart_count++;
		sched_init_hart(h);
		fill_from_dt(h, info);
		give_stacks(h);
	}
}

void hart_boot_switch_stack(void (*fn)(void *))
{
	struct hart *h = &hart_table[0];

	/* Interrupts are off, and nothing faults between these stores and the switch. */
	give_stacks(h);
	arch_run_on_stack(NULL, fn, h->kstack_top);
}

unsigned harts_online(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < hart_count; i++)
		n += hart_table[i].online;
	return n;
}

static bool wait_online(struct hart *h)
{
	uint64_t deadline = timer_now() + timer_ns_to_ticks(START_TIMEOUT_MS * 1000000ull);

	bool online;

	/*
	 * Sleep in short naps rather than spin: on an emulator that runs every
	 * hart on one host thread (QEMU with -icount), a spinning boot hart
	 * keeps the starting hart from running at all.  Interrupts are off: the
	 * pending timer only ends the wfi.
	 */
	while (!(online = __atomic_load_n(&h->online, __ATOMIC_ACQUIRE))) {
		uint64_t now = timer_now();
		if (now > deadline)
			break;
		timer_arm(now + timer_ns_to_ticks(100000));
		arch_wait_for_interrupt();
	}
	timer_arm(UINT64_MAX);
	return online;
}

#define HSM_STOPPED 1 /* sbi_hart_get_status(): the hart never left the firmware */

/*
 * Starts one hart and waits for it.  A start the firmware accepted but the
 * hart never acted on (seen under QEMU sifive_u on a loaded host: the HSM
 * status still says stopped) is asked for once more.
 */
static void start_one(struct hart *h)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		long err = sbi_hart_start(h->hartid, kimage_to_phys(secondary_entry), (uintptr_t)h);
		if (err) {
			log_warn("hart %u: HSM start failed: %s", h->hartid, sbi_strerror(err));
			return;
		}
		if (wait_online(h))
			return;
		if (sbi_hart_get_status(h->hartid) != HSM_STOPPED)
			break;
		log_warn("hart %u: still stopped after %u ms; asking again", h->hartid,
			 START_TIMEOUT_MS);
	}
	/* The HSM status (0 started, 2 start pending, ...) tells where a stuck hart stopped. */
	log_warn("hart %u: started but not online after %u ms (HSM status %ld)", h->hartid,
		 START_TIMEOUT_MS, sbi_hart_get_status(h->hartid));
}

unsigned harts_start_secondaries(void)
{
	if (hart_count > 1 && !sbi.has_hsm)
		log_warn("firmware has no SBI HSM: running on the boot hart only");
	for (unsigned i = 1; i < hart_count && sbi.has_hsm; i++)
		start_one(&hart_table[i]);
	return harts_online();
}

/* Harts other than the boot hart idle here until there is work for them. */
__attribute__((noreturn)) void secondary_main(uint64_t hartid, struct hart *h)
{
	arch_cpu_init(h);
	const char *timer = timer_init_hart(h->dt_sstc);
	__atomic_store_n(&h->online, true, __ATOMIC_RELEASE);
	log_info("hart %lu online (timer: %s)", (unsigned long)hartid, timer);
	arch_irq_enable();
	for (;;) {
		if (panic_in_progress())
			arch_halt();
		arch_wait_for_interrupt();
	}
}

void hart_ipi_received(void)
{
	this_hart()->ipis++;
	if (panic_in_progress())
		arch_halt();
}

void harts_signal_others(void)
{
	struct hart *me = this_hart();

	for (unsigned i = 0; i < hart_count; i++) {
		if (&hart_table[i] != me && hart_table[i].online)
			arch_send_ipi(hart_table[i].hartid);
	}
}
