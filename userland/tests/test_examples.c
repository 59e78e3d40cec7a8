/*
 * test_examples.c — the notes example (userland/examples/notes/): notes_demo
 * from start to end, then every call of the service directly, each error it
 * documents, the pages each kind moves, and every page back at the end.
 * `test_examples wait NAME` is the waiter that the test kills.
 */
#include <string.h>

#include "notes.h"
#include "services_test.h"

#define OURS "test.notes" /* the notes this test starts for the direct cases */

static struct notes_client c; /* to OURS */

/* Runs notes_demo; its exit status, or 1000 + -error if it did not run, 2000+ if it faulted. */
static long demo(void)
{
	return t_run("notes_demo", NULL);
}

static bool registered(const char *name)
{
	struct baton_server_id id;

	return baton_names_lookup(name, &id) == BATON_OK;
}

static struct notes_stats stats(void)
{
	struct notes_stats st = {0};

	if (notes_stats(&c, &st) != BATON_OK)
		printf("  stats failed\n");
	return st;
}

/*
 * Whether `pages` more are free (or cached by the kernel) than `before`.
 * notes may give back more: unmapping pages it was sent also frees the
 * page tables of its message window that this leaves empty.  Pages it kept
 * by mistake would make fewer.
 */
static bool pages_back(uint64_t before, uint64_t pages)
{
	uint64_t now = t_free_or_cached();

	if (now >= before + pages)
		return true;
	printf("  pages free or cached: %lu, want at least %lu + %lu\n", (unsigned long)now,
	       (unsigned long)before, (unsigned long)pages);
	return false;
}

/* ---- notes_demo ---------------------------------------------------------------------- */

static void demo_without_names(void)
{
	long status = demo();
	bool ok = true;

	T_EXPECT_EQ(status, 1, ok);
	t_case(ok, "examples.notes_demo.without_names_one_line_error_and_status_1");
}

/* With names but no notes: the demo starts one, and stops it again at the end. */
static void demo_starting_notes(void)
{
	bool ok = true;

	if (registered(NOTES_NAME)) {
		T_EXPECT_EQ(demo(), 0, ok);
		t_case(ok, "examples.notes_demo.against_the_notes_running_already");
		return;
	}
	T_EXPECT_EQ(demo(), 0, ok);
	T_EXPECT(!registered(NOTES_NAME), ok);
	t_case(ok, "examples.notes_demo.starts_notes_then_stops_it_status_0");
}

/* Against a notes we started: the demo's two notes arrive and are forgotten again. */
static void demo_using_our_notes(void)
{
	struct notes_client d = {0};
	struct notes_stats before, after;
	const char *argv[] = {NOTES_NAME, NULL};
	uint32_t pid = 0;

	if (registered(NOTES_NAME))
		return; /* a notes runs already: the case above used it */
	bool ok = baton_spawn("notes", argv, &pid) == BATON_OK &&
		  notes_open(&d, NULL, 0) == BATON_OK && notes_stats(&d, &before) == BATON_OK;
	T_EXPECT_EQ(demo(), 0, ok);
	ok &= notes_stats(&d, &after) == BATON_OK;
	T_EXPECT(after.last == before.last + 2 && after.kept == before.kept &&
			 after.bytes == before.bytes && after.refused == 0,
		 ok);
	t_case(ok, "examples.notes_demo.uses_a_running_notes_and_leaves_it_as_it_was");
	notes_close(&d);
	t_service_stop(pid);
}

/* ---- Send and BlockingScalar ----------------------------------------------------------- */

static void keep_and_stats(void)
{
	uint64_t own = t_mem().own_pages;
	bool ok = notes_keep(&c, "the quick brown fox", 19) == BATON_OK;
	struct notes_stats st = stats();

	T_EXPECT(st.kept == 1 && st.bytes == 19 && st.last == 1 && st.refused == 0, ok);
	T_EXPECT_EQ(t_mem().own_pages, own, ok); /* the page notes_keep mapped has left us */
	t_case(ok, "examples.notes.keep_send_then_stats_blocking_scalar");
	ok = notes_keep(&c, "", 0) == BATON_OK;
	st = stats();
	T_EXPECT(st.kept == 2 && st.last == 2 && st.bytes == 19, ok);
	t_case(ok, "examples.notes.keep.empty_note");
	notes_forget(&c, 2);
}

/* A thread's `wait` call and its result. */
struct waiter {
	struct notes_number after;
	struct notes_arrival got;
	long err;
	uint32_t tid;
};

static void wait_thread(void *arg)
{
	struct waiter *w = arg;

	/* Threads of one process may share a connection: each has its own call outstanding. */
	w->err = notes_rpc_wait(c.conn, &w->after, &w->got);
}

static bool start_waiter(struct waiter *w, uint64_t after)
{
	*w = (struct waiter){.after = {after}, .err = 1};
	return baton_thread_create(wait_thread, w, 0, BATON_PRIO_DEFAULT, &w->tid) == BATON_OK;
}

/* Polls stats (sleeping) until `waiting` calls are kept; false if they never are. */
static bool waiting_becomes(uint64_t waiting)
{
	for (int i = 0; i < 2000; i++) {
		if (stats().waiting == waiting)
			return true;
		baton_sleep_ns(500000);
	}
	printf("  waiting: %lu, expected %lu\n", (unsigned long)stats().waiting,
	       (unsigned long)waiting);
	return false;
}

static void wait_now_and_later(void)
{
	struct notes_arrival a;
	struct waiter w;
	uint64_t last = stats().last;
	bool ok = notes_wait(&c, 0, &a) == BATON_OK;

	T_EXPECT(a.number == 1 && a.len == 19, ok);
	t_case(ok, "examples.notes.wait.answered_at_once_when_a_note_is_there");
	ok = start_waiter(&w, last) && t_wait_blocked(w.tid) && stats().waiting == 1 && w.err == 1;
	ok &= notes_keep(&c, "late", 4) == BATON_OK;
	ok &= baton_thread_join(w.tid, NULL) == BATON_OK && w.err == BATON_OK;
	T_EXPECT(w.got.number == last + 1 && w.got.len == 4, ok);
	T_EXPECT_EQ(stats().waiting, 0, ok);
	t_case(ok, "examples.notes.wait.kept_later_and_answered_when_a_note_arrives");
	notes_forget(&c, last + 1);
}

/* A waiter in another process, killed while notes keeps its call. */
static bool dead_waiter(void)
{
	const char *argv[] = {"wait", OURS, NULL};
	uint32_t pid;

	if (baton_spawn("test_examples", argv, &pid) != BATON_OK || !waiting_becomes(1))
		return false;
	baton_kill(pid);
	baton_wait(pid, NULL);
	return stats().waiting == 1; /* still kept: notes looks for dead waiters when full */
}

static void wait_limit(void)
{
	static struct waiter w[NOTES_WAITERS];
	struct notes_arrival a;
	uint64_t last = stats().last;
	bool ok = dead_waiter();

	/* The 8th finds the places full: the dead waiter's place is taken back for it. */
	for (unsigned i = 0; i < NOTES_WAITERS; i++) {
		ok &= start_waiter(&w[i], last) && t_wait_blocked(w[i].tid); /* its call is in */
		T_EXPECT_EQ(stats().waiting, i + 2 <= NOTES_WAITERS ? i + 2 : NOTES_WAITERS, ok);
	}
	t_expect_result(notes_wait(&c, last, &a), BATON_ERR_LIMIT,
			"examples.notes.wait.ninth_waiter_limit");
	ok &= notes_keep(&c, "for everyone", 12) == BATON_OK;
	for (unsigned i = 0; i < NOTES_WAITERS; i++) {
		ok &= baton_thread_join(w[i].tid, NULL) == BATON_OK;
		T_EXPECT(w[i].err == BATON_OK && w[i].got.number == last + 1, ok);
	}
	t_case(ok, "examples.notes.wait.8_waiters_answered_by_one_note_a_dead_one_dropped");
	notes_forget(&c, last + 1);
}

/* ---- Lend and MutableLend ------------------------------------------------------------ */

static void find_cases(void)
{
	struct notes_found f = {0};
	bool ok = notes_find(&c, 0, "brown", 5, &f) == BATON_OK;

	T_EXPECT(f.number == 1 && f.offset == 10, ok);
	t_case(ok, "examples.notes.find_lend_answers_in_two_words");
	t_expect_result(notes_find(&c, 0, "zebra", 5, &f), BATON_ERR_NOENT,
			"examples.notes.find.text_in_no_note_noent");
	t_expect_result(notes_find(&c, 1, "brown", 5, &f), BATON_ERR_NOENT,
			"examples.notes.find.only_notes_above_after");
	t_expect_result(notes_find(&c, 0, "", 0, &f), BATON_ERR_RANGE,
			"examples.notes.find.empty_pattern_range");
}

/* Requests the client library would not send, through the stubs and a lend buffer of our own. */
static void find_raw(struct baton_lendbuf *buf)
{
	struct notes_pattern *p = notes_rpc_find_args(buf);
	struct notes_found f = {0};
	size_t head = sizeof(*p);

	memset(p, 0, head);
	memcpy(p->text, "brown", 5);
	t_expect_result(notes_rpc_find(c.conn, buf, head + 5, &f), BATON_ERR_RANGE,
			"examples.notes.find.raw_length_0_range");
	p->len = NOTES_TEXT_MAX + 1;
	t_expect_result(notes_rpc_find(c.conn, buf, head + 5, &f), BATON_ERR_RANGE,
			"examples.notes.find.raw_longer_than_any_note_range");
	p->len = 100;
	t_expect_result(notes_rpc_find(c.conn, buf, head + 5, &f), BATON_ERR_INVAL,
			"examples.notes.find.raw_pattern_past_the_buffer_inval");
	p->len = 5;
	t_expect_result(notes_rpc_find(c.conn, buf, head - 1, &f), BATON_ERR_INVAL,
			"examples.notes.find.raw_buffer_smaller_than_the_struct_inval");
	bool ok = notes_rpc_find(c.conn, buf, head + 5, &f) == BATON_OK && f.offset == 10;
	T_EXPECT(memcmp(p->text, "brown", 5) == 0, ok);
	p->text[0] = 'B'; /* a lend's pages are the caller's again, writable, after the answer */
	t_case(ok, "examples.notes.find.raw_lent_pages_unchanged_and_writable_after");
}

static void read_cases(void)
{
	char text[64];
	size_t len = 0;
	bool ok = notes_read(&c, 1, text, sizeof(text), &len) == BATON_OK;

	T_EXPECT(len == 19 && memcmp(text, "the quick brown fox", 19) == 0, ok);
	t_case(ok, "examples.notes.read_mutable_lend_fills_the_buffer");
	len = 0;
	ok = notes_read(&c, 1, text, 5, &len) == BATON_ERR_RANGE && len == 19;
	ok &= notes_read(&c, 1, text, len, &len) == BATON_OK && len == 19;
	t_case(ok, "examples.notes.read.small_room_range_gives_the_size_then_retry_works");
	t_expect_result(notes_read(&c, 999, text, sizeof(text), &len), BATON_ERR_NOENT,
			"examples.notes.read.no_such_note_noent");
}

static void read_raw(struct baton_lendbuf *buf)
{
	struct baton_rpc_none none;
	struct notes_page *page = notes_rpc_read_args(buf);
	size_t head = sizeof(*page);

	*page = (struct notes_page){.number = 1, .room = 100};
	t_expect_result(notes_rpc_read(c.conn, buf, head + 50, &none), BATON_ERR_INVAL,
			"examples.notes.read.raw_room_past_the_buffer_inval");
	t_expect_result(notes_rpc_read(c.conn, buf, head - 8, &none), BATON_ERR_INVAL,
			"examples.notes.read.raw_buffer_smaller_than_the_struct_inval");
	/* The stubs lend whole pages for `used`; only a hand-made lend can claim more. */
	uint64_t offset = 0, valid = BATON_PAGE_SIZE + 1;
	bool ok = baton_mutable_lend(c.conn, notes_rpc_OP_read, buf->base, BATON_PAGE_SIZE, &offset,
				     &valid, 0) == BATON_OK;
	T_EXPECT(valid == BATON_RPC_ERROR_MARK && (long)offset == BATON_ERR_INVAL, ok);
	t_case(ok, "examples.notes.read.raw_more_used_than_lent_inval");
}

/* ---- Scalar, and the pages notes holds ----------------------------------------------- */

static bool same_stats(const struct notes_stats *a, const struct notes_stats *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static void forget_cases(char *big)
{
	struct notes_stats st0 = stats(), st;

	bool ok = notes_forget(&c, 12345) == BATON_OK;
	st = stats();
	T_EXPECT(same_stats(&st, &st0), ok);
	t_case(ok, "examples.notes.forget.number_not_kept_ignored");

	memset(big, 'x', NOTES_TEXT_MAX);
	ok = notes_keep(&c, big, NOTES_TEXT_MAX) == BATON_OK && stats().kept == st0.kept + 1;
	uint64_t before = t_free_or_cached();
	ok &= notes_forget(&c, st0.last + 1) == BATON_OK;
	st = stats(); /* answered after the forget: the queue keeps the order */
	T_EXPECT(pages_back(before, NOTES_PAGES_MAX), ok);
	T_EXPECT(st.kept == st0.kept && st.bytes == st0.bytes, ok);
	t_case(ok, "examples.notes.forget_scalar_unmaps_the_16_pages_of_the_note");
}

/* Sends pages by hand with a note header saying len; true if notes refused them and freed them. */
static bool refused_and_freed(size_t pages, uint32_t len, size_t used)
{
	struct notes_stats st0 = stats(), st;
	uint64_t before = t_free_or_cached();
	struct notes_text *note = t_pages(pages);
	bool ok = note != NULL;

	if (note) {
		note->len = len;
		ok &= notes_rpc_keep(c.conn, note, pages * BATON_PAGE_SIZE, used) == BATON_OK;
	}
	st = stats();
	T_EXPECT(st.refused == st0.refused + 1 && st.kept == st0.kept && st.last == st0.last, ok);
	T_EXPECT(pages_back(before, 0), ok);
	return ok;
}

static void keep_refusals(void)
{
	struct notes_arrival a;

	t_case(refused_and_freed(NOTES_PAGES_MAX + 1, 10, sizeof(struct notes_text) + 10),
	       "examples.notes.keep.over_16_pages_refused_and_freed");
	t_case(refused_and_freed(1, 5000, sizeof(struct notes_text) + 10),
	       "examples.notes.keep.length_past_the_pages_refused_and_freed");
	t_expect_result(notes_keep(&c, "", NOTES_TEXT_MAX + 1), BATON_ERR_RANGE,
			"examples.notes.keep.client_refuses_text_over_the_limit");

	bool ok = true;
	while (ok && stats().kept < NOTES_MAX)
		ok = notes_keep(&c, "filler", 6) == BATON_OK;
	t_case(ok && refused_and_freed(1, 6, sizeof(struct notes_text) + 6),
	       "examples.notes.keep.note_33_refused_and_freed");
	while (stats().kept && notes_wait(&c, 0, &a) == BATON_OK) /* answers at once: one is kept */
		notes_forget(&c, a.number);
}

/* ---- what the RPC layer answers for the service ------------------------------------- */

static void bad_messages(struct baton_lendbuf *buf)
{
	uint64_t w[4] = {0}, got[5], offset = 0, valid = 0;
	unsigned count = 0;
	bool ok = baton_blocking_scalar(c.conn, 999, w, 0, got, &count) == BATON_OK && count == 1 &&
		  (long)got[0] == BATON_ERR_INVAL;

	t_case(ok, "examples.notes.unknown_call_inval");
	ok = baton_blocking_scalar(c.conn, notes_rpc_OP_forget, w, 0, got, &count) == BATON_OK &&
	     count == 1 && (long)got[0] == BATON_ERR_INVAL;
	t_case(ok, "examples.notes.wrong_kind_inval");
	ok = baton_lend(c.conn, notes_rpc_OP_stats, buf->base, BATON_PAGE_SIZE, &offset, &valid,
			0) == BATON_OK &&
	     valid == BATON_RPC_ERROR_MARK && (long)offset == BATON_ERR_INVAL;
	t_case(ok, "examples.notes.lend_to_a_blocking_scalar_call_inval");

	struct notes_stats st0 = stats();
	uint64_t before = t_free_or_cached();
	void *page = t_pages(1);
	ok = baton_scalar(c.conn, 999, w, 0) == BATON_OK &&
	     baton_send(c.conn, 999, page, BATON_PAGE_SIZE, 0, 8, 0) == BATON_OK;
	struct notes_stats st = stats();
	T_EXPECT(same_stats(&st, &st0), ok);
	T_EXPECT(pages_back(before, 0), ok);
	t_case(ok, "examples.notes.unknown_one_way_calls_dropped_send_pages_freed");
}

static void second_instance(void)
{
	const char *argv[] = {OURS, NULL};
	struct baton_exit ex;
	uint32_t pid;
	bool ok = baton_spawn("notes", argv, &pid) == BATON_OK && baton_wait(pid, &ex) == BATON_OK;

	T_EXPECT(ex.how == BATON_EXIT_NORMAL && ex.status == 1, ok);
	t_case(ok, "examples.notes.second_notes_under_a_taken_name_exits_1");
}

/* ---- the process ---------------------------------------------------------------------- */

/* As `test_examples wait NAME`: a call that no note will answer, until the test kills us. */
static int wait_forever(const char *name)
{
	struct notes_arrival a;
	long err = notes_open(&c, name, 0);

	if (!err)
		err = notes_wait(&c, UINT64_MAX, &a); /* no note is ever numbered above this */
	return (int)-err;
}

/* Every case against a notes of our own, registered as OURS. */
static void direct_cases(void)
{
	static const size_t big_size = NOTES_PAGES_MAX * BATON_PAGE_SIZE;
	const char *argv[] = {OURS, NULL};
	struct baton_lendbuf buf = {0};
	char *big = t_pages(NOTES_PAGES_MAX);
	uint32_t pid = 0;
	bool ok = !registered(OURS) && big && baton_spawn("notes", argv, &pid) == BATON_OK &&
		  notes_open(&c, OURS, 0) == BATON_OK &&
		  baton_lendbuf_init(&buf, BATON_PAGE_SIZE) == BATON_OK;

	if (ok) {
		keep_and_stats();
		wait_now_and_later();
		wait_limit();
		find_cases();
		find_raw(&buf);
		read_cases();
		read_raw(&buf);
		forget_cases(big);
		keep_refusals();
		bad_messages(&buf);
		second_instance();
	} else {
		t_case(false, "examples.notes.setup");
	}
	baton_lendbuf_free(&buf);
	notes_close(&c);
	t_service_stop(pid);
	if (big)
		baton_unmap(big, big_size);
}

int main(int argc, char **argv)
{
	struct baton_server_info info;
	struct baton_mem_info m0;
	uint32_t names_pid;

	if (argc > 2 && strcmp(argv[1], "wait") == 0)
		return wait_forever(argv[2]);
	baton_mem_info(&m0);
	if (baton_server_info(&BATON_NAMES_ID, &info) != BATON_OK)
		demo_without_names();
	if (t_names_start(&names_pid)) {
		t_case(false, "examples.setup.names");
		return t_done();
	}
	demo_starting_notes();
	demo_using_our_notes();
	direct_cases();
	baton_names_close();
	t_service_stop(names_pid);
	if (names_pid)
		t_case(t_pages_back(&m0, false), "examples.every_page_back_after_the_services_end");
	else
		t_skip("examples.every_page_back_after_the_services_end",
		       "names was running already");
	return t_done();
}
