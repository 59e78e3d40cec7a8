/* server.c — the benchmark's server B: answers each kind as cheaply as a real server could. */
#include <stdlib.h>

#include "bench.h"

#define PAGE BATON_PAGE_SIZE

/* The page size the client says the buffer has (offset), 4 KiB by default. */
static uint64_t stride(const struct baton_envelope *e)
{
	return e->w[2] ? e->w[2] : PAGE;
}

/* Lend: one word of every page is read, so every page is really reached. */
static uint64_t read_pages(const struct baton_envelope *e)
{
	const volatile uint64_t *p = (const volatile uint64_t *)e->w[0];
	uint64_t sum = 0, step = stride(e);

	for (uint64_t off = 0; off < e->w[1]; off += step)
		sum += p[off / 8];
	return sum;
}

static void write_pages(const struct baton_envelope *e)
{
	volatile uint64_t *p = (volatile uint64_t *)e->w[0];
	uint64_t step = stride(e);

	for (uint64_t off = 0; off < e->w[1]; off += step)
		p[off / 8] = off;
}

int bench_serve(void)
{
	struct baton_server_id id = BENCH_ID_B, a = BENCH_ID_A;
	struct baton_envelope e;
	uint32_t server, back = 0;
	uint64_t notes = 0;

	if (baton_server_create(&id, BATON_SERVER_CHOOSE_ID, 0, &server) ||
	    baton_connect(&a, 0, &back))
		return 2;
	long err = baton_receive(server, 0, &e);
	while (err == BATON_OK) {
		uint64_t x[5] = {e.w[0], e.w[1], e.w[2], e.w[3], e.id};
		switch (e.id) {
		case BENCH_ECHO:
			err = baton_reply_receive(e.token, 5, x, server, &e);
			continue;
		case BENCH_READ:
			x[0] = e.w[2];
			x[1] = read_pages(&e);
			err = baton_reply_receive(e.token, BATON_REPLY_MEMORY, x, server, &e);
			continue;
		case BENCH_WRITE:
			write_pages(&e);
			x[0] = e.w[2];
			x[1] = e.w[1];
			err = baton_reply_receive(e.token, BATON_REPLY_MEMORY, x, server, &e);
			continue;
		case BENCH_BOUNCE:
			if (baton_send(back, BENCH_BOUNCE, (void *)e.w[0], e.w[1], 0, 0, 0))
				return 3;
			break;
		case BENCH_NOTE:
			notes++;
			break;
		case BENCH_EXIT:
			return 0;
		default:
			return 4;
		}
		err = baton_receive(server, 0, &e);
	}
	return 5;
}
