/*
 * fuzz_elf.c — libFuzzer target over elf_parse() with the kernel's own program area.  A crash or a
 * sanitizer report is a failure, and so is an accepted file whose description breaks a promise of
 * elf.h / elf.c: each broken promise is named on stderr before abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch/arch.h"
#include "baton/layout.h"
#include "proc/elf.h"

#define LO BATON_IMAGE_BASE
#define HI BATON_IMAGE_END

#define FUZZ_NAME "fuzz_elf"
#include "fuzz.h"

/* Little-endian reads of the file, done here and not with elf.c's helpers. */
static uint64_t le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static uint64_t page_of(uint64_t addr)
{
	return addr & ~(BATON_PAGE_SIZE - 1);
}

/* Segment i lies in [LO, HI) without wrapping, and its file bytes are in the file. */
static void check_bounds(const struct elf_segment *s, unsigned i, size_t size)
{
	PROMISE(s->memsz > 0, "segment %u maps nothing", i);
	PROMISE(s->vaddr >= LO && s->vaddr < HI && s->memsz <= HI - s->vaddr,
		"segment %u [0x%llx, +0x%llx) leaves [0x%llx, 0x%llx)", i,
		(unsigned long long)s->vaddr, (unsigned long long)s->memsz, (unsigned long long)LO,
		(unsigned long long)HI);
	PROMISE(s->filesz <= s->memsz, "segment %u: filesz 0x%llx > memsz 0x%llx", i,
		(unsigned long long)s->filesz, (unsigned long long)s->memsz);
	PROMISE(s->offset <= size && s->filesz <= size - s->offset,
		"segment %u: file bytes [0x%llx, +0x%llx) past the end 0x%zx", i,
		(unsigned long long)s->offset, (unsigned long long)s->filesz, size);
}

/* One permission per page: read, execute or read-write, never write-execute or write-only. */
static void check_perm(const struct elf_segment *s, unsigned i)
{
	PROMISE(s->perm != 0 && (s->perm & ~(unsigned)(PERM_R | PERM_W | PERM_X)) == 0,
		"segment %u: perm 0x%x", i, s->perm);
	PROMISE(!((s->perm & PERM_W) && (s->perm & PERM_X)), "segment %u is W+X", i);
	PROMISE(!(s->perm & PERM_W) || (s->perm & PERM_R), "segment %u is write-only", i);
}

/* A static little-endian ELF64 RISC-V executable for the soft-float ABI. */
static void check_header(const uint8_t *f, size_t size)
{
	PROMISE(size >= 64, "accepted %zu bytes", size);
	PROMISE(le(f, 4) == 0x464c457f && f[4] == 2 && f[5] == 1 && f[6] == 1,
		"accepted ident %02x %02x %02x %02x %02x %02x %02x", f[0], f[1], f[2], f[3], f[4],
		f[5], f[6]);
	PROMISE(le(f + 16, 2) == 2 && le(f + 18, 2) == 243 && le(f + 20, 4) == 1,
		"accepted type %u machine %u version %u", (unsigned)le(f + 16, 2),
		(unsigned)le(f + 18, 2), (unsigned)le(f + 20, 4));
	PROMISE((le(f + 48, 4) & 0x6) == 0, "accepted flags 0x%x", (unsigned)le(f + 48, 4));
}

/* The segments are the file's PT_LOAD headers with a non-zero memsz, in file order. */
static void check_against_file(const uint8_t *f, size_t size, const struct elf_image *img)
{
	uint64_t phoff = le(f + 32, 8);
	unsigned phnum = (unsigned)le(f + 56, 2), found = 0;

	PROMISE(le(f + 54, 2) == 56, "accepted a program-header size of %u",
		(unsigned)le(f + 54, 2));
	PROMISE(phnum > 0 && phoff <= size && 56ull * phnum <= size - phoff,
		"accepted %u program headers at 0x%llx in 0x%zx bytes", phnum,
		(unsigned long long)phoff, size);
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + 56ull * i;
		uint64_t type = le(ph, 4);
		PROMISE(type != 2 && type != 3, "accepted PT_DYNAMIC or PT_INTERP (header %u)", i);
		if (type != 1 /* PT_LOAD */ || le(ph + 40, 8) == 0)
			continue;
		PROMISE(found < img->count, "PT_LOAD header %u left out", i);
		const struct elf_segment *s = &img->seg[found++];
		PROMISE(s->offset == le(ph + 8, 8) && s->vaddr == le(ph + 16, 8) &&
				s->filesz == le(ph + 32, 8) && s->memsz == le(ph + 40, 8),
			"segment %u differs from PT_LOAD header %u", found - 1, i);
	}
	PROMISE(found == img->count, "%u segments from %u PT_LOAD headers", img->count, found);
	PROMISE(img->entry == le(f + 24, 8), "entry 0x%llx, the file says 0x%llx",
		(unsigned long long)img->entry, (unsigned long long)le(f + 24, 8));
}

static void check_image(const uint8_t *f, size_t size, const struct elf_image *img)
{
	uint64_t end = 0;
	int entry_in_x = 0;

	PROMISE(img->count >= 1 && img->count <= ELF_MAX_SEGMENTS, "count %u", img->count);
	check_header(f, size);
	check_against_file(f, size, img);
	for (unsigned i = 0; i < img->count; i++) {
		const struct elf_segment *s = &img->seg[i];
		check_bounds(s, i, size);
		check_perm(s, i);
		uint64_t top = s->vaddr + s->memsz; /* no wrap: checked above */
		if (top > end)
			end = top;
		if ((s->perm & PERM_X) && img->entry >= s->vaddr && img->entry < top)
			entry_in_x = 1;
		/* Pages [first, last] of each pair of segments must not meet. */
		for (unsigned j = 0; j < i; j++) {
			const struct elf_segment *t = &img->seg[j];
			uint64_t s0 = page_of(s->vaddr), s1 = page_of(top - 1);
			uint64_t t0 = page_of(t->vaddr), t1 = page_of(t->vaddr + t->memsz - 1);
			PROMISE(s1 < t0 || t1 < s0, "segments %u and %u share page 0x%llx", j, i,
				(unsigned long long)(s0 > t0 ? s0 : t0));
		}
	}
	PROMISE(entry_in_x, "entry 0x%llx is in no executable segment",
		(unsigned long long)img->entry);
	PROMISE(img->end == end, "end 0x%llx, highest segment ends at 0x%llx",
		(unsigned long long)img->end, (unsigned long long)end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	int err = elf_parse(data, size, LO, HI, &img);

	if (err == 0)
		check_image(data, size, &img);
	else
		PROMISE(err >= ELF_ERR_EMPTY && err < 0 && elf_strerror(err)[0] != '?',
			"unknown error %d", err);
	return 0;
}
