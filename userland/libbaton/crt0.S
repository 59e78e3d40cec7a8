/* crt0.S — where the kernel starts a program (a0 = argc, a1 = argv) and each new thread (a0 = arg). */

	.section .text.start, "ax"
	.globl _start
_start:
	.option push
	.option norelax			/* gp must be loaded before anything relaxes against it */
	lla	gp, __global_pointer$
	.option pop
	mv	s0, zero		/* backtraces end here */
	call	__baton_start
1:	j	1b

	.text
	.globl __baton_thread_entry
__baton_thread_entry:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	mv	s0, zero
	call	__baton_thread_start
2:	j	2b
