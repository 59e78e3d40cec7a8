/* bootimage.c — looks programs up by name in the table the build linked in. */
#include "proc/bootimage.h"

#include <stddef.h>

#include "lib/string.h"

extern const uint64_t bootimage_entries;
extern const struct boot_program bootimage_table[];

uint64_t bootimage_count(void)
{
	return bootimage_entries;
}

const struct boot_program *bootimage_find(const char *name, uint64_t len)
{
	for (uint64_t i = 0; i < bootimage_entries; i++) {
		const struct boot_program *p = &bootimage_table[i];
		if (strlen(p->name) == len && memcmp(p->name, name, len) == 0)
			return p;
	}
	return NULL;
}
