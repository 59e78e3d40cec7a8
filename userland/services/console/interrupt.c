/*
 * interrupt.c — ^C as a message instead of a key.  While a process has set
 * a target (the shell, while a program runs in the foreground), a ^C typed
 * on the console goes to that server as a Scalar and is not input; when
 * nobody has, or the target is gone, ^C is a key like any other (the line
 * editor's "drop the line").
 */
#include "service.h"

#define CTRL_C 0x03

static void drop(struct interrupt_target *t)
{
	if (t->conn)
		baton_disconnect(t->conn);
	t->conn = 0;
}

static bool cleared(const struct baton_server_id *id)
{
	return id->lo == 0 && id->hi == 0;
}

long console_set_interrupt(struct console *c, uint32_t pid, const struct baton_server_id *id)
{
	struct interrupt_target *t = &c->interrupt;
	struct baton_server_info info;
	uint32_t conn;
	long err;

	/* The holder, while it lives, is the only one to change it. */
	if (t->conn && t->pid != pid && baton_process_alive(t->pid))
		return cleared(id) ? BATON_ERR_PERM : BATON_ERR_INUSE;
	if (cleared(id)) {
		drop(t);
		return BATON_OK;
	}
	if ((err = baton_server_info(id, &info)))
		return err;
	if (info.owner != pid)
		return BATON_ERR_PERM; /* ^C goes only to a server of the one who asks */
	if ((err = baton_connect(id, BATON_TRY, &conn)))
		return err;
	drop(t);
	*t = (struct interrupt_target){.conn = conn, .pid = pid};
	return BATON_OK;
}

bool console_interrupt_key(struct console *c, char key)
{
	struct interrupt_target *t = &c->interrupt;

	if (key != CTRL_C || !t->conn)
		return false;
	uint64_t w[4] = {++t->count};
	long err = baton_scalar(t->conn, BATON_CONSOLE_INTERRUPT, w, BATON_TRY);
	if (err == BATON_ERR_GONE) {
		drop(t); /* the target's server ended: the key is input again */
		return false;
	}
	/*
	 * Sent, or its queue is full (one ^C waiting is as good as two).  As a
	 * terminal does, what was typed for the interrupted program and not
	 * yet read goes with it, and so does a line half edited.
	 */
	ring_drop_all(&c->rx);
	line_reset(&c->editor);
	return true;
}
