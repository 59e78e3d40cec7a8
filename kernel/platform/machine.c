/* machine.c — reads RAM, reservations, harts, timebase, console UART and PLIC from the device tree.
 */
#include "platform/machine.h"

#include "lib/string.h"
#include "platform/plic.h"

/* PLIC interrupts-extended cell naming the S-mode external interrupt (privileged spec, mip.SEIP).
 */
#define IRQ_S_EXTERNAL 9

static int fail(const char **why, const char *msg, int err)
{
	*why = msg;
	return err < 0 ? err : FDT_ERR_BADVALUE;
}

static bool range_wraps(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base;
}

static void copy_model(const struct fdt *fdt, int root, struct machine *m)
{
	const char *model = fdt_prop_string(fdt, root, "model");

	if (!model)
		model = fdt_prop_string(fdt, root, "compatible");
	str_copy(m->model, model ? model : "unknown", sizeof(m->model));
}

static void sort_ram(struct machine *m)
{
	for (unsigned i = 1; i < m->ram_count; i++) {
		struct phys_range r = m->ram[i];
		unsigned j = i;
		for (; j > 0 && m->ram[j - 1].base > r.base; j--)
			m->ram[j] = m->ram[j - 1];
		m->ram[j] = r;
	}
}

static int add_memory_node(const struct fdt *fdt, int node, struct machine *m, const char **why)
{
	uint64_t base, size;
	int err;

	for (unsigned i = 0; (err = fdt_reg(fdt, node, i, &base, &size)) == 0; i++) {
		if (size == 0)
			continue;
		if (range_wraps(base, size))
			return fail(why, "memory: range wraps around the address space", 0);
		if (m->ram_count == MACHINE_MAX_RAM) {
			m->ram_dropped++;
			continue;
		}
		m->ram[m->ram_count++] = (struct phys_range){base, size};
		m->ram_total += size;
	}
	return err == FDT_ERR_NOTFOUND ? 0 : fail(why, "memory: bad reg property", err);
}

static int parse_memory(const struct fdt *fdt, int root, struct machine *m, const char **why)
{
	for (int n = fdt_first_child(fdt, root); n >= 0; n = fdt_next_sibling(fdt, n)) {
		const char *type = fdt_prop_string(fdt, n, "device_type");
		if (!type || strcmp(type, "memory") != 0 || !fdt_is_enabled(fdt, n))
			continue;
		int err = add_memory_node(fdt, n, m, why);
		if (err)
			return err;
	}
	if (m->ram_count == 0)
		return fail(why, "memory: no memory node with a usable range", FDT_ERR_NOTFOUND);
	sort_ram(m);
	for (unsigned i = 1; i < m->ram_count; i++) {
		if (m->ram[i].base < m->ram[i - 1].base + m->ram[i - 1].size)
			return fail(why, "memory: ranges overlap", 0);
	}
	return 0;
}

static int add_reserved(struct machine *m, uint64_t base, uint64_t size, bool no_map,
			const char *name, const char **why)
{
	if (size == 0)
		return 0;
	if (range_wraps(base, size))
		return fail(why, "reserved-memory: range wraps around the address space", 0);
	/* Dropping a reservation could hand firmware memory out: refuse instead. */
	if (m->reserved_count == MACHINE_MAX_RESERVED)
		return fail(why, "reserved-memory: more regions than the kernel can track", 0);
	struct reserved_range *r = &m->reserved[m->reserved_count++];
	r->base = base;
	r->size = size;
	r->no_map = no_map;
	str_copy(r->name, name, sizeof(r->name));
	return 0;
}

/* Every /reserved-memory child with a fixed address is reserved, with or without no-map. */
static int parse_reserved(const struct fdt *fdt, struct machine *m, const char **why)
{
	uint64_t base, size;
	int err;

	for (unsigned i = 0; fdt_reservation(fdt, i, &base, &size) == 0; i++) {
		if ((err = add_reserved(m, base, size, false, "memreserve", why)))
			return err;
	}
	int rm = fdt_path(fdt, "/reserved-memory");
	if (rm < 0)
		return 0;
	for (int n = fdt_first_child(fdt, rm); n >= 0; n = fdt_next_sibling(fdt, n)) {
		bool no_map = fdt_has_prop(fdt, n, "no-map");
		for (unsigned i = 0; (err = fdt_reg(fdt, n, i, &base, &size)) == 0; i++) {
			if ((err = add_reserved(m, base, size, no_map, fdt_name(fdt, n), why)))
				return err;
		}
		/* A node with only "size" is a pool the OS may place: nothing fixed to avoid. */
		if (err != FDT_ERR_NOTFOUND)
			return fail(why, "reserved-memory: bad reg property", err);
	}
	return 0;
}

static int read_timebase(const struct fdt *fdt, int node, uint64_t *hz)
{
	uint32_t len;
	const void *p = fdt_prop(fdt, node, "timebase-frequency", &len);

	if (!p)
		return FDT_ERR_NOTFOUND;
	if (len != 4 && len != 8)
		return FDT_ERR_BADVALUE;
	*hz = fdt_read_cells(p, len / 4);
	return 0;
}

/* True if a "_"-separated ISA string (rv64imac_zicsr_sstc) names `ext`. */
static bool isa_string_has(const char *isa, const char *ext)
{
	size_t len = strlen(ext);

	for (const char *p = strchr(isa, '_'); p; p = strchr(p + 1, '_')) {
		if (strncmp(p + 1, ext, len) == 0 && (p[1 + len] == '_' || p[1 + len] == '\0'))
			return true;
	}
	return false;
}

static const char *mmu_skip_reason(const char *mmu)
{
	if (!mmu)
		return "no MMU";
	if (strcmp(mmu, "riscv,sv39") != 0 && strcmp(mmu, "riscv,sv48") != 0 &&
	    strcmp(mmu, "riscv,sv57") != 0)
		return "no Sv39 MMU";
	return NULL;
}

static uint32_t cpu_intc_phandle(const struct fdt *fdt, int cpu)
{
	for (int n = fdt_first_child(fdt, cpu); n >= 0; n = fdt_next_sibling(fdt, n)) {
		uint32_t ph;
		if (fdt_is_compatible(fdt, n, "riscv,cpu-intc") &&
		    fdt_prop_u32(fdt, n, "phandle", &ph) == 0)
			return ph;
	}
	return 0;
}

static int parse_hart(const struct fdt *fdt, int cpu, uint32_t ac, struct hart_info *h)
{
	uint32_t len;
	const void *reg = fdt_prop(fdt, cpu, "reg", &len);

	if (!reg || len < 4 * ac)
		return FDT_ERR_BADVALUE;
	uint64_t hartid = fdt_read_cells(reg, ac);
	if (hartid > UINT32_MAX)
		return FDT_ERR_BADVALUE;

	const char *isa = fdt_prop_string(fdt, cpu, "riscv,isa");
	const char *base = fdt_prop_string(fdt, cpu, "riscv,isa-base");
	h->hartid = (uint32_t)hartid;
	h->plic_context = -1;
	h->intc_phandle = cpu_intc_phandle(fdt, cpu);
	h->has_sstc = (isa && isa_string_has(isa, "sstc")) ||
		      fdt_stringlist_contains(fdt, cpu, "riscv,isa-extensions", "sstc");

	if (!fdt_is_enabled(fdt, cpu))
		h->skip_reason = "disabled";
	else if (!(isa && strncmp(isa, "rv64", 4) == 0) && !(base && strcmp(base, "rv64i") == 0))
		h->skip_reason = "not rv64";
	else
		h->skip_reason = mmu_skip_reason(fdt_prop_string(fdt, cpu, "mmu-type"));
	h->usable = h->skip_reason == NULL;
	return 0;
}

static bool is_cpu_node(const struct fdt *fdt, int n)
{
	const char *type = fdt_prop_string(fdt, n, "device_type");

	return type && strcmp(type, "cpu") == 0;
}

static int parse_cpus(const struct fdt *fdt, struct machine *m, const char **why)
{
	int cpus = fdt_path(fdt, "/cpus");

	if (cpus < 0)
		return fail(why, "cpus: no /cpus node", cpus);
	uint32_t ac = fdt_address_cells(fdt, cpus);
	if (ac < 1 || ac > 2)
		return fail(why, "cpus: bad #address-cells", 0);

	int timebase_err = read_timebase(fdt, cpus, &m->timebase_hz);
	for (int n = fdt_first_child(fdt, cpus); n >= 0; n = fdt_next_sibling(fdt, n)) {
		if (!is_cpu_node(fdt, n))
			continue;
		if (timebase_err == FDT_ERR_NOTFOUND)
			timebase_err = read_timebase(fdt, n, &m->timebase_hz);
		if (m->hart_count == MACHINE_MAX_HARTS) {
			m->harts_dropped++;
			continue;
		}
		struct hart_info *h = &m->harts[m->hart_count];
		if (parse_hart(fdt, n, ac, h))
			return fail(why, "cpus: cpu node with a bad reg property", 0);
		m->usable_harts += h->usable;
		m->hart_count++;
	}
	if (timebase_err)
		return fail(why, "cpus: no valid timebase-frequency", timebase_err);
	if (m->timebase_hz == 0)
		return fail(why, "cpus: timebase-frequency is zero", 0);
	if (m->usable_harts == 0)
		return fail(why, "cpus: no hart with an Sv39 MMU", FDT_ERR_NOTFOUND);
	return 0;
}

static struct hart_info *hart_by_intc(struct machine *m, uint32_t phandle)
{
	for (unsigned i = 0; i < m->hart_count; i++) {
		if (phandle && m->harts[i].intc_phandle == phandle)
			return &m->harts[i];
	}
	return NULL;
}

static int find_plic(const struct fdt *fdt)
{
	int depth = 0;

	for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n, &depth)) {
		if ((fdt_is_compatible(fdt, n, "riscv,plic0") ||
		     fdt_is_compatible(fdt, n, "sifive,plic-1.0.0")) &&
		    fdt_is_enabled(fdt, n))
			return n;
	}
	return FDT_ERR_NOTFOUND;
}

/* Whether every register of context ctx that plic.c touches lies inside reg. */
static bool plic_context_fits(const struct plic_info *p, uint32_t ctx)
{
	uint64_t enable_end = PLIC_ENABLE(ctx) + 4 * PLIC_ENABLE_WORDS(p->ndev);

	return enable_end <= PLIC_THRESHOLD(0) && PLIC_CLAIM(ctx) + 4 <= p->size;
}

/*
 * The PLIC: a malformed tree must not send the kernel's writes past its
 * mapping, so the sources and every S-mode context are checked against reg.
 */
static int parse_plic(const struct fdt *fdt, struct machine *m, const char **why)
{
	int n = find_plic(fdt);
	uint32_t len;

	if (n < 0)
		return 0;
	if (fdt_reg(fdt, n, 0, &m->plic.base, &m->plic.size) ||
	    fdt_prop_u32(fdt, n, "riscv,ndev", &m->plic.ndev))
		return fail(why, "plic: bad reg or riscv,ndev", 0);
	if (m->plic.ndev == 0 || m->plic.ndev > PLIC_SOURCES_MAX ||
	    PLIC_PRIORITY(m->plic.ndev) + 4 > m->plic.size)
		return fail(why, "plic: riscv,ndev out of range, or past reg", 0);
	const uint8_t *ext = fdt_prop(fdt, n, "interrupts-extended", &len);
	if (!ext || len % 8)
		return fail(why, "plic: bad interrupts-extended", 0);
	/* Context i of the PLIC is entry i of interrupts-extended: <intc-phandle irq>. */
	for (uint32_t i = 0; i < len / 8; i++) {
		struct hart_info *h = hart_by_intc(m, fdt_be32(ext + 8 * i));
		if (!h || fdt_be32(ext + 8 * i + 4) != IRQ_S_EXTERNAL)
			continue;
		if (!plic_context_fits(&m->plic, i))
			return fail(why, "plic: a hart's context lies past reg", 0);
		h->plic_context = (int)i;
	}
	m->plic.present = true;
	return 0;
}

static enum uart_kind uart_kind_of(const struct fdt *fdt, int n, const char **compat)
{
	static const struct {
		const char *compat;
		enum uart_kind kind;
	} known[] = {
		{"ns16550a", UART_NS16550},
		{"ns16550", UART_NS16550},
		{"snps,dw-apb-uart", UART_DW_APB},
		{"sifive,uart0", UART_SIFIVE},
	};

	for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (fdt_is_compatible(fdt, n, known[i].compat)) {
			*compat = known[i].compat;
			return known[i].kind;
		}
	}
	return UART_NONE;
}

static bool read_uart(const struct fdt *fdt, int n, struct uart_info *u)
{
	const char *compat;
	uint32_t len;

	u->kind = uart_kind_of(fdt, n, &compat);
	if (u->kind == UART_NONE || !fdt_is_enabled(fdt, n) ||
	    fdt_reg(fdt, n, 0, &u->base, &u->size)) {
		u->kind = UART_NONE;
		return false;
	}
	str_copy(u->compatible, compat, sizeof(u->compatible));
	u->reg_shift = 0;
	u->reg_io_width = u->kind == UART_SIFIVE ? 4 : 1;
	u->clock_hz = 0; /* not what a UART passed over before had */
	fdt_prop_u32(fdt, n, "reg-shift", &u->reg_shift);
	fdt_prop_u32(fdt, n, "reg-io-width", &u->reg_io_width);
	fdt_prop_u32(fdt, n, "clock-frequency", &u->clock_hz);
	const uint8_t *irq = fdt_prop(fdt, n, "interrupts", &len);
	u->irq = irq && len >= 4 ? fdt_be32(irq) : 0;
	return u->reg_shift <= 3 && (u->reg_io_width == 1 || u->reg_io_width == 4);
}

/* stdout-path is a path or an alias, either maybe followed by ":115200n8". */
static int stdout_node(const struct fdt *fdt, const char *stdout_path)
{
	char name[64];
	size_t len = strlen(stdout_path);
	const char *colon = strchr(stdout_path, ':');

	if (colon)
		len = (size_t)(colon - stdout_path);
	if (len == 0 || len >= sizeof(name))
		return FDT_ERR_NOTFOUND;
	memcpy(name, stdout_path, len);
	name[len] = '\0';
	if (name[0] == '/')
		return fdt_path(fdt, name);

	int aliases = fdt_path(fdt, "/aliases");
	const char *target = aliases >= 0 ? fdt_prop_string(fdt, aliases, name) : NULL;
	return target ? fdt_path(fdt, target) : FDT_ERR_NOTFOUND;
}

static void parse_console(const struct fdt *fdt, int chosen, struct machine *m)
{
	const char *path = chosen >= 0 ? fdt_prop_string(fdt, chosen, "stdout-path") : NULL;
	int depth = 0;

	if (path) {
		int n = stdout_node(fdt, path);
		if (n >= 0 && read_uart(fdt, n, &m->uart)) {
			m->uart.from_stdout_path = true;
			return;
		}
	}
	for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n, &depth)) {
		if (read_uart(fdt, n, &m->uart))
			return;
	}
	m->uart.kind = UART_NONE;
}

int machine_from_fdt(const struct fdt *fdt, struct machine *m, const char **why)
{
	int root = fdt_root(fdt);
	int err;

	memset(m, 0, sizeof(*m));
	*why = NULL;
	if (root < 0)
		return fail(why, "tree has no root node", root);
	copy_model(fdt, root, m);
	if ((err = parse_memory(fdt, root, m, why)) || (err = parse_reserved(fdt, m, why)) ||
	    (err = parse_cpus(fdt, m, why)) || (err = parse_plic(fdt, m, why)))
		return err;

	int chosen = fdt_path(fdt, "/chosen");
	const char *args = chosen >= 0 ? fdt_prop_string(fdt, chosen, "bootargs") : NULL;
	str_copy(m->bootargs, args ? args : "", sizeof(m->bootargs));
	uint32_t seed_len;
	const uint8_t *seed = chosen >= 0 ? fdt_prop(fdt, chosen, "rng-seed", &seed_len) : NULL;
	if (seed) {
		m->rng_seed_len = seed_len < sizeof(m->rng_seed) ? seed_len : sizeof(m->rng_seed);
		memcpy(m->rng_seed, seed, m->rng_seed_len);
	}
	parse_console(fdt, chosen, m);
	return 0;
}

const struct hart_info *machine_hart(const struct machine *m, uint32_t hartid)
{
	for (unsigned i = 0; i < m->hart_count; i++) {
		if (m->harts[i].hartid == hartid)
			return &m->harts[i];
	}
	return NULL;
}

const char *uart_kind_name(enum uart_kind kind)
{
	switch (kind) {
	case UART_NS16550:
		return "ns16550a";
	case UART_DW_APB:
		return "snps,dw-apb-uart";
	case UART_SIFIVE:
		return "sifive,uart0";
	default:
		return "none";
	}
}
