/* kmem.h — the kernel object allocator: small objects from slab pages, larger ones as page blocks.
 */
#ifndef BATON_MM_KMEM_H
#define BATON_MM_KMEM_H

#include <stddef.h>
#include <stdint.h>

#define KMEM_MAX_SLAB_OBJECT 1024 /* larger requests get whole pages */

enum kmem_error {
	KMEM_ERR_NOT_OURS = -1,	   /* not an address kmem_alloc returned */
	KMEM_ERR_FREE = -2,	   /* the frame allocator refused the block */
	KMEM_ERR_DOUBLE_FREE = -3, /* this object is not live */
};

/* Zeroed memory, 16-byte aligned; NULL when size is 0, too large, or memory is out. */
void *kmem_alloc(size_t size);
int kmem_free(void *p);

struct kmem_stats {
	uint64_t pages;	  /* pages held: slabs plus large blocks */
	uint64_t objects; /* live allocations */
};
void kmem_get_stats(struct kmem_stats *out);

#endif
