/* loader.c — ELF segments into zeroed pages, and the initial stack with the program's arguments. */
#include "proc/loader.h"

#include "arch/arch.h"
#include "baton/errors.h"
#include "mm/layout.h"
#include "baton/layout.h"
#include "baton/syscall.h"
#include "lib/string.h"
#include "mm/usercopy.h"
#include "proc/bootimage.h"
#include "proc/elf.h"
#include "proc/vm.h"

#define ARGS_MAX 64 /* argv entries */

int loader_load(struct vm *vm, const struct boot_program *prog, uintptr_t *entry)
{
	struct elf_image img;

	if (elf_parse(prog->data, prog->size, BATON_IMAGE_BASE, BATON_IMAGE_END, &img))
		return BATON_ERR_BADIMAGE;
	for (unsigned i = 0; i < img.count; i++) {
		const struct elf_segment *s = &img.seg[i];
		uintptr_t start = page_down(s->vaddr), end = page_up(s->vaddr + s->memsz);
		int err = vm_map_fresh(vm, start, end - start, s->perm | PERM_USER, false);
		if (!err)
			err = user_poke(vm, s->vaddr, prog->data + s->offset, s->filesz);
		if (err)
			return err; /* the caller destroys the whole space */
	}
	arch_sync_icache(); /* the pages may have held other code before */
	vm->heap_base = vm->heap_break = page_up(img.end);
	*entry = img.entry;
	return BATON_OK;
}

/* Counts the strings of an args block (the caller checked it ends in NUL). */
static uint64_t count_strings(const char *args, uint64_t len)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < len; i++)
		n += args[i] == '\0';
	return n;
}

int loader_setup_stack(struct vm *vm, const char *name, const char *args, uint64_t args_len,
		       uintptr_t *sp, uint64_t *argc, uintptr_t *argv)
{
	uint64_t name_len = strlen(name) + 1, n = 1 + count_strings(args, args_len);
	uintptr_t strings = BATON_STACK_TOP - page_up(name_len + args_len);
	uintptr_t vec[ARGS_MAX + 1];

	if (n > ARGS_MAX)
		return BATON_ERR_RANGE;
	int err = vm_map_fresh(vm, BATON_STACK_TOP - BATON_STACK_SIZE, BATON_STACK_SIZE,
			       PERM_R | PERM_W | PERM_USER, false);
	if (err)
		return err;
	vec[0] = strings;
	for (uint64_t i = 0, k = 1; i < args_len; i++) {
		if (i == 0 || args[i - 1] == '\0')
			vec[k++] = strings + name_len + i;
	}
	vec[n] = 0;
	uintptr_t vec_at = (strings - (n + 1) * sizeof(uintptr_t)) & ~15ul;
	if ((err = user_write(vm, strings, name, name_len)) ||
	    (err = user_write(vm, strings + name_len, args, args_len)) ||
	    (err = user_write(vm, vec_at, vec, (n + 1) * sizeof(uintptr_t))))
		return err;
	*sp = vec_at;
	*argc = n;
	*argv = vec_at;
	return BATON_OK;
}
