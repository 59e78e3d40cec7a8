/*
 * test_image.c — the kernel image's RISC-V Image header, field by field,
 * against Linux Documentation/arch/riscv/boot-image-header.rst (what U-Boot's
 * booti checks).  Usage: host_image BATON_BIN
 */
#include <stdint.h>
#include <string.h>

#include "check.h"

static uint8_t head[64];
static long file_size;

static uint32_t u32(unsigned off)
{
	return (uint32_t)head[off] | (uint32_t)head[off + 1] << 8 | (uint32_t)head[off + 2] << 16 |
	       (uint32_t)head[off + 3] << 24;
}

static uint64_t u64(unsigned off)
{
	return u32(off) | (uint64_t)u32(off + 4) << 32;
}

/* code0: a 4-byte jal x0 (j) forward, inside the image: execution starts at offset 0. */
static void test_code0_is_a_jump(void)
{
	uint32_t insn = u32(0x00);
	int32_t imm = (int32_t)(((insn >> 31) & 1) << 20 | ((insn >> 12) & 0xff) << 12 |
				((insn >> 20) & 1) << 11 | ((insn >> 21) & 0x3ff) << 1);

	imm = imm << 11 >> 11;		     /* sign-extend the 21-bit offset */
	CHECK_EQ(insn & 0x7f, 0x6f);	     /* JAL */
	CHECK_EQ((insn >> 7) & 0x1f, 0);     /* rd = x0: a plain jump */
	CHECK(imm >= 64 && imm < file_size); /* past the header, inside the file */
	CHECK_EQ(u32(0x04), 0);		     /* code1 */
}

static void test_offsets_and_size(void)
{
	CHECK_EQ(u64(0x08), 0x200000);		 /* text_offset: RAM base + 2 MiB on rv64 */
	CHECK(u64(0x10) >= (uint64_t)file_size); /* image_size covers .bss too */
	CHECK(u64(0x10) != 0);			 /* U-Boot: "Image lacks image_size field" */
	CHECK_EQ(u64(0x10) % 4096, 0);
	CHECK_EQ(u64(0x18), 0); /* flags: bit 0 clear, little-endian; the rest reserved */
}

static void test_version_and_magic(void)
{
	CHECK_EQ(u32(0x20), 0x00000002);		   /* version 0.2: major << 16 | minor */
	CHECK_EQ(u32(0x24), 0);				   /* res1 */
	CHECK_EQ(u64(0x28), 0);				   /* res2 */
	CHECK(memcmp(&head[0x30], "RISCV\0\0\0", 8) == 0); /* magic (deprecated) */
	CHECK_EQ(u32(0x38), 0x05435352);		   /* magic2 "RSC\x05": booti checks it */
	CHECK_EQ(u32(0x3c), 0);				   /* res3: no PE/COFF header */
}

int main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;

	if (!f || fread(head, 1, sizeof(head), f) != sizeof(head)) {
		fprintf(stderr,
			"usage: host_image BATON_BIN (a readable image of 64 bytes or more)\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	file_size = ftell(f);
	fclose(f);
	RUN(test_code0_is_a_jump);
	RUN(test_offsets_and_size);
	RUN(test_version_and_magic);
	return check_summary();
}
