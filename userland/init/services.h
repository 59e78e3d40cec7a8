/*
 * services.h — what init starts and keeps running: the services in the
 * order they depend on each other, then the shell (or, with a command on
 * init's command line, that command instead).
 */
#ifndef INIT_SERVICES_H
#define INIT_SERVICES_H

#include <stdbool.h>
#include <stdint.h>

#include "baton/baton.h"

/* A service that ends this many times within SERVICE_WINDOW_SECONDS is left stopped. */
#define SERVICE_RESTARTS_MAX   5
#define SERVICE_WINDOW_SECONDS 30

struct service {
	const char *program;
	const char *const *args; /* its arguments (NULL: none) */
	/* It serves once a connection to id, or to name through names, is made (neither: started). */
	const struct baton_server_id *id;
	const char *name; /* the name it registers: lost when names ends */
	uint32_t pid;	  /* 0 while not running */
	/* When it ended the last SERVICE_RESTARTS_MAX - 1 times (timebase ticks; 0: not yet). */
	uint64_t ended[SERVICE_RESTARTS_MAX - 1];
	unsigned oldest; /* the index in ended of the earliest: where the next end goes */
};

/* Starts every service in order, each once the one before serves; not the shell. */
void services_start_all(void);
/* Starts the shell (after the control server is registered: its first `shutdown` finds "init"). */
void services_start_shell(void);
/* The service that was process pid (NULL if none). */
struct service *services_find(uint32_t pid);
/* A service ended: says so, and starts it again unless it keeps failing. */
void services_ended(struct service *s, const char *how);
/*
 * names came back after it ended, empty: the services that had registered
 * a name are ended, so that init starts them again and they register anew.
 */
void services_names_came_back(void);
/* True if s is the name service. */
bool services_is_names(const struct service *s);
/* The shell's pid now (0: none), for the control server's check. */
uint32_t services_shell_pid(void);

#endif
