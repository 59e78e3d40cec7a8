/* kmap.c — builds the kernel page table that replaces the boot one, and hands out kernel stacks. */
#include "mm/kmap.h"

#include "arch/riscv/pte.h"
#include "debug/log.h"
#include "debug/panic.h"
#include "mm/frame.h"
#include "mm/directmap.h"
#include "mm/kimage.h"
#include "mm/layout.h"

struct page_table kernel_pt;
uint64_t kernel_satp;
static bool frozen;

void kmap_freeze(void)
{
	frozen = true;
}

void *kmap_mmio(paddr_t pa, uint64_t size)
{
	static uint64_t used;
	uint64_t offset = pa & (PAGE_SIZE - 1);
	uint64_t pages = page_up(offset + size);
	uintptr_t va = KMMIO_BASE + used;

	if (frozen || pages > KMMIO_SIZE - used)
		panic("kmap: no room for device registers at 0x%lx", (unsigned long)pa);
	if (pt_map(&kernel_pt, va, pa - offset, pages, PERM_R | PERM_W | PERM_GLOBAL, 0))
		panic("kmap: cannot map device registers at 0x%lx", (unsigned long)pa);
	arch_tlb_flush_all(); /* new tables (a root entry too): the hart may have cached it empty */
	used += pages;
	return (void *)(va + offset);
}

static void map_image_part(char *start, char *end, unsigned perm)
{
	int err = pt_map(&kernel_pt, (uintptr_t)start, kimage_to_phys(start),
			 (uint64_t)(end - start), perm | PERM_GLOBAL, 0);

	if (err)
		panic("kmap: cannot map the kernel image at %p (error %d)", (void *)start, err);
}

void kmap_init(const struct machine *m, const struct phys_range *ram, unsigned nram)
{
	struct phys_range holes[MACHINE_MAX_RESERVED + 1];
	unsigned n = 0;

	if (pt_create(&kernel_pt, FRAME_OWNER_KERNEL))
		panic("kmap: no page for the kernel's root table");
	/* The image is reached only through its own W^X mapping, never the direct map. */
	holes[n++] = (struct phys_range){kimage_load_pa(), kimage_size()};
	for (unsigned i = 0; i < m->reserved_count; i++) {
		if (m->reserved[i].no_map)
			holes[n++] = (struct phys_range){m->reserved[i].base, m->reserved[i].size};
	}
	int err = kmap_direct(&kernel_pt, ram, nram, holes, n);
	if (err)
		panic("kmap: cannot build the direct map (error %d)", err);

	map_image_part(_start, _text_end, PERM_R | PERM_X);
	map_image_part(_rodata_start, _rodata_end, PERM_R);
	map_image_part(_data_start, _end, PERM_R | PERM_W);

	kernel_satp = SATP_MODE_SV39 | (kernel_pt.root >> PAGE_SHIFT);
	arch_mmu_activate(kernel_pt.root);
}

void kstack_alloc(struct kstack *ks)
{
	static uint64_t used; /* one bit per slot */
	unsigned slot = 0;
	paddr_t pa;

	if (frozen)
		panic("kstack: kernel map already shared with processes");
	while (slot < KSTACK_SLOTS && (used >> slot & 1))
		slot++;
	if (slot == KSTACK_SLOTS || !frame_alloc(2, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa))
		panic("kstack: out of kernel stacks");
	_Static_assert(KSTACK_SIZE == 4 * PAGE_SIZE, "kstack_alloc allocates order 2");
	used |= 1ull << slot;
	ks->top = KSTACK_BASE + (slot + 1) * KSTACK_SLOT_SIZE;
	ks->bottom = ks->top - KSTACK_SIZE;
	if (pt_map(&kernel_pt, ks->bottom, pa, KSTACK_SIZE, PERM_R | PERM_W | PERM_GLOBAL, 0))
		panic("kstack: cannot map slot %u", slot);
	arch_tlb_flush_all(); /* the hart may have cached the empty entry */
}
