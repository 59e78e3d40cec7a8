/* transfer.c — the pages of Send, Lend and MutableLend: checked, locked or moved, mapped into
 * the server's message window, and given back. */
#include "baton/errors.h"
#include "baton/layout.h"
#include "baton/syscall.h"
#include "ipc/internal.h"
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

/* One leaf of the caller's buffer: may it go in a message of this kind? */
static int check_leaf(struct process *caller, const struct pt_leaf *leaf, uint8_t kind,
		      bool borrowed)
{
	const struct frame *f = frame_of(leaf->pa);

	if (!(leaf->perm & PERM_USER))
		return BATON_ERR_FAULT;
	if (leaf->perm & PERM_LENT)
		return BATON_ERR_LENT;
	if (!(leaf->perm & PERM_R) || (kind == BATON_KIND_MUTABLE_LEND && !(leaf->perm & PERM_W)))
		return BATON_ERR_PERM; /* a read-only page cannot be lent mutably */
	if (!f)
		return BATON_ERR_NOTOWNER; /* device registers are not memory to lend */
	if (!borrowed && (f->state != FRAME_USER || f->owner != caller->pid))
		return BATON_ERR_NOTOWNER;
	return BATON_OK;
}

/* All the checks, no change: the range, then every leaf.  *parent: the message forwarded from. */
static int check(struct process *caller, uintptr_t va, uint64_t len, uint8_t kind,
		 struct message **parent)
{
	struct pt_leaf leaf;

	if ((va | len) & (PAGE - 1))
		return BATON_ERR_ALIGN;
	if (len == 0 || len > BATON_WINDOW_END - BATON_WINDOW_BASE)
		return BATON_ERR_RANGE;
	if (va >= BATON_USER_END || len > BATON_USER_END - va)
		return BATON_ERR_FAULT;
	*parent =
		vm_area_holds(&caller->vm.window, va, len) ? served_buffer(caller, va, len) : NULL;
	if (*parent && kind == BATON_KIND_SEND)
		return BATON_ERR_NOTOWNER; /* lent pages cannot be given away */
	for (uintptr_t at = va; at - va < len; at = (at & ~(leaf.size - 1)) + leaf.size) {
		if (pt_get_leaf(&caller->vm.pt, at, &leaf))
			return BATON_ERR_FAULT;
		int err = check_leaf(caller, &leaf, kind, *parent != NULL);
		if (err)
			return err;
	}
	return BATON_OK;
}

static int split_edges(struct vm *vm, uintptr_t va, uint64_t len)
{
	if (vm_split_at(vm, va) || vm_split_at(vm, va + len))
		return BATON_ERR_NOMEM;
	return BATON_OK;
}

static unsigned map_flags(uint64_t size, uintptr_t va, paddr_t pa)
{
	return size > PAGE && !((va | pa) & (size - 1)) ? MAP_HUGE : 0;
}

/* Sets the state of every page behind a leaf (the caller's own pages only). */
static void set_frames(paddr_t pa, uint64_t size, enum frame_state state, uint32_t owner)
{
	frame_retag(pa, size / PAGE, state, owner);
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

/* Undoes the first `done` bytes of a lend: caller marks off, server mappings gone. */
static void unlend(struct process *caller, uintptr_t va, struct process *server, uintptr_t win,
		   uint64_t done)
{
	struct pt_leaf leaf;

	for (uint64_t off = 0; off < done; off += leaf.size) {
		pt_get_leaf(&server->vm.pt, win + off, &leaf);
		pt_lend_unmark(&caller->vm.pt, va + off);
	}
	if (done)
		pt_unmap(&server->vm.pt, win, done, NULL);
}

static int window_for(struct process *server, uintptr_t va, uint64_t len, uintptr_t *win)
{
	uint64_t align = len >= MEGA && !(va & (MEGA - 1)) ? MEGA : PAGE;

	return vm_window_take(&server->vm, len, align, win) ? BATON_ERR_NOMEM : BATON_OK;
}

int transfer_lend(struct message *m, struct process *caller, uintptr_t va, uint64_t len,
		  bool mutable_lend, struct process *server)
{
	unsigned perm = PERM_R | PERM_USER | (mutable_lend ? PERM_W : 0);
	uint8_t kind = mutable_lend ? BATON_KIND_MUTABLE_LEND : BATON_KIND_LEND;
	struct message *parent;
	struct pt_leaf leaf;
	uintptr_t win;
	uint64_t off;
	int err = check(caller, va, len, kind, &parent);

	if (!err)
		err = split_edges(&caller->vm, va, len);
	if (!err)
		err = window_for(server, va, len, &win);
	if (err)
		return err;
	for (off = 0; off < len; off += leaf.size) {
		pt_get_leaf(&caller->vm.pt, va + off, &leaf);
		pt_lend_mark(&caller->vm.pt, va + off, mutable_lend);
		if (pt_map(&server->vm.pt, win + off, leaf.pa, leaf.size, perm,
			   map_flags(leaf.size, win + off, leaf.pa))) {
			pt_lend_unmark(&caller->vm.pt, va + off);
			unlend(caller, va, server, win, off);
			vm_window_release(&server->vm, win, len);
			vm_flush_all(&server->vm);
			vm_flush(&caller->vm, va, len);
			return BATON_ERR_NOMEM;
		}
	}
	for (off = 0; !parent && off < len; off += leaf.size) {
		pt_get_leaf(&caller->vm.pt, va + off, &leaf);
		set_frames(leaf.pa, leaf.size, mutable_lend ? FRAME_LENT_RW : FRAME_LENT_RO,
			   caller->pid);
	}
	vm_flush(&caller->vm, va, len);
	vm_flush_all(&server->vm);
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

	for (uint64_t off = 0; off < len; off += leaf.size) {
		pt_get_leaf(&server->vm.pt, win + off, &leaf);
		if (caller) {
			pt_lend_unmark(&caller->vm.pt, m->caller_va + off);
			if (!m->parent)
				set_frames(leaf.pa, leaf.size, FRAME_USER, caller->pid);
		} else if (!m->parent) {
			free_frames(leaf.pa, leaf.size); /* the caller died: nobody owns them now */
		}
	}
	pt_unmap(&server->vm.pt, win, len, NULL);
	vm_flush_all(&server->vm);
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
	struct pt_leaf leaf;
	uintptr_t win;
	uint64_t off;
	int err = check(caller, va, len, BATON_KIND_SEND, &parent);

	if (!err)
		err = split_edges(&caller->vm, va, len);
	if (!err)
		err = window_for(server, va, len, &win);
	if (err)
		return err;
	/* Map into the server first: until the caller's side goes, all can still be undone. */
	for (off = 0; off < len; off += leaf.size) {
		pt_get_leaf(&caller->vm.pt, va + off, &leaf);
		unsigned perm = PERM_R | PERM_USER | (leaf.perm & PERM_W);
		if (pt_map(&server->vm.pt, win + off, leaf.pa, leaf.size, perm,
			   map_flags(leaf.size, win + off, leaf.pa))) {
			if (off)
				pt_unmap(&server->vm.pt, win, off, NULL);
			vm_window_release(&server->vm, win, len);
			vm_flush_all(&server->vm);
			return BATON_ERR_NOMEM;
		}
	}
	for (off = 0; off < len; off += leaf.size) {
		pt_get_leaf(&server->vm.pt, win + off, &leaf);
		set_frames(leaf.pa, leaf.size, FRAME_USER, server->pid);
	}
	pt_unmap(&caller->vm.pt, va, len, NULL);
	caller->vm.pages -= len / PAGE;
	server->vm.pages += len / PAGE;
	vm_flush_all(&caller->vm);
	vm_flush_all(&server->vm);
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
	pt_unmap(&server->vm.pt, win, len, NULL);
	server->vm.pages -= len / PAGE;
	vm_window_release(&server->vm, win, len);
	vm_flush_all(&server->vm);
}
