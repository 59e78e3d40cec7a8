/* fdt_walk.h — drives every fdt.c accessor over a whole opened tree for the sanitizers. */
#ifndef BATON_TESTS_FDT_WALK_H
#define BATON_TESTS_FDT_WALK_H

#include "lib/fdt.h"

/*
 * Visits every node and asks it for every property name in the strings
 * block, through every accessor; reads every byte each returns.  Returns
 * the number of nodes; *checksum (may be NULL) gets a sum of what was read.
 */
unsigned fdt_walk_all(const struct fdt *fdt, uint64_t *checksum);

/*
 * Hands every offset from 0 to a little past the structure block (step 1 or
 * 4) to the node accessors as if it were a node handle, as a buggy caller
 * might.  Returns how many of them were taken for nodes.
 */
unsigned fdt_poke_handles(const struct fdt *fdt, unsigned step);

#endif
