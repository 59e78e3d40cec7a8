/* fdt_build.h — writes device trees token by token, so tests can make odd or broken ones. */
#ifndef BATON_TESTS_FDT_BUILD_H
#define BATON_TESTS_FDT_BUILD_H

#include <stddef.h>
#include <stdint.h>

/* Structure-block tokens and header fields (Devicetree Specification v0.4, chapter 5). */
enum {
	FB_BEGIN_NODE = 1,
	FB_END_NODE = 2,
	FB_PROP = 3,
	FB_NOP = 4,
	FB_END = 9,
};

enum {
	FB_HDR_MAGIC,
	FB_HDR_TOTALSIZE,
	FB_HDR_OFF_STRUCT,
	FB_HDR_OFF_STRINGS,
	FB_HDR_OFF_RSVMAP,
	FB_HDR_VERSION,
	FB_HDR_LAST_COMP,
	FB_HDR_BOOT_CPU,
	FB_HDR_SIZE_STRINGS,
	FB_HDR_SIZE_STRUCT,
};

#define FB_MAX_RSV 40

struct fb {
	uint8_t *st; /* structure block */
	size_t st_len, st_cap;
	char *str; /* strings block */
	size_t str_len, str_cap;
	uint64_t rsv[FB_MAX_RSV][2];
	unsigned nrsv;
	uint8_t *blob; /* the last laid-out blob, owned here */
};

void fb_init(struct fb *b);
void fb_free(struct fb *b);

void fb_token(struct fb *b, uint32_t tok);
/* Raw bytes in the structure block, padded to 4 bytes. */
void fb_raw(struct fb *b, const void *data, size_t len);
void fb_begin(struct fb *b, const char *name);
void fb_end(struct fb *b);
/* Returns the structure-block offset of the FDT_PROP token. */
size_t fb_prop(struct fb *b, const char *name, const void *val, uint32_t len);
void fb_prop_empty(struct fb *b, const char *name);
void fb_prop_u32(struct fb *b, const char *name, uint32_t v);
void fb_prop_str(struct fb *b, const char *name, const char *s);
/* A stringlist: the strings are given NUL-separated in `s`, `len` bytes with the last NUL. */
void fb_prop_strs(struct fb *b, const char *name, const char *s, size_t len);
void fb_prop_cells(struct fb *b, const char *name, unsigned n, const uint32_t *cells);
void fb_reserve(struct fb *b, uint64_t base, uint64_t size);

#define FB_CELLS(b, name, ...)                                                                     \
	fb_prop_cells(b, name, sizeof((uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t),               \
		      (uint32_t[]){__VA_ARGS__})
#define FB_STRS(b, name, lit) fb_prop_strs(b, name, lit, sizeof(lit))

/* Header, reservations, structure (with FDT_END appended) and strings; valid until the next call.
 */
uint8_t *fb_finish(struct fb *b, size_t *len);
/* The same without appending FDT_END. */
uint8_t *fb_layout(struct fb *b, size_t *len);

void be32_put(void *p, uint32_t v);
uint32_t be32_get(const void *p);
void hdr_set(uint8_t *blob, unsigned field, uint32_t v);
uint32_t hdr_get(const uint8_t *blob, unsigned field);

/* A malloc'd copy of exactly `len` bytes, so that ASan sees any read past the end. */
uint8_t *dup_exact(const void *src, size_t len);

#endif
