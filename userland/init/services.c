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

#define READY_WAIT_MS 2000

static struct baton_mutex lock = BATON_MUTEX_INIT; /* the table: init's two threads */

/* kv may hold 32 MiB of entries: one program cannot take the machine's memory through it. */
static const char *const kv_args[] = {"kv", "33554432", NULL};

static struct service table[] = {
	{.program = "names", .id = &BATON_NAMES_ID},
	{.program = "console", .id = &BATON_CONSOLE_ID},
	{.program = "ticktimer", .id = &BATON_TICKTIMER_ID},
	{.program = "kv", .args = kv_args, .name = "kv"},
	{.program = "shell"},
};
#define COUNT (sizeof(table) / sizeof(table[0]))
#define SHELL (&table[COUNT - 1])
#define NAMES (&table[0])

static bool serving(const struct service *s)
{
	uint32_t c;
	long err =
		s->id ? baton_connect(s->id, BATON_TRY, &c) : baton_names_try_connect(s->name, &c);

	if (err)
		return false;
	baton_disconnect(c);
	return true;
}

/* Polls (bounded): a service that never serves is reported, not waited for forever. */
static void await_ready(const struct service *s)
{
	bool known = s->id || s->name;

	for (unsigned ms = 0; known && ms < READY_WAIT_MS; ms++) {
		if (serving(s))
			return;
		baton_sleep_ns(1000000);
	}
	if (known)
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

void services_start_all(void)
{
	for (unsigned i = 0; i < COUNT; i++) {
		struct service *s = &table[i];
		if (s == SHELL)
			continue; /* services_start_shell(), once "init" is registered */
		baton_mutex_lock(&lock);
		start(s);
		baton_mutex_unlock(&lock);
		if (s->pid)
			await_ready(s);
	}
}

void services_start_shell(void)
{
	baton_mutex_lock(&lock);
	start(SHELL); /* ready once started: nothing to wait for */
	baton_mutex_unlock(&lock);
}

struct service *services_find(uint32_t pid)
{
	for (unsigned i = 0; i < COUNT; i++)
		if (pid && table[i].pid == pid)
			return &table[i];
	return NULL;
}

/*
 * True if the service may start again: not if this is its fifth end within
 * the last 30 s, counted back from now.  (The window slides: one that
 * started afresh every 30 s would let ends on both sides of its edge go
 * uncounted together.)  The times of the four ends before this one are kept.
 */
static bool may_restart(struct service *s)
{
	uint64_t now = baton_rdtime(), *oldest = &s->ended[s->oldest];

	if (*oldest && now - *oldest <= SERVICE_WINDOW_SECONDS * baton_timebase_hz())
		return false;
	*oldest = now; /* the newest now; the next one is the oldest */
	s->oldest = (s->oldest + 1) % (SERVICE_RESTARTS_MAX - 1);
	return true;
}

void services_ended(struct service *s, const char *how)
{
	bool again;

	baton_mutex_lock(&lock);
	printf("init: %s (pid %u) %s\n", s->program, (unsigned)s->pid, how);
	s->pid = 0;
	again = may_restart(s);
	if (again)
		start(s);
	else
		printf("init: %s ended %u times within %u s; not starting it again\n", s->program,
		       SERVICE_RESTARTS_MAX, SERVICE_WINDOW_SECONDS);
	baton_mutex_unlock(&lock);
	if (again && s->pid)	/* unlocked: the control server answers meanwhile */
		await_ready(s); /* its clients' next call finds it serving */
}

bool services_is_names(const struct service *s)
{
	return s == NAMES;
}

void services_names_came_back(void)
{
	baton_mutex_lock(&lock);
	for (unsigned i = 0; i < COUNT; i++) {
		struct service *s = &table[i];
		if (!s->name || !s->pid)
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
