/* compiler.h — the few GCC attributes the kernel's hot paths use, named for what they do. */
#ifndef BATON_LIB_COMPILER_H
#define BATON_LIB_COMPILER_H

/*
 * For a function that only tests and tail-calls: without this it would set
 * up a frame pointer (the kernel keeps them for backtraces) that nothing
 * needs — a tail call leaves no frame of its caller in a backtrace anyway.
 */
#define NO_FRAME_POINTER __attribute__((optimize("omit-frame-pointer")))

#define NOINLINE      __attribute__((noinline))
#define ALWAYS_INLINE inline __attribute__((always_inline))

#endif
