/* loader.h — puts a program from the boot image into a fresh address space. */
#ifndef BATON_PROC_LOADER_H
#define BATON_PROC_LOADER_H

#include <stdint.h>

struct vm;
struct boot_program;

/* Maps and fills the program's segments; sets the heap to start after them. */
int loader_load(struct vm *vm, const struct boot_program *prog, uintptr_t *entry);
/*
 * Maps the main thread's stack and writes argv on it: argv[0] = name, then
 * the strings of `args`.  Returns the initial sp, argc and argv.
 */
int loader_setup_stack(struct vm *vm, const char *name, const char *args, uint64_t args_len,
		       uintptr_t *sp, uint64_t *argc, uintptr_t *argv);

#endif
