// SPDX-License-Identifier: GPL-2.0
/*
 * What the loader checks before it loads: the classic tracepoint's record
 * layout (from its tracefs format) and whether tp_btf can read the exit
 * reason (from BTF).  Pure functions of their input, unit-tested.
 */
#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exits_lib.h"

int exits_tp_field(const char *format, const char *field, __u32 *off)
{
	char want[80];
	const char *p, *end;
	unsigned int o, size;

	/* A line reads: "\tfield:unsigned int exit_reason;\toffset:8;\tsize:4;..." */
	snprintf(want, sizeof(want), " %s;", field);
	for (p = format; p && *p; p = end ? end + 1 : NULL) {
		const char *name, *field_start = strstr(p, "field:");

		end = strchr(p, '\n');
		if (!field_start || (end && field_start > end))
			continue;
		name = strstr(field_start, want);
		if (!name || (end && name > end))
			continue;
		if (sscanf(name + strlen(want), "\toffset:%u;\tsize:%u;", &o, &size) != 2)
			return -1;
		if (size != 4)
			return -1;
		*off = o;
		return 0;
	}
	return -1;
}

/* Is @id, through modifiers and typedefs, a struct named @name? */
static bool is_struct_named(const struct btf *btf, __u32 id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));

	return t && btf_is_struct(t) && !strcmp(btf__name_by_offset(btf, t->name_off), name);
}

const char *exits_btf_problem(const struct btf *kvm, const struct btf *vendor,
			      const char *vcpu_struct, char *why, size_t size)
{
	const struct btf_type *t;
	const struct btf_param *p;
	__s32 id;

	id = btf__find_by_name_kind(kvm, "btf_trace_kvm_exit", BTF_KIND_TYPEDEF);
	if (id < 0)
		return "no BTF for the kvm_exit tracepoint";
	t = btf__type_by_id(kvm, btf__type_by_id(kvm, id)->type);
	if (t && btf_is_ptr(t))
		t = btf__type_by_id(kvm, t->type);
	if (!t || !btf_is_func_proto(t))
		return "kvm_exit's BTF is not a function prototype";
	p = btf_params(t);
	/* (void *__data, struct kvm_vcpu *vcpu, u32 isa) since 5.16. */
	if (btf_vlen(t) != 3 || !btf_is_ptr(btf__type_by_id(kvm, p[1].type)) ||
	    !is_struct_named(kvm, btf__type_by_id(kvm, p[1].type)->type, "kvm_vcpu"))
		return "kvm_exit's prototype is not (vcpu, isa), as before Linux 5.16";
	if (btf__find_by_name_kind(vendor, vcpu_struct, BTF_KIND_STRUCT) < 0) {
		snprintf(why, size, "no BTF for struct %s", vcpu_struct);
		return why;
	}
	return NULL;
}

int exits_btf_member_off(const struct btf *btf, const char *name,
			 const char *member, __u32 *off)
{
	__u32 id;

	/* From the last id down: a split BTF's own types come before its base's. */
	for (id = btf__type_cnt(btf) - 1; id > 0; id--) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_member *m;
		int i;

		if (!btf_is_struct(t) || strcmp(btf__name_by_offset(btf, t->name_off), name))
			continue;
		m = btf_members(t);
		for (i = 0; i < btf_vlen(t); i++, m++) {
			if (strcmp(btf__name_by_offset(btf, m->name_off), member))
				continue;
			if (btf_member_bit_offset(t, i) % 8)
				return -1;
			*off = btf_member_bit_offset(t, i) / 8;
			return 0;
		}
		return -1;
	}
	return -1;
}
