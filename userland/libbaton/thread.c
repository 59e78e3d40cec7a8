/* thread.c — threads with their own stack and thread-local storage, freed by join. */
#include <picolibc.h>
#include <picotls.h>
#include <stdint.h>
#include <string.h>

#include "baton/baton.h"

#define MIN_STACK   (16u << 10)
#define MAX_TRACKED BATON_THREADS_MAX

/*
 * One MAP region per thread holds, from the top down: its TLS block, this
 * start record, and its stack; below it is a guard page (BATON_MAP_GUARD),
 * so a thread that overflows its stack faults (and its process ends)
 * instead of writing over another thread's memory.
 */
struct start {
	void (*fn)(void *);
	void *arg;
	void *tls;
};

static struct {
	uint32_t tid;
	void *region;
	size_t size;
} regions[MAX_TRACKED];
static struct baton_mutex lock = BATON_MUTEX_INIT;

void __baton_thread_entry(void *arg); /* crt0.S: sets gp, calls __baton_thread_start */
void __baton_thread_start(struct start *s);

void __baton_thread_start(struct start *s)
{
	_set_tls(s->tls);
	s->fn(s->arg);
	baton_thread_exit(0);
}

static uintptr_t align_down(uintptr_t x, uintptr_t a)
{
	return x & ~(a - 1);
}

static void remember(uint32_t tid, void *region, size_t size)
{
	baton_mutex_lock(&lock);
	for (unsigned i = 0; i < MAX_TRACKED; i++) {
		if (!regions[i].region) {
			regions[i].tid = tid;
			regions[i].region = region;
			regions[i].size = size;
			break;
		}
	}
	baton_mutex_unlock(&lock);
}

long baton_thread_create(void (*fn)(void *), void *arg, size_t stack_size, unsigned priority,
			 uint32_t *tid)
{
	size_t tls = (_tls_size() + 15) & ~(size_t)15;
	size_t size =
		(stack_size < MIN_STACK ? MIN_STACK : stack_size) + tls + sizeof(struct start);
	void *region;

	size = baton_page_up(size);
	long err = baton_map(NULL, size, BATON_MAP_R | BATON_MAP_W | BATON_MAP_GUARD, &region);
	if (err)
		return err;
	uintptr_t top = (uintptr_t)region + size;
	uintptr_t tls_at = align_down(top - tls, _tls_align() > 16 ? _tls_align() : 16);
	struct start *s = (struct start *)align_down(tls_at - sizeof(*s), 16);
	_init_tls((void *)tls_at);
	*s = (struct start){fn, arg, (void *)tls_at};

	struct baton_sysret r = baton_syscall(SYS_THREAD_CREATE, (uintptr_t)__baton_thread_entry,
					      (uintptr_t)s, (uintptr_t)s, priority, 0, 0, 0);
	if (r.status != BATON_OK) {
		baton_unmap((uint8_t *)region - BATON_PAGE_SIZE, size + BATON_PAGE_SIZE);
		return r.status;
	}
	remember((uint32_t)r.r[1], region, size);
	if (tid)
		*tid = (uint32_t)r.r[1];
	return BATON_OK;
}

long baton_thread_join(uint32_t tid, uint64_t *value)
{
	struct baton_sysret r = baton_syscall(SYS_THREAD_JOIN, tid, 0, 0, 0, 0, 0, 0);

	if (r.status != BATON_OK)
		return r.status;
	if (value)
		*value = r.r[1];
	baton_mutex_lock(&lock);
	for (unsigned i = 0; i < MAX_TRACKED; i++) {
		if (regions[i].region && regions[i].tid == tid) {
			/* the guard page goes with it */
			baton_unmap((uint8_t *)regions[i].region - BATON_PAGE_SIZE,
				    regions[i].size + BATON_PAGE_SIZE);
			regions[i].region = NULL;
			break;
		}
	}
	baton_mutex_unlock(&lock);
	return BATON_OK;
}
