/* symbols.h — the kernel's own symbol table, embedded at build time, for backtraces. */
#ifndef BATON_DEBUG_SYMBOLS_H
#define BATON_DEBUG_SYMBOLS_H

#include <stdint.h>

/*
 * The table is produced by cmake/gen-symtab.sh from a first link of the
 * kernel and linked into the second; see docs/debugging.md.
 */

/* Name of the text symbol holding addr, and addr's offset into it; NULL outside the text. */
const char *symbol_lookup(uintptr_t addr, uintptr_t *offset);
uint64_t symbol_count(void);

#endif
