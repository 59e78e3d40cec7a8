/* sys_device.c — the calls of user-space drivers: device registers, interrupts, the device tree. */
#include "baton/errors.h"
#include "baton/layout.h"
#include "dev/devmap.h"
#include "dev/irq.h"
#include "ipc/ipc.h"
#include "syscall/syscall.h"

/* MAP_DEVICE(pa, size) -> address in the device area. */
long sys_map_device(const uint64_t *a, uint64_t *r)
{
	uintptr_t va;
	int err = devmap_map(current_process(), a[1], a[2], &va);

	if (!err)
		r[1] = va;
	return err;
}

/* DEVICE_TREE() -> address, size: the blob the firmware handed over, read-only. */
long sys_device_tree(const uint64_t *a, uint64_t *r)
{
	uintptr_t va;
	uint64_t size;
	int err = devmap_device_tree(current_process(), &va, &size);
	(void)a;

	if (!err) {
		r[1] = va;
		r[2] = size;
	}
	return err;
}

/* IRQ_CLAIM(source, server handle): the source's interrupts become messages to the server. */
long sys_irq_claim(const uint64_t *a, uint64_t *r)
{
	struct process *p = current_process();
	struct server *s = handle_server(p, a[2], HANDLE_SERVER);
	(void)r;

	if (!s)
		return BATON_ERR_BADHANDLE;
	return a[1] > UINT32_MAX ? BATON_ERR_RANGE : irq_claim(p, (unsigned)a[1], s);
}

/* IRQ_ACK(source): the driver has dealt with it; the source is unmasked. */
long sys_irq_ack(const uint64_t *a, uint64_t *r)
{
	(void)r;
	return a[1] > UINT32_MAX ? BATON_ERR_RANGE : irq_ack(current_process(), (unsigned)a[1]);
}

long sys_irq_release(const uint64_t *a, uint64_t *r)
{
	(void)r;
	return a[1] > UINT32_MAX ? BATON_ERR_RANGE : irq_release(current_process(), (unsigned)a[1]);
}
