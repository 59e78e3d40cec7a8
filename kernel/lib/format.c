/* format.c — a small vsnprintf: enough conversions for logs and register dumps. */
#include "lib/format.h"

#include <stdbool.h>
#include <stdint.h>

#include "lib/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, stored or not */
};

struct spec {
	bool left;
	bool zero;
	int width;
	int precision; /* -1: none */
	int length;    /* 0 int, 1 long, 2 long long, 3 size_t, -1 short, -2 char */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_field(struct out *o, const struct spec *sp, const char *s, size_t n,
		      const char *prefix)
{
	size_t plen = strlen(prefix);
	int fill = sp->width - (int)(n + plen);

	if (!sp->left && !sp->zero)
		pad(o, ' ', fill);
	for (size_t i = 0; i < plen; i++)
		put(o, prefix[i]);
	if (!sp->left && sp->zero)
		pad(o, '0', fill);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', fill);
}

static void put_number(struct out *o, struct spec sp, uint64_t v, bool negative, unsigned base,
		       bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[72]; /* 20 digits, or a precision up to 72 */
	int n = 0;

	while (v || (n == 0 && sp.precision != 0)) { /* C: %.0d prints nothing for 0 */
		tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
		v /= base;
	}
	while (sp.precision > n && n < (int)sizeof(tmp))
		tmp[sizeof(tmp) - 1 - n++] = '0';
	if (sp.precision >= 0)
		sp.zero = false; /* C: a precision overrides the 0 flag */
	put_field(o, &sp, tmp + sizeof(tmp) - n, (size_t)n, negative ? "-" : prefix);
}

static int read_int(const char **fmt, va_list *ap)
{
	int v = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + (*(*fmt)++ - '0');
	return v;
}

static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){.precision = -1};
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else
			break;
	}
	sp->width = read_int(&fmt, ap);
	if (sp->width < 0) {
		sp->left = true;
		sp->width = -sp->width;
	}
	if (*fmt == '.') {
		fmt++;
		sp->precision = read_int(&fmt, ap);
	}
	if (sp->left)
		sp->zero = false;
	for (; *fmt == 'h' && sp->length > -2; fmt++)
		sp->length--; /* passed as int, printed as short or char */
	for (; *fmt == 'l'; fmt++)
		sp->length++;
	if (*fmt == 'z') {
		sp->length = 3;
		fmt++;
	}
	return fmt;
}

static uint64_t unsigned_arg(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

static int64_t signed_arg(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2:
		return (signed char)va_arg(*ap, int);
	case -1:
		return (short)va_arg(*ap, int);
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, long long);
	}
}

static void convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
	switch (c) {
	case 'd':
	case 'i': {
		int64_t v = signed_arg(sp, ap);
		uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
		put_number(o, *sp, mag, v < 0, 10, false, "");
		break;
	}
	case 'u':
		put_number(o, *sp, unsigned_arg(sp, ap), false, 10, false, "");
		break;
	case 'x':
	case 'X':
		put_number(o, *sp, unsigned_arg(sp, ap), false, 16, c == 'X', "");
		break;
	case 'p':
		sp->precision = 16;
		put_number(o, *sp, (uintptr_t)va_arg(*ap, void *), false, 16, false, "0x");
		break;
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		put_field(o, sp, &ch, 1, "");
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		size_t n = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
		sp->zero = false;
		put_field(o, sp, s, n, "");
		break;
	}
	default: /* %% and anything unknown print themselves */
		put(o, c);
		break;
	}
}

int vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (!*fmt)
			break;
		convert(&o, *fmt++, &sp, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
