/* bench.h — what the benchmark's client (bench.c, ops.c) and its server (server.c) share. */
#ifndef BATON_BENCH_BENCH_H
#define BATON_BENCH_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "baton/baton.h"

/* The two servers: B (in the server process) and A's own, which Send's pages come back to. */
#define BENCH_ID_B ((struct baton_server_id){0xbe7c4b5e77e4b, 0xb})
#define BENCH_ID_A ((struct baton_server_id){0xbe7c4b5e77e4b, 0xa})

/* Message ids the server knows. */
enum bench_msg {
	BENCH_NOTE = 1,	  /* Scalar: counted */
	BENCH_ECHO = 2,	  /* BlockingScalar: the four words and the id back, five words */
	BENCH_READ = 3,	  /* Lend: reads one word per page (offset: the page size, 0 = 4 KiB) */
	BENCH_WRITE = 4,  /* MutableLend: writes one word per page (the same) */
	BENCH_BOUNCE = 5, /* Send: the pages go straight back to server A */
	BENCH_EXIT = 6,	  /* Scalar: the server process ends */
};

/* server.c: the server process's main loop (program `bench` with argument "serve"). */
int bench_serve(void);

/* One measured operation: `once` runs it one time; ctx is its state. */
struct bench_op {
	const char *name;
	uint64_t size; /* bytes, for the buffer kinds; 0 otherwise */
	bool (*setup)(struct bench_op *op);
	bool (*once)(struct bench_op *op);
	void (*teardown)(struct bench_op *op);
	bool (*finish)(struct bench_op *op); /* inside the measurement, once after the loop */
	uint32_t conn;			     /* to server B */
	uint32_t back;			     /* server A (Send comes back here) */
	uint8_t *buf;			     /* the buffer, where it is now */
	uint8_t *copy;			     /* copy: the destination */
	bool mega;			     /* buffer of 2 MiB pages */
};

/* ops.c: one BlockingScalar round trip (what `finish` of the Scalar stream costs). */
bool echo(struct bench_op *op);
/* ops.c: the table of operations, for a full or a quick run. */
unsigned bench_ops(struct bench_op *out, unsigned max, bool quick, uint32_t conn, uint32_t back);

#endif
