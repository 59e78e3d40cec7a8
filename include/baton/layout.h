/* layout.h — the user half of every address space, drawn once. */
#ifndef BATON_LAYOUT_H
#define BATON_LAYOUT_H

/*
 *   0x00_0000_0000 +------------------------------+
 *                  | never mapped (null pointers)  |
 *   0x00_0001_0000 +------------------------------+ BATON_IMAGE_BASE
 *                  | the program: text R+X,        |
 *                  | rodata R, data and bss R+W    |
 *                  | (ELF segments, below 1 GiB)   |
 *   0x00_4000_0000 +------------------------------+ BATON_IMAGE_END
 *                  | heap: from the first page     |
 *                  | after the program, grown and  |
 *                  | shrunk with HEAP              |
 *   0x10_0000_0000 +------------------------------+ BATON_MAP_BASE
 *                  | anonymous memory from MAP;    |
 *                  | threads' stacks, each above   |
 *                  | an unmapped guard page        |
 *   0x20_0000_0000 +------------------------------+ BATON_WINDOW_BASE
 *                  | message window: pages lent or |
 *                  | sent to this process          |
 *   0x30_0000_0000 +------------------------------+ BATON_DEVICE_BASE
 *                  | device registers (drivers)    |
 *   0x3f_0000_0000 +------------------------------+ BATON_DEVICE_END
 *                  | main thread's stack, growing  |
 *                  | down from BATON_STACK_TOP,    |
 *                  | unmapped guard pages below    |
 *   0x3f_ffff_f000 +------------------------------+ BATON_STACK_TOP (a guard page above)
 *   0x40_0000_0000   end of the user half (Sv39: 256 GiB)
 */
#define BATON_PAGE_SIZE	  0x1000ul
#define BATON_IMAGE_BASE  0x0000010000ul
#define BATON_IMAGE_END	  0x0040000000ul
#define BATON_HEAP_END	  0x1000000000ul
#define BATON_MAP_BASE	  0x1000000000ul
#define BATON_MAP_END	  0x2000000000ul
#define BATON_WINDOW_BASE 0x2000000000ul
#define BATON_WINDOW_END  0x3000000000ul
#define BATON_DEVICE_BASE 0x3000000000ul
#define BATON_DEVICE_END  0x3f00000000ul
#define BATON_STACK_TOP	  0x3ffffff000ul
#define BATON_STACK_SIZE  0x40000ul /* 256 KiB */
#define BATON_USER_END	  0x4000000000ul

#endif
