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
	if (a->flags != b->flags)
		return a->flags < b->flags ? -1 : 1;
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
	struct exits_entry key = { .key = { isa, reason, 0 } };

	return bsearch(&key, snap->e, snap->n, sizeof(snap->e[0]), entry_cmp);
}

__u64 exits_snapshot_exits_of(const struct exits_snapshot *snap, __u32 isa,
			      __u32 reason)
{
	__u64 sum = 0;
	size_t i;

	for (i = 0; i < snap->n; i++)
		if (snap->e[i].key.isa == isa && snap->e[i].key.reason == reason &&
		    !(snap->e[i].key.flags & EXITS_FLAG_UNKNOWN))
			sum += snap->e[i].stat.exits;
	return sum;
}

static void stat_sub(struct exit_stat *out, const struct exit_stat *a,
		     const struct exit_stat *b)
{
	int i;

	out->exits = a->exits - b->exits;
	out->handled = a->handled - b->handled;
	out->fastpath_handled = a->fastpath_handled - b->fastpath_handled;
	out->fastpath_userspace = a->fastpath_userspace - b->fastpath_userspace;
	out->entries = a->entries - b->entries;
	out->time_ns = a->time_ns - b->time_ns;
	for (i = 0; i < EXITS_HIST_SLOTS; i++)
		out->hist[i] = a->hist[i] - b->hist[i];
	out->user_ns = a->user_ns - b->user_ns;
	out->blocked_ns = a->blocked_ns - b->blocked_ns;
	out->runnable_ns = a->runnable_ns - b->runnable_ns;
}

void exits_stat_add(struct exit_stat *out, const struct exit_stat *a)
{
	int i;

	out->exits += a->exits;
	out->handled += a->handled;
	out->fastpath_handled += a->fastpath_handled;
	out->fastpath_userspace += a->fastpath_userspace;
	out->entries += a->entries;
	out->time_ns += a->time_ns;
	for (i = 0; i < EXITS_HIST_SLOTS; i++)
		out->hist[i] += a->hist[i];
	out->user_ns += a->user_ns;
	out->blocked_ns += a->blocked_ns;
	out->runnable_ns += a->runnable_ns;
}

void exits_snapshot_diff(const struct exits_snapshot *after,
			 const struct exits_snapshot *before,
			 struct exits_snapshot *out)
{
	size_t i;

	for (i = 0; i < EXITS_LOST_KINDS; i++)
		out->lost[i] = after->lost[i] - before->lost[i];
	for (i = 0; i < EXITS_KVM_EXIT_REASONS; i++) {
		out->user[i].returns = after->user[i].returns - before->user[i].returns;
		out->user[i].time_ns = after->user[i].time_ns - before->user[i].time_ns;
	}
	out->n = 0;
	for (i = 0; i < after->n; i++) {
		const struct exits_entry *a = &after->e[i];
		const struct exits_entry *b = bsearch(a, before->e, before->n,
						      sizeof(before->e[0]), entry_cmp);
		struct exits_entry *o = &out->e[out->n];

		o->key = a->key;
		o->fine = a->fine;
		if (b) {
			int s;

			stat_sub(&o->stat, &a->stat, &b->stat);
			for (s = 0; s < EXITS_FINE_SLOTS; s++)
				o->fine.slot[s] -= b->fine.slot[s];
		} else {
			o->stat = a->stat;
		}
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

__u64 exits_stat_fastpath(const struct exit_stat *s)
{
	return s->exits - s->handled + s->fastpath_handled + s->fastpath_userspace;
}

__u64 exits_stat_untimed(const struct exit_stat *s)
{
	return s->exits - s->entries;
}

__u64 exits_stat_kernel_ns(const struct exit_stat *s)
{
	__u64 elsewhere = s->user_ns + s->blocked_ns + s->runnable_ns;

	return s->time_ns > elsewhere ? s->time_ns - elsewhere : 0;
}

void exits_fine_range(__u32 slot, __u64 *lo, __u64 *hi)
{
	__u32 l = slot / 4 + 1, sub = slot % 4;

	if (slot < 4) {
		*lo = slot;
		*hi = slot + 1;
		return;
	}
	*lo = (__u64)(4 + sub) << (l - 2);
	*hi = slot == EXITS_FINE_SLOTS - 1 ? ~0ull : (__u64)(5 + sub) << (l - 2);
}

__u64 exits_fine_quantile(const struct exit_fine *fine, double q)
{
	__u64 total = 0, below = 0, lo, hi;
	__u32 s;

	for (s = 0; s < EXITS_FINE_SLOTS; s++)
		total += fine->slot[s];
	for (s = 0; s < EXITS_FINE_SLOTS && total; s++) {
		below += fine->slot[s];
		/* The rank of the quantile, rounded up, is in this slot. */
		if ((double)below >= q * total) {
			exits_fine_range(s, &lo, &hi);
			return s == EXITS_FINE_SLOTS - 1 ? lo : hi;
		}
	}
	return 0;
}

const char *exits_lost_name(enum exits_lost kind)
{
	static const char *const names[EXITS_LOST_KINDS] = {
		[EXITS_LOST_TYPE_TABLE_FULL] = "type_table_full",
		[EXITS_LOST_NO_TASK_STORAGE] = "no_task_storage",
		[EXITS_LOST_VM_TABLE_FULL] = "vm_table_full",
	};

	return kind < EXITS_LOST_KINDS ? names[kind] : "?";
}

const char *exits_attach_name(enum exits_attach attach)
{
	switch (attach) {
	case EXITS_ATTACH_TP_BTF:
		return "tp_btf";
	case EXITS_ATTACH_FENTRY:
		return "fentry";
	default:
		return "tp";
	}
}

int exits_attach_parse(const char *s, enum exits_attach *attach)
{
	if (!strcmp(s, "tp"))
		*attach = EXITS_ATTACH_TP;
	else if (!strcmp(s, "tp_btf"))
		*attach = EXITS_ATTACH_TP_BTF;
	else if (!strcmp(s, "fentry"))
		*attach = EXITS_ATTACH_FENTRY;
	else
		return -1;
	return 0;
}
