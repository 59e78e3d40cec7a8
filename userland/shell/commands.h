/*
 * commands.h — the shell's commands.  Each takes its words (argv[0] is the
 * command) and prints its result; on failure it prints one line, "what:
 * why", and returns nonzero.
 */
#ifndef SHELL_COMMANDS_H
#define SHELL_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>

#include "baton/baton.h"

struct command {
	const char *name;
	const char *usage;
	const char *what;
	int (*run)(int argc, char **argv);
};

/* Runs argv[0]; "unknown command" if there is none by that name. */
int command_run(int argc, char **argv);
/* The error line: "<what>: <why>" with the error's text. */
int command_fail(const char *what, long err);
int command_usage(const char *name);
/* How a program ended, in one line ("P (pid N): exit status S"); a status 0 only if always. */
void command_report_end(const char *program, uint32_t pid, const struct baton_exit *ex,
			bool always);
/* A whole decimal number no larger than max. */
bool command_number(const char *s, uint64_t max, uint64_t *out);

/* cmd_system.c */
int cmd_ps(int argc, char **argv);
int cmd_mem(int argc, char **argv);
int cmd_servers(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_shutdown(int argc, char **argv);

/* cmd_services.c */
int cmd_kv(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_sleep(int argc, char **argv);
int cmd_echo(int argc, char **argv);

#endif
