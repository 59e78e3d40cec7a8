/* symbols.c — binary search over the sorted text symbols that the build embeds. */
#include "debug/symbols.h"

#include <stddef.h>

#include "mm/kimage.h"

/* Emitted by cmake/gen-symtab.sh (an empty table in the first link). */
extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addr[];
extern const uint32_t ksyms_name_off[];
extern const char ksyms_names[];

uint64_t symbol_count(void)
{
	return ksyms_count;
}

const char *symbol_lookup(uintptr_t addr, uintptr_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (addr < (uintptr_t)_start || addr >= (uintptr_t)_text_end || hi == 0)
		return NULL;
	/* Find the last symbol at or below addr. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (ksyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksyms_addr[lo] > addr)
		return NULL;
	*offset = addr - ksyms_addr[lo];
	return ksyms_names + ksyms_name_off[lo];
}
