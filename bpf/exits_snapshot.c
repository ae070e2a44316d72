// SPDX-License-Identifier: GPL-2.0
/* Snapshot arithmetic, apart from the loader so that it is unit-testable. */
#include <stdlib.h>
#include <string.h>

#include "exits_lib.h"

static int key_cmp(const struct exit_key *a, const struct exit_key *b)
{
	if (a->isa != b->isa)
		return a->isa < b->isa ? -1 : 1;
	if (a->reason != b->reason)
		return a->reason < b->reason ? -1 : 1;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct exits_entry *)a)->key,
		       &((const struct exits_entry *)b)->key);
}

void exits_snapshot_sort(struct exits_snapshot *snap)
{
	qsort(snap->e, snap->n, sizeof(snap->e[0]), entry_cmp);
}

const struct exits_entry *exits_snapshot_find(const struct exits_snapshot *snap,
					      __u32 isa, __u32 reason)
{
	struct exits_entry key = { .key = { isa, reason } };

	return bsearch(&key, snap->e, snap->n, sizeof(snap->e[0]), entry_cmp);
}

static void stat_sub(struct exit_stat *out, const struct exit_stat *a,
		     const struct exit_stat *b)
{
	int i;

	out->exits = a->exits - b->exits;
	out->handled = a->handled - b->handled;
	out->entries = a->entries - b->entries;
	out->time_ns = a->time_ns - b->time_ns;
	for (i = 0; i < EXITS_HIST_SLOTS; i++)
		out->hist[i] = a->hist[i] - b->hist[i];
}

void exits_stat_add(struct exit_stat *out, const struct exit_stat *a)
{
	int i;

	out->exits += a->exits;
	out->handled += a->handled;
	out->entries += a->entries;
	out->time_ns += a->time_ns;
	for (i = 0; i < EXITS_HIST_SLOTS; i++)
		out->hist[i] += a->hist[i];
}

void exits_snapshot_diff(const struct exits_snapshot *after,
			 const struct exits_snapshot *before,
			 struct exits_snapshot *out)
{
	size_t i;

	out->n = 0;
	for (i = 0; i < after->n; i++) {
		const struct exits_entry *a = &after->e[i];
		const struct exits_entry *b =
			exits_snapshot_find(before, a->key.isa, a->key.reason);
		struct exits_entry *o = &out->e[out->n];

		o->key = a->key;
		if (b)
			stat_sub(&o->stat, &a->stat, &b->stat);
		else
			o->stat = a->stat;
		if (o->stat.exits || o->stat.handled || o->stat.entries)
			out->n++;
	}
}

void exits_snapshot_total(const struct exits_snapshot *snap,
			  struct exit_stat *total)
{
	size_t i;

	memset(total, 0, sizeof(*total));
	for (i = 0; i < snap->n; i++)
		exits_stat_add(total, &snap->e[i].stat);
}

const char *exits_attach_name(enum exits_attach attach)
{
	return attach == EXITS_ATTACH_TP_BTF ? "tp_btf" : "tp";
}

int exits_attach_parse(const char *s, enum exits_attach *attach)
{
	if (!strcmp(s, "tp"))
		*attach = EXITS_ATTACH_TP;
	else if (!strcmp(s, "tp_btf"))
		*attach = EXITS_ATTACH_TP_BTF;
	else
		return -1;
	return 0;
}
