/* waiters.c — `wait` calls kept until their name is registered (the RPC layer's "answer later"). */
#include <string.h>

#include "waiters.h"

/* A kept message: its envelope has the token and, in w[0], the request in our window. */
static struct baton_envelope kept[BATON_NAMES_WAITERS];

static struct baton_names_request *request(const struct baton_envelope *e)
{
	return (struct baton_names_request *)e->w[0];
}

long waiters_add(const struct baton_envelope *e)
{
	return baton_rpc_keep(kept, BATON_NAMES_WAITERS, e);
}

static void answer(struct baton_envelope *w, struct name *n)
{
	struct baton_rpc_none none = {0};
	/* A caller that ended must not take a place under the cap. */
	long err = baton_process_alive(w->pid) ? registry_admit(n, w->pid) : BATON_ERR_GONE;

	if (err == BATON_OK) {
		request(w)->id = n->id;
		baton_rpc_answer_memory(w->token, &none, sizeof(none));
	} else {
		baton_rpc_answer_error(w, err);
	}
	w->token = 0;
}

void waiters_wake(struct name *n)
{
	for (unsigned i = 0; i < BATON_NAMES_WAITERS; i++)
		if (kept[i].token && strcmp(request(&kept[i])->name, n->name) == 0)
			answer(&kept[i], n);
}
