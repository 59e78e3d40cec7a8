/* test_elf.c — elf_parse() against built-up ELF files, each malformation, and random byte flips. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "check.h"
#include "proc/elf.h"
#include "rng.h"

#define LO     0x10000ull
#define HI     0x40000000ull
#define EH     64
#define PH     56
#define FILESZ 0x3000

/* Writes little-endian fields, as the ELF file holds them. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

struct seg {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

/* A RISC-V ET_EXEC with the given program headers right after the ELF header. */
static uint8_t *build(const struct seg *segs, unsigned n, uint64_t entry, size_t *size)
{
	uint8_t *f = calloc(1, FILESZ);

	memcpy(f,
	       "\x7f"
	       "ELF\x02\x01\x01",
	       7);
	put16(f + 16, 2);   /* ET_EXEC */
	put16(f + 18, 243); /* EM_RISCV */
	put32(f + 20, 1);
	put64(f + 24, entry);
	put64(f + 32, EH);
	put32(f + 48, 0x1); /* RVC, soft float */
	put16(f + 52, EH);
	put16(f + 54, PH);
	put16(f + 56, (uint16_t)n);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *ph = f + EH + i * PH;
		put32(ph, segs[i].type);
		put32(ph + 4, segs[i].flags);
		put64(ph + 8, segs[i].offset);
		put64(ph + 16, segs[i].vaddr);
		put64(ph + 32, segs[i].filesz);
		put64(ph + 40, segs[i].memsz);
	}
	*size = FILESZ;
	return f;
}

/* text R+X at 0x10000, rodata R at 0x11000, data R+W at 0x12000 with bss. */
static const struct seg good[] = {
	{1, 5, 0x1000, 0x10000, 0x800, 0x800},
	{1, 4, 0x1800, 0x11000, 0x400, 0x400},
	{1, 6, 0x2000, 0x12000, 0x100, 0x3000},
	{0x7, 4, 0x2000, 0x12000, 0x10, 0x20}, /* PT_TLS: ignored */
};

static int parse_segs(const struct seg *segs, unsigned n, uint64_t entry)
{
	size_t size;
	struct elf_image img;
	uint8_t *f = build(segs, n, entry, &size);
	int err = elf_parse(f, size, LO, HI, &img);

	free(f);
	return err;
}

static void test_good_program(void)
{
	size_t size;
	struct elf_image img;
	uint8_t *f = build(good, 4, 0x10010, &size);

	CHECK_EQ(elf_parse(f, size, LO, HI, &img), 0);
	CHECK_EQ(img.count, 3);
	CHECK_EQ(img.entry, 0x10010);
	CHECK_EQ(img.end, 0x15000);
	CHECK_EQ(img.seg[0].perm, PERM_R | PERM_X);
	CHECK_EQ(img.seg[1].perm, PERM_R);
	CHECK_EQ(img.seg[2].perm, PERM_R | PERM_W);
	CHECK_EQ(img.seg[2].filesz, 0x100);
	CHECK_EQ(img.seg[2].memsz, 0x3000);
	free(f);
}

/* Every length short of the headers is refused without reading past it. */
static void test_truncated(void)
{
	size_t size;
	uint8_t *f = build(good, 4, 0x10010, &size);
	struct elf_image img;

	for (size_t len = 0; len < EH + 4 * PH; len++) {
		uint8_t *cut = malloc(len ? len : 1);
		memcpy(cut, f, len);
		int err = elf_parse(cut, len, LO, HI, &img);
		CHECK(err == ELF_ERR_TRUNCATED || err == ELF_ERR_NOT_ELF || err == ELF_ERR_PHDRS);
		free(cut);
	}
	/* Segment bytes beyond the end of the file. */
	CHECK_EQ(elf_parse(f, 0x2080, LO, HI, &img), ELF_ERR_SEGMENT);
	free(f);
}

static int with_header(unsigned off, unsigned width, uint64_t value)
{
	size_t size;
	struct elf_image img;
	uint8_t *f = build(good, 4, 0x10010, &size);

	if (width == 1)
		f[off] = (uint8_t)value;
	else if (width == 2)
		put16(f + off, (uint16_t)value);
	else if (width == 4)
		put32(f + off, (uint32_t)value);
	else
		put64(f + off, value);
	int err = elf_parse(f, size, LO, HI, &img);
	free(f);
	return err;
}

static void test_bad_headers(void)
{
	CHECK_EQ(with_header(0, 1, 0x7e), ELF_ERR_NOT_ELF);
	CHECK_EQ(with_header(4, 1, 1), ELF_ERR_WRONG_KIND);   /* 32-bit */
	CHECK_EQ(with_header(5, 1, 2), ELF_ERR_WRONG_KIND);   /* big-endian */
	CHECK_EQ(with_header(16, 2, 3), ELF_ERR_WRONG_KIND);  /* ET_DYN */
	CHECK_EQ(with_header(18, 2, 62), ELF_ERR_WRONG_KIND); /* x86-64 */
	CHECK_EQ(with_header(48, 4, 0x5), ELF_ERR_FLOAT_ABI); /* double-float ABI */
	CHECK_EQ(with_header(48, 4, 0x3), ELF_ERR_FLOAT_ABI); /* single-float ABI */
	CHECK_EQ(with_header(54, 2, 32), ELF_ERR_PHDRS);      /* phentsize */
	CHECK_EQ(with_header(56, 2, 0), ELF_ERR_PHDRS);	      /* no program headers */
	CHECK_EQ(with_header(56, 2, 0xffff), ELF_ERR_PHDRS);  /* more than the file holds */
	CHECK_EQ(with_header(32, 8, FILESZ), ELF_ERR_PHDRS);  /* phoff at the end */
	CHECK_EQ(with_header(32, 8, ~0ull - 8), ELF_ERR_PHDRS);
	CHECK_EQ(with_header(32, 8, ~0ull / PH), ELF_ERR_PHDRS);
}

static void test_bad_segments(void)
{
	struct seg s[4];

	memcpy(s, good, sizeof(good));
	s[2].filesz = 0x4000; /* filesz > memsz */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_SEGMENT);

	memcpy(s, good, sizeof(good));
	s[2].offset = ~0ull - 8; /* offset + filesz wraps */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_SEGMENT);

	memcpy(s, good, sizeof(good));
	s[2].memsz = ~0ull; /* vaddr + memsz wraps */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_OUTSIDE);

	memcpy(s, good, sizeof(good));
	s[0].vaddr = 0x1000; /* below the program area: the null page */
	CHECK_EQ(parse_segs(s, 4, 0x1010), ELF_ERR_OUTSIDE);

	memcpy(s, good, sizeof(good));
	s[1].vaddr = 0xffffffff80000000ull; /* the kernel half */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_OUTSIDE);

	memcpy(s, good, sizeof(good));
	s[2].vaddr = HI - 0x1000; /* runs past the end of the area */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_OUTSIDE);

	memcpy(s, good, sizeof(good));
	s[1].vaddr = 0x10400; /* shares a page with the text */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_OVERLAP);

	memcpy(s, good, sizeof(good));
	s[2].vaddr = 0x10000; /* on top of the text */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_OVERLAP);

	memcpy(s, good, sizeof(good));
	s[0].flags = 7; /* R+W+X */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_WX);

	memcpy(s, good, sizeof(good));
	s[2].flags = 0; /* no access at all */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_SEGMENT);
}

static void test_entry_and_kinds(void)
{
	struct seg s[4];

	CHECK_EQ(parse_segs(good, 4, 0x12000), ELF_ERR_ENTRY); /* in data */
	CHECK_EQ(parse_segs(good, 4, 0x10800), ELF_ERR_ENTRY); /* just past the text */
	CHECK_EQ(parse_segs(good, 4, 0), ELF_ERR_ENTRY);
	memcpy(s, good, sizeof(good));
	s[3].type = 3; /* PT_INTERP */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_DYNAMIC);
	s[3].type = 2; /* PT_DYNAMIC */
	CHECK_EQ(parse_segs(s, 4, 0x10010), ELF_ERR_DYNAMIC);
	CHECK_EQ(parse_segs(good + 3, 1, 0x10010), ELF_ERR_EMPTY); /* only PT_TLS */

	struct seg many[ELF_MAX_SEGMENTS + 1];
	for (unsigned i = 0; i <= ELF_MAX_SEGMENTS; i++)
		many[i] = (struct seg){1, 5, 0x1000, 0x10000 + i * 0x1000, 0x10, 0x10};
	CHECK_EQ(parse_segs(many, ELF_MAX_SEGMENTS, 0x10000), 0);
	CHECK_EQ(parse_segs(many, ELF_MAX_SEGMENTS + 1, 0x10000), ELF_ERR_TOO_MANY);
	CHECK(elf_strerror(ELF_ERR_WX)[0] != '?' && elf_strerror(-99)[0] == '?');
}

/* Random bytes flipped anywhere: the result is an error or a description that obeys every rule. */
static void test_random_flips(void)
{
	size_t size;
	uint8_t *orig = build(good, 4, 0x10010, &size);
	uint8_t *f = malloc(size);

	rng_seed(0x5eed);
	for (int iter = 0; iter < 20000; iter++) {
		struct elf_image img;
		memcpy(f, orig, size);
		for (int k = 0, n = 1 + (int)rng_below(8); k < n; k++)
			f[rng_below(EH + 4 * PH)] ^= (uint8_t)(1 + rng_below(255));
		if (elf_parse(f, size, LO, HI, &img))
			continue;
		for (unsigned i = 0; i < img.count; i++) {
			const struct elf_segment *s = &img.seg[i];
			CHECK(s->vaddr >= LO && s->vaddr + s->memsz <= HI && s->filesz <= s->memsz);
			CHECK(s->offset + s->filesz <= size);
			CHECK(!((s->perm & PERM_W) && (s->perm & PERM_X)));
		}
	}
	free(f);
	free(orig);
}

int main(void)
{
	RUN(test_good_program);
	RUN(test_truncated);
	RUN(test_bad_headers);
	RUN(test_bad_segments);
	RUN(test_entry_and_kinds);
	RUN(test_random_flips);
	return check_summary();
}
