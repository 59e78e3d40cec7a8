/* usercopy.c — page-by-page translation through the process's own table, copies through the direct
 * map. */
#include "mm/usercopy.h"

#include "arch/arch.h"
#include "baton/errors.h"
#include "baton/layout.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "proc/vm.h"

#define PAGE 4096ul

/* The direct-map address of user address va, if va is mapped with `perm` (0: any). */
static void *translate(struct vm *vm, uintptr_t va, unsigned perm)
{
	paddr_t pa;
	unsigned have;

	if (pt_lookup(&vm->pt, va, &pa, &have, NULL) || !(have & PERM_USER))
		return NULL;
	if ((have & perm) != perm || !frame_of(pa))
		return NULL; /* missing access, or not RAM (device registers) */
	return phys_to_virt(pa);
}

static bool range_ok(uintptr_t addr, size_t len)
{
	return addr < BATON_USER_END && len <= BATON_USER_END - addr;
}

int user_check(struct vm *vm, uintptr_t addr, size_t len, unsigned perm)
{
	if (!range_ok(addr, len))
		return BATON_ERR_FAULT;
	for (uintptr_t page = addr & ~(PAGE - 1); len && page < addr + len; page += PAGE) {
		if (!translate(vm, page, perm))
			return BATON_ERR_FAULT;
	}
	return BATON_OK;
}

/* Copies between kernel memory and [va, va+len) in the user space, page by page. */
static void copy_pages(struct vm *vm, uintptr_t va, uint8_t *kbuf, size_t len, bool to_user)
{
	while (len) {
		size_t chunk = PAGE - (va & (PAGE - 1));
		if (chunk > len)
			chunk = len;
		uint8_t *u = translate(vm, va, 0);
		if (to_user)
			memcpy(u, kbuf, chunk);
		else
			memcpy(kbuf, u, chunk);
		va += chunk;
		kbuf += chunk;
		len -= chunk;
	}
}

int user_read(struct vm *vm, void *dst, uintptr_t src, size_t len)
{
	int err = user_check(vm, src, len, PERM_R);

	if (!err)
		copy_pages(vm, src, dst, len, false);
	return err;
}

int user_write(struct vm *vm, uintptr_t dst, const void *src, size_t len)
{
	int err = user_check(vm, dst, len, PERM_W);

	if (!err)
		copy_pages(vm, dst, (uint8_t *)src, len, true);
	return err;
}

int user_poke(struct vm *vm, uintptr_t dst, const void *src, size_t len)
{
	int err = user_check(vm, dst, len, 0);

	if (!err)
		copy_pages(vm, dst, (uint8_t *)src, len, true);
	return err;
}
