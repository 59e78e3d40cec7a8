/* entropy.h — the kernel's random numbers (server ids): a ChaCha20 generator, seeded at boot. */
#ifndef BATON_PLATFORM_ENTROPY_H
#define BATON_PLATFORM_ENTROPY_H

#include <stddef.h>

#include "platform/machine.h"

/*
 * Seeds from the device tree's /chosen/rng-seed (QEMU and U-Boot with a
 * hardware RNG provide one) and from counter values.  Without an rng-seed
 * only the counters' jitter goes in, which is weak: the banner says so.
 */
void entropy_init(const struct machine *m);
/* Output, after mixing in the counters once more. */
void random_bytes(void *out, size_t len);
/* Whether the device tree gave a seed (16 bytes or more). */
bool entropy_has_seed(void);

#endif
