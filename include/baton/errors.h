/* errors.h — every error a baton system call returns: a negative number in a0. */
#ifndef BATON_ERRORS_H
#define BATON_ERRORS_H

/*
 * A call succeeds with a0 = BATON_OK (0) and its results in a1..a7; it
 * fails with a0 = one of these and changes nothing.  docs/abi.md lists
 * which calls return which errors.
 */
#define BATON_OK 0

/* Any call. */
#define BATON_ERR_NOSYS	   -1  /* unknown system call number */
#define BATON_ERR_FAULT	   -2  /* pointer outside the user half, unmapped, or lacking the access */
#define BATON_ERR_ALIGN	   -3  /* an address or size that must be page-aligned is not */
#define BATON_ERR_RANGE	   -4  /* a length of 0, a range that wraps or leaves its area */
#define BATON_ERR_FLAGS	   -5  /* unknown flag bits, or a forbidden mix (write + execute) */
#define BATON_ERR_NOMEM	   -6  /* out of physical memory or kernel objects */
#define BATON_ERR_NOENT	   -7  /* no such program, process or thread */
#define BATON_ERR_BADIMAGE -8  /* the program's ELF file is malformed or unsafe */
#define BATON_ERR_PERM	   -9  /* not allowed (adding rights, killing a non-child, ...) */
#define BATON_ERR_LIMIT	   -10 /* a limit is reached (threads, processes, mappings) */
#define BATON_ERR_INUSE	   -11 /* the address range is already mapped */
#define BATON_ERR_NOCHILD  -12 /* wait: the caller has no such child */
#define BATON_ERR_DEADLOCK -13 /* join: a thread cannot wait for itself */
#define BATON_ERR_INVAL	   -14 /* any other wrong argument (a thread already joined, ...) */

/* Messages (docs/ipc.md). */
#define BATON_ERR_BADHANDLE   -15 /* not a handle of this process, or not of the right kind */
#define BATON_ERR_NOSERVER    -16 /* TRY_CONNECT: no server has that id */
#define BATON_ERR_EXISTS      -17 /* a server with that id already exists */
#define BATON_ERR_GONE	      -18 /* the server was destroyed or its process ended */
#define BATON_ERR_CALLER_GONE -19 /* the caller ended: the answer went nowhere */
#define BATON_ERR_BADTOKEN    -20 /* an answer token that is used, foreign or made up */
#define BATON_ERR_WRONGKIND   -21 /* an answer that does not fit the message's kind */
#define BATON_ERR_QUEUEFULL   -22 /* a try-send found the queue full: nothing was sent */
#define BATON_ERR_EMPTY	      -23 /* a try-receive found nothing waiting */
#define BATON_ERR_NOTOWNER    -24 /* a page the caller does not own, or device memory */
#define BATON_ERR_LENT	      -25 /* a page already lent */
#define BATON_ERR_BUSY	      -26 /* pages still lent on, or lent pages that cannot be unmapped */

/* Waiting. */
#define BATON_ERR_AGAIN	  -27 /* FUTEX_WAIT: the word no longer held the expected value */
#define BATON_ERR_TIMEOUT -28 /* RECEIVE with a deadline: nothing came in time */

#endif
