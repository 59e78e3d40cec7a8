/* start.c — program start-up: thread-local storage for the main thread, then main, then exit. */
#include <picolibc.h>
#include <picotls.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv);
void __baton_start(int argc, char **argv);

/* The loader placed .tdata and a zeroed .tbss in the data segment: the main thread uses them in
 * place. */
extern char __tls_base[];

void __baton_start(int argc, char **argv)
{
	_set_tls(__tls_base);
	exit(main(argc, argv));
}
