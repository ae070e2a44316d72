// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "exit_types.h"
#include "json_write.h"
#include "kvmexits_format.h"
#include "kvmexits_vms.h"

int sort_parse(const char *s, enum sort_by *sort)
{
	if (!strcmp(s, "exits"))
		*sort = SORT_EXITS;
	else if (!strcmp(s, "time"))
		*sort = SORT_TIME;
	else if (!strcmp(s, "type"))
		*sort = SORT_TYPE;
	else
		return -1;
	return 0;
}

static int by_exits(const void *a, const void *b)
{
	const struct exits_entry *x = a, *y = b;

	if (x->stat.exits != y->stat.exits)
		return x->stat.exits < y->stat.exits ? 1 : -1;
	return x->key.reason < y->key.reason ? -1 : x->key.reason > y->key.reason;
}

static int by_time(const void *a, const void *b)
{
	const struct exits_entry *x = a, *y = b;

	if (x->stat.time_ns != y->stat.time_ns)
		return x->stat.time_ns < y->stat.time_ns ? 1 : -1;
	return by_exits(a, b);
}

void sort_snapshot(struct exits_snapshot *snap, enum sort_by sort)
{
	if (sort == SORT_TYPE)
		exits_snapshot_sort(snap);
	else
		qsort(snap->e, snap->n, sizeof(snap->e[0]),
		      sort == SORT_TIME ? by_time : by_exits);
}

/* The VMX flag of the exit reason KVM names (union vmx_exit_reason). */
static const char *vmx_flag_name(__u32 flags)
{
	switch (flags) {
	case 1u << 31:
		return "failed_vmentry";
	case 1u << 29:
		return "smi_from_vmx_root";
	case 1u << 28:
		return "smi_pending_mtf";
	case 1u << 27:
		return "enclave_mode";
	case 1u << 26:
		return "bus_lock_detected";
	}
	return NULL;
}

const char *key_name(const struct exit_key *key, char *buf, size_t size)
{
	const char *base, *flag;
	char num[32];

	if (key->flags & EXITS_FLAG_UNKNOWN)
		return "unknown";
	if (key->isa != EXITS_ISA_VMX && key->isa != EXITS_ISA_SVM) {
		snprintf(buf, size, "isa%u:0x%x", key->isa, key->reason);
		return buf;
	}
	base = exit_type_name(key->isa == EXITS_ISA_VMX ? VENDOR_INTEL : VENDOR_AMD,
			      key->reason, num, sizeof(num));
	flag = vmx_flag_name(key->flags);
	if (!key->flags)
		snprintf(buf, size, "%s", base);
	else if (flag)
		snprintf(buf, size, "%s|%s", base, flag);
	else
		snprintf(buf, size, "%s|0x%x", base, key->flags);
	return buf;
}

const char *isa_name(__u32 isa)
{
	return isa == EXITS_ISA_VMX ? "vmx" : isa == EXITS_ISA_SVM ? "svm" : "?";
}

static double avg_us(const struct exit_stat *s)
{
	return s->entries ? s->time_ns / 1e3 / s->entries : 0;
}

void print_table(FILE *f, const struct exits_snapshot *snap)
{
	struct exit_stat total;
	char buf[32];
	size_t i;

	exits_snapshot_total(snap, &total);
	fprintf(f, "%-4s %-10s %-24s %10s %6s %9s %8s %10s\n", "ISA", "TYPE", "NAME",
		"EXITS", "%", "FASTPATH", "UNTIMED", "AVG_US");
	for (i = 0; i < snap->n; i++) {
		const struct exits_entry *e = &snap->e[i];

		fprintf(f, "%-4s 0x%-8x %-24.24s %10llu %6.2f %9llu %8llu %10.2f\n",
			isa_name(e->key.isa), e->key.reason,
			key_name(&e->key, buf, sizeof(buf)),
			(unsigned long long)e->stat.exits,
			total.exits ? 100.0 * e->stat.exits / total.exits : 0.0,
			(unsigned long long)exits_stat_fastpath(&e->stat),
			(unsigned long long)exits_stat_untimed(&e->stat),
			avg_us(&e->stat));
	}
	fprintf(f, "%-4s %-10s %-24s %10llu %6.2f %9llu %8llu %10.2f\n", "", "", "total",
		(unsigned long long)total.exits, total.exits ? 100.0 : 0.0,
		(unsigned long long)exits_stat_fastpath(&total),
		(unsigned long long)exits_stat_untimed(&total), avg_us(&total));
	fprintf(f, "lost: %llu exits not counted (type table full), %llu not timed "
		"(no task storage), %llu not in the per-VM view (its tables full)\n",
		(unsigned long long)snap->lost[EXITS_LOST_TYPE_TABLE_FULL],
		(unsigned long long)snap->lost[EXITS_LOST_NO_TASK_STORAGE],
		(unsigned long long)snap->lost[EXITS_LOST_VM_TABLE_FULL]);
}

const char *kvm_exit_name(__u32 reason)
{
	/* KVM_EXIT_* of linux/kvm.h, by number. */
	static const char *const names[] = {
		"UNKNOWN", "EXCEPTION", "IO", "HYPERCALL", "DEBUG", "HLT", "MMIO",
		"IRQ_WINDOW_OPEN", "SHUTDOWN", "FAIL_ENTRY", "INTR", "SET_TPR",
		"TPR_ACCESS", "S390_SIEIC", "S390_RESET", "DCR", "NMI",
		"INTERNAL_ERROR", "OSI", "PAPR_HCALL", "S390_UCONTROL", "WATCHDOG",
		"S390_TSCH", "EPR", "SYSTEM_EVENT", "S390_STSI", "IOAPIC_EOI",
		"HYPERV", "ARM_NISV", "X86_RDMSR", "X86_WRMSR", "DIRTY_RING_FULL",
		"AP_RESET_HOLD", "X86_BUS_LOCK", "XEN", "RISCV_SBI", "RISCV_CSR",
		"NOTIFY", "LOONGARCH_IOCSR", "MEMORY_FAULT",
	};

	return reason < sizeof(names) / sizeof(names[0]) ? names[reason] : "?";
}

static double share(__u64 part, __u64 whole)
{
	return whole ? 100.0 * part / whole : 0;
}

void print_split(FILE *f, const struct exits_snapshot *snap)
{
	char buf[32];
	size_t i;

	fprintf(f, "\n%-24s %9s %9s %7s %7s %8s %9s %9s %9s %9s\n", "NAME", "TIMED",
		"AVG_US", "KVM%", "VMM%", "BLOCKED%", "RUNNABLE%", "P50_US", "P99_US",
		"P99.9_US");
	for (i = 0; i < snap->n; i++) {
		const struct exits_entry *e = &snap->e[i];
		const struct exit_stat *s = &e->stat;

		fprintf(f, "%-24.24s %9llu %9.2f %7.1f %7.1f %8.1f %9.1f %9.2f %9.2f %9.2f\n",
			key_name(&e->key, buf, sizeof(buf)), (unsigned long long)s->entries,
			avg_us(s), share(exits_stat_kernel_ns(s), s->time_ns),
			share(s->user_ns, s->time_ns), share(s->blocked_ns, s->time_ns),
			share(s->runnable_ns, s->time_ns),
			exits_fine_quantile(&e->fine, 0.5) / 1e3,
			exits_fine_quantile(&e->fine, 0.99) / 1e3,
			exits_fine_quantile(&e->fine, 0.999) / 1e3);
	}
	fprintf(f, "\n%-24s %9s %9s\n", "KVM_RUN RETURNED FOR", "RETURNS", "VMM_AVG_US");
	for (i = 0; i < EXITS_KVM_EXIT_REASONS; i++)
		if (snap->user[i].returns)
			fprintf(f, "%-24s %9llu %9.2f\n", kvm_exit_name(i),
				(unsigned long long)snap->user[i].returns,
				snap->user[i].time_ns / 1e3 / snap->user[i].returns);
}

/*
 * The first nine columns are those of the first version; the others were
 * added after them, so that scripts reading columns by number keep working.
 */
void print_csv_header(FILE *f)
{
	fprintf(f, "time_s,isa,type,name,exits,handled,fastpath,timed,time_ns,flags,"
		"reentered,fastpath_handled,fastpath_userspace,untimed,"
		"lost_type_table_full,lost_no_task_storage,lost_vm_table_full,"
		"user_ns,blocked_ns,runnable_ns\n");
}

static void csv_row(FILE *f, const struct exits_snapshot *snap, double ts,
		    const char *isa, const char *type, const char *name,
		    __u32 flags, const struct exit_stat *s)
{
	fprintf(f, "%.3f,%s,%s,%s,%llu,%llu,%llu,%llu,%llu,%u,%llu,%llu,%llu,%llu,"
		"%llu,%llu,%llu,%llu,%llu,%llu\n", ts, isa, type, name,
		(unsigned long long)s->exits, (unsigned long long)s->handled,
		(unsigned long long)exits_stat_fastpath(s),
		(unsigned long long)s->entries, (unsigned long long)s->time_ns, flags,
		(unsigned long long)(s->exits - s->handled),
		(unsigned long long)s->fastpath_handled,
		(unsigned long long)s->fastpath_userspace,
		(unsigned long long)exits_stat_untimed(s),
		(unsigned long long)snap->lost[EXITS_LOST_TYPE_TABLE_FULL],
		(unsigned long long)snap->lost[EXITS_LOST_NO_TASK_STORAGE],
		(unsigned long long)snap->lost[EXITS_LOST_VM_TABLE_FULL],
		(unsigned long long)s->user_ns, (unsigned long long)s->blocked_ns,
		(unsigned long long)s->runnable_ns);
}

/* One row per type, then a total row (isa "all"), there even when empty. */
void print_csv(FILE *f, const struct exits_snapshot *snap, double ts)
{
	struct exit_stat total;
	char buf[32], type[16];
	size_t i;

	for (i = 0; i < snap->n; i++) {
		const struct exits_entry *e = &snap->e[i];

		snprintf(type, sizeof(type), "%u", e->key.reason);
		csv_row(f, snap, ts, isa_name(e->key.isa), type,
			key_name(&e->key, buf, sizeof(buf)), e->key.flags, &e->stat);
	}
	exits_snapshot_total(snap, &total);
	csv_row(f, snap, ts, "all", "", "total", 0, &total);
}

/* -S: where a type's exit-to-entry time went, and its percentiles. */
static void json_split(json_object *o, const struct exits_entry *e)
{
	json_set(o, "kernel_ns", json_object_new_uint64(exits_stat_kernel_ns(&e->stat)));
	json_set(o, "user_ns", json_object_new_uint64(e->stat.user_ns));
	json_set(o, "blocked_ns", json_object_new_uint64(e->stat.blocked_ns));
	json_set(o, "runnable_ns", json_object_new_uint64(e->stat.runnable_ns));
	json_set(o, "p50_ns", json_object_new_uint64(exits_fine_quantile(&e->fine, 0.5)));
	json_set(o, "p99_ns", json_object_new_uint64(exits_fine_quantile(&e->fine, 0.99)));
	json_set(o, "p999_ns", json_object_new_uint64(exits_fine_quantile(&e->fine, 0.999)));
}

static json_object *type_json(const struct exits_entry *e, bool split)
{
	const struct exit_stat *st = &e->stat;
	json_object *o = json_object_new_object();
	char buf[32];

	json_set(o, "isa", json_object_new_string(isa_name(e->key.isa)));
	json_set(o, "type", json_object_new_uint64(e->key.reason));
	json_set(o, "flags", json_object_new_uint64(e->key.flags));
	json_set(o, "name", json_object_new_string(key_name(&e->key, buf, sizeof(buf))));
	json_set(o, "exits", json_object_new_uint64(st->exits));
	json_set(o, "handled", json_object_new_uint64(st->handled));
	json_set(o, "fastpath", json_object_new_uint64(exits_stat_fastpath(st)));
	json_set(o, "reentered", json_object_new_uint64(st->exits - st->handled));
	json_set(o, "fastpath_handled", json_object_new_uint64(st->fastpath_handled));
	json_set(o, "fastpath_userspace", json_object_new_uint64(st->fastpath_userspace));
	json_set(o, "timed", json_object_new_uint64(st->entries));
	json_set(o, "untimed", json_object_new_uint64(exits_stat_untimed(st)));
	json_set(o, "time_ns", json_object_new_uint64(st->time_ns));
	json_set(o, "hist_log2_ns", json_u64_array(st->hist,
						   EXITS_HIST_SLOTS));
	if (split)
		json_split(o, e);
	return o;
}

/* One interval as one line of JSON. */
void print_json(FILE *f, const struct exits_snapshot *snap, double ts,
		const struct exits_vm_snapshot *vms, size_t top, bool split)
{
	json_object *o = json_object_new_object(), *lost = json_object_new_object();
	json_object *types = json_object_new_array();
	size_t i;

	json_set(o, "time_s", json_fixed(ts, 3));
	for (i = 0; i < EXITS_LOST_KINDS; i++)
		json_set(lost, exits_lost_name(i), json_object_new_uint64(snap->lost[i]));
	json_set(o, "lost", lost);
	for (i = 0; i < snap->n; i++)
		json_object_array_add(types, type_json(&snap->e[i], split));
	json_set(o, "types", types);
	if (split) {
		json_object *user = json_object_new_array();

		for (i = 0; i < EXITS_KVM_EXIT_REASONS; i++) {
			json_object *e;

			if (!snap->user[i].returns)
				continue;
			e = json_object_new_object();
			json_set(e, "reason", json_object_new_string(kvm_exit_name(i)));
			json_set(e, "returns", json_object_new_uint64(snap->user[i].returns));
			json_set(e, "time_ns", json_object_new_uint64(snap->user[i].time_ns));
			json_object_array_add(user, e);
		}
		json_set(o, "userspace", user);
	}
	if (vms)
		json_set(o, "vms", vm_json(vms, top));
	json_write(f, o);
	json_object_put(o);
}

#define BAR_WIDTH 40

void print_hist(FILE *f, const struct exits_entry *e)
{
	const __u64 *h = e->stat.hist;
	__u64 max = 0;
	int s, first = -1, last = -1, i;
	char buf[32];

	for (s = 0; s < EXITS_HIST_SLOTS; s++) {
		if (!h[s])
			continue;
		if (first < 0)
			first = s;
		last = s;
		if (h[s] > max)
			max = h[s];
	}
	fprintf(f, "\n%s (0x%x) exit-to-entry time:\n",
		key_name(&e->key, buf, sizeof(buf)), e->key.reason);
	if (first < 0) {
		fprintf(f, "  no samples\n");
		return;
	}
	fprintf(f, "%20s : %-10s |%-*s|\n", "nsecs", "count", BAR_WIDTH,
		"distribution");
	for (s = first; s <= last; s++) {
		int bar = (int)(h[s] * BAR_WIDTH / max);
		char range[32];

		/* The last slot also holds everything longer. */
		if (s == EXITS_HIST_SLOTS - 1)
			snprintf(range, sizeof(range), "%llu -> ...", 1ull << s);
		else
			snprintf(range, sizeof(range), "%llu -> %llu",
				 s ? 1ull << s : 0ull, (2ull << s) - 1);
		fprintf(f, "%20s : %-10llu |", range, (unsigned long long)h[s]);
		for (i = 0; i < BAR_WIDTH; i++)
			fputc(i < bar ? '*' : ' ', f);
		fprintf(f, "|\n");
	}
}
