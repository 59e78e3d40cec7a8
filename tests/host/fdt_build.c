/* fdt_build.c — a device-tree writer for tests: no checks, so broken trees come out as easily. */
#include "fdt_build.h"

#include <stdlib.h>
#include <string.h>

#define FB_MAGIC     0xd00dfeedu
#define FB_HDR_BYTES 40u

static void *grow(void *p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return p;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 256;
	p = realloc(p, *cap);
	if (!p)
		abort();
	return p;
}

void fb_init(struct fb *b)
{
	memset(b, 0, sizeof(*b));
}

void fb_free(struct fb *b)
{
	free(b->st);
	free(b->str);
	free(b->blob);
	memset(b, 0, sizeof(*b));
}

void be32_put(void *p, uint32_t v)
{
	uint8_t *o = p;

	o[0] = (uint8_t)(v >> 24);
	o[1] = (uint8_t)(v >> 16);
	o[2] = (uint8_t)(v >> 8);
	o[3] = (uint8_t)v;
}

uint32_t be32_get(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

void hdr_set(uint8_t *blob, unsigned field, uint32_t v)
{
	be32_put(blob + 4 * field, v);
}

uint32_t hdr_get(const uint8_t *blob, unsigned field)
{
	return be32_get(blob + 4 * field);
}

uint8_t *dup_exact(const void *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (!p)
		abort();
	memcpy(p, src, len);
	return p;
}

void fb_raw(struct fb *b, const void *data, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	b->st = grow(b->st, &b->st_cap, b->st_len + padded);
	memcpy(b->st + b->st_len, data, len);
	memset(b->st + b->st_len + len, 0, padded - len);
	b->st_len += padded;
}

void fb_token(struct fb *b, uint32_t tok)
{
	uint8_t w[4];

	be32_put(w, tok);
	fb_raw(b, w, 4);
}

void fb_begin(struct fb *b, const char *name)
{
	fb_token(b, FB_BEGIN_NODE);
	fb_raw(b, name, strlen(name) + 1);
}

void fb_end(struct fb *b)
{
	fb_token(b, FB_END_NODE);
}

/* Offset of `name` in the strings block, adding it the first time. */
static uint32_t string_offset(struct fb *b, const char *name)
{
	size_t len = strlen(name) + 1;

	for (size_t off = 0; off < b->str_len; off += strlen(b->str + off) + 1) {
		if (strcmp(b->str + off, name) == 0)
			return (uint32_t)off;
	}
	b->str = grow(b->str, &b->str_cap, b->str_len + len);
	memcpy(b->str + b->str_len, name, len);
	b->str_len += len;
	return (uint32_t)(b->str_len - len);
}

size_t fb_prop(struct fb *b, const char *name, const void *val, uint32_t len)
{
	size_t at = b->st_len;
	uint8_t hdr[8];

	fb_token(b, FB_PROP);
	be32_put(hdr, len);
	be32_put(hdr + 4, string_offset(b, name));
	fb_raw(b, hdr, 8);
	if (len)
		fb_raw(b, val, len);
	return at;
}

void fb_prop_empty(struct fb *b, const char *name)
{
	fb_prop(b, name, NULL, 0);
}

void fb_prop_u32(struct fb *b, const char *name, uint32_t v)
{
	fb_prop_cells(b, name, 1, &v);
}

void fb_prop_str(struct fb *b, const char *name, const char *s)
{
	fb_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

void fb_prop_strs(struct fb *b, const char *name, const char *s, size_t len)
{
	fb_prop(b, name, s, (uint32_t)len);
}

void fb_prop_cells(struct fb *b, const char *name, unsigned n, const uint32_t *cells)
{
	uint8_t *buf = malloc(4 * (size_t)n + 1);

	if (!buf)
		abort();
	for (unsigned i = 0; i < n; i++)
		be32_put(buf + 4 * i, cells[i]);
	fb_prop(b, name, buf, 4 * n);
	free(buf);
}

void fb_reserve(struct fb *b, uint64_t base, uint64_t size)
{
	if (b->nrsv == FB_MAX_RSV)
		abort();
	b->rsv[b->nrsv][0] = base;
	b->rsv[b->nrsv][1] = size;
	b->nrsv++;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	be32_put(p, (uint32_t)(v >> 32));
	be32_put(p + 4, (uint32_t)v);
}

uint8_t *fb_layout(struct fb *b, size_t *len)
{
	uint32_t rsv_off = FB_HDR_BYTES;
	uint32_t st_off = rsv_off + 16 * (b->nrsv + 1);
	uint32_t str_off = st_off + (uint32_t)b->st_len;
	uint32_t total = str_off + (uint32_t)b->str_len;

	free(b->blob);
	b->blob = calloc(1, total);
	if (!b->blob)
		abort();
	hdr_set(b->blob, FB_HDR_MAGIC, FB_MAGIC);
	hdr_set(b->blob, FB_HDR_TOTALSIZE, total);
	hdr_set(b->blob, FB_HDR_OFF_STRUCT, st_off);
	hdr_set(b->blob, FB_HDR_OFF_STRINGS, str_off);
	hdr_set(b->blob, FB_HDR_OFF_RSVMAP, rsv_off);
	hdr_set(b->blob, FB_HDR_VERSION, 17);
	hdr_set(b->blob, FB_HDR_LAST_COMP, 16);
	hdr_set(b->blob, FB_HDR_SIZE_STRINGS, (uint32_t)b->str_len);
	hdr_set(b->blob, FB_HDR_SIZE_STRUCT, (uint32_t)b->st_len);
	for (unsigned i = 0; i < b->nrsv; i++) {
		put_be64(b->blob + rsv_off + 16 * i, b->rsv[i][0]);
		put_be64(b->blob + rsv_off + 16 * i + 8, b->rsv[i][1]);
	}
	if (b->st_len)
		memcpy(b->blob + st_off, b->st, b->st_len);
	if (b->str_len)
		memcpy(b->blob + str_off, b->str, b->str_len);
	*len = total;
	return b->blob;
}

uint8_t *fb_finish(struct fb *b, size_t *len)
{
	fb_token(b, FB_END);
	return fb_layout(b, len);
}
