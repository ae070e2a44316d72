// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "../harness/lib/exit_types.h"
#include "kvmexits_format.h"

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

const char *key_name(const struct exit_key *key, char *buf, size_t size)
{
	if (key->isa != EXITS_ISA_VMX && key->isa != EXITS_ISA_SVM) {
		snprintf(buf, size, "isa%u:0x%x", key->isa, key->reason);
		return buf;
	}
	return exit_type_name(key->isa == EXITS_ISA_VMX ? VENDOR_INTEL : VENDOR_AMD,
			      key->reason, buf, size);
}

static const char *isa_name(__u32 isa)
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
	fprintf(f, "%-4s %-10s %-24s %10s %6s %9s %10s\n", "ISA", "TYPE", "NAME",
		"EXITS", "%", "FASTPATH", "AVG_US");
	for (i = 0; i < snap->n; i++) {
		const struct exits_entry *e = &snap->e[i];

		fprintf(f, "%-4s 0x%-8x %-24.24s %10llu %6.2f %9llu %10.2f\n",
			isa_name(e->key.isa), e->key.reason,
			key_name(&e->key, buf, sizeof(buf)),
			(unsigned long long)e->stat.exits,
			total.exits ? 100.0 * e->stat.exits / total.exits : 0.0,
			(unsigned long long)(e->stat.exits - e->stat.handled),
			avg_us(&e->stat));
	}
	fprintf(f, "%-4s %-10s %-24s %10llu %6.2f %9llu %10.2f\n", "", "", "total",
		(unsigned long long)total.exits, total.exits ? 100.0 : 0.0,
		(unsigned long long)(total.exits - total.handled), avg_us(&total));
}

void print_csv_header(FILE *f)
{
	fprintf(f, "time_s,isa,type,name,exits,handled,fastpath,timed,time_ns\n");
}

void print_csv(FILE *f, const struct exits_snapshot *snap, double ts)
{
	char buf[32];
	size_t i;

	for (i = 0; i < snap->n; i++) {
		const struct exit_stat *s = &snap->e[i].stat;

		fprintf(f, "%.3f,%s,%u,%s,%llu,%llu,%llu,%llu,%llu\n", ts,
			isa_name(snap->e[i].key.isa), snap->e[i].key.reason,
			key_name(&snap->e[i].key, buf, sizeof(buf)),
			(unsigned long long)s->exits, (unsigned long long)s->handled,
			(unsigned long long)(s->exits - s->handled),
			(unsigned long long)s->entries, (unsigned long long)s->time_ns);
	}
}

void print_json(FILE *f, const struct exits_snapshot *snap, double ts)
{
	char buf[32];
	size_t i;
	int s;

	fprintf(f, "{\"time_s\": %.3f, \"types\": [", ts);
	for (i = 0; i < snap->n; i++) {
		const struct exit_stat *st = &snap->e[i].stat;

		fprintf(f, "%s\n  {\"isa\": \"%s\", \"type\": %u, \"name\": \"%s\", "
			"\"exits\": %llu, \"handled\": %llu, \"timed\": %llu, "
			"\"time_ns\": %llu, \"hist_log2_ns\": [", i ? "," : "",
			isa_name(snap->e[i].key.isa), snap->e[i].key.reason,
			key_name(&snap->e[i].key, buf, sizeof(buf)),
			(unsigned long long)st->exits, (unsigned long long)st->handled,
			(unsigned long long)st->entries,
			(unsigned long long)st->time_ns);
		for (s = 0; s < EXITS_HIST_SLOTS; s++)
			fprintf(f, "%s%llu", s ? ", " : "",
				(unsigned long long)st->hist[s]);
		fprintf(f, "]}");
	}
	fprintf(f, "\n]}\n");
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
