/* waiters.h — `wait` calls for names not registered yet, kept and answered at registration. */
#ifndef BATON_NAMES_WAITERS_H
#define BATON_NAMES_WAITERS_H

#include "registry.h"

/* Keeps the message (a MutableLend of a baton_names_request); LIMIT if 64 are kept already. */
long waiters_add(const struct baton_envelope *e);
/* Answers every kept call waiting for n's name: the id, or LIMIT if n's cap refuses it. */
void waiters_wake(struct name *n);

#endif
