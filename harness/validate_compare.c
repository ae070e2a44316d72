// SPDX-License-Identifier: GPL-2.0
/*
 * validate's comparison: every source's count per exit type, the offsets
 * that the snapshots themselves add subtracted, side by side with what the
 * workload must take.  A pure function of the measurement, so the unit
 * tests run it on made-up ones.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "validate.h"

const char *const stat_names[NR_STATS] = {
	"exits", "io_exits", "halt_exits", "mmio_exits", "hypercalls", "irq_exits",
};

uint32_t type_of_stat(enum cpu_vendor vendor, const char *name)
{
	if (!strcmp(name, "io_exits"))
		return exit_type_io(vendor);
	if (!strcmp(name, "halt_exits"))
		return exit_type_hlt(vendor);
	if (!strcmp(name, "hypercalls"))
		return exit_type_hypercall(vendor);
	if (!strcmp(name, "irq_exits"))
		return vendor == VENDOR_INTEL ? 1 : 0x60;
	return UINT32_MAX;	/* mmio_exits: spread over fault types */
}

static const char *name_of(const struct measurement *m, uint32_t type, char *buf,
			   size_t size)
{
	return exit_type_name(m->vendor, type, buf, size);
}

/* A row of the table: "-" where a source has no value for the type. */
#define NONE INT64_MIN

struct row {
	uint32_t type;
	int64_t expected, leaves, bpf, stats, bytype, perf;
};

/* How far apart the sources that have a value are: 0 when they agree. */
static int64_t row_spread(const struct row *r)
{
	int64_t v[6] = { r->expected, r->leaves, r->bpf, r->stats, r->bytype,
			 r->perf };
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	int i;

	for (i = 0; i < 6; i++) {
		if (v[i] == NONE)
			continue;
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	return hi >= lo ? hi - lo : 0;
}

/* Print to @table, or nothing when it is NULL. */
static void say(FILE *table, const char *fmt, ...)
{
	va_list ap;

	if (!table)
		return;
	va_start(ap, fmt);
	vfprintf(table, fmt, ap);
	va_end(ap);
}

static void print_cell(FILE *table, int64_t v)
{
	if (v == NONE)
		say(table, " %7s", "-");
	else
		say(table, " %7lld", (long long)v);
}

static bool print_row(FILE *table, const struct measurement *m, const char *label,
		      uint32_t type, const struct row *r)
{
	char buf[32];
	int64_t spread = row_spread(r);
	bool ok = spread == 0;

	if (label)
		say(table, "  %-7s %-15s", "", label);
	else
		say(table, "  0x%-5x %-15.15s", type, name_of(m, type, buf, sizeof(buf)));
	print_cell(table, r->expected);
	print_cell(table, r->leaves);
	print_cell(table, r->bpf);
	print_cell(table, r->stats);
	print_cell(table, r->bytype);
	print_cell(table, r->perf);
	say(table, " %5lld %s\n", (long long)spread, ok ? "ok" : "FAIL");
	return ok;
}

#define VMX_EXIT_PREEMPTION_TIMER	52

/* The leaves count by basic reason: VMX's flagged rows are added in. */
static uint64_t bpf_exits(const struct measurement *m, uint32_t type)
{
	__u32 isa = m->vendor == VENDOR_INTEL ? EXITS_ISA_VMX : EXITS_ISA_SVM;

	return exits_snapshot_exits_of(&m->bpf_delta, isa, type);
}

/* The leaves' change of swept type @i (0: the total), all VMs or VM 0. */
static int64_t leaves_delta(const struct measurement *m, int i, bool global)
{
	int64_t sum = 0;
	int v;

	for (v = 0; v < (global ? 1 : m->vms); v++)
		sum += (uint32_t)(m->snap1[v][i] - m->snap0[v][i]);
	return sum;
}

/*
 * The change of column @i of per-VM counters, summed over the VMs: @before
 * and @after are [MAX_VMS][@width] arrays.
 */
static int64_t vms_delta(const struct measurement *m, const uint64_t *before,
			 const uint64_t *after, size_t width, size_t i)
{
	int64_t sum = 0;
	int v;

	for (v = 0; v < m->vms; v++)
		sum += after[v * width + i] - before[v * width + i];
	return sum;
}

/* KVM's statistic stat_names[@s]. */
static int64_t stats_delta(const struct measurement *m, size_t s)
{
	return vms_delta(m, &m->stats0[0][0], &m->stats1[0][0], NR_STATS, s);
}

/* exit_type_count: all types (@i = 0), or swept type @i - 1. */
static int64_t bytype_delta(const struct measurement *m, int i)
{
	return vms_delta(m, &m->bytype0[0][0], &m->bytype1[0][0], MAX_TYPES + 1, i);
}

/*
 * Compare the sources; returns whether everything agreed.  Offsets, per
 * VM: each snapshot is K + 1 CPUID exits and one I/O exit (its ucall).  The
 * leaves see one snapshot's worth per VM (from one snapshot's read of a type
 * to the next one's); BPF and KVM's statistics see both snapshots of every
 * VM.  In scope global, VM 0's leaves see every VM's first snapshot.
 */
bool validate_compare(const struct measurement *m, FILE *table)
{
	enum cpu_vendor vendor = m->vendor;
	bool global = !strcmp(m->cfg.scope, "global");
	bool off = !strcmp(m->cfg.mode, "off");
	int64_t snaps_leaves = m->vms, snaps_other = 2 * m->vms;
	int64_t ucalls = (int64_t)m->w->ops * m->vms * m->vcpus;
	uint32_t cpuid = exit_type_cpuid(vendor), io = exit_type_io(vendor);
	struct expect e[MAX_EXPECT];
	struct exit_stat total;
	bool ok = true;
	int i, ne = m->w->expect(vendor, m->n, e);
	size_t s, t;
	struct row r;

	say(table, "  offsets: leaves %lld CPUID and %lld I/O (the snapshots' own reads and\n"
	       "  ucalls); bpf, stats, bytype, perf %lld CPUID and %lld I/O (both snapshots)\n",
	       (long long)(snaps_leaves * (m->k + 1)), (long long)snaps_leaves,
	       (long long)(snaps_other * (m->k + 1)), (long long)snaps_other);
	if (off)
		say(table, "  mode off: the leaves must not move at all\n");
	say(table, "  %-7s %-15s %7s %7s %7s %7s %7s %7s %5s %s\n", "type", "name",
	       "expect", "leaves", "bpf", "stats", "bytype", "perf", "diff", "verdict");

	for (i = 0; i < m->k; i++) {
		uint32_t type = m->types[i];
		int j;

		r = (struct row){ type, NONE, leaves_delta(m, i + 1, global),
				  bpf_exits(m, type), NONE, bytype_delta(m, i + 1),
				  m->with_perf ? (int64_t)m->perf[i] : NONE };
		if (type == cpuid) {
			r.leaves -= off ? 0 : snaps_leaves * (m->k + 1);
			r.bpf -= snaps_other * (m->k + 1);
			r.bytype -= off ? 0 : snaps_other * (m->k + 1);
			r.perf -= m->with_perf ? snaps_other * (m->k + 1) : 0;
		}
		if (type == io) {
			r.leaves -= off ? 0 : snaps_leaves;
			r.bpf -= snaps_other;
			r.bytype -= off ? 0 : snaps_other;
			r.perf -= m->with_perf ? snaps_other : 0;
		}
		for (j = 0; j < ne; j++)
			if (e[j].type == type)
				r.expected = (int64_t)e[j].count * m->vms * m->vcpus;
		if (type == io)
			r.expected = (r.expected == NONE ? 0 : r.expected) + ucalls;
		for (s = 1; s < NR_STATS; s++)
			if (type_of_stat(vendor, stat_names[s]) == type)
				r.stats = stats_delta(m, s) - (type == io ? snaps_other : 0);
		if (off) {
			/* Frozen: the series' counts must be 0, the others as usual. */
			ok &= r.leaves == 0 && r.bytype == 0;
			r.leaves = NONE;
			r.bytype = NONE;
		}
		ok &= print_row(table, m, NULL, type, &r);
	}
	/* A type BPF saw that was not swept is a gap in the comparison. */
	for (t = 0; t < m->bpf_delta.n; t++) {
		uint32_t type = m->bpf_delta.e[t].key.reason;
		char buf[32];

		for (i = 0; i < m->k && m->types[i] != type; i++)
			;
		if (i == m->k) {
			say(table, "  0x%-6x %-20.20s not swept (no try took it beforehand)  FAIL\n",
			       type, name_of(m, type, buf, sizeof(buf)));
			ok = false;
		}
	}

	exits_snapshot_total(&m->bpf_delta, &total);
	r = (struct row){ 0, NONE, leaves_delta(m, 0, global),
			  (int64_t)total.exits - snaps_other * (m->k + 2),
			  stats_delta(m, 0) - snaps_other * (m->k + 2), bytype_delta(m, 0),
			  m->with_perf ? (int64_t)m->perf_total - snaps_other * (m->k + 2) : NONE };
	r.leaves -= off ? 0 : snaps_leaves * (m->k + 2);
	r.bytype -= off ? 0 : snaps_other * (m->k + 2);
	if (off) {
		ok &= r.leaves == 0 && r.bytype == 0;
		r.leaves = NONE;
		r.bytype = NONE;
	}
	ok &= print_row(table, m, "total", 0, &r);

	r = (struct row){ 0, m->w->fastpath ? (int64_t)(m->w->fastpath(vendor, m->n) *
			  m->vms * m->vcpus) : 0, NONE,
			  (int64_t)exits_stat_fastpath(&total), NONE, NONE, NONE };
	/*
	 * KVM finishes every VMX preemption-timer exit of a guest that is not
	 * nested in its fastpath; how many come depends on timing, so the
	 * expectation takes kvm_exit's count of them->
	 */
	if (vendor == VENDOR_INTEL)
		r.expected += bpf_exits(m, VMX_EXIT_PREEMPTION_TIMER);
	ok &= print_row(table, m, "fastpath", 0, &r);

	/* Each VM on its own, where the leaves read one VM: scope vm-> */
	for (i = 0; i < m->vms && m->vms > 1 && !global; i++) {
		char label[16];

		snprintf(label, sizeof(label), "VM %d total", i);
		r = (struct row){ 0, NONE,
				  (int64_t)(uint32_t)(m->snap1[i][0] - m->snap0[i][0]) -
				  (m->k + 2),
				  NONE, m->stats1[i][0] - m->stats0[i][0] - 2 * (m->k + 2),
				  m->bytype1[i][0] - m->bytype0[i][0] - 2 * (m->k + 2), NONE };
		if (off) {
			ok &= r.leaves == -(m->k + 2) && r.bytype == -2 * (m->k + 2);
			r.leaves = NONE;
			r.bytype = NONE;
		}
		ok &= print_row(table, m, label, 0, &r);
	}
	return ok;
}

