/* elf.c — ELF64 header and program-header checks, by the numbers in the System V ABI. */
#include "proc/elf.h"

#include "arch/arch.h"
#include "lib/string.h"
#include "mm/layout.h"

/* ELF64 layout: System V gABI, "ELF Header" and "Program Header"; RISC-V psABI for e_machine and
 * e_flags. */
enum {
	EH_SIZE = 64,
	PH_SIZE = 56,
	ET_EXEC = 2,
	EM_RISCV = 243,
	EF_RISCV_FLOAT_ABI = 0x6,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PF_X = 1,
	PF_W = 2,
	PF_R = 4,
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

const char *elf_strerror(int err)
{
	static const char *const names[] = {
		"ok",
		"truncated",
		"not an ELF file",
		"not a 64-bit little-endian RISC-V executable",
		"needs floating-point registers",
		"malformed program headers",
		"segment sizes or offsets out of the file",
		"segment outside the program area",
		"segments overlap",
		"segment both writable and executable",
		"entry point not in an executable segment",
		"needs a dynamic linker",
		"too many segments",
		"nothing to load",
	};

	return err <= 0 && -err < (int)(sizeof(names) / sizeof(names[0])) ? names[-err] : "?";
}

static int check_header(const uint8_t *f, size_t size)
{
	static const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* LE */, 1};

	if (size < EH_SIZE)
		return size >= 4 && memcmp(f, ident, 4) == 0 ? ELF_ERR_TRUNCATED : ELF_ERR_NOT_ELF;
	if (memcmp(f, ident, 4) != 0)
		return ELF_ERR_NOT_ELF;
	if (memcmp(f, ident, sizeof(ident)) != 0 || le16(f + 16) != ET_EXEC ||
	    le16(f + 18) != EM_RISCV || le32(f + 20) != 1)
		return ELF_ERR_WRONG_KIND;
	if (le32(f + 48) & EF_RISCV_FLOAT_ABI)
		return ELF_ERR_FLOAT_ABI;
	return 0;
}

static int add_segment(const uint8_t *ph, size_t size, uint64_t lo, uint64_t hi,
		       struct elf_image *img)
{
	uint32_t flags = le32(ph + 4);
	struct elf_segment s = {
		.offset = le64(ph + 8),
		.vaddr = le64(ph + 16),
		.filesz = le64(ph + 32),
		.memsz = le64(ph + 40),
	};

	if (s.memsz == 0)
		return 0; /* nothing to map */
	if (s.filesz > s.memsz || s.offset > size || s.filesz > size - s.offset)
		return ELF_ERR_SEGMENT;
	if (s.vaddr < lo || s.vaddr >= hi || s.memsz > hi - s.vaddr)
		return ELF_ERR_OUTSIDE;
	if ((flags & PF_W) && (flags & PF_X))
		return ELF_ERR_WX;
	if (!(flags & (PF_R | PF_W | PF_X)))
		return ELF_ERR_SEGMENT;
	if (img->count == ELF_MAX_SEGMENTS)
		return ELF_ERR_TOO_MANY;
	s.perm = (flags & (PF_R | PF_W) ? PERM_R : 0) | (flags & PF_W ? PERM_W : 0) |
		 (flags & PF_X ? PERM_X : 0);
	img->seg[img->count++] = s;
	return 0;
}

/* Each page gets one permission, so no two segments may touch the same page. */
static int check_overlap(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->count; i++) {
		for (unsigned j = i + 1; j < img->count; j++) {
			const struct elf_segment *a = &img->seg[i], *b = &img->seg[j];
			uint64_t a0 = page_down(a->vaddr), a1 = a->vaddr + a->memsz;
			uint64_t b0 = page_down(b->vaddr), b1 = b->vaddr + b->memsz;
			if (a0 < b1 && b0 < a1)
				return ELF_ERR_OVERLAP;
		}
	}
	return 0;
}

static int check_entry(struct elf_image *img)
{
	for (unsigned i = 0; i < img->count; i++) {
		const struct elf_segment *s = &img->seg[i];
		if ((s->perm & PERM_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			return 0;
	}
	return ELF_ERR_ENTRY;
}

int elf_parse(const void *file, size_t size, uint64_t lo, uint64_t hi, struct elf_image *out)
{
	const uint8_t *f = file;
	int err = check_header(f, size);

	memset(out, 0, sizeof(*out));
	if (err)
		return err;
	uint64_t phoff = le64(f + 32);
	uint16_t phentsize = le16(f + 54), phnum = le16(f + 56);
	if (phentsize != PH_SIZE || phnum == 0 || phoff > size ||
	    (uint64_t)phnum * PH_SIZE > size - phoff)
		return ELF_ERR_PHDRS;

	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + (uint64_t)i * PH_SIZE;
		uint32_t type = le32(ph);
		if (type == PT_INTERP || type == PT_DYNAMIC)
			return ELF_ERR_DYNAMIC;
		if (type == PT_LOAD && (err = add_segment(ph, size, lo, hi, out)))
			return err;
	}
	if (out->count == 0)
		return ELF_ERR_EMPTY;
	if ((err = check_overlap(out)))
		return err;
	out->entry = le64(f + 24);
	for (unsigned i = 0; i < out->count; i++) {
		if (out->seg[i].vaddr + out->seg[i].memsz > out->end)
			out->end = out->seg[i].vaddr + out->seg[i].memsz;
	}
	return check_entry(out);
}
