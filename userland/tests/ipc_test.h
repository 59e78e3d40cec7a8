/* ipc_test.h — helpers shared by the message tests: start an ipc_server, patterns, page counts. */
#ifndef BATON_TESTS_IPC_TEST_H
#define BATON_TESTS_IPC_TEST_H

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ipc_ops.h"

/* An id no other test uses: the caller's pid, a counter and the time. */
static inline struct baton_server_id t_fresh_id(void)
{
	static uint64_t n;
	uint32_t pid;

	baton_self(NULL, &pid);
	return (struct baton_server_id){(uint64_t)pid << 32 | ++n, baton_rdtime() | 1};
}

/* Starts `ipc_server id depth [forward-id]` and connects to it (CONNECT waits for it). */
static inline long t_server(unsigned depth, const struct baton_server_id *forward,
			    struct baton_server_id *id, uint32_t *pid, uint32_t *conn)
{
	char lo[24], hi[24], d[12], flo[24], fhi[24];
	const char *argv[] = {lo, hi, d, flo, fhi, NULL};

	*id = t_fresh_id();
	snprintf(lo, sizeof(lo), "0x%lx", (unsigned long)id->lo);
	snprintf(hi, sizeof(hi), "0x%lx", (unsigned long)id->hi);
	snprintf(d, sizeof(d), "%u", depth);
	snprintf(flo, sizeof(flo), "0x%lx", forward ? (unsigned long)forward->lo : 0ul);
	snprintf(fhi, sizeof(fhi), "0x%lx", forward ? (unsigned long)forward->hi : 0ul);
	long err = baton_spawn("ipc_server", argv, pid);
	return err ? err : baton_connect(id, 0, conn);
}

/* A server id as two command-line arguments (for probe). */
static inline void t_id_args(const struct baton_server_id *id, char lo[24], char hi[24])
{
	snprintf(lo, 24, "0x%lx", (unsigned long)id->lo);
	snprintf(hi, 24, "0x%lx", (unsigned long)id->hi);
}

/* Waits (sleeping, bounded) until thread tid of this process is blocked; false if it never is. */
static inline bool t_wait_blocked(uint32_t tid)
{
	struct baton_thread_info info;

	for (int i = 0; i < 2000; i++) {
		if (baton_thread_info(tid, &info))
			return false;
		if (info.state == BATON_THREAD_BLOCKED)
			return true;
		baton_sleep_ns(500000);
	}
	return false;
}

/* Ends an ipc_server: it exits, and its status is collected. */
static inline void t_server_stop(uint32_t pid, uint32_t conn)
{
	uint64_t w[4] = {0};

	baton_scalar(conn, OP_EXIT, w, 0);
	baton_wait(pid, NULL);
	baton_disconnect(conn);
}

static inline void t_fill(uint8_t *p, uint64_t len, uint64_t seed)
{
	for (uint64_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i);
}

static inline bool t_pattern(const uint8_t *p, uint64_t len, uint64_t seed)
{
	for (uint64_t i = 0; i < len; i++)
		if (p[i] != (uint8_t)(seed + i))
			return false;
	return true;
}

static inline uint64_t t_free_pages(void)
{
	struct baton_mem_info m;

	baton_mem_info(&m);
	return m.free_pages;
}

/*
 * Free pages plus the kernel's object pages: the kernel's message and
 * object caches grow to their peak once and are kept, so a page that went
 * there is not lost.
 */
static inline uint64_t t_free_or_cached(void)
{
	struct baton_mem_info m;

	baton_mem_info(&m);
	return m.free_pages + m.kernel_pages + m.table_pages;
}

/*
 * Every page back since `before`: free plus cached kernel pages plus this
 * process's page tables (its message window keeps its tables), and (if
 * asked) its own pages.
 */
static inline bool t_pages_back(const struct baton_mem_info *before, bool own_too)
{
	struct baton_mem_info now;

	baton_mem_info(&now);
	if (now.free_pages + now.kernel_pages + now.table_pages ==
		    before->free_pages + before->kernel_pages + before->table_pages &&
	    (!own_too || now.own_pages == before->own_pages))
		return true;
	printf("  pages: free %lu -> %lu, kernel %lu -> %lu, own %lu -> %lu\n",
	       (unsigned long)before->free_pages, (unsigned long)now.free_pages,
	       (unsigned long)before->kernel_pages, (unsigned long)now.kernel_pages,
	       (unsigned long)before->own_pages, (unsigned long)now.own_pages);
	return false;
}

static inline void *t_pages(size_t pages)
{
	void *p = NULL;

	baton_map(NULL, pages * BATON_PAGE_SIZE, BATON_MAP_R | BATON_MAP_W, &p);
	return p;
}

#endif
