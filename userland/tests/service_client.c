/*
 * service_client.c — a names or kv client in a process of its own, for the
 * service tests (a cap counts processes; concurrency across processes).
 * Exits with -error of its one call, or 0:
 *   lookup NAME | unregister NAME | wait NAME | register-exit NAME
 *   lookup-hold NAME         (looks up, then sleeps until killed)
 *   kv-work SEED ROUNDS      (exits with the number of wrong results)
 */
#include <stdlib.h>
#include <string.h>

#include "services_test.h"

/* Registers a server of its own under name, then ends: the server dies with it. */
static long register_and_exit(const char *name)
{
	struct baton_server_id id;
	uint32_t server;
	long err = baton_server_create(&id, 0, 0, &server);

	return err ? err : baton_names_register(name, &id, 0);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	const char *name = argc > 2 ? argv[2] : "";
	struct baton_server_id id;

	if (strcmp(what, "lookup") == 0)
		return (int)-baton_names_lookup(name, &id);
	if (strcmp(what, "lookup-hold") == 0) {
		long err = baton_names_lookup(name, &id);
		while (!err)
			baton_sleep_ns(1000000000ull); /* keeps its place under the cap */
		return (int)-err;
	}
	if (strcmp(what, "unregister") == 0)
		return (int)-baton_names_unregister(name);
	if (strcmp(what, "wait") == 0)
		return (int)-baton_names_wait(name, &id);
	if (strcmp(what, "register-exit") == 0)
		return (int)-register_and_exit(name);
	if (strcmp(what, "kv-work") == 0 && argc > 3) {
		unsigned wrong = t_kv_work((unsigned)strtoul(argv[2], NULL, 0),
					   (unsigned)strtoul(argv[3], NULL, 0));
		return wrong > 100 ? 100 : (int)wrong;
	}
	return 99; /* unknown request */
}
