/* errors.h — every error a baton system call returns: a negative number in a0. */
#ifndef BATON_ERRORS_H
#define BATON_ERRORS_H

/*
 * A call succeeds with a0 = BATON_OK (0) and its results in a1..a7; it
 * fails with a0 = one of these and changes nothing.  docs/abi.md lists
 * which calls return which errors.
 */
#define BATON_OK	0
#define BATON_ERR_NOSYS -1 /* unknown system call number */
#define BATON_ERR_FAULT                                                                            \
	-2 /* a pointer outside the user half, unmapped, or without the access needed */
#define BATON_ERR_ALIGN -3 /* an address or size that must be page-aligned is not */
#define BATON_ERR_RANGE                                                                            \
	-4 /* a length of 0, a range that wraps or leaves its area, a number out of range */
#define BATON_ERR_FLAGS	   -5  /* unknown flag bits, or a forbidden mix (write + execute) */
#define BATON_ERR_NOMEM	   -6  /* out of physical memory or kernel objects */
#define BATON_ERR_NOENT	   -7  /* no such program, process or thread */
#define BATON_ERR_BADIMAGE -8  /* the program's ELF file is malformed or unsafe */
#define BATON_ERR_PERM	   -9  /* not allowed (adding permissions, killing a non-child, ...) */
#define BATON_ERR_LIMIT	   -10 /* a limit is reached (threads, processes, mappings) */
#define BATON_ERR_INUSE	   -11 /* the address range is already mapped */
#define BATON_ERR_NOCHILD  -12 /* wait: the caller has no such child */
#define BATON_ERR_DEADLOCK -13 /* join: a thread cannot wait for itself */
#define BATON_ERR_INVAL                                                                            \
	-14 /* a wrong argument of any other kind (e.g. a thread already joined)                   \
	     */

#endif
