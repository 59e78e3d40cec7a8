/* vm.h — a process's address space: page table, ASID, heap, MAP area, message window, page count. */
#ifndef BATON_PROC_VM_H
#define BATON_PROC_VM_H

#include <stdint.h>

#include "arch/arch.h"
#include "proc/vmarea.h"

struct vm {
	struct page_table pt;
	uint32_t owner; /* the pid, as recorded in the frame table */
	uint16_t asid;	/* 0: no ASID of its own, flush on every switch */
	uintptr_t heap_base;
	uintptr_t heap_break;	/* the heap covers [heap_base, page_up(heap_break)) */
	struct vm_area maps;	/* anonymous memory from MAP */
	struct vm_area window;	/* pages sent or lent to this process */
	struct vm_area devices; /* device registers and the device tree (kernel/dev/devmap.c) */
	uintptr_t device_tree;	/* where the device tree is mapped, 0 if not */
	uint64_t pages;		/* user pages this space owns */
};

int vm_create(struct vm *vm, uint32_t owner);
/* Frees every page and table it owns and its ASID. */
void vm_destroy(struct vm *vm);
/* Makes this space the hart's current one (satp), flushing only where there is no ASID. */
void vm_activate(struct vm *vm);
/* After PTEs of this space changed (see vm.c for which fences). */
void vm_flush(struct vm *vm, uintptr_t va, uint64_t size);
/* After tables were added: per-address fences do not cover non-leaf entries. */
void vm_flush_all(struct vm *vm);

/* Splits a 2 MiB page straddling va (table and frame block); no translation changes. */
int vm_split_at(struct vm *vm, uintptr_t va);
/* Fresh zeroed pages at va (page-aligned), all or nothing; mega: 2 MiB pages. */
int vm_map_fresh(struct vm *vm, uintptr_t va, uint64_t size, unsigned perm, bool mega);
/* The MAP, UNMAP, PROTECT and HEAP system calls (BATON_MAP_* flags, BATON_ERR_* results). */
int vm_map_anon(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags, uintptr_t *out);
/* UNMAP's ALIGN and RANGE checks alone; *in_window: the range is in the message window. */
int vm_unmap_check(struct vm *vm, uintptr_t addr, uint64_t size, bool *in_window);
/* UNMAP of a range vm_unmap_check() passed, in the area it named. */
int vm_unmap(struct vm *vm, uintptr_t addr, uint64_t size, bool in_window);
int vm_protect(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags);
int vm_heap(struct vm *vm, int64_t delta, uintptr_t *old_break);

/* A range of the message window for a message's pages, and giving it back. */
int vm_window_take(struct vm *vm, uint64_t size, uint64_t align, uintptr_t *out);
void vm_window_release(struct vm *vm, uintptr_t va, uint64_t size);

/* ASIDs: with none (or all in use) a space gets 0 and every switch flushes the TLB. */
void asid_init(unsigned bits);
/* The ASID bits given to asid_init(): probing again would write satp and flush the TLB. */
unsigned asid_bits(void);
uint16_t asid_alloc(void);
void asid_free(uint16_t asid);

#endif
