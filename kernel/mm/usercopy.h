/* usercopy.h — the only way the kernel reads or writes user memory: checked against the page table.
 */
#ifndef BATON_MM_USERCOPY_H
#define BATON_MM_USERCOPY_H

#include <stddef.h>
#include <stdint.h>

struct vm;

/*
 * Every user pointer a system call receives goes through here.  A range is
 * good when it lies in the user half and every page of it is mapped for
 * user mode with the access asked for (PERM_R or PERM_W) and is RAM.  The
 * bytes are then reached through the kernel's direct map, so the kernel
 * never runs with SUM set and never takes a fault on a user address.
 * Results: BATON_OK or BATON_ERR_FAULT; on error nothing was written.
 */
int user_check(struct vm *vm, uintptr_t addr, size_t len, unsigned perm);
int user_read(struct vm *vm, void *dst, uintptr_t src, size_t len);
int user_write(struct vm *vm, uintptr_t dst, const void *src, size_t len);
/* For the loader: writes into the process's pages whatever their user permissions. */
int user_poke(struct vm *vm, uintptr_t dst, const void *src, size_t len);

#endif
