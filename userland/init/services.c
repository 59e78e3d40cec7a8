/*
 * services.c — starting the services and restarting those that end.  A
 * service that ends five times within 30 seconds is left stopped (a
 * crash loop would only fill the log); the log says so.
 */
#include "services.h"

#include <stdio.h>

#include "baton/console.h"
#include "baton/names.h"
#include "baton/ticktimer.h"

#define RESTARTS_MAX   5
#define WINDOW_SECONDS 30
#define READY_WAIT_MS  2000

static struct baton_mutex lock = BATON_MUTEX_INIT; /* the table: init's two threads */

static bool id_serves(struct baton_server_id id)
{
	uint32_t c;

	if (baton_connect(&id, BATON_TRY, &c))
		return false;
	baton_disconnect(c);
	return true;
}

static bool names_ready(void)
{
	return id_serves(BATON_NAMES_ID);
}

static bool console_ready(void)
{
	return id_serves(BATON_CONSOLE_ID);
}

static bool ticktimer_ready(void)
{
	return id_serves(BATON_TICKTIMER_ID);
}

static bool kv_ready(void)
{
	uint32_t c;

	if (baton_names_try_connect("kv", &c))
		return false;
	baton_disconnect(c);
	return true;
}

/* kv may hold 32 MiB of entries: one program cannot take the machine's memory through it. */
static const char *const kv_args[] = {"kv", "33554432", NULL};

static struct service table[] = {
	{.program = "names", .ready = names_ready},
	{.program = "console", .ready = console_ready},
	{.program = "ticktimer", .ready = ticktimer_ready},
	{.program = "kv", .args = kv_args, .ready = kv_ready, .named = true},
	{.program = "shell"},
};
#define COUNT (sizeof(table) / sizeof(table[0]))
#define SHELL (&table[COUNT - 1])
#define NAMES (&table[0])

static uint64_t ticks_per_second(void)
{
	struct baton_sysinfo info;

	baton_sysinfo(&info);
	return info.timebase_hz;
}

/* Polls s->ready (bounded): a service that never serves is reported, not waited for forever. */
static void await_ready(const struct service *s)
{
	for (unsigned ms = 0; s->ready && ms < READY_WAIT_MS; ms++) {
		if (s->ready())
			return;
		baton_sleep_ns(1000000);
	}
	if (s->ready)
		printf("init: %s (pid %u) did not start serving within %u ms\n", s->program,
		       (unsigned)s->pid, READY_WAIT_MS);
}

static void start(struct service *s)
{
	long err = baton_spawn(s->program, s->args, &s->pid);

	if (err) {
		s->pid = 0;
		printf("init: cannot start %s: %s\n", s->program, baton_strerror(err));
		return;
	}
	printf("init: started %s (pid %u)\n", s->program, (unsigned)s->pid);
}

void services_start_all(bool with_shell)
{
	for (unsigned i = 0; i < COUNT; i++) {
		struct service *s = &table[i];
		if (s == SHELL && !with_shell)
			continue;
		baton_mutex_lock(&lock);
		start(s);
		baton_mutex_unlock(&lock);
		if (s->pid)
			await_ready(s);
	}
}

struct service *services_find(uint32_t pid)
{
	for (unsigned i = 0; i < COUNT; i++)
		if (pid && table[i].pid == pid)
			return &table[i];
	return NULL;
}

/* Counts this end in the service's window; true if it may start again. */
static bool may_restart(struct service *s)
{
	uint64_t now = baton_rdtime();

	if (now - s->window > WINDOW_SECONDS * ticks_per_second()) {
		s->window = now;
		s->ends = 0;
	}
	return ++s->ends < RESTARTS_MAX;
}

void services_ended(struct service *s, const char *how)
{
	baton_mutex_lock(&lock);
	printf("init: %s (pid %u) %s\n", s->program, (unsigned)s->pid, how);
	s->pid = 0;
	if (may_restart(s)) {
		start(s);
		if (s->pid)
			await_ready(s); /* its clients' next call finds it serving */
	} else {
		printf("init: %s ended %u times within %u s; not starting it again\n", s->program,
		       RESTARTS_MAX, WINDOW_SECONDS);
	}
	baton_mutex_unlock(&lock);
}

bool services_is_names(const struct service *s)
{
	return s == NAMES;
}

void services_names_came_back(void)
{
	await_ready(NAMES);
	baton_mutex_lock(&lock);
	for (unsigned i = 0; i < COUNT; i++) {
		struct service *s = &table[i];
		if (!s->named || !s->pid)
			continue;
		printf("init: names came back without %s's name: ending %s, to start it again\n",
		       s->program, s->program);
		baton_kill(s->pid); /* its end reaches init's wait: started again there */
	}
	baton_mutex_unlock(&lock);
}

uint32_t services_shell_pid(void)
{
	baton_mutex_lock(&lock);
	uint32_t pid = SHELL->pid;
	baton_mutex_unlock(&lock);
	return pid;
}
