// SPDX-License-Identifier: GPL-2.0
/* Snapshot arithmetic and output formats of the BPF counter, no kernel needed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../bpf/exits_lib.h"
#include "../../bpf/kvmexits_format.h"
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
static void json(FILE *f, const struct exits_snapshot *s) { print_json(f, s, 1.5); }

static void test_formats(void)
{
	char *out, *line;

	make_pair();
	put(&a, EXITS_ISA_VMX, 0x1234, 3, 3, 30);	/* unknown type */
	exits_snapshot_sort(&a);
	exits_snapshot_diff(&a, &b, &d);

	out = capture(table);
	CHECK(strstr(out, "CPUID") && strstr(out, "MSR_WRITE"), "names:\n%s", out);
	CHECK(strstr(out, "0x1234") != NULL, "unknown type shown as a number");
	line = strstr(out, "MSR_WRITE");
	/* 7 exits, 5 of them never reached handle_exit, 10 ns each. */
	CHECK(line && strstr(line, " 7 ") && strstr(line, " 5 ") &&
	      strstr(line, "0.01"), "MSR_WRITE row: %.60s", line ? line : "");
	CHECK(strstr(out, "total") && strstr(out, "100.00"), "total row");
	free(out);

	out = capture(csv);
	CHECK(strstr(out, "1.500,vmx,32,MSR_WRITE,7,2,5,7,70\n") != NULL,
	      "csv row:\n%s", out);
	CHECK(strstr(out, "vmx,4660,0x1234,3,3,0,3,30") != NULL, "csv unknown");
	free(out);

	out = capture(json);
	CHECK(!strncmp(out, "{\"time_s\": 1.500, \"types\": [", 28), "json head");
	CHECK(strstr(out, "\"name\": \"CPUID\", \"exits\": 50") != NULL, "json CPUID");
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

static void test_attach_names(void)
{
	enum exits_attach m;

	CHECK(exits_attach_parse("tp_btf", &m) == 0 && m == EXITS_ATTACH_TP_BTF, "tp_btf");
	CHECK(exits_attach_parse("fentry", &m) == -1, "unknown method");
	CHECK(!strcmp(exits_attach_name(EXITS_ATTACH_TP), "tp"), "name");
}

UNIT_TESTS(exits_tests) = {
	{ "exits: snapshot difference", test_diff },
	{ "exits: snapshot total", test_total },
	{ "exits: sorting", test_sort },
	{ "exits: table, CSV and JSON", test_formats },
	{ "exits: log2 histogram", test_hist },
	{ "exits: attach method names", test_attach_names },
	UNIT_END
};
