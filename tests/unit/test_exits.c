// SPDX-License-Identifier: GPL-2.0
/* Snapshot arithmetic and output formats of the BPF counter, no kernel needed. */
#define _GNU_SOURCE
#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exits_lib.h"
#include "kvmexits_format.h"
#include "unit.h"

static struct exits_snapshot a, b, d;

static void put(struct exits_snapshot *s, __u32 isa, __u32 reason, __u64 exits,
		__u64 handled, __u64 time_ns)
{
	struct exits_entry *e = &s->e[s->n++];

	memset(e, 0, sizeof(*e));
	e->key.isa = isa;
	e->key.reason = reason;
	e->stat.exits = exits;
	e->stat.handled = handled;
	e->stat.entries = exits;
	e->stat.time_ns = time_ns;
	e->stat.hist[10] = exits;
}

static void make_pair(void)
{
	a.n = b.n = 0;
	put(&b, EXITS_ISA_VMX, 10, 100, 100, 1000);
	put(&b, EXITS_ISA_VMX, 30, 5, 5, 50);
	/* After: CPUID grew, a new type appeared, I/O did not move. */
	put(&a, EXITS_ISA_VMX, 32, 7, 2, 70);
	put(&a, EXITS_ISA_VMX, 10, 150, 150, 2500);
	put(&a, EXITS_ISA_VMX, 30, 5, 5, 50);
	exits_snapshot_sort(&a);
	exits_snapshot_sort(&b);
}

static void test_diff(void)
{
	const struct exits_entry *e;

	make_pair();
	exits_snapshot_diff(&a, &b, &d);
	CHECK(d.n == 2, "unchanged types are dropped, %zu left", d.n);
	e = exits_snapshot_find(&d, EXITS_ISA_VMX, 10);
	CHECK(e && e->stat.exits == 50 && e->stat.time_ns == 1500 &&
	      e->stat.hist[10] == 50, "CPUID delta");
	e = exits_snapshot_find(&d, EXITS_ISA_VMX, 32);
	CHECK(e && e->stat.exits == 7 && e->stat.handled == 2, "new type kept whole");
	CHECK(!exits_snapshot_find(&d, EXITS_ISA_SVM, 10), "other vendor");
}

static void test_total(void)
{
	struct exit_stat t;

	make_pair();
	exits_snapshot_total(&a, &t);
	CHECK(t.exits == 162 && t.handled == 157 && t.time_ns == 2620,
	      "total %llu/%llu/%llu", (unsigned long long)t.exits,
	      (unsigned long long)t.handled, (unsigned long long)t.time_ns);
	CHECK(t.hist[10] == 162, "histograms add up");
}

static void test_sort(void)
{
	enum sort_by s;

	make_pair();
	sort_snapshot(&a, SORT_EXITS);
	CHECK(a.e[0].key.reason == 10 && a.e[2].key.reason == 30, "by exits");
	sort_snapshot(&a, SORT_TYPE);
	CHECK(a.e[0].key.reason == 10 && a.e[2].key.reason == 32, "by type");
	CHECK(sort_parse("time", &s) == 0 && s == SORT_TIME, "parse time");
	CHECK(sort_parse("size", &s) == -1, "bad key");
}

/* Not inlined: GCC 12 then mistakes the stream's buffer for a local. */
static __attribute__((noinline)) char *
capture(void (*fn)(FILE *, const struct exits_snapshot *))
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	fn(f, &d);
	fclose(f);
	return buf;
}

static void table(FILE *f, const struct exits_snapshot *s) { print_table(f, s); }
static void csv(FILE *f, const struct exits_snapshot *s) { print_csv(f, s, 1.5); }
static void json(FILE *f, const struct exits_snapshot *s) { print_json(f, s, 1.5, NULL, 0, false); }

static void test_formats(void)
{
	char *out, *line;

	make_pair();
	put(&a, EXITS_ISA_VMX, 0x1234, 3, 3, 30);	/* unknown type */
	exits_snapshot_sort(&a);
	a.lost[EXITS_LOST_TYPE_TABLE_FULL] = 2;
	a.lost[EXITS_LOST_NO_TASK_STORAGE] = 4;
	b.lost[EXITS_LOST_NO_TASK_STORAGE] = 1;
	a.lost[EXITS_LOST_VM_TABLE_FULL] = 6;
	exits_snapshot_diff(&a, &b, &d);

	out = capture(table);
	CHECK(strstr(out, "CPUID") && strstr(out, "MSR_WRITE"), "names:\n%s", out);
	CHECK(strstr(out, "0x1234") != NULL, "unknown type shown as a number");
	line = strstr(out, "MSR_WRITE");
	/* 7 exits, 5 of them never reached handle_exit, 10 ns each. */
	CHECK(line && strstr(line, " 7 ") && strstr(line, " 5 ") &&
	      strstr(line, "0.01"), "MSR_WRITE row: %.60s", line ? line : "");
	CHECK(strstr(out, "total") && strstr(out, "100.00"), "total row");
	CHECK(strstr(out, "lost: 2 exits not counted (type table full), 3 not timed")
	      && strstr(out, "6 not in the per-VM view"),
	      "the losses of the interval:\n%s", out);
	free(out);

	out = capture(csv);
	CHECK(strstr(out, "1.500,vmx,32,MSR_WRITE,7,2,5,7,70,0,5,0,0,0,2,3,6,0,0,0\n") != NULL,
	      "csv row:\n%s", out);
	CHECK(strstr(out, "vmx,4660,0x1234,3,3,0,3,30,0,0,0,0,0,2,3,6,0,0,0\n") != NULL,
	      "csv unknown");
	CHECK(strstr(out, "1.500,all,,total,60,55,5,60,1600,0,5,0,0,0,2,3,6,0,0,0\n") != NULL,
	      "csv total row:\n%s", out);
	free(out);
	d.n = 0;
	out = capture(csv);
	CHECK(strstr(out, "1.500,all,,total,0,") != NULL, "an empty interval has its total");
	free(out);
	exits_snapshot_diff(&a, &b, &d);

	out = capture(json);
	/* One interval, one line of JSON. */
	CHECK(strstr(out, "{ \"time_s\": 1.500, \"lost\": { \"type_table_full\": 2, "
		      "\"no_task_storage\": 3, \"vm_table_full\": 6 }, \"types\": [") == out &&
	      strchr(out, '\n') == out + strlen(out) - 1, "json head:\n%.120s", out);
	CHECK(strstr(out, "\"name\": \"CPUID\", \"exits\": 50") != NULL, "json CPUID");
	CHECK(strstr(out, "\"fastpath\": 5, \"reentered\": 5, \"fastpath_handled\": 0") &&
	      strstr(out, "\"untimed\": 0"), "json fastpath kinds and untimed");
	CHECK(out[strlen(out) - 2] == '}', "json closes");
	free(out);
}

static void test_hist(void)
{
	struct exits_entry e = { .key = { EXITS_ISA_SVM, 0x72 } };
	char *buf = NULL;
	size_t len;
	FILE *f;

	e.stat.hist[3] = 10;
	e.stat.hist[5] = 40;
	f = open_memstream(&buf, &len);
	print_hist(f, &e);
	fclose(f);
	CHECK(strstr(buf, "cpuid (0x72)") != NULL, "title:\n%s", buf);
	CHECK(strstr(buf, "8 -> 15") && strstr(buf, "32 -> 63"), "ranges");
	CHECK(strstr(buf, "16 -> 31") != NULL, "empty slots inside the range shown");
	CHECK(strstr(buf, "|****************************************|") != NULL,
	      "the largest slot gets the full bar");
	free(buf);
}

/*
 * KVM's fastpath has three outcomes: re-entered (handle_exit() never runs),
 * and "handled" or "to userspace" (it runs, and is told so).
 */
static void test_fastpath_kinds(void)
{
	struct exit_stat st = { .exits = 10, .handled = 8, .fastpath_handled = 3,
				.fastpath_userspace = 1, .entries = 9 };
	struct exit_stat before = { .exits = 4, .handled = 4, .fastpath_handled = 1,
				    .entries = 4 };
	struct exits_snapshot x = { .n = 1 }, y = { .n = 1 };

	CHECK(exits_stat_fastpath(&st) == 6, "2 re-entered + 3 handled + 1 userspace, "
	      "got %llu", (unsigned long long)exits_stat_fastpath(&st));
	CHECK(exits_stat_untimed(&st) == 1, "one exit not followed by an entry");
	x.e[0].stat = st;
	y.e[0].stat = before;
	exits_snapshot_diff(&x, &y, &d);
	CHECK(d.n == 1 && d.e[0].stat.fastpath_handled == 2 &&
	      d.e[0].stat.fastpath_userspace == 1 &&
	      exits_stat_fastpath(&d.e[0].stat) == 5, "the kinds subtract");
}

/* VMX flags make a row of their own, named; an unreadable reason is "unknown". */
static void test_flags(void)
{
	struct exit_key failed = { EXITS_ISA_VMX, 33, 1u << 31 };
	struct exit_key odd = { EXITS_ISA_VMX, 33, 1u << 20 };
	struct exit_key unknown = { EXITS_ISA_SVM, 0, EXITS_FLAG_UNKNOWN };
	char buf[48];

	CHECK(strstr(key_name(&failed, buf, sizeof(buf)), "|failed_vmentry") != NULL,
	      "failed VM-entry: %s", buf);
	CHECK(strstr(key_name(&odd, buf, sizeof(buf)), "|0x100000") != NULL,
	      "other flag: %s", buf);
	CHECK(!strcmp(key_name(&unknown, buf, sizeof(buf)), "unknown"), "unknown");
	a.n = 0;
	put(&a, EXITS_ISA_VMX, 33, 1, 1, 10);
	a.e[0].key.flags = 1u << 31;
	put(&a, EXITS_ISA_VMX, 33, 5, 5, 50);
	exits_snapshot_sort(&a);
	CHECK(a.e[0].key.flags == 0 && exits_snapshot_find(&a, EXITS_ISA_VMX, 33) &&
	      exits_snapshot_find(&a, EXITS_ISA_VMX, 33)->stat.exits == 5,
	      "find() returns the row without flags");
	CHECK(exits_snapshot_exits_of(&a, EXITS_ISA_VMX, 33) == 6,
	      "the reason's exits, flagged or not");
	b.n = 0;
	exits_snapshot_diff(&a, &b, &d);
	CHECK(d.n == 2, "both rows kept, %zu", d.n);
}

/* The kvm_exit format of Linux 6.12, as tracefs prints it. */
static const char kvm_exit_format[] =
"name: kvm_exit\n"
"ID: 1710\n"
"format:\n"
"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
"\n"
"\tfield:unsigned int exit_reason;\toffset:8;\tsize:4;\tsigned:0;\n"
"\tfield:unsigned long guest_rip;\toffset:16;\tsize:8;\tsigned:0;\n"
"\tfield:u32 isa;\toffset:24;\tsize:4;\tsigned:0;\n"
"\tfield:u64 info1;\toffset:32;\tsize:8;\tsigned:0;\n"
"\n"
"print fmt: \"reason %s rip 0x%lx\", REC->exit_reason, REC->guest_rip\n";

static void test_tp_field(void)
{
	__u32 off = 0;

	CHECK(!exits_tp_field(kvm_exit_format, "exit_reason", &off) && off == 8,
	      "exit_reason at %u", off);
	CHECK(!exits_tp_field(kvm_exit_format, "isa", &off) && off == 24, "isa at %u", off);
	CHECK(exits_tp_field(kvm_exit_format, "guest_rip", &off) == -1, "8 bytes: refused");
	CHECK(exits_tp_field(kvm_exit_format, "reason", &off) == -1,
	      "a name's tail is not the name");
	CHECK(exits_tp_field(kvm_exit_format, "missing", &off) == -1, "missing field");
	CHECK(exits_tp_field("", "isa", &off) == -1, "empty format");
}

/* A BTF with kvm_exit's raw tracepoint type and a vendor vCPU struct. */
static struct btf *kvm_btf(bool old_prototype, const char *vcpu_struct)
{
	struct btf *btf = btf__new_empty();
	int u32, vcpu, vcpu_ptr, void_ptr, proto;

	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	vcpu = btf__add_struct(btf, "kvm_vcpu", 0);
	vcpu_ptr = btf__add_ptr(btf, vcpu);
	void_ptr = btf__add_ptr(btf, 0);
	btf__add_struct(btf, vcpu_struct, 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "__data", void_ptr);
	if (old_prototype)	/* (exit_reason, vcpu, isa), before 5.16 */
		btf__add_func_param(btf, "exit_reason", u32);
	btf__add_func_param(btf, "vcpu", vcpu_ptr);
	btf__add_func_param(btf, "isa", u32);
	btf__add_typedef(btf, "btf_trace_kvm_exit", btf__add_ptr(btf, proto));
	return btf;
}

static void test_btf_problem(void)
{
	struct btf *good = kvm_btf(false, "vcpu_vmx"), *old = kvm_btf(true, "vcpu_vmx");
	struct btf *empty = btf__new_empty();
	const char *p;
	char why[64];

	CHECK(exits_btf_problem(good, good, "vcpu_vmx", why, sizeof(why)) == NULL,
	      "(vcpu, isa) and vcpu_vmx: usable");
	p = exits_btf_problem(good, good, "vcpu_svm", why, sizeof(why));
	CHECK(p && strstr(p, "no BTF for struct vcpu_svm"), "vendor type missing: %s",
	      p ? p : "usable");
	p = exits_btf_problem(old, old, "vcpu_vmx", why, sizeof(why));
	CHECK(p && strstr(p, "before Linux 5.16"), "old prototype: %s", p ? p : "usable");
	p = exits_btf_problem(empty, good, "vcpu_vmx", why, sizeof(why));
	CHECK(p && strstr(p, "no BTF for the kvm_exit tracepoint"), "no tracepoint: %s",
	      p ? p : "usable");
	btf__free(good);
	btf__free(old);
	btf__free(empty);
}

/* The finer slots: their bounds, and the percentiles read from them. */
static void test_fine_slots(void)
{
	struct exit_fine fine = {};
	__u64 v, lo, hi;
	__u32 s, prev = 0;
	int bad = 0;

	/* Every value falls in the slot whose range holds it; slots only grow. */
	for (v = 0; v < (1ull << 37); v = v < 64 ? v + 1 : v + v / 7) {
		s = exits_fine_slot(v);
		exits_fine_range(s, &lo, &hi);
		if (v < lo || (v >= hi && s != EXITS_FINE_SLOTS - 1) || s < prev)
			bad++;
		prev = s;
	}
	CHECK(!bad, "%d values outside their slot's range", bad);
	exits_fine_range(exits_fine_slot(1000), &lo, &hi);
	CHECK(lo == 896 && hi == 1024, "1000 ns in [%llu, %llu)", (unsigned long long)lo,
	      (unsigned long long)hi);
	/* 1000 exits: 989 of 1 us, 10 of 50 us, 1 of 2 ms. */
	fine.slot[exits_fine_slot(1000)] = 989;
	fine.slot[exits_fine_slot(50000)] = 10;
	fine.slot[exits_fine_slot(2000000)] = 1;
	CHECK(exits_fine_quantile(&fine, 0.5) == 1024, "p50 %llu",
	      (unsigned long long)exits_fine_quantile(&fine, 0.5));
	CHECK(exits_fine_quantile(&fine, 0.99) == 57344, "p99 %llu",
	      (unsigned long long)exits_fine_quantile(&fine, 0.99));
	CHECK(exits_fine_quantile(&fine, 0.999) == 57344 &&
	      exits_fine_quantile(&fine, 1.0) == 2097152, "p99.9 %llu, max %llu",
	      (unsigned long long)exits_fine_quantile(&fine, 0.999),
	      (unsigned long long)exits_fine_quantile(&fine, 1.0));
	memset(&fine, 0, sizeof(fine));
	CHECK(exits_fine_quantile(&fine, 0.5) == 0, "no samples");
}

static void split(FILE *f, const struct exits_snapshot *s) { print_split(f, s); }
static void json_split(FILE *f, const struct exits_snapshot *s)
{
	print_json(f, s, 1.5, NULL, 0, true);
}

static void test_split(void)
{
	struct exits_entry *e;
	char *out;

	make_pair();
	exits_snapshot_diff(&a, &b, &d);
	e = (struct exits_entry *)exits_snapshot_find(&d, EXITS_ISA_VMX, 10);
	/* 50 CPUIDs in 1500 ns: 300 in the VMM, 600 blocked, 150 runnable. */
	e->stat.user_ns = 300;
	e->stat.blocked_ns = 600;
	e->stat.runnable_ns = 150;
	e->fine.slot[exits_fine_slot(30)] = 50;
	d.user[2].returns = 4;		/* KVM_EXIT_IO */
	d.user[2].time_ns = 300;
	CHECK(exits_stat_kernel_ns(&e->stat) == 450, "KVM's part: %llu",
	      (unsigned long long)exits_stat_kernel_ns(&e->stat));
	out = capture(split);
	CHECK(strstr(out, "CPUID") && strstr(out, " 30.0    20.0     40.0      10.0"),
	      "the shares:\n%s", out);
	CHECK(strstr(out, "IO") && strstr(out, "0.07"), "KVM_EXIT_IO's time:\n%s", out);
	free(out);
	out = capture(json_split);
	CHECK(strstr(out, "\"kernel_ns\": 450, \"user_ns\": 300, \"blocked_ns\": 600, "
		      "\"runnable_ns\": 150, \"p50_ns\": 32"), "JSON:\n%s", out);
	CHECK(strstr(out, "\"userspace\": [ { \"reason\": \"IO\", \"returns\": 4, "
		      "\"time_ns\": 300 } ]"), "JSON's userspace:\n%s", out);
	free(out);
	CHECK(!strcmp(kvm_exit_name(39), "MEMORY_FAULT") && !strcmp(kvm_exit_name(40), "?"),
	      "KVM_EXIT_* names");
}

static void test_attach_names(void)
{
	enum exits_attach m;

	CHECK(exits_attach_parse("tp_btf", &m) == 0 && m == EXITS_ATTACH_TP_BTF, "tp_btf");
	CHECK(exits_attach_parse("fentry", &m) == 0 && m == EXITS_ATTACH_FENTRY, "fentry");
	CHECK(!strcmp(exits_attach_name(EXITS_ATTACH_FENTRY), "fentry"), "fentry name");
	CHECK(exits_attach_parse("kprobe", &m) == -1, "unknown method");
	CHECK(!strcmp(exits_attach_name(EXITS_ATTACH_TP), "tp"), "name");
}

UNIT_TESTS(exits_tests) = {
	{ "exits: snapshot difference", test_diff },
	{ "exits: snapshot total", test_total },
	{ "exits: sorting", test_sort },
	{ "exits: table, CSV and JSON", test_formats },
	{ "exits: log2 histogram", test_hist },
	{ "exits: fastpath kinds and untimed exits", test_fastpath_kinds },
	{ "exits: VMX flags and unknown reasons", test_flags },
	{ "exits: tracefs field offsets", test_tp_field },
	{ "exits: can tp_btf read the reason (BTF probe)", test_btf_problem },
	{ "exits: attach method names", test_attach_names },
	{ "exits: finer slots and percentiles", test_fine_slots },
	{ "exits: the split of the exit-to-entry time", test_split },
	UNIT_END
};
