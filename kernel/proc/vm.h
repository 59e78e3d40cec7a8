/* vm.h — a process's address space: page table, ASID, heap, anonymous mappings, page ownership. */
#ifndef BATON_PROC_VM_H
#define BATON_PROC_VM_H

#include <stdint.h>

#include "arch/arch.h"
#include "lib/list.h"

#define VM_MAX_MAPPINGS 4096

struct vm {
	struct page_table pt;
	uint32_t owner; /* the pid, as recorded in the frame table */
	uint16_t asid;	/* 0: no ASID of its own, flush on every switch */
	uintptr_t heap_base;
	uintptr_t heap_break; /* the heap covers [heap_base, page_up(heap_break)) */
	struct list maps;     /* struct vm_map in the MAP area, sorted by address */
	unsigned map_count;
	uint64_t pages; /* user pages this space owns */
};

int vm_create(struct vm *vm, uint32_t owner);
/* Frees every page and table it owns and its ASID. */
void vm_destroy(struct vm *vm);
/* Makes this space the hart's current one (satp), flushing only where there is no ASID. */
void vm_activate(struct vm *vm);

/* Fresh zeroed pages at va (page-aligned), all or nothing. */
int vm_map_fresh(struct vm *vm, uintptr_t va, uint64_t size, unsigned perm);
/* The MAP, UNMAP, PROTECT and HEAP system calls (BATON_MAP_* flags, BATON_ERR_* results). */
int vm_map_anon(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags, uintptr_t *out);
int vm_unmap(struct vm *vm, uintptr_t addr, uint64_t size);
int vm_protect(struct vm *vm, uintptr_t addr, uint64_t size, unsigned flags);
int vm_heap(struct vm *vm, int64_t delta, uintptr_t *old_break);

/* ASIDs: with none (or all in use) a space gets 0 and every switch flushes the TLB. */
void asid_init(unsigned bits);
uint16_t asid_alloc(void);
void asid_free(uint16_t asid);

#endif
