/*
 * control.c — init's control server ("init" in the name service,
 * include/baton/init.h): the shell asks init to kill what it may not kill
 * itself (only a parent or init may) and to power the machine off.  Only
 * the shell init started is answered.
 */
#include "control.h"

#include <stdio.h>

#include "baton/init.h"
#include "baton/names.h"
#include "services.h"

static long from_the_shell(const struct baton_envelope *e)
{
	uint32_t shell = services_shell_pid();

	return shell && e->pid == shell ? BATON_OK : BATON_ERR_PERM;
}

static long on_kill(void *ctx, const struct baton_envelope *e, const struct baton_init_kill *args,
		    struct baton_rpc_none *r)
{
	long err = from_the_shell(e);
	(void)ctx;
	(void)r;

	if (err)
		return err;
	if (args->pid == 1)
		return BATON_ERR_PERM; /* init itself: its end would be the system's */
	return baton_kill(args->pid);
}

static long on_shutdown(void *ctx, const struct baton_envelope *e,
			const struct baton_init_shutdown *args, struct baton_rpc_none *r)
{
	long err = from_the_shell(e);
	(void)ctx;
	(void)r;

	if (err)
		return err;
	printf("init: shutting down, as the shell asked\n");
	baton_power_off(args->failed != 0);
}

static const struct baton_init_rpc_handlers handlers = {.kill = on_kill, .shutdown = on_shutdown};

static void serve(void *arg)
{
	uint32_t server = (uint32_t)(uintptr_t)arg;

	baton_rpc_serve(server, baton_init_rpc_dispatch_any, (void *)&handlers, NULL);
}

static struct baton_server_id id; /* the kernel's choice, once */

long control_register(void)
{
	/*
	 * Never waits for names: init's main thread must reach its wait loop
	 * and restart what ends even while no names serves.  A names that
	 * starts (again) later is told the name then (names_came_back()).
	 */
	long err = baton_names_open(BATON_TRY);

	if (!err)
		err = baton_names_register(BATON_INIT_NAME, &id, 0); /* the pid check gates it */
	if (err)
		printf("init: cannot register \"%s\" with names: %s\n", BATON_INIT_NAME,
		       baton_strerror(err));
	return err;
}

long control_start(void)
{
	uint32_t server, tid;
	long err = baton_server_create(&id, 0, 0, &server);

	if (!err)
		err = baton_thread_create(serve, (void *)(uintptr_t)server, 0, BATON_PRIO_DEFAULT,
					  &tid);
	if (err) {
		printf("init: no control server: %s\n", baton_strerror(err));
		return err;
	}
	/* Served even unregistered: registering again later needs the server to be there. */
	return control_register();
}
