/* bootimage.h — the user programs linked into the kernel image at build time. */
#ifndef BATON_PROC_BOOTIMAGE_H
#define BATON_PROC_BOOTIMAGE_H

#include <stdint.h>

/*
 * cmake/gen-bootimage.cmake writes a table of (name, ELF bytes, size) and
 * .incbin's each program into .rodata; see docs/processes.md.
 */
struct boot_program {
	const char *name;
	const uint8_t *data;
	uint64_t size;
};

const struct boot_program *bootimage_find(const char *name, uint64_t len);
uint64_t bootimage_count(void);

#endif
