/* link.c — a service connection shared by threads (link.h). */
#include "link.h"

/* Under the lock: a gone connection nobody uses any more is closed. */
static void retire_if_unused(struct link *l)
{
	if (l->conn && l->gone && l->users == 0) {
		baton_disconnect(l->conn);
		l->conn = 0;
		l->gone = false;
	}
}

/* Connecting happens outside the lock: it may wait, and others must not wait behind it. */
long link_acquire(struct link *l, const struct baton_server_id *id, unsigned flags, uint32_t *conn)
{
	uint32_t fresh = 0;
	long err = BATON_OK;

	baton_mutex_lock(&l->lock);
	for (;;) {
		retire_if_unused(l);
		if (l->conn && l->gone) { /* others are still in calls on it */
			err = BATON_ERR_GONE;
			break;
		}
		if (l->conn) {
			l->users++;
			*conn = l->conn;
			break;
		}
		if (fresh) {
			l->conn = fresh;
			fresh = 0;
			continue;
		}
		baton_mutex_unlock(&l->lock);
		err = baton_connect(id, flags, &fresh);
		baton_mutex_lock(&l->lock);
		if (err)
			break;
	}
	baton_mutex_unlock(&l->lock);
	if (fresh) /* another thread connected first */
		baton_disconnect(fresh);
	return err;
}

long link_release(struct link *l, long err)
{
	baton_mutex_lock(&l->lock);
	l->users--;
	if (err == BATON_ERR_GONE)
		l->gone = true;
	retire_if_unused(l);
	baton_mutex_unlock(&l->lock);
	return err;
}

void link_close(struct link *l)
{
	baton_mutex_lock(&l->lock);
	if (l->conn)
		baton_disconnect(l->conn);
	l->conn = 0;
	l->gone = false;
	baton_mutex_unlock(&l->lock);
}
