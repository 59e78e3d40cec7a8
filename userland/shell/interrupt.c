/* interrupt.c — ^C for the program in the foreground (interrupt.h). */
#include "interrupt.h"

#include "baton/console.h"

static struct baton_server_id id;
static uint32_t server;
/*
 * Shared by the shell's thread and the watcher, sequentially consistent:
 * a ^C that comes before the program's pid is known is kept in `pending`,
 * and whichever of the two sees both the pid and the ^C ends the program.
 */
static uint32_t foreground; /* the program ^C ends; 0: not known yet */
static bool pending;	    /* a ^C came */
static bool interrupted;    /* a ^C ended the program */

/*
 * Both threads may get here: the second kill finds the program gone.  (So
 * may one that had just ended by itself: the shell believes "interrupted"
 * only of a program that was killed.)
 */
static void end_it(uint32_t pid)
{
	__atomic_store_n(&interrupted, true, __ATOMIC_SEQ_CST); /* before: WAIT returns at once */
	baton_kill(pid);
}

/* Only the console's ^C messages count. */
static bool from_console(const struct baton_envelope *e)
{
	struct baton_server_info console;

	return e->kind == BATON_KIND_SCALAR && e->id == BATON_CONSOLE_INTERRUPT &&
	       baton_server_info(&BATON_CONSOLE_ID, &console) == BATON_OK &&
	       console.owner == e->pid;
}

static void watch(void *arg)
{
	struct baton_envelope e;
	(void)arg;

	while (baton_receive(server, 0, &e) == BATON_OK) {
		if (!from_console(&e))
			continue;
		__atomic_store_n(&pending, true, __ATOMIC_SEQ_CST);
		uint32_t pid = __atomic_load_n(&foreground, __ATOMIC_SEQ_CST);
		if (pid)
			end_it(pid);
	}
}

/*
 * The server and its thread, made once.  The thread runs a step above the
 * programs the shell starts, so that one spinning at their priority does
 * not keep ^C waiting for its time slice to end.
 */
static bool ready(void)
{
	static bool made;
	uint32_t tid;

	if (made)
		return true;
	if (baton_server_create(&id, 0, 0, &server)) /* an id the kernel picks */
		return false;
	if (baton_thread_create(watch, NULL, 0, BATON_PRIO_DEFAULT + 1, &tid) &&
	    baton_thread_create(watch, NULL, 0, BATON_PRIO_DEFAULT, &tid)) {
		baton_server_destroy(server);
		return false;
	}
	made = true;
	return true;
}

bool interrupt_begin(void)
{
	if (!ready())
		return false;
	__atomic_store_n(&foreground, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&pending, false, __ATOMIC_SEQ_CST);
	__atomic_store_n(&interrupted, false, __ATOMIC_SEQ_CST);
	return baton_console_interrupt(&id) == BATON_OK;
}

void interrupt_watch(uint32_t pid)
{
	__atomic_store_n(&foreground, pid, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&pending, __ATOMIC_SEQ_CST))
		end_it(pid);
}

bool interrupt_end(void)
{
	baton_console_interrupt(NULL);
	__atomic_store_n(&foreground, 0, __ATOMIC_SEQ_CST);
	return __atomic_load_n(&interrupted, __ATOMIC_SEQ_CST);
}
