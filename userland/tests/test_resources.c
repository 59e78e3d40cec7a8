/* test_resources.c — hundreds of processes and thousands of mappings later, every page is back. */
#include <stdio.h>

#include "check.h"

static struct baton_mem_info info(void)
{
	struct baton_mem_info m;

	baton_mem_info(&m);
	return m;
}

static void spawn_and_reap_many(void)
{
	static const char *const argv[] = {"exit", "7", NULL};
	struct baton_mem_info before = info();
	bool ok = true;

	for (int i = 0; i < 200 && ok; i++) {
		struct baton_exit ex;
		ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL &&
		     ex.status == 7;
	}
	struct baton_mem_info after = info();
	T_EXPECT_EQ(after.free_pages, before.free_pages, ok);
	T_EXPECT_EQ(after.kernel_pages, before.kernel_pages, ok);
	t_case(ok, "resources.spawn_reap_200_processes_no_page_lost");
}

static void faulting_children_leak_nothing(void)
{
	static const char *const argv[] = {"read", "0xffffffff80000000", NULL};
	struct baton_mem_info before = info();
	bool ok = true;

	for (int i = 0; i < 20 && ok; i++) {
		struct baton_exit ex;
		ok = t_probe(argv, &ex) == BATON_OK && ex.how == BATON_EXIT_FAULT;
	}
	T_EXPECT_EQ(info().free_pages, before.free_pages, ok);
	t_case(ok, "resources.faulting_processes_no_page_lost");
}

static void map_unmap_many(void)
{
	struct baton_mem_info before = info();
	bool ok = true;

	for (int i = 0; i < 10000 && ok; i++) {
		void *p;
		size_t size = 4096u << (i % 4);
		ok = baton_map(NULL, size, BATON_MAP_R | BATON_MAP_W, &p) == BATON_OK;
		if (ok) {
			((volatile uint8_t *)p)[size - 1] = (uint8_t)i;
			ok = baton_unmap(p, size) == BATON_OK;
		}
	}
	struct baton_mem_info after = info();
	T_EXPECT_EQ(after.free_pages, before.free_pages, ok);
	T_EXPECT_EQ(after.own_pages, before.own_pages, ok);
	T_EXPECT_EQ(after.kernel_pages, before.kernel_pages, ok);
	t_case(ok, "resources.map_unmap_10000_no_page_lost");
}

static void nothing(void *arg)
{
	(void)arg;
}

static void threads_many(void)
{
	struct baton_mem_info before = info();
	bool ok = true;

	for (int i = 0; i < 500 && ok; i++) {
		uint32_t tid;
		ok = baton_thread_create(nothing, NULL, 0, 20, &tid) == BATON_OK &&
		     baton_thread_join(tid, NULL) == BATON_OK;
	}
	struct baton_mem_info after = info();
	T_EXPECT_EQ(after.free_pages, before.free_pages, ok);
	T_EXPECT_EQ(after.kernel_pages, before.kernel_pages, ok);
	t_case(ok, "resources.threads_500_created_joined_no_page_lost");
}

int main(void)
{
	spawn_and_reap_many();
	faulting_children_leak_nothing();
	map_unmap_many();
	threads_many();
	return t_done();
}
