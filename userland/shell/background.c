/* background.c — waiting for the programs run in the background (background.h). */
#include "background.h"

#include <stdio.h>

#include "baton/baton.h"
#include "commands.h"

struct watch {
	uint32_t pid, tid; /* pid 0: a free slot */
	bool ended;	   /* set by the waiter as its last act: join it */
	char program[BATON_NAME_MAX + 1];
};

static struct watch watches[BACKGROUND_MAX];

static void wait_for_end(void *arg)
{
	struct watch *w = arg;
	struct baton_exit ex;

	if (baton_wait(w->pid, &ex) == BATON_OK)
		command_report_end(w->program, w->pid, &ex, true);
	fflush(stdout);
	__atomic_store_n(&w->ended, true, __ATOMIC_RELEASE);
}

bool background_room(void)
{
	bool room = false;

	for (unsigned i = 0; i < BACKGROUND_MAX; i++) {
		struct watch *w = &watches[i];
		if (w->pid && __atomic_load_n(&w->ended, __ATOMIC_ACQUIRE)) {
			baton_thread_join(w->tid, NULL); /* its stack goes back */
			w->pid = 0;
		}
		room |= w->pid == 0;
	}
	return room;
}

long background_watch(const char *program, uint32_t pid)
{
	struct watch *w = watches;
	long err;

	while (w < watches + BACKGROUND_MAX && w->pid)
		w++;
	if (w == watches + BACKGROUND_MAX)
		err = BATON_ERR_LIMIT; /* background_room() said otherwise: not expected */
	else {
		*w = (struct watch){.pid = pid};
		snprintf(w->program, sizeof(w->program), "%s", program);
		err = baton_thread_create(wait_for_end, w, 0, BATON_PRIO_DEFAULT, &w->tid);
		if (err)
			w->pid = 0;
	}
	if (err) {
		baton_kill(pid);
		baton_wait(pid, NULL);
	}
	return err;
}
