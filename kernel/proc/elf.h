/* elf.h — checks a program's ELF file and describes the segments to load; never trusts a field. */
#ifndef BATON_PROC_ELF_H
#define BATON_PROC_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 8

enum elf_error {
	ELF_ERR_TRUNCATED = -1,	 /* shorter than its headers say */
	ELF_ERR_NOT_ELF = -2,	 /* no ELF magic */
	ELF_ERR_WRONG_KIND = -3, /* not a 64-bit little-endian RISC-V executable */
	ELF_ERR_FLOAT_ABI = -4,	 /* needs floating-point registers the kernel does not switch */
	ELF_ERR_PHDRS = -5,	 /* program headers malformed or out of the file */
	ELF_ERR_SEGMENT = -6,	 /* a segment's sizes or offsets overflow or leave the file */
	ELF_ERR_OUTSIDE = -7,	 /* a segment outside [lo, hi) */
	ELF_ERR_OVERLAP = -8,	 /* two segments share a page */
	ELF_ERR_WX = -9,	 /* a segment both writable and executable */
	ELF_ERR_ENTRY = -10,	 /* the entry point is not in an executable segment */
	ELF_ERR_DYNAMIC = -11,	 /* needs a dynamic linker */
	ELF_ERR_TOO_MANY = -12,	 /* more than ELF_MAX_SEGMENTS loadable segments */
	ELF_ERR_EMPTY = -13,	 /* nothing to load */
};

struct elf_segment {
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t offset;
	uint64_t filesz;
	unsigned perm; /* PERM_R / PERM_W / PERM_X from arch.h */
};

struct elf_image {
	uint64_t entry;
	uint64_t end; /* first byte after the highest segment */
	unsigned count;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/* Checks `file` (size bytes) completely; every segment must fit in [lo, hi). */
int elf_parse(const void *file, size_t size, uint64_t lo, uint64_t hi, struct elf_image *out);
const char *elf_strerror(int err);

#endif
