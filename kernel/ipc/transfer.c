/* transfer.c — the pages of Send, Lend and MutableLend: checked, locked or moved, mapped into
 * the server's message window, and given back. */
#include "baton/errors.h"
#include "baton/layout.h"
#include "baton/syscall.h"
#include "ipc/internal.h"
#include "lib/compiler.h"
#include "mm/frame.h"
#include "proc/process.h"

#define PAGE 4096ul
#define MEGA BATON_MEGAPAGE

/*
 * Every step before the first change is a check, and every change is undone
 * if a later one fails, so a transfer that fails on page 7 of 10 leaves the
 * caller's pages exactly as they were (DESIGN §6).
 */

/* The message p is serving whose buffer (in p's window) holds [va, va+len). */
static struct message *served_buffer(struct process *p, uintptr_t va, uint64_t len)
{
	list_for_each(spos, &p->servers)
	{
		struct server *s = list_entry(spos, struct server, owner_link);
		list_for_each(mpos, &s->serving)
		{
			struct message *m = list_entry(mpos, struct message, link);
			if (kind_has_memory(m->kind) && !m->orphaned && va >= m->w[0] &&
			    va - m->w[0] < m->w[1] && len <= m->w[1] - (va - m->w[0]))
				return m;
		}
	}
	return NULL;
}

static bool overlaps(const struct message *m, uintptr_t va, uint64_t len)
{
	return kind_has_memory(m->kind) && va < m->w[0] + m->w[1] && m->w[0] < va + len;
}

static bool list_overlaps(struct list *messages, uintptr_t va, uint64_t len)
{
	list_for_each(pos, messages) if (overlaps(list_entry(pos, struct message, link), va,
						  len)) return true;
	return false;
}

bool ipc_window_busy(struct process *p, uintptr_t va, uint64_t len)
{
	list_for_each(pos, &p->servers)
	{
		struct server *s = list_entry(pos, struct server, owner_link);
		if (list_overlaps(&s->serving, va, len) || list_overlaps(&s->queue, va, len))
			return true;
	}
	return false;
}

/* A page-table verdict as the error a caller sees. */
static int pt_error(int err)
{
	switch (err) {
	case PT_ERR_LENT:
		return BATON_ERR_LENT;
	case PT_ERR_PERM:
		return BATON_ERR_PERM; /* a read-only page cannot be lent mutably */
	case PT_ERR_NOTOWNER:
		return BATON_ERR_NOTOWNER; /* not the caller's, or device registers */
	case PT_ERR_NOMEM:
		return BATON_ERR_NOMEM;
	default:
		return BATON_ERR_FAULT;
	}
}

/*
 * All the checks, no change: the range, then every leaf.  *parent: the
 * message forwarded from.  Then, if a huge leaf crosses an edge, it is
 * split (translations unchanged) so that the range moves leaf by leaf.
 */
static ALWAYS_INLINE int check(struct process *caller, uintptr_t va, uint64_t len, uint8_t kind,
			       struct message **parent, bool *in_window)
{
	bool straddles;

	if ((va | len) & (PAGE - 1))
		return BATON_ERR_ALIGN;
	if (len == 0 || len > BATON_WINDOW_END - BATON_WINDOW_BASE)
		return BATON_ERR_RANGE;
	if (va >= BATON_USER_END || len > BATON_USER_END - va)
		return BATON_ERR_FAULT;
	*in_window = vm_area_holds(&caller->vm.window, va, len);
	*parent = *in_window ? served_buffer(caller, va, len) : NULL;
	if (*parent && kind == BATON_KIND_SEND)
		return BATON_ERR_NOTOWNER; /* lent pages cannot be given away */
	int err = pt_lend_check(&caller->vm.pt, va, len, kind == BATON_KIND_MUTABLE_LEND,
				*parent != NULL, caller->pid, &straddles);
	if (err)
		return pt_error(err);
	if (straddles && (vm_split_at(&caller->vm, va) || vm_split_at(&caller->vm, va + len)))
		return BATON_ERR_NOMEM;
	return BATON_OK;
}

/* Frees the frames behind a leaf, block by block (a dead caller's pages). */
static void free_frames(paddr_t pa, uint64_t size)
{
	for (uint64_t off = 0; off < size;) {
		struct frame *f = frame_of(pa + off);
		uint64_t pages = (f->flags & FRAME_HEAD) ? 1ull << f->order : 1;
		if (f->flags & FRAME_HEAD)
			frame_free(pa + off, f->order);
		off += pages * PAGE;
	}
}

/*
 * After [va, va+len) of vm changed: the whole ASID if tables were added or
 * freed too, since per-address fences skip non-leaf entries (vm.c).
 */
static void flush(struct vm *vm, uintptr_t va, uint64_t len, bool tables_changed)
{
	if (tables_changed)
		vm_flush_all(vm);
	else
		vm_flush(vm, va, len);
}

static int window_for(struct process *server, uintptr_t va, uint64_t len, uintptr_t *win)
{
	uint64_t align = len >= MEGA && !(va & (MEGA - 1)) ? MEGA : PAGE;

	return vm_window_take(&server->vm, len, align, win) ? BATON_ERR_NOMEM : BATON_OK;
}

/* Pages lent now, read-only and writable: kept for KERNEL_CONTROL (tests check they return). */
static uint64_t lent_pages[2];

uint64_t transfer_lent_pages(bool mutable_lend)
{
	return lent_pages[mutable_lend];
}

/*
 * The caller's pages mapped into a range of the server's window taken for
 * them too (the caller's side is the kind's to change); undone on error.
 */
static ALWAYS_INLINE int map_into(struct process *caller, uintptr_t va, uint64_t len,
				  enum pt_lend_mode mode, struct process *server, uintptr_t *win,
				  bool *new_tables)
{
	int err = window_for(server, va, len, win);

	if (err)
		return err;
	err = pt_lend_map(&caller->vm.pt, va, len, mode, &server->vm.pt, *win, new_tables);
	if (err) {
		vm_window_release(&server->vm, *win, len);
		flush(&server->vm, *win, len, *new_tables);
		return pt_error(err);
	}
	return BATON_OK;
}

int transfer_lend(struct message *m, struct process *caller, uintptr_t va, uint64_t len,
		  bool mutable_lend, struct process *server)
{
	uint8_t kind = mutable_lend ? BATON_KIND_MUTABLE_LEND : BATON_KIND_LEND;
	struct message *parent;
	uintptr_t win;
	bool new_tables, in_window;
	int err = check(caller, va, len, kind, &parent, &in_window);

	if (!err)
		err = map_into(caller, va, len, mutable_lend ? PT_LEND_RW : PT_LEND_RO, server,
			       &win, &new_tables);
	if (err)
		return err;
	lent_pages[mutable_lend] += len / PAGE;
	vm_flush(&caller->vm, va, len);
	flush(&server->vm, win, len, new_tables);
	m->caller_va = va;
	m->w[0] = win;
	m->w[1] = len;
	m->parent = parent;
	if (parent)
		list_add_tail(&parent->children, &m->child_link);
	return BATON_OK;
}

/* Pages back to the caller (or freed), unmapped from the server; the window range stays taken. */
static void give_back(struct message *m)
{
	struct process *server = m->server->owner, *caller = m->caller_proc;
	uintptr_t win = m->w[0];
	uint64_t len = m->w[1];
	struct pt_leaf leaf;

	for (uint64_t off = 0; !caller && !m->parent && off < len; off += leaf.size) {
		pt_get_leaf(&server->vm.pt, win + off, &leaf);
		free_frames(leaf.pa, leaf.size); /* the caller died: nobody owns them now */
	}
	pt_lend_unmap(caller ? &caller->vm.pt : NULL, m->caller_va, len, &server->vm.pt, win);
	lent_pages[m->kind == BATON_KIND_MUTABLE_LEND] -= len / PAGE;
	vm_flush(&server->vm, win, len);
	if (caller)
		vm_flush(&caller->vm, m->caller_va, len);
}

void transfer_orphan(struct message *m)
{
	list_remove(&m->child_link);
	give_back(m);
	m->orphaned = true;
}

void transfer_return(struct message *m)
{
	list_remove(&m->child_link);
	if (!m->orphaned)
		give_back(m);
	vm_window_release(&m->server->owner->vm, m->w[0], m->w[1]);
}

int transfer_send(struct message *m, struct process *caller, uintptr_t va, uint64_t len,
		  struct process *server)
{
	struct message *parent;
	uintptr_t win;
	bool new_tables, from_window, made = false;
	int err = check(caller, va, len, BATON_KIND_SEND, &parent, &from_window);

	/*
	 * Pages received earlier and sent on leave the caller's window, whose
	 * range may be cut in two: its record is had now, before anything moves
	 * (and let go again if the send fails, so that a failure leaves nothing).
	 */
	if (!err && from_window)
		err = vm_area_prepare_release(&caller->vm.window, va, len, &made);
	/* Into the server first: until the caller's side goes, all can still be undone. */
	if (!err && (err = map_into(caller, va, len, PT_SEND, server, &win, &new_tables)))
		vm_area_cancel_release(&caller->vm.window, made);
	if (err)
		return err;
	bool freed_tables = pt_send_clear(&caller->vm.pt, va, len, server->pid, from_window);
	if (from_window)
		vm_window_release(&caller->vm, va, len); /* prepared above: cannot fail */
	caller->vm.pages -= len / PAGE;
	server->vm.pages += len / PAGE;
	flush(&caller->vm, va, len, freed_tables);
	flush(&server->vm, win, len, new_tables);
	m->w[0] = win;
	m->w[1] = len;
	return BATON_OK;
}

void transfer_drop(struct message *m)
{
	struct process *server = m->server->owner;
	uintptr_t win = m->w[0];
	uint64_t len = m->w[1];
	struct pt_leaf leaf;

	for (uint64_t off = 0; off < len; off += leaf.size) {
		pt_get_leaf(&server->vm.pt, win + off, &leaf);
		free_frames(leaf.pa, leaf.size);
	}
	pt_lend_unmap(NULL, 0, len, &server->vm.pt, win);
	server->vm.pages -= len / PAGE;
	vm_window_release(&server->vm, win, len);
	vm_flush(&server->vm, win, len);
}
