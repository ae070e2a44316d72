// SPDX-License-Identifier: GPL-2.0
#include "leaves.h"
#include "unit.h"

static enum leaf_kind classify(uint32_t leaf, uint32_t a, uint32_t b,
			       uint32_t c, uint32_t d)
{
	struct leaf_answer ans = { a, b, c, d };

	return leaf_classify(leaf, &ans);
}

static void test_classify(void)
{
	CHECK(classify(LEAF_EXITS, 5, 0, 0, 0) == LEAF_COUNT, "count");
	CHECK(classify(LEAF_EXITS, 0, 0, 0, 0) == LEAF_COUNT, "zero total");
	CHECK(classify(LEAF_EXITS, 5, 1, 0, 0) == LEAF_MALFORMED, "ebx set");
	CHECK(classify(LEAF_CYCLES, 0, 1, 2, 0) == LEAF_CYCLE_COUNT, "cycles");
	CHECK(classify(LEAF_CYCLES, 1, 1, 2, 0) == LEAF_MALFORMED, "eax set");
	CHECK(classify(LEAF_TYPE_EXITS, 0, 0, 0, 0xffffffff) == LEAF_UNDEFINED_TYPE,
	      "undefined");
	CHECK(classify(LEAF_TYPE_CYCLES, 0, 0, 0, 0xffffffff) == LEAF_UNDEFINED_TYPE,
	      "undefined cycles");
	CHECK(classify(LEAF_TYPE_EXITS, 0, 0, 0, 0) == LEAF_NO_HANDLER, "no handler");
	CHECK(classify(LEAF_TYPE_EXITS, 7, 0, 0, 0) == LEAF_COUNT, "type count");
	CHECK(classify(LEAF_TYPE_CYCLES, 0, 0, 9, 0) == LEAF_CYCLE_COUNT, "type cycles");
	CHECK(classify(LEAF_TYPE_EXITS, 1, 0, 0, 0xffffffff) == LEAF_MALFORMED,
	      "count with the undefined marker");
	/* What an unpatched KVM answers for an unknown hypervisor leaf. */
	CHECK(classify(LEAF_EXITS, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d) ==
	      LEAF_MALFORMED, "KVM signature leaf");
}

static void test_cycles_halves(void)
{
	struct leaf_answer a = { 0, 0x00000001, 0x80000000, 0 };

	CHECK(leaf_cycles(&a) == 0x180000000ull, "ebx is the high half");
	a.ebx = 0xffffffff;
	a.ecx = 0xffffffff;
	CHECK(leaf_cycles(&a) == ~0ull, "all ones");
}

UNIT_TESTS(leaves_tests) = {
	{ "leaves: classify answers", test_classify },
	{ "leaves: 64-bit cycles from two halves", test_cycles_halves },
	UNIT_END
};
