/* kmem.c — size-class slabs (16..1024 bytes) with the slab header in the page; big blocks from
 * frames. */
#include "mm/kmem.h"

#include <stdbool.h>

#include "lib/failpoint.h"
#include "lib/string.h"
#include "mm/frame.h"

#define SLAB_MAGIC    0x6b6d656du /* "kmem" */
#define SLAB_HEADER   128	  /* objects start here, so they stay 16-byte aligned */
#define SLAB_MAX_OBJS ((4096 - SLAB_HEADER) / 16)
#define CLASS_COUNT   7 /* 16, 32, ..., 1024 */
#define MAX_LARGE_ORD FRAME_MAX_ORDER

struct slab {
	uint32_t magic;
	uint16_t cls;
	uint16_t inuse;
	uint16_t capacity;
	void *free_list;
	struct slab *next; /* in its class's list of slabs with room */
	struct slab *prev;
	uint64_t live[(SLAB_MAX_OBJS + 63) / 64]; /* one bit per object handed out */
};

_Static_assert(sizeof(struct slab) <= SLAB_HEADER, "slab header must fit before the objects");

static struct {
	struct slab *partial[CLASS_COUNT];
	uint64_t pages;
	uint64_t objects;
} km;

static size_t class_size(unsigned cls)
{
	return (size_t)16 << cls;
}

static unsigned class_for(size_t size)
{
	unsigned cls = 0;

	while (class_size(cls) < size)
		cls++;
	return cls;
}

static void list_add(struct slab *s)
{
	s->prev = NULL;
	s->next = km.partial[s->cls];
	if (s->next)
		s->next->prev = s;
	km.partial[s->cls] = s;
}

static void list_del(struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		km.partial[s->cls] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static struct slab *slab_new(unsigned cls)
{
	paddr_t pa;

	if (!frame_alloc(0, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa))
		return NULL;
	frame_of(pa)->flags |= FRAME_SLAB;
	km.pages++;

	struct slab *s = phys_to_virt(pa);
	size_t size = class_size(cls);
	*s = (struct slab){.magic = SLAB_MAGIC, .cls = (uint16_t)cls};
	s->capacity = (uint16_t)((FRAME_SIZE - SLAB_HEADER) / size);
	for (int i = s->capacity - 1; i >= 0; i--) {
		void **obj = (void **)((uint8_t *)s + SLAB_HEADER + (size_t)i * size);
		*obj = s->free_list;
		s->free_list = obj;
	}
	list_add(s);
	return s;
}

static void *slab_alloc(unsigned cls)
{
	struct slab *s = km.partial[cls];

	if (!s && !(s = slab_new(cls)))
		return NULL;
	void **obj = s->free_list;
	size_t i = ((size_t)((uint8_t *)obj - (uint8_t *)s) - SLAB_HEADER) / class_size(cls);
	s->free_list = *obj;
	s->live[i / 64] |= 1ull << (i % 64);
	if (++s->inuse == s->capacity)
		list_del(s);
	memset(obj, 0, class_size(cls));
	return obj;
}

static void *large_alloc(size_t size)
{
	unsigned order = 0;
	paddr_t pa;

	while ((FRAME_SIZE << order) < size) {
		if (++order > MAX_LARGE_ORD)
			return NULL;
	}
	if (!frame_alloc(order, FRAME_KERNEL, FRAME_OWNER_KERNEL, &pa))
		return NULL;
	km.pages += 1ull << order;
	frame_of(pa)->flags |= FRAME_KMEM;
	memset(phys_to_virt(pa), 0, FRAME_SIZE << order);
	return phys_to_virt(pa);
}

void *kmem_alloc(size_t size)
{
	void *p;

	if (size == 0 || failpoint_hit())
		return NULL;
	p = size <= KMEM_MAX_SLAB_OBJECT ? slab_alloc(class_for(size)) : large_alloc(size);
	km.objects += p != NULL;
	return p;
}

static int slab_free(struct slab *s, void *p)
{
	size_t off = (size_t)((uint8_t *)p - (uint8_t *)s);

	if (s->magic != SLAB_MAGIC || s->cls >= CLASS_COUNT || off < SLAB_HEADER ||
	    (off - SLAB_HEADER) % class_size(s->cls) ||
	    (off - SLAB_HEADER) / class_size(s->cls) >= s->capacity || s->inuse == 0)
		return KMEM_ERR_NOT_OURS;
	size_t i = (off - SLAB_HEADER) / class_size(s->cls);
	if (!(s->live[i / 64] & (1ull << (i % 64))))
		return KMEM_ERR_DOUBLE_FREE;
	s->live[i / 64] &= ~(1ull << (i % 64));
	if (s->inuse-- == s->capacity)
		list_add(s);
	*(void **)p = s->free_list;
	s->free_list = p;
	/* Give an empty slab back unless it is the only one with room left. */
	if (s->inuse == 0 && (s->next || s->prev)) {
		list_del(s);
		s->magic = 0;
		frame_of(virt_to_phys(s))->flags &= (uint16_t)~FRAME_SLAB;
		km.pages--;
		return frame_free(virt_to_phys(s), 0) ? KMEM_ERR_FREE : 0;
	}
	return 0;
}

int kmem_free(void *p)
{
	paddr_t pa = virt_to_phys(p);
	struct frame *f = p ? frame_of(pa) : NULL;
	int err;

	if (!f || f->state != FRAME_KERNEL)
		return KMEM_ERR_NOT_OURS;
	if (f->flags & FRAME_SLAB)
		err = slab_free(phys_to_virt(pa & ~(FRAME_SIZE - 1)), p);
	else if ((pa & (FRAME_SIZE - 1)) || !(f->flags & FRAME_KMEM))
		err = KMEM_ERR_NOT_OURS;
	else {
		uint64_t pages = 1ull << f->order;
		f->flags &= (uint16_t)~FRAME_KMEM;
		err = frame_free(pa, f->order) ? KMEM_ERR_FREE : 0;
		km.pages -= err ? 0 : pages;
	}
	km.objects -= err == 0;
	return err;
}

void kmem_get_stats(struct kmem_stats *out)
{
	out->pages = km.pages;
	out->objects = km.objects;
}
