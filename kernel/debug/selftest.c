/* selftest.c — boot-time checks of what host tests cannot see: the live page table, traps, harts.
 */
#include "debug/selftest.h"

#include "arch/arch.h"
#include "debug/log.h"
#include "debug/symbols.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kimage.h"
#include "mm/kmap.h"
#include "mm/kmem.h"
#include "mm/layout.h"
#include "smp/hart.h"
#include "time/timer.h"

static unsigned run, failed;

static void report(bool ok, const char *name)
{
	run++;
	failed += !ok;
	kprint("%s %u %s\n", ok ? "ok" : "not ok", run, name);
}

static bool perm_is(uintptr_t va, unsigned want)
{
	unsigned perm;

	return pt_lookup(&kernel_pt, va, NULL, &perm, NULL) == 0 && perm == want;
}

static bool mapped(uintptr_t va)
{
	return pt_lookup(&kernel_pt, va, NULL, NULL, NULL) == 0;
}

static bool kernel_map_sound(void)
{
	struct pt_audit a;

	pt_audit(&kernel_pt, &a);
	return a.bad == 0 && a.user == 0 && a.leaves[1] + a.leaves[2] > 0;
}

static bool image_is_wx(void)
{
	const unsigned g = PERM_GLOBAL;

	return perm_is((uintptr_t)_start, PERM_R | PERM_X | g) &&
	       perm_is((uintptr_t)_rodata_start, PERM_R | g) &&
	       perm_is((uintptr_t)_data_start, PERM_R | PERM_W | g) &&
	       perm_is((uintptr_t)_end - PAGE_SIZE, PERM_R | PERM_W | g) &&
	       !mapped(DIRECT_MAP_BASE + kimage_load_pa()); /* no writable alias of the text */
}

static bool stack_has_guard(void)
{
	const struct hart *h = this_hart();

	return mapped(h->kstack_bottom) && mapped(h->kstack_top - 8) &&
	       !mapped(h->kstack_bottom - 8) && !mapped(h->kstack_bottom - KSTACK_SLOT_SIZE / 2);
}

/* Takes every free page (threaded through the pages themselves), then gives all back. */
static bool frames_alloc_all_free_all(void)
{
	uint64_t start = frame_free_count(), got = 0;
	paddr_t head = 0, pa;

	while (frame_alloc(0, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa)) {
		*(paddr_t *)phys_to_virt(pa) = head;
		head = pa;
		got++;
	}
	bool all = got == start && frame_free_count() == 0;
	while (head) {
		pa = head;
		head = *(paddr_t *)phys_to_virt(pa);
		all &= frame_free(pa, 0) == 0;
	}
	return all && frame_free_count() == start && frame_audit();
}

static bool frames_double_free_caught(void)
{
	paddr_t pa;

	if (!frame_alloc(0, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa) || frame_free(pa, 0))
		return false;
	return frame_free(pa, 0) == FRAME_ERR_NOT_ALLOCATED && frame_audit();
}

static bool frames_megapage_aligned(void)
{
	paddr_t pa;

	if (!frame_alloc(9, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa))
		return false;
	bool ok = (pa & (MEGAPAGE_SIZE - 1)) == 0 && frame_of(pa + MEGAPAGE_SIZE - PAGE_SIZE) &&
		  frame_of(pa + MEGAPAGE_SIZE - PAGE_SIZE)->state == FRAME_KERNEL;
	return frame_free(pa, 9) == 0 && ok;
}

static bool kmem_balances(void)
{
	static void *objs[300];
	struct kmem_stats before, after;
	uint64_t free_before = frame_free_count();
	bool ok = true;

	kmem_get_stats(&before);
	for (unsigned i = 0; i < 300; i++) {
		size_t size = 1 + (i * 37) % 6000; /* slab classes and page blocks */
		objs[i] = kmem_alloc(size);
		ok &= objs[i] && ((uint8_t *)objs[i])[size - 1] == 0;
		if (objs[i])
			((uint8_t *)objs[i])[0] = 0xaa;
	}
	for (unsigned i = 0; i < 300; i++)
		ok &= objs[i] && kmem_free(objs[i]) == 0;
	kmem_get_stats(&after);
	return ok && after.objects == before.objects && after.pages <= before.pages + 7 &&
	       frame_free_count() + (after.pages - before.pages) == free_before;
}

/* A private user-half table: map small and huge, look up, unmap, destroy; nothing may leak. */
static bool scratch_table_round_trip(void)
{
	struct page_table pt;
	uint64_t start = frame_free_count(), pages;
	paddr_t pa, page, got;

	if (pt_create(&pt, FRAME_OWNER_KERNEL))
		return false;
	if (!frame_alloc(9, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa)) {
		pt_destroy(&pt);
		return false;
	}
	page = pa + 5 * PAGE_SIZE;
	bool ok = pt_map(&pt, 0x10000000, pa, MEGAPAGE_SIZE, PERM_R | PERM_W | PERM_USER,
			 MAP_HUGE) == 0;
	ok &= pt_map(&pt, 0x20001000, page, PAGE_SIZE, PERM_R | PERM_USER, 0) == 0;
	ok &= pt_lookup(&pt, 0x10000000 + 5 * PAGE_SIZE + 12, &got, NULL, NULL) == 0 &&
	      got == page + 12;
	ok &= pt_unmap(&pt, 0x10000000, MEGAPAGE_SIZE, &pages) == 0 && pages == 512;
	ok &= pt_unmap(&pt, 0x20001000, PAGE_SIZE, &pages) == 0 && pages == 1;
	pt_destroy(&pt);
	ok &= frame_free(pa, 9) == 0;
	return ok && frame_free_count() == start;
}

/* Polls rather than wfi: a timer that never fires must fail the check, not hang it. */
static bool timer_interrupt_arrives(void)
{
	struct hart *h = this_hart();
	uint64_t ticks = h->timer_ticks, start = timer_now();
	uint64_t deadline = start + timer_ns_to_ticks(1000000);
	uint64_t give_up = start + timer_ns_to_ticks(200000000);

	timer_arm(deadline);
	arch_irq_enable();
	while (h->timer_ticks == ticks && timer_now() < give_up)
		;
	arch_irq_disable();
	return h->timer_ticks == ticks + 1 && h->last_tick_time >= deadline;
}

static bool ipis_reach_every_hart(void)
{
	bool ok = true;

	for (unsigned i = 1; i < hart_count; i++) {
		struct hart *h = &hart_table[i];
		uint64_t before = h->ipis, give_up = timer_now() + timer_ns_to_ticks(200000000);
		arch_send_ipi(h->hartid);
		while (h->ipis == before && timer_now() < give_up)
			;
		ok &= h->ipis == before + 1;
	}
	return ok;
}

static bool symbols_name_functions(void)
{
	uintptr_t off;
	const char *name = symbol_lookup((uintptr_t)selftest_run + 4, &off);

	return symbol_count() > 100 && name && strcmp(name, "selftest_run") == 0 && off == 4;
}

bool selftest_run(void)
{
	run = failed = 0;
	report(kernel_map_sound(), "boot.kernel_map.leaves_have_ad_no_user_no_wx");
	report(image_is_wx(), "boot.kernel_map.image_w_xor_x");
	report(stack_has_guard(), "boot.kernel_stack.guard_page_unmapped");
	report(frame_audit(), "mm.frame_table.consistent");
	report(frames_alloc_all_free_all(), "mm.frames.alloc_all_free_all");
	report(frames_double_free_caught(), "mm.frames.double_free_caught");
	report(frames_megapage_aligned(), "mm.frames.megapage_block_aligned");
	report(kmem_balances(), "mm.kmem.alloc_free_balances");
	report(scratch_table_round_trip(), "mm.pagetable.map_unmap_no_leak");
	report(timer_interrupt_arrives(), "time.timer_interrupt_arrives");
	report(harts_online() == hart_count, "smp.all_usable_harts_online");
	report(ipis_reach_every_hart(), "smp.ipi_reaches_every_hart");
	report(symbols_name_functions(), "debug.symbols.name_functions");
	kprint("selftest: %u passed, %u failed\n", run - failed, failed);
	return failed == 0;
}
