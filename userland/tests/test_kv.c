/* test_kv.c — the key-value store and its client library: sizes, errors, concurrency, pages. */
#include "services_test.h"

#define MIB (1ul << 20)

static uint8_t *src, *dst; /* 1 MiB each, mapped (the heap would keep its pages) */

static void round_trips(void)
{
	static const size_t sizes[] = {1, 4096, 100 << 10, MIB};
	char key[32];

	for (unsigned i = 0; i < 4; i++) {
		size_t len = sizes[i], got = 0;
		snprintf(key, sizeof(key), "tk.size.%zu", len);
		t_fill(src, len, len);
		memset(dst, 0, len);
		bool ok = baton_kv_put(key, src, len) == BATON_OK &&
			  baton_kv_get(key, dst, len, &got) == BATON_OK;
		T_EXPECT_EQ(got, len, ok);
		T_EXPECT(t_pattern(dst, len, len), ok);
		t_case(ok, "kv.round_trip.%zu_bytes", len);
	}
}

/* Pages held by every process but this one: what kv holds, when nothing else changes. */
static uint64_t held_by_others(void)
{
	struct baton_mem_info m;

	baton_mem_info(&m);
	return m.total_pages - m.free_pages - m.own_pages - m.table_pages - m.kernel_pages;
}

/* A deleted large value gives its pages back to the system, not only to kv's heap. */
static void large_value_pages_back(void)
{
	size_t got;
	/* Once first: the client's buffer and kv's message-window tables grow and stay. */
	bool ok = baton_kv_put("tk.large", src, MIB) == BATON_OK &&
		  baton_kv_get("tk.large", dst, MIB, &got) == BATON_OK &&
		  baton_kv_delete("tk.large") == BATON_OK;
	uint64_t before = held_by_others();

	ok &= baton_kv_put("tk.large", src, MIB) == BATON_OK;
	uint64_t holding = held_by_others();
	ok &= baton_kv_get("tk.large", dst, MIB, &got) == BATON_OK && got == MIB &&
	      baton_kv_delete("tk.large") == BATON_OK;
	T_EXPECT(holding >= before + MIB / BATON_PAGE_SIZE, ok);
	T_EXPECT_EQ(held_by_others(), before, ok);
	t_case(ok, "kv.deleted_1_mib_value_gives_its_pages_back");
}

static void answers(void)
{
	size_t got = 0;
	bool ok;

	t_expect_result(baton_kv_get("tk.missing", dst, 16, &got), BATON_ERR_NOENT,
			"kv.get.missing_key_noent");
	ok = baton_kv_get("tk.size.102400", dst, 10, &got) == BATON_ERR_RANGE && got == 100 << 10;
	ok &= baton_kv_get("tk.size.102400", dst, got, &got) == BATON_OK && got == 100 << 10 &&
	      t_pattern(dst, got, got);
	t_case(ok, "kv.get.small_buffer_range_gives_the_size_then_retry_works");

	ok = baton_kv_put("tk.r", "first", 5) == BATON_OK &&
	     baton_kv_put("tk.r", "second!", 7) == BATON_OK &&
	     baton_kv_get("tk.r", dst, 100, &got) == BATON_OK && got == 7 &&
	     memcmp(dst, "second!", 7) == 0;
	t_case(ok, "kv.put.replaces_the_value");
	ok = baton_kv_put("tk.empty", "", 0) == BATON_OK &&
	     baton_kv_get("tk.empty", dst, 0, &got) == BATON_OK && got == 0;
	t_case(ok, "kv.put.empty_value");

	ok = baton_kv_delete("tk.r") == BATON_OK;
	T_EXPECT_EQ(baton_kv_get("tk.r", dst, 100, &got), BATON_ERR_NOENT, ok);
	T_EXPECT_EQ(baton_kv_delete("tk.r"), BATON_ERR_NOENT, ok);
	t_case(ok, "kv.delete_then_get_and_delete_noent");
}

static bool has_key(const char *keys, size_t bytes, const char *key)
{
	for (size_t at = 0; at < bytes; at += strlen(keys + at) + 1)
		if (strcmp(keys + at, key) == 0)
			return true;
	return false;
}

static void list(void)
{
	char *keys = (char *)dst;
	size_t bytes = 0, needed = 0;
	unsigned count = 0, again = 0;
	bool ok = baton_kv_list(keys, MIB, &bytes, &count) == BATON_OK && count >= 5;

	T_EXPECT(has_key(keys, bytes, "tk.size.1") && has_key(keys, bytes, "tk.size.1048576") &&
			 has_key(keys, bytes, "tk.empty") && !has_key(keys, bytes, "tk.r"),
		 ok);
	t_case(ok, "kv.list.shows_the_keys (%u)", count);
	ok = baton_kv_list(keys, 3, &needed, &again) == BATON_ERR_RANGE && needed == bytes;
	ok &= baton_kv_list(keys, needed, &bytes, &count) == BATON_OK && bytes == needed;
	t_case(ok, "kv.list.small_buffer_range_gives_the_size_then_retry_works");
}

static void refusals(void)
{
	static const char long_key[] = "0123456789012345678901234567890123456789012345678901234567"
				       "8901234";
	size_t got;

	t_expect_result(baton_kv_put(long_key, "x", 1), BATON_ERR_RANGE,
			"kv.put.key_of_65_bytes_range");
	t_expect_result(baton_kv_get(long_key, dst, 1, &got), BATON_ERR_RANGE,
			"kv.get.key_of_65_bytes_range");
	t_expect_result(baton_kv_put("", "x", 1), BATON_ERR_RANGE, "kv.put.empty_key_range");
	t_expect_result(baton_kv_delete(NULL), BATON_ERR_INVAL, "kv.delete.null_key_inval");
	t_expect_result(baton_kv_put("tk.huge", src, BATON_KV_VALUE_MAX + 1), BATON_ERR_RANGE,
			"kv.put.value_over_16_MiB_range");
	bool ok = baton_kv_put(long_key + 1, "x", 1) == BATON_OK &&
		  baton_kv_delete(long_key + 1) == BATON_OK;
	t_case(ok, "kv.put.key_of_64_bytes");
}

/* ---- requests the library would not send --------------------------------------------- */

static struct baton_kv_request *request(struct baton_lendbuf *buf, const char *key, size_t len)
{
	struct baton_kv_request *req = baton_kv_rpc_put_args(buf);

	memset(req, 0, sizeof(*req));
	req->key_len = (uint32_t)len;
	memcpy(req->data, key, len);
	return req;
}

static void raw(void)
{
	struct baton_rpc_none none;
	struct baton_lendbuf buf;
	struct baton_kv_request *req;
	size_t head = sizeof(*req);
	uint32_t c;

	if (baton_names_connect("kv", &c) || baton_lendbuf_init(&buf, 2 * BATON_PAGE_SIZE)) {
		t_case(false, "kv.raw.setup");
		return;
	}
	req = request(&buf, "0123456789012345678901234567890123456789012345678901234567890123X",
		      65);
	t_expect_result(baton_kv_rpc_put(c, &buf, head + 65, &none), BATON_ERR_RANGE,
			"kv.raw.key_of_65_bytes_range");
	req = request(&buf, "a\0b", 3);
	t_expect_result(baton_kv_rpc_put(c, &buf, head + 3, &none), BATON_ERR_INVAL,
			"kv.raw.nul_in_key_inval");
	req = request(&buf, "tk.raw", 6);
	req->value_len = BATON_KV_VALUE_MAX + 1;
	t_expect_result(baton_kv_rpc_put(c, &buf, head + 6 + 100, &none), BATON_ERR_RANGE,
			"kv.raw.value_over_16_MiB_range");
	req->value_len = 200;
	t_expect_result(baton_kv_rpc_put(c, &buf, head + 6 + 100, &none), BATON_ERR_INVAL,
			"kv.raw.value_past_the_buffer_inval");
	t_expect_result(baton_kv_rpc_put(c, &buf, head + 3, &none), BATON_ERR_INVAL,
			"kv.raw.key_past_the_buffer_inval");
	req->room = 200;
	t_expect_result(baton_kv_rpc_get(c, &buf, head + 6 + 100, &none), BATON_ERR_INVAL,
			"kv.raw.get_room_past_the_buffer_inval");
	struct baton_kv_list *l = baton_kv_rpc_list_args(&buf);
	l->room = 2 * BATON_PAGE_SIZE;
	t_expect_result(baton_kv_rpc_list(c, &buf, sizeof(*l) + 100, &none), BATON_ERR_INVAL,
			"kv.raw.list_room_past_the_buffer_inval");
	baton_lendbuf_free(&buf);
	baton_disconnect(c);
}

/* A kv of its own with a 64 KiB budget: a put that does not fit is NOMEM, and changes nothing. */
static void out_of_memory(void)
{
	struct baton_rpc_none none;
	struct baton_lendbuf buf;
	uint32_t pid, c;
	bool ok = t_kv_start("tk.small", "65536", &pid) == BATON_OK && pid &&
		  baton_names_connect("tk.small", &c) == BATON_OK &&
		  baton_lendbuf_init(&buf, 100 << 10) == BATON_OK;

	if (!ok) {
		t_case(false, "kv.nomem.setup");
		return;
	}
	struct baton_kv_request *req = request(&buf, "big", 3);
	req->value_len = 40 << 10;
	ok = baton_kv_rpc_put(c, &buf, sizeof(*req) + 3 + req->value_len, &none) == BATON_OK;
	T_EXPECT_EQ(baton_kv_rpc_put(c, &buf, sizeof(*req) + 3 + req->value_len, &none), BATON_OK,
		    ok); /* replacing: the old value's room counts */
	req = request(&buf, "more", 4);
	req->value_len = 40 << 10;
	T_EXPECT_EQ(baton_kv_rpc_put(c, &buf, sizeof(*req) + 4 + req->value_len, &none),
		    BATON_ERR_NOMEM, ok);
	req->room = 100;
	T_EXPECT_EQ(baton_kv_rpc_get(c, &buf, sizeof(*req) + 4 + 100, &none), BATON_ERR_NOENT, ok);
	t_case(ok, "kv.put.out_of_memory_nomem_nothing_stored");
	baton_lendbuf_free(&buf);
	baton_disconnect(c);
	t_service_stop(pid);
}

/* ---- concurrency ------------------------------------------------------------------- */

#define THREADS	  4
#define PROCESSES 2
#define ROUNDS	  40

static unsigned wrong[THREADS];

static void worker(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	wrong[i] = t_kv_work((unsigned)i + 1, ROUNDS);
}

static void concurrent(void)
{
	char seed[PROCESSES][12], rounds[12];
	const char *argv[PROCESSES][5];
	uint32_t tids[THREADS], pids[PROCESSES];
	struct baton_exit ex;
	bool ok = true;

	snprintf(rounds, sizeof(rounds), "%u", ROUNDS);
	for (unsigned p = 0; p < PROCESSES; p++) {
		snprintf(seed[p], sizeof(seed[p]), "%u", 100 + p);
		const char *a[] = {"kv-work", seed[p], rounds, NULL};
		memcpy(argv[p], a, sizeof(a));
		ok &= baton_spawn("service_client", argv[p], &pids[p]) == BATON_OK;
	}
	for (uintptr_t i = 0; i < THREADS; i++)
		ok &= baton_thread_create(worker, (void *)i, 64 << 10, BATON_PRIO_DEFAULT,
					  &tids[i]) == BATON_OK;
	for (unsigned i = 0; i < THREADS; i++) {
		ok &= baton_thread_join(tids[i], NULL) == BATON_OK;
		T_EXPECT_EQ(wrong[i], 0, ok);
	}
	for (unsigned p = 0; p < PROCESSES; p++) {
		ok &= baton_wait(pids[p], &ex) == BATON_OK;
		T_EXPECT(ex.how == BATON_EXIT_NORMAL && ex.status == 0, ok);
	}
	t_case(ok, "kv.concurrent.%u_threads_and_%u_processes_all_correct", THREADS, PROCESSES);
}

/* When kv ends, a call says GONE, and the next one finds the new kv through names. */
static void restart(uint32_t *kv_pid)
{
	size_t got;

	t_service_stop(*kv_pid);
	bool ok = baton_kv_get("tk.size.1", dst, 1, &got) == BATON_ERR_GONE;
	ok &= t_kv_start("kv", NULL, kv_pid) == BATON_OK && *kv_pid;
	ok &= baton_kv_get("tk.size.1", dst, 1, &got) == BATON_ERR_NOENT; /* a new, empty store */
	ok &= baton_kv_put("tk.size.1", "z", 1) == BATON_OK;
	t_case(ok, "kv.gone_then_the_next_call_finds_the_new_kv");
}

/* A kv that cannot have its name exits; the one with it serves on. */
static void name_taken(void)
{
	const char *argv[] = {"kv", NULL};
	size_t got = 0;
	char back[4];
	bool ok = t_run("kv", argv) == 1 && baton_kv_put("tk.taken", "abc", 3) == BATON_OK &&
		  baton_kv_get("tk.taken", back, sizeof(back), &got) == BATON_OK && got == 3 &&
		  baton_kv_delete("tk.taken") == BATON_OK;

	t_case(ok, "kv.second_with_a_taken_name_exits_the_first_serves_on");
}

int main(void)
{
	struct baton_mem_info m0;
	uint32_t names_pid, kv_pid;

	baton_mem_info(&m0);
	src = t_pages(MIB / BATON_PAGE_SIZE);
	dst = t_pages(MIB / BATON_PAGE_SIZE);
	if (!src || !dst || t_names_start(&names_pid) || t_kv_start("kv", NULL, &kv_pid)) {
		t_case(false, "kv.setup.started");
		return t_done();
	}
	round_trips();
	large_value_pages_back();
	answers();
	list();
	refusals();
	name_taken();
	raw();
	out_of_memory();
	concurrent();
	if (kv_pid)
		restart(&kv_pid);
	for (unsigned i = 0; i < 4; i++) { /* leave a kv that was running as it was */
		static const char *const keys[] = {"tk.size.1", "tk.size.4096", "tk.size.102400",
						   "tk.size.1048576"};
		baton_kv_delete(keys[i]);
	}
	baton_kv_delete("tk.empty");
	baton_kv_close();
	baton_names_close();
	t_service_stop(kv_pid);
	if (kv_pid)
		t_expect_result(baton_kv_open(BATON_TRY), BATON_ERR_NOENT,
				"kv.open_try_with_no_kv_running_noent_at_once");
	baton_names_close(); /* the lookup connected it again */
	t_service_stop(names_pid);
	baton_unmap(src, MIB);
	baton_unmap(dst, MIB);
	if (names_pid && kv_pid)
		t_case(t_pages_back(&m0, false), "kv.every_page_back_after_the_services_end");
	else
		t_skip("kv.every_page_back_after_the_services_end",
		       "a service was running already");
	return t_done();
}
