/* test_names.c — the name service and its client library: every call, every error, caps, waits. */
#include "services_test.h"

static uint32_t server;		   /* a server of this process, registered as "tn.alpha" */
static struct baton_server_id sid; /* its id */

static bool same_id(const struct baton_server_id *a, const struct baton_server_id *b)
{
	return a->lo == b->lo && a->hi == b->hi;
}

static void register_lookup_connect(void)
{
	struct baton_server_id got;
	struct baton_envelope env;
	uint64_t w[4] = {7, 0, 0, 0};
	uint32_t c, pid;
	bool ok = baton_server_create(&sid, 0, 0, &server) == BATON_OK;

	ok &= baton_names_register("tn.alpha", &sid, 0) == BATON_OK;
	ok &= baton_names_lookup("tn.alpha", &got) == BATON_OK && same_id(&got, &sid);
	t_case(ok, "names.register_then_lookup_gives_the_id");

	/* The connection reaches this process's own server: the message is in its queue. */
	baton_self(NULL, &pid);
	ok = baton_names_connect("tn.alpha", &c) == BATON_OK &&
	     baton_scalar(c, 5, w, BATON_TRY) == BATON_OK &&
	     baton_receive(server, BATON_TRY, &env) == BATON_OK && env.id == 5 && env.w[0] == 7 &&
	     env.pid == pid;
	baton_disconnect(c);
	t_case(ok, "names.connect_by_name_reaches_the_server");
	ok = baton_names_try_connect("tn.alpha", &c) == BATON_OK;
	baton_disconnect(c);
	t_case(ok, "names.try_connect_by_name");
}

static void refusals(void)
{
	struct baton_server_id other, got, nobody = t_fresh_id();
	uint32_t other_server, c;

	baton_server_create(&other, 0, 0, &other_server);
	t_expect_result(baton_names_register("tn.alpha", &other, 0), BATON_ERR_EXISTS,
			"names.register.taken_name_exists");
	t_expect_result(baton_names_register("tn.theirs", &BATON_NAMES_ID, 0), BATON_ERR_PERM,
			"names.register.someone_elses_server_perm");
	t_expect_result(baton_names_register("tn.nobody", &nobody, 0), BATON_ERR_NOSERVER,
			"names.register.no_such_server_noserver");
	t_expect_result(baton_names_register("tn.big", &other, BATON_NAMES_CAP_MAX + 1),
			BATON_ERR_RANGE, "names.register.cap_over_1024_range");
	t_expect_result(baton_names_lookup("tn.unknown", &got), BATON_ERR_NOENT,
			"names.lookup.unknown_name_noent");
	t_expect_result(baton_names_try_connect("tn.unknown", &c), BATON_ERR_NOENT,
			"names.try_connect.unknown_name_noent");
	t_expect_result(baton_names_unregister("tn.unknown"), BATON_ERR_NOENT,
			"names.unregister.unknown_name_noent");
	baton_server_destroy(other_server);
}

/* Bad names, through the library and (for what the library cannot send) by hand. */
static void bad_names(void)
{
	struct baton_server_id got;
	struct baton_lendbuf buf;
	struct baton_rpc_none none;
	uint32_t c;

	t_expect_result(baton_names_register("", &sid, 0), BATON_ERR_RANGE,
			"names.bad_name.empty_range");
	t_expect_result(baton_names_lookup("0123456789012345678901234567890123456789012345678901"
					   "234567890123",
					   &got),
			BATON_ERR_RANGE, "names.bad_name.64_bytes_range");
	t_expect_result(baton_names_register("tn.a b", &sid, 0), BATON_ERR_INVAL,
			"names.bad_name.space_inval");
	t_expect_result(baton_names_register("tn.\x01", &sid, 0), BATON_ERR_INVAL,
			"names.bad_name.control_byte_inval");
	t_expect_result(baton_names_lookup("tn.\x7f", &got), BATON_ERR_INVAL,
			"names.bad_name.del_inval");
	t_expect_result(baton_names_lookup("tn.\xc3\xa9", &got), BATON_ERR_INVAL,
			"names.bad_name.non_ascii_inval");
	t_expect_result(baton_names_register(NULL, &sid, 0), BATON_ERR_INVAL,
			"names.bad_name.null_inval");

	/* 64 bytes without a NUL: names must not read past the name. */
	bool ok = baton_connect(&BATON_NAMES_ID, 0, &c) == BATON_OK &&
		  baton_lendbuf_init(&buf, BATON_PAGE_SIZE) == BATON_OK;
	struct baton_names_request *req = baton_names_rpc_lookup_args(&buf);
	memset(req, 'x', sizeof(req->name));
	t_expect_result(ok ? baton_names_rpc_lookup(c, &buf, sizeof(*req), &none) : -1,
			BATON_ERR_RANGE, "names.bad_name.unterminated_range");
	t_expect_result(ok ? baton_names_rpc_lookup(c, &buf, 8, &none) : -1, BATON_ERR_INVAL,
			"names.request_shorter_than_its_struct_inval");
	struct baton_names_list *l = baton_names_rpc_list_args(&buf);
	l->capacity = 1000;
	t_expect_result(
		ok ? baton_names_rpc_list(c, &buf, sizeof(*l) + sizeof(l->entries[0]), &none) : -1,
		BATON_ERR_INVAL, "names.list.capacity_past_the_buffer_inval");
	baton_lendbuf_free(&buf);
	baton_disconnect(c);
}

static struct baton_names_entry entries[BATON_NAMES_MAX];

static const struct baton_names_entry *listed(const char *name, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		if (strcmp(entries[i].name, name) == 0)
			return &entries[i];
	return NULL;
}

/* How many processes name's cap counts now (0 when it is not listed). */
static uint32_t counted(const char *name)
{
	unsigned count = 0;
	const struct baton_names_entry *e = NULL;

	if (baton_names_list(entries, BATON_NAMES_MAX, &count) == BATON_OK)
		e = listed(name, count);
	return e ? e->clients : 0;
}

/* Starts `service_client lookup-hold name` and returns once names counts it (pid 0: it did not). */
static uint32_t start_holder(const char *name, uint32_t before)
{
	const char *hold[] = {"lookup-hold", name, NULL};
	uint32_t pid;

	if (baton_spawn("service_client", hold, &pid) != BATON_OK)
		return 0;
	for (unsigned i = 0; i < 2000 && counted(name) == before; i++)
		baton_sleep_ns(1000000); /* 2 s at most */
	if (counted(name) != before + 1) {
		t_service_stop(pid);
		return 0;
	}
	return pid;
}

/* The cap counts distinct live processes; one already counted may look again. */
static void cap(void)
{
	const char *look[] = {"lookup", "tn.capped", NULL};
	struct baton_server_id got;
	bool ok = baton_names_register("tn.capped", &sid, 2) == BATON_OK;
	uint32_t holder;

	ok &= baton_names_lookup("tn.capped", &got) == BATON_OK; /* 1: this process */
	holder = start_holder("tn.capped", 1);			 /* 2: a client that stays */
	ok &= holder != 0;
	T_EXPECT_EQ(t_client(look), -BATON_ERR_LIMIT, ok); /* 3: refused */
	T_EXPECT_EQ(t_client(look), -BATON_ERR_LIMIT, ok);
	ok &= baton_names_lookup("tn.capped", &got) == BATON_OK && same_id(&got, &sid);
	t_case(ok, "names.cap.third_process_limit_first_may_look_again");
	t_service_stop(holder);
	ok = holder && t_client(look) == 0 && counted("tn.capped") == 2;
	t_case(ok, "names.cap.ended_process_gives_its_place_back");
	ok = baton_names_unregister("tn.capped") == BATON_OK &&
	     baton_names_register("tn.capped", &sid, 0) == BATON_OK && t_client(look) == 0 &&
	     baton_names_unregister("tn.capped") == BATON_OK;
	t_case(ok, "names.cap.zero_means_no_cap");
}

/* A name whose server ended is free again, whether the server was destroyed or its process. */
static void dead_servers(void)
{
	const char *reg[] = {"register-exit", "tn.ephemeral", NULL};
	struct baton_server_id id, got;
	uint32_t s;
	bool ok = baton_server_create(&id, 0, 0, &s) == BATON_OK &&
		  baton_names_register("tn.gone", &id, 0) == BATON_OK &&
		  baton_server_destroy(s) == BATON_OK;

	T_EXPECT_EQ(baton_names_lookup("tn.gone", &got), BATON_ERR_NOENT, ok);
	ok &= baton_server_create(&id, 0, 0, &s) == BATON_OK &&
	      baton_names_register("tn.gone", &id, 0) == BATON_OK &&
	      baton_names_lookup("tn.gone", &got) == BATON_OK && same_id(&got, &id);
	t_case(ok, "names.destroyed_server_frees_its_name");

	ok = t_client(reg) == 0;
	T_EXPECT_EQ(baton_names_lookup("tn.ephemeral", &got), BATON_ERR_NOENT, ok);
	ok &= baton_names_register("tn.ephemeral", &id, 0) == BATON_OK;
	t_case(ok, "names.ended_process_frees_its_name");
	baton_names_unregister("tn.ephemeral");
	baton_server_destroy(s);
}

static void unregister(void)
{
	const char *theirs[] = {"unregister", "tn.alpha", NULL};
	struct baton_server_id got;
	bool ok = t_client(theirs) == -BATON_ERR_PERM;

	ok &= baton_names_lookup("tn.alpha", &got) == BATON_OK;
	t_case(ok, "names.unregister.not_the_owner_perm");
	ok = baton_names_unregister("tn.alpha") == BATON_OK;
	T_EXPECT_EQ(baton_names_lookup("tn.alpha", &got), BATON_ERR_NOENT, ok);
	T_EXPECT_EQ(baton_names_unregister("tn.alpha"), BATON_ERR_NOENT, ok);
	t_case(ok, "names.unregister.by_the_owner_then_noent");
}

/* ---- wait ---------------------------------------------------------------------------- */

#define WAITERS BATON_NAMES_WAITERS

static struct baton_server_id waited[WAITERS];
static long wait_err[WAITERS];

static void waiter(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	wait_err[i] = baton_names_wait("tn.later", &waited[i]);
}

/*
 * A process waits and is killed: names keeps its call (and its lent page)
 * until the table is full, then drops it for a live waiter.
 */
static uint32_t dead_waiter(void)
{
	const char *argv[] = {"wait", "tn.never", NULL};
	uint32_t pid;

	if (baton_spawn("service_client", argv, &pid))
		return 0;
	baton_sleep_ns(20000000); /* its call reaches names and is kept */
	baton_kill(pid);
	baton_wait(pid, NULL);
	return pid;
}

/*
 * 64 threads wait (the first dead waiter's place is taken back for the
 * last of them), a 65th call is refused, and one registration answers
 * them all.
 */
static void wait(void)
{
	uint32_t tids[WAITERS];
	struct baton_server_id got;
	bool ok = dead_waiter() != 0;

	for (uintptr_t i = 0; i < WAITERS; i++) {
		wait_err[i] = 1;
		ok &= baton_thread_create(waiter, (void *)i, 0, BATON_PRIO_DEFAULT, &tids[i]) ==
			      BATON_OK &&
		      t_wait_blocked(tids[i]);
	}
	/* names takes calls in order: the 64 are kept before it sees this one. */
	t_expect_result(baton_names_wait("tn.later2", &got), BATON_ERR_LIMIT,
			"names.wait.65th_waiter_limit");
	ok &= baton_names_register("tn.later", &sid, 0) == BATON_OK;
	for (unsigned i = 0; i < WAITERS; i++) {
		ok &= baton_thread_join(tids[i], NULL) == BATON_OK;
		T_EXPECT_EQ(wait_err[i], BATON_OK, ok);
		T_EXPECT(same_id(&waited[i], &sid), ok);
	}
	t_case(ok, "names.wait.64_waiters_answered_at_registration_a_dead_one_dropped");
	ok = baton_names_wait("tn.later", &got) == BATON_OK && same_id(&got, &sid);
	t_case(ok, "names.wait.registered_name_answers_at_once");
	baton_names_unregister("tn.later");
}

/*
 * Waiters answered at registration go under the cap too, and a waiter that
 * ended meanwhile takes no place: the first to wait dies, two more wait,
 * and with a cap of 1 one of the living learns the id and the other hears
 * LIMIT (had the dead one been counted, both would).
 */
static void waiters_and_the_cap(void)
{
	const char *argv[] = {"wait", "tn.capwait", NULL};
	struct baton_exit a, b;
	uint32_t pa, pb, dead;
	bool ok = baton_spawn("service_client", argv, &dead) == BATON_OK;

	baton_sleep_ns(10000000); /* kept first */
	ok &= baton_spawn("service_client", argv, &pa) == BATON_OK &&
	      baton_spawn("service_client", argv, &pb) == BATON_OK;
	baton_sleep_ns(10000000); /* all three kept */
	ok &= baton_kill(dead) == BATON_OK && baton_wait(dead, NULL) == BATON_OK;
	ok &= baton_names_register("tn.capwait", &sid, 1) == BATON_OK &&
	      baton_wait(pa, &a) == BATON_OK && baton_wait(pb, &b) == BATON_OK;
	T_EXPECT(a.how == BATON_EXIT_NORMAL && b.how == BATON_EXIT_NORMAL, ok);
	T_EXPECT((a.status == 0) != (b.status == 0), ok);
	T_EXPECT_EQ(a.status + b.status, (uint64_t)-BATON_ERR_LIMIT, ok);
	t_case(ok, "names.wait.cap_limits_waiters_a_dead_one_takes_no_place");
	baton_names_unregister("tn.capwait");
}

/* names refuses to start twice: the id is taken, the one running goes on. */
static void second_instance(void)
{
	struct baton_server_id got;
	bool ok = t_run("names", NULL) == 1;

	ok &= baton_names_register("tn.second", &sid, 0) == BATON_OK &&
	      baton_names_lookup("tn.second", &got) == BATON_OK &&
	      baton_names_unregister("tn.second") == BATON_OK;
	t_case(ok, "names.second_instance_exits_the_first_serves_on");
}

/* The same from another process (kept, most likely; answered at once if it came late). */
static void wait_in_another_process(void)
{
	const char *argv[] = {"wait", "tn.elsewhere", NULL};
	struct baton_exit ex;
	uint32_t pid;
	bool ok = baton_spawn("service_client", argv, &pid) == BATON_OK;

	baton_sleep_ns(10000000);
	ok &= baton_names_register("tn.elsewhere", &sid, 0) == BATON_OK &&
	      baton_wait(pid, &ex) == BATON_OK && ex.how == BATON_EXIT_NORMAL && ex.status == 0;
	t_case(ok, "names.wait.another_process_answered_at_registration");
	baton_names_unregister("tn.elsewhere");
}

/* ---- list and the table's limit ----------------------------------------------------- */

static void list(void)
{
	const char *names[] = {"tn.one", "tn.two", "tn.three"};
	unsigned count = 0, needed = 0;
	uint32_t pid;
	bool ok = true;

	baton_self(NULL, &pid);
	for (unsigned i = 0; i < 3; i++)
		ok &= baton_names_register(names[i], &sid, i) == BATON_OK;
	ok &= baton_names_list(entries, BATON_NAMES_MAX, &count) == BATON_OK && count >= 3;
	for (unsigned i = 0; i < 3 && ok; i++) {
		const struct baton_names_entry *e = listed(names[i], count);
		T_EXPECT(e && same_id(&e->id, &sid) && e->owner == pid && e->cap == i, ok);
	}
	t_case(ok, "names.list.fits");
	ok = baton_names_list(entries, 2, &needed) == BATON_ERR_RANGE && needed == count;
	ok &= baton_names_list(entries, needed, &count) == BATON_OK && count == needed;
	t_case(ok, "names.list.too_small_range_says_how_many_then_fits");
	for (unsigned i = 0; i < 3; i++)
		baton_names_unregister(names[i]);
}

static void full(void)
{
	char name[32];
	unsigned added = 0, count = 0, failed = 0;
	long err = BATON_OK;

	while (err == BATON_OK && added <= BATON_NAMES_MAX) {
		snprintf(name, sizeof(name), "tn.fill.%u", added);
		err = baton_names_register(name, &sid, 0);
		added += err == BATON_OK;
	}
	bool ok = err == BATON_ERR_LIMIT;
	ok &= baton_names_list(entries, BATON_NAMES_MAX, &count) == BATON_OK &&
	      count == BATON_NAMES_MAX;
	t_case(ok, "names.register.full_table_limit (%u added)", added);
	for (unsigned i = 0; i < added; i++) {
		snprintf(name, sizeof(name), "tn.fill.%u", i);
		failed += baton_names_unregister(name) != BATON_OK;
	}
	t_case(failed == 0, "names.unregister.every_name_of_the_full_table");
}

/* Waits until a names serves (as the library's first connection does). */
static bool names_serving(void)
{
	uint32_t c;

	if (baton_connect(&BATON_NAMES_ID, 0, &c))
		return false;
	baton_disconnect(c);
	return true;
}

static long gone_wait_err = 1;

static void wait_through_names_end(void *arg)
{
	struct baton_server_id got;
	(void)arg;
	gone_wait_err = baton_names_wait("tn.never", &got);
}

static long bad_name_err = 1;

static void look_up_a_bad_name(void *arg)
{
	struct baton_server_id got;
	(void)arg;
	__atomic_store_n(&bad_name_err, baton_names_lookup("", &got), __ATOMIC_RELEASE);
}

/* Sleeps (bounded) until look_up_a_bad_name has its answer. */
static bool bad_name_answered(void)
{
	for (int i = 0; i < 200 && __atomic_load_n(&bad_name_err, __ATOMIC_ACQUIRE) == 1; i++)
		baton_sleep_ns(1000000);
	return __atomic_load_n(&bad_name_err, __ATOMIC_ACQUIRE) != 1;
}

/*
 * names ends and another starts (as init restarts it): the library drops
 * its dead connection and makes the call once more on the new names, which
 * knows no name; with no names running, the call fails at once.
 */
static void names_restarted(uint32_t *names_pid)
{
	struct baton_server_id got;

	t_service_stop(*names_pid);
	bool ok = baton_spawn("names", NULL, names_pid) == BATON_OK && names_serving();
	t_case(ok, "names.restart.started_again");
	t_expect_result(baton_names_lookup("tn.alpha", &got), BATON_ERR_NOENT,
			"names.restart.call_after_restart_reaches_the_new_names_noent");
	t_expect_result(baton_names_register("tn.alpha", &sid, 0), BATON_OK,
			"names.restart.register_again");
	/* A wait kept by the names that ends is asked again at once: none runs, so NOSERVER. */
	uint32_t waiter;
	bool made = baton_thread_create(wait_through_names_end, NULL, 0, BATON_PRIO_DEFAULT,
					&waiter) == BATON_OK;
	ok = made && t_wait_blocked(waiter);
	t_service_stop(*names_pid);
	*names_pid = 0;
	ok &= made && baton_thread_join(waiter, NULL) == BATON_OK;
	T_EXPECT_EQ(gone_wait_err, BATON_ERR_NOSERVER, ok);
	t_case(ok, "names.restart.wait_made_again_after_gone_noserver_with_none_running");
	t_expect_result(baton_names_lookup("tn.alpha", &got), BATON_ERR_NOSERVER,
			"names.restart.call_with_no_names_running_noserver_at_once");
	/*
	 * Not connected now, so a call would wait for names: a bad name must
	 * be refused first.  (In a thread: a wait would end only with the names
	 * started below.)
	 */
	uint32_t tid = 0;
	ok = baton_thread_create(look_up_a_bad_name, NULL, 0, BATON_PRIO_DEFAULT, &tid) ==
		     BATON_OK &&
	     bad_name_answered();
	T_EXPECT_EQ(bad_name_err, BATON_ERR_RANGE, ok);
	t_case(ok, "names.restart.bad_name_refused_without_waiting_for_names");
	ok = baton_spawn("names", NULL, names_pid) == BATON_OK && names_serving();
	baton_thread_join(tid, NULL);
	t_expect_result(ok ? baton_names_lookup("tn.alpha", &got) : BATON_ERR_NOSERVER,
			BATON_ERR_NOENT, "names.restart.next_call_connects_again");
}

int main(void)
{
	struct baton_mem_info m0;
	uint32_t names_pid;

	baton_mem_info(&m0);
	if (t_names_start(&names_pid) != BATON_OK) {
		t_case(false, "names.setup.started");
		return t_done();
	}
	register_lookup_connect();
	refusals();
	bad_names();
	cap();
	dead_servers();
	unregister();
	wait();
	wait_in_another_process();
	waiters_and_the_cap();
	second_instance();
	list();
	full();
	if (names_pid)
		names_restarted(&names_pid);
	else
		t_skip("names.restart", "names was running already");
	baton_server_destroy(server);
	baton_names_close();
	t_service_stop(names_pid);
	if (names_pid)
		t_case(t_pages_back(&m0, false), "names.every_page_back_after_names_ends");
	else
		t_skip("names.every_page_back_after_names_ends", "names was running already");
	return t_done();
}
