/*
 * link.h — one connection to a service, shared by every thread of a
 * process, with no lock held during a call (a call may wait long: a sleep,
 * a line typed).  The connection changes only while no call uses it: a
 * handle disconnected while another thread is about to call on it could be
 * handed out again for a connection to some other server, and that
 * thread's call would go there.  libbaton's own; the console and
 * ticktimer clients use it.
 */
#ifndef LIBBATON_LINK_H
#define LIBBATON_LINK_H

#include <stdbool.h>

#include "baton/baton.h"

struct link {
	struct baton_mutex lock;
	uint32_t conn;	/* 0: not connected */
	unsigned users; /* threads between link_acquire() and link_release() on conn */
	bool gone;	/* a call found the service gone: connect again once users is 0 */
};
#define LINK_INIT                                                                                  \
	{                                                                                          \
		BATON_MUTEX_INIT, 0, 0, false                                                      \
	}

/*
 * The connection to id, counted as used until link_release(); connects
 * (with flags: BATON_TRY or 0 to wait) if there is none.  GONE while other
 * threads still use a connection found gone.
 */
long link_acquire(struct link *l, const struct baton_server_id *id, unsigned flags, uint32_t *conn);
/* The call on the acquired connection is over with result err; passes err on. */
long link_release(struct link *l, long err);
/* Disconnects (nothing else may be calling); the next acquire connects again. */
void link_close(struct link *l);

#endif
