/* list.h — intrusive doubly linked lists (circular, with a head node). */
#ifndef BATON_LIB_LIST_H
#define BATON_LIB_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
	struct list *next;
	struct list *prev;
};

#define LIST_INIT(name)                                                                            \
	{                                                                                          \
		&(name), &(name)                                                                   \
	}
#define list_entry(node, type, member) ((type *)((char *)(node)-offsetof(type, member)))
#define list_for_each(pos, head)                                                                   \
	for (struct list *pos = (head)->next; pos != (head); pos = pos->next)
/* Safe against removing pos inside the loop. */
#define list_for_each_safe(pos, tmp, head)                                                         \
	for (struct list *pos = (head)->next, *tmp = pos->next; pos != (head);                     \
	     pos = tmp, tmp = pos->next)

static inline void list_init(struct list *l)
{
	l->next = l->prev = l;
}

static inline bool list_empty(const struct list *l)
{
	return l->next == l;
}

static inline void list_insert_between(struct list *n, struct list *prev, struct list *next)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

static inline void list_add_tail(struct list *head, struct list *n)
{
	list_insert_between(n, head->prev, head);
}

static inline void list_add_head(struct list *head, struct list *n)
{
	list_insert_between(n, head, head->next);
}

/* Unlinks n and leaves it pointing at itself, so a second remove is harmless. */
static inline void list_remove(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_init(n);
}

#endif
