/* parse.h — a command line into words: spaces separate, "double quotes" keep spaces. */
#ifndef SHELL_PARSE_H
#define SHELL_PARSE_H

#include <stdbool.h>

#define PARSE_WORDS_MAX 32

/*
 * Splits line in place (it is modified) into argv[0..*argc); argv[*argc]
 * is NULL.  False, with *why set, for an unclosed quote or too many words.
 */
bool parse_words(char *line, char *argv[PARSE_WORDS_MAX + 1], int *argc, const char **why);

#endif
