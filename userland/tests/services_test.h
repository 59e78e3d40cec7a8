/* services_test.h — for the service tests: start names and kv unless they run, stop ours after. */
#ifndef BATON_TESTS_SERVICES_TEST_H
#define BATON_TESTS_SERVICES_TEST_H

#include "baton/kv.h"
#include "baton/names.h"
#include "ipc_test.h"

/*
 * Starts names unless one runs (init may have started it at boot: then it
 * is used and left alone).  *pid: the one started, or 0.  Returns once
 * names serves.
 */
static inline long t_names_start(uint32_t *pid)
{
	struct baton_server_info info;

	*pid = 0;
	if (baton_server_info(&BATON_NAMES_ID, &info) == BATON_OK)
		return baton_names_open(0);
	long err = baton_spawn("names", NULL, pid);
	return err ? err : baton_names_open(0); /* CONNECT waits until it serves */
}

/* Starts `kv name [budget]` unless name is registered already; *pid as for names. */
static inline long t_kv_start(const char *name, const char *budget, uint32_t *pid)
{
	const char *argv[] = {name, budget, NULL};
	struct baton_server_id id;

	*pid = 0;
	if (baton_names_lookup(name, &id) == BATON_OK)
		return BATON_OK;
	return baton_spawn("kv", argv, pid); /* clients wait for the name (baton_names_wait) */
}

/* Ends a service this test started (pid 0: not ours, left running). */
static inline void t_service_stop(uint32_t pid)
{
	if (!pid)
		return;
	baton_kill(pid);
	baton_wait(pid, NULL);
}

/* Runs `service_client ARGS...` and returns its exit status, or 1000 + -error if it failed. */
static inline long t_client(const char *const argv[])
{
	return t_run("service_client", argv);
}

/*
 * A kv client's work, in a thread or a process of its own: rounds of put,
 * get and check on keys of its own ("w<seed>.<n>") with values of 1..6000
 * bytes, then delete.  Returns how many results were wrong.
 */
static inline unsigned t_kv_work(unsigned seed, unsigned rounds)
{
	static const size_t sizes[] = {1, 17, 4096, 6000, 333};
	uint8_t value[6000], back[6000];
	unsigned wrong = 0;
	char key[32];

	for (unsigned i = 0; i < rounds; i++) {
		size_t len = sizes[(seed + i) % 5], got = 0;
		snprintf(key, sizeof(key), "w%u.%u", seed, i % 4);
		t_fill(value, len, seed * 1000 + i);
		wrong += baton_kv_put(key, value, len) != BATON_OK;
		wrong += baton_kv_get(key, back, sizeof(back), &got) != BATON_OK || got != len ||
			 !t_pattern(back, len, seed * 1000 + i);
	}
	for (unsigned i = 0; i < 4 && i < rounds; i++) {
		snprintf(key, sizeof(key), "w%u.%u", seed, i);
		wrong += baton_kv_delete(key) != BATON_OK;
	}
	return wrong;
}

#endif
