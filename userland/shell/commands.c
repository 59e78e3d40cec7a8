/* commands.c — the command table, help, and the one-line error. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "baton/baton.h"

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{"help", "help", "this list", cmd_help},
	{"echo", "echo WORDS...", "print the words", cmd_echo},
	{"ps", "ps", "processes: pid, parent, state, threads, priority, CPU time, name", cmd_ps},
	{"mem", "mem", "memory: free, total, the kernel's objects", cmd_mem},
	{"servers", "servers", "servers: the well-known ones and every registered name",
	 cmd_servers},
	{"kv", "kv get KEY | put KEY VALUE... | del KEY | ls", "the key-value store", cmd_kv},
	{"uptime", "uptime", "time since boot (ticktimer)", cmd_uptime},
	{"sleep", "sleep MS", "wait MS milliseconds (ticktimer)", cmd_sleep},
	{"run", "run PROGRAM [ARGS...] [&]", "start a program; wait for it unless &", cmd_run},
	{"kill", "kill PID", "end a process", cmd_kill},
	{"shutdown", "shutdown", "power the machine off", cmd_shutdown},
};
#define COUNT (sizeof(commands) / sizeof(commands[0]))

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (unsigned i = 0; i < COUNT; i++)
		printf("  %-46s %s\n", commands[i].usage, commands[i].what);
	printf("  keys: left/right, home/end, up/down for history, ^U erases, ^C drops the line\n"
	       "  ^C while run waits for a program: ends the program\n");
	return 0;
}

int command_fail(const char *what, long err)
{
	printf("%s: %s\n", what, baton_strerror(err));
	return 1;
}

int command_usage(const char *name)
{
	for (unsigned i = 0; i < COUNT; i++)
		if (strcmp(commands[i].name, name) == 0)
			printf("usage: %s\n", commands[i].usage);
	return 1;
}

bool command_number(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t n = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*out = n;
	return true;
}

int command_run(int argc, char **argv)
{
	for (unsigned i = 0; i < COUNT; i++)
		if (strcmp(commands[i].name, argv[0]) == 0)
			return commands[i].run(argc, argv);
	printf("%s: unknown command (try help)\n", argv[0]);
	return 1;
}
