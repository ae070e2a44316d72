// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "census.h"
#include "contract_check.h"
#include "tap.h"

/* Undefined types are looked for below this code, and at the probe's. */
#define UNDEFINED_SCAN_END 0x500u

struct checker {
	const struct leaf_source *src;
	enum cpu_vendor vendor;
	struct tap tap;
	char why[200];
};

static bool why(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return false;
}

static void report(struct checker *c, const char *what, bool ok)
{
	if (ok)
		tap_result(&c->tap, true, "%s", what);
	else
		tap_result(&c->tap, false, "%s: %s", what, c->why);
}

static bool totals_are_counts(struct checker *c)
{
	struct leaf_answer a = leaf_read(c->src, LEAF_EXITS, 0);

	if (leaf_classify(LEAF_EXITS, &a) != LEAF_COUNT)
		return why(c, "0x%08x: eax=%#x ebx=%#x ecx=%#x edx=%#x",
			   LEAF_EXITS, a.eax, a.ebx, a.ecx, a.edx);
	a = leaf_read(c->src, LEAF_CYCLES, 0);
	if (leaf_classify(LEAF_CYCLES, &a) != LEAF_CYCLE_COUNT)
		return why(c, "0x%08x: eax=%#x ebx=%#x ecx=%#x edx=%#x",
			   LEAF_CYCLES, a.eax, a.ebx, a.ecx, a.edx);
	return true;
}

static bool type_answers(struct checker *c, uint32_t code, enum leaf_kind kind)
{
	uint32_t leaf;

	for (leaf = LEAF_TYPE_EXITS; leaf <= LEAF_TYPE_CYCLES; leaf++) {
		struct leaf_answer a = leaf_read(c->src, leaf, code);

		if (leaf_classify(leaf, &a) != kind)
			return why(c, "0x%08x type %#x: eax=%#x ebx=%#x ecx=%#x edx=%#x",
				   leaf, code, a.eax, a.ebx, a.ecx, a.edx);
	}
	return true;
}

static bool undefined_types_say_so(struct checker *c)
{
	uint32_t code;

	if (!type_answers(c, 0x12345, LEAF_UNDEFINED_TYPE))
		return false;
	for (code = 0; code < UNDEFINED_SCAN_END; code++)
		if (!exit_type_find(c->vendor, code) &&
		    !type_answers(c, code, LEAF_UNDEFINED_TYPE))
			return false;
	return true;
}

static bool unhandled_types_are_zero(struct checker *c)
{
	const struct exit_type *t;
	size_t i, n = exit_types(c->vendor, &t);

	for (i = 0; i < n; i++)
		if (!t[i].kvm_handles && !type_answers(c, t[i].code, LEAF_NO_HANDLER))
			return false;
	return true;
}

/*
 * CHECK_CPUIDS CPUID instructions between two reads of the CPUID type:
 * the count grows by those, the cycles read, and one of the two exits
 * reads (which one depends on whether KVM counts an exit before or after
 * handling it).  More means
 * other CPUID exits in the scope: other vCPUs, or other guests.
 */
static bool each_cpuid_counts(struct checker *c)
{
	uint32_t cpuid = exit_type_cpuid(c->vendor), i, n, extra;
	struct leaf_answer e0, e1, y0, y1;

	e0 = leaf_read(c->src, LEAF_TYPE_EXITS, cpuid);
	y0 = leaf_read(c->src, LEAF_TYPE_CYCLES, cpuid);
	for (i = 0; i < CHECK_CPUIDS; i++)
		leaf_read(c->src, 0, 0);
	e1 = leaf_read(c->src, LEAF_TYPE_EXITS, cpuid);
	y1 = leaf_read(c->src, LEAF_TYPE_CYCLES, cpuid);
	n = e1.eax - e0.eax;
	if (!n)
		return why(c, "nothing counted: is kvm.exit_stats_mode off?");
	if (n < CHECK_CPUIDS + 2)
		return why(c, "%u CPUIDs and 2 reads counted as %u", CHECK_CPUIDS, n);
	extra = n - (CHECK_CPUIDS + 2);
	if (extra > CHECK_CPUIDS / 10)
		return why(c, "%u CPUIDs counted as %u: other CPUID exits in the scope?",
			   CHECK_CPUIDS, n);
	if (leaf_cycles(&y1) <= leaf_cycles(&y0))
		return why(c, "the CPUID type's cycles went from %llu to %llu",
			   (unsigned long long)leaf_cycles(&y0),
			   (unsigned long long)leaf_cycles(&y1));
	return true;
}

/*
 * The per-type counts, each read between two reads of the total, add up
 * to no less than the first total and no more than the second: counters
 * only grow, and at any instant the total is their sum.  Compared modulo
 * 2^32, as the leaves give the low 32 bits.
 */
static bool total_is_sum_of_types(struct checker *c)
{
	struct census census;
	uint32_t before, after, sum = 0;
	size_t i;

	if (census_read(c->src, c->vendor, &census))
		return why(c, "out of memory");
	before = census.exits;
	after = leaf_read(c->src, LEAF_EXITS, 0).eax;
	for (i = 0; i < census.ntypes; i++)
		sum += census.types[i].exits;
	census_free(&census);
	if ((uint32_t)(sum - before) > (uint32_t)(after - before))
		return why(c, "types add up to %u, outside the totals %u..%u",
			   sum, before, after);
	return true;
}

/* Both halves come from one 64-bit value: it never goes back. */
static bool cycles_never_go_back(struct checker *c)
{
	struct leaf_answer a = leaf_read(c->src, LEAF_CYCLES, 0);
	uint64_t last = leaf_cycles(&a), now;
	int i;

	for (i = 0; i < 1000; i++) {
		a = leaf_read(c->src, LEAF_CYCLES, 0);
		now = leaf_cycles(&a);
		if (now < last)
			return why(c, "cycles went from %#llx to %#llx",
				   (unsigned long long)last,
				   (unsigned long long)now);
		last = now;
	}
	return true;
}

int contract_check(const struct leaf_source *src, enum cpu_vendor vendor,
		   FILE *out)
{
	struct checker c = { .src = src, .vendor = vendor, .tap.out = out };

	report(&c, "totals answer as counts", totals_are_counts(&c));
	report(&c, "undefined types answer edx=0xffffffff",
	       undefined_types_say_so(&c));
	report(&c, "types KVM has no handler for answer zeroes",
	       unhandled_types_are_zero(&c));
	report(&c, "each CPUID exit is counted, with cycles",
	       each_cpuid_counts(&c));
	report(&c, "the total is the sum of the types",
	       total_is_sum_of_types(&c));
	report(&c, "cycles never go back", cycles_never_go_back(&c));
	tap_finish(&c.tap);
	return c.tap.failed;
}
