/* main.c — the boot sequence on the boot hart, from the first C code to the self-checks. */
#include "arch/arch.h"
#include "baton/version.h"
#include "debug/console.h"
#include "debug/crash.h"
#include "debug/log.h"
#include "debug/panic.h"
#include "debug/selftest.h"
#include "lib/cmdline.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kimage.h"
#include "mm/kmap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "platform/dt.h"
#include "platform/plic.h"
#include "platform/entropy.h"
#include "platform/power.h"
#include "proc/bootimage.h"
#include "proc/process.h"
#include "proc/vm.h"
#include "sched/sched.h"
#include "sbi.h"
#include "smp/hart.h"
#include "syscall/syscall.h"
#include "time/timer.h"

static struct machine machine;
static struct cmdline cmdline;
static struct mm_report mm_report;

static void apply_loglevel(void)
{
	const char *level = cmdline_get(&cmdline, "loglevel");

	if (level && level[0] >= '0' && level[0] <= '3' && level[1] == '\0')
		log_threshold = (enum log_level)(level[0] - '0');
}

static void banner_harts(void)
{
	char skipped[160] = "";
	size_t len = 0;

	for (unsigned i = 0; i < machine.hart_count && len < sizeof(skipped); i++) {
		const struct hart_info *h = &machine.harts[i];
		if (!h->usable)
			len += (size_t)format(skipped + len, sizeof(skipped) - len, "%shart %u: %s",
					      len ? ", " : " (", h->hartid, h->skip_reason);
	}
	log_info("harts: %u usable, %u skipped%s%s, boot hart %u, %u online", machine.usable_harts,
		 machine.hart_count - machine.usable_harts, skipped, len ? ")" : "",
		 this_hart()->hartid, harts_online());
}

static void banner_console(void)
{
	const struct uart_info *u = &machine.uart;

	if (u->kind == UART_NONE)
		log_info("console: %s, no UART found", console_method());
	else
		log_info("console: %s, uart %s at 0x%lx irq %u reg-shift %u io-width %u%s",
			 console_method(), u->compatible, (unsigned long)u->base, u->irq,
			 u->reg_shift, u->reg_io_width,
			 u->from_stdout_path ? "" : " (no stdout-path)");
}

static void banner_sbi(void)
{
	if (!sbi.has_base) {
		log_info("sbi: v0.1 (legacy calls only)");
		return;
	}
	log_info("sbi: %s %lu.%lu, spec %lu.%lu:%s%s%s%s%s%s", sbi_impl_name(sbi.impl_id),
		 sbi.impl_version >> 16, sbi.impl_version & 0xffff, (sbi.spec_version >> 24) & 0x7f,
		 sbi.spec_version & 0xffffff, sbi.has_time ? " TIME" : "",
		 sbi.has_ipi ? " IPI" : "", sbi.has_rfence ? " RFENCE" : "",
		 sbi.has_hsm ? " HSM" : "", sbi.has_srst ? " SRST" : "",
		 sbi.has_dbcn ? " DBCN" : "");
}

static void banner(const char *timer, unsigned asid_bits)
{
	uint64_t free_pages = frame_free_count();

	log_info("baton %s (%s): a RISC-V microkernel", BATON_VERSION, BATON_GIT_COMMIT);
	log_info("machine: %s", machine.model);
	log_info("ram: %lu MiB in %u range%s from 0x%lx%s",
		 (unsigned long)(machine.ram_total >> 20), machine.ram_count,
		 machine.ram_count == 1 ? "" : "s", (unsigned long)machine.ram[0].base,
		 mm_report.ram_clipped ? " (some above 128 GiB left unused)" : "");
	banner_harts();
	log_info("timebase: %lu Hz, timer: %s", (unsigned long)machine.timebase_hz, timer);
	banner_console();
	banner_sbi();
	if (machine.plic.present)
		log_info("plic: 0x%lx, %u sources", (unsigned long)machine.plic.base,
			 machine.plic.ndev);
	log_info("mmu: Sv39, %u ASID bits%s", asid_bits,
		 asid_bits ? "" : " (full flush on switch)");
	log_info("cpu: %s", arch_cpu_errata(cmdline_get(&cmdline, "errata")));
	if (!entropy_has_seed())
		log_warn("entropy: no /chosen/rng-seed: server ids come from counter jitter only");
	log_info("memory: %lu free pages (%lu MiB) of %lu, frame table %lu KiB",
		 (unsigned long)free_pages, (unsigned long)(free_pages >> 8),
		 (unsigned long)frame_total_count(), (unsigned long)mm_report.frame_table_kib);
	if (machine.bootargs[0])
		log_info("bootargs: %s", machine.bootargs);
}

/*
 * The first process: `init` from the boot image unless the init= option
 * names another; initargs=a,b,c become its argv[1..].
 */
__attribute__((noreturn)) static void start_init(const char *name, const char *initargs,
						 unsigned asid_bits)
{
	static char args[128];
	uint64_t args_len = 0;
	struct process *p;

	asid_init(asid_bits);
	kmap_freeze();
	if (!name || !*name)
		name = "init";
	for (; initargs && initargs[args_len] && args_len + 1 < sizeof(args); args_len++)
		args[args_len] = initargs[args_len] == ',' ? '\0' : initargs[args_len];
	if (args_len)
		args[args_len++] = '\0';
	int err = process_spawn(NULL, name, args, args_len, &p);
	if (err)
		panic("cannot start init program '%s' (error %d)", name, err);
	log_info("started %s as pid %u; %lu programs in the boot image", name, p->pid,
		 (unsigned long)bootimage_count());
	sched_start();
}

/* Runs on the boot hart's guarded kernel stack. */
__attribute__((noreturn)) static void kmain_late(void *unused)
{
	(void)unused;
	const char *timer = timer_init_hart(this_hart()->dt_sstc);
	unsigned asid_bits = arch_mmu_asid_bits(); /* once: probing writes satp and flushes */

	harts_start_secondaries();
	bool plic = plic_init(&machine, this_hart()->hartid);
	banner(timer, asid_bits);
	if (!plic)
		log_warn("no usable PLIC: user-space drivers get no interrupts");

	const char *crash = cmdline_get(&cmdline, "crash");
	if (crash)
		crash_on_purpose(crash);
	if (cmdline_get(&cmdline, "knobs"))
		syscall_allow_knobs();
	if (cmdline_get(&cmdline, "selftest") && !selftest_run()) {
		log_error("self-checks FAILED; powering off");
		power_off(true);
	}
	start_init(cmdline_get(&cmdline, "init"), cmdline_get(&cmdline, "initargs"), asid_bits);
}

/* entry.S calls this on the boot stack, MMU on, running at KERNEL_VBASE. */
void kmain(uint64_t hartid, paddr_t dtb_pa, paddr_t load_pa)
{
	kimage_init(load_pa);
	physmap_offset = DIRECT_MAP_BASE;
	hart_boot_init((uint32_t)hartid);
	sbi_probe();
	console_init();
	kprint("\n");
	log_info("baton %s starting on hart %lu at 0x%lx, device tree at 0x%lx", BATON_VERSION,
		 (unsigned long)hartid, (unsigned long)load_pa, (unsigned long)dtb_pa);

	uint64_t dtb_size = dt_load(dtb_pa, &machine);
	timer_set_frequency(machine.timebase_hz);
	log_set_timebase(machine.timebase_hz);
	cmdline_parse(&cmdline, machine.bootargs);
	entropy_init(&machine);
	apply_loglevel();

	mm_init(&machine, dtb_pa, dtb_size, &mm_report);
	harts_setup(&machine);
	hart_boot_switch_stack(kmain_late);
}
