// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "json_write.h"
#include "kvmexits_format.h"
#include "kvmexits_vms.h"

int vmm_guest_name(const char *cmdline, size_t len, char *out, size_t size)
{
	const char *arg = cmdline, *end = cmdline + len, *val;
	size_t n;

	for (; arg < end; arg += strnlen(arg, end - arg) + 1) {
		if (strcmp(arg, "-name") && strcmp(arg, "--name"))
			continue;
		val = arg + strlen(arg) + 1;
		if (val >= end)
			return -1;
		if (!strncmp(val, "guest=", 6))
			val += 6;
		n = strcspn(val, ",");
		if (!n)
			return -1;
		snprintf(out, size, "%.*s", (int)n, val);
		return 0;
	}
	return -1;
}

const char *vm_name(const struct exits_vm *vm, char *buf, size_t size)
{
	if (vm->info.name[0])
		snprintf(buf, size, "%.*s", EXITS_VM_NAME_LEN, vm->info.name);
	else
		snprintf(buf, size, "%u-?", vm->info.tgid);
	return buf;
}

/* The length of the valid UTF-8 sequence at @s, or 0. */
static int utf8_len(const unsigned char *s)
{
	int n, i;

	if (*s < 0x80)
		return 1;
	n = *s >= 0xf0 && *s < 0xf5 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc2 && *s < 0xe0 ? 2 : 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void utf8_sanitize(char *s)
{
	unsigned char *p = (unsigned char *)s;
	int n;

	/* A command cut at 15 bytes, or any bytes at all, may not be UTF-8. */
	while (*p) {
		n = utf8_len(p);
		if (!n) {
			*p++ = '?';
			continue;
		}
		p += n;
	}
}

const char *vmm_name(const struct exits_vm *vm, char *buf, size_t size)
{
	char path[64], cmdline[4096], guest[64];
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/cmdline", vm->info.tgid);
	f = fopen(path, "r");
	if (f) {
		len = fread(cmdline, 1, sizeof(cmdline) - 1, f);
		cmdline[len] = '\0';
		fclose(f);
	}
	if (len && !vmm_guest_name(cmdline, len, guest, sizeof(guest)))
		snprintf(buf, size, "%.16s (%s)", vm->info.comm, guest);
	else
		snprintf(buf, size, "%.16s", vm->info.comm);
	/* It goes into label values and JSON strings, which must be UTF-8. */
	utf8_sanitize(buf);
	return buf;
}

struct vm_row {
	const struct exits_vm *vm;
	struct vcpu_stat total;
	size_t vcpus, types, first_vcpu, first_type;
};

static int by_exits(const void *a, const void *b)
{
	const struct vm_row *x = a, *y = b;

	if (x->total.exits != y->total.exits)
		return x->total.exits < y->total.exits ? 1 : -1;
	return strncmp(x->vm->info.name, y->vm->info.name, EXITS_VM_NAME_LEN);
}

/* The VMs of @vs, most exits first; the caller frees them. */
static struct vm_row *vm_rows(const struct exits_vm_snapshot *vs)
{
	struct vm_row *rows = calloc(vs->n_vms ? vs->n_vms : 1, sizeof(*rows));
	size_t i;

	if (!rows)
		return NULL;
	for (i = 0; i < vs->n_vms; i++) {
		struct vm_row *r = &rows[i];

		r->vm = &vs->vms[i];
		exits_vm_total(vs, &r->vm->key, &r->total);
		r->vcpus = exits_vm_vcpus(vs, &r->vm->key, &r->first_vcpu);
		r->types = exits_vm_types(vs, &r->vm->key, &r->first_type);
	}
	qsort(rows, vs->n_vms, sizeof(*rows), by_exits);
	return rows;
}

static double avg_us(const struct vcpu_stat *s)
{
	return s->entries ? s->time_ns / 1e3 / s->entries : 0;
}

/* The VM's most frequent exit type, or NULL. */
static const struct exits_vm_type *top_type(const struct exits_vm_snapshot *vs,
					    const struct vm_row *r)
{
	const struct exits_vm_type *top = NULL;
	size_t i;

	for (i = r->first_type; i < r->first_type + r->types; i++)
		if (!top || vs->types[i].exits > top->exits)
			top = &vs->types[i];
	return top;
}

void print_vm_table(FILE *f, const struct exits_vm_snapshot *vs, size_t top,
		    bool vcpus)
{
	struct vm_row *rows = vm_rows(vs);
	__u64 all = 0;
	size_t i, j;

	if (!rows)
		return;
	for (i = 0; i < vs->n_vms; i++)
		all += rows[i].total.exits;
	fprintf(f, "\n%-12s %-8s %-24s %5s %10s %6s %8s %10s  %s\n", "VM", "PID",
		"VMM", "VCPUS", "EXITS", "%", "UNTIMED", "AVG_US", "TOP TYPE");
	for (i = 0; i < vs->n_vms && i < top; i++) {
		const struct vm_row *r = &rows[i];
		const struct exits_vm_type *t = top_type(vs, r);
		char name[32], vmm[96], type[32] = "-";

		if (t)
			key_name(&t->key.type, type, sizeof(type));
		fprintf(f, "%-12s %-8u %-24.24s %5zu %10llu %6.2f %8llu %10.2f  %s\n",
			vm_name(r->vm, name, sizeof(name)), r->vm->info.tgid,
			vmm_name(r->vm, vmm, sizeof(vmm)), r->vcpus,
			(unsigned long long)r->total.exits,
			all ? 100.0 * r->total.exits / all : 0.0,
			(unsigned long long)(r->total.exits - r->total.entries),
			avg_us(&r->total), type);
		for (j = r->first_vcpu; vcpus && j < r->first_vcpu + r->vcpus; j++) {
			const struct exits_vcpu *v = &vs->vcpus[j];

			fprintf(f, "  vcpu %-5u %-8s %-24s %5s %10llu %6.2f %8llu %10.2f\n",
				v->key.vcpu_id, "", "", "",
				(unsigned long long)v->stat.exits,
				all ? 100.0 * v->stat.exits / all : 0.0,
				(unsigned long long)(v->stat.exits - v->stat.entries),
				avg_us(&v->stat));
		}
	}
	if (vs->n_vms > top)
		fprintf(f, "(%zu more VMs)\n", vs->n_vms - top);
	free(rows);
}

json_object *vm_json(const struct exits_vm_snapshot *vs, size_t top)
{
	struct vm_row *rows = vm_rows(vs);
	json_object *all = json_object_new_array();
	size_t i, j;

	for (i = 0; rows && i < vs->n_vms && i < top; i++) {
		const struct vm_row *r = &rows[i];
		json_object *o = json_object_new_object(), *types, *vcpus;
		char name[32], vmm[96], type[32];

		json_set(o, "vm", json_object_new_string(vm_name(r->vm, name, sizeof(name))));
		json_set(o, "pid", json_object_new_uint64(r->vm->info.tgid));
		json_set(o, "vmm", json_object_new_string(vmm_name(r->vm, vmm, sizeof(vmm))));
		json_set(o, "gone", json_object_new_boolean(r->vm->gone));
		json_set(o, "exits", json_object_new_uint64(r->total.exits));
		json_set(o, "timed", json_object_new_uint64(r->total.entries));
		json_set(o, "time_ns", json_object_new_uint64(r->total.time_ns));
		types = json_object_new_array();
		for (j = r->first_type; j < r->first_type + r->types; j++) {
			const struct exits_vm_type *t = &vs->types[j];
			json_object *e = json_object_new_object();

			json_set(e, "isa", json_object_new_string(isa_name(t->key.type.isa)));
			json_set(e, "type", json_object_new_uint64(t->key.type.reason));
			json_set(e, "flags", json_object_new_uint64(t->key.type.flags));
			json_set(e, "name", json_object_new_string(key_name(&t->key.type, type,
									     sizeof(type))));
			json_set(e, "exits", json_object_new_uint64(t->exits));
			json_object_array_add(types, e);
		}
		json_set(o, "types", types);
		vcpus = json_object_new_array();
		for (j = r->first_vcpu; j < r->first_vcpu + r->vcpus; j++) {
			const struct exits_vcpu *v = &vs->vcpus[j];
			json_object *e = json_object_new_object();

			json_set(e, "id", json_object_new_uint64(v->key.vcpu_id));
			json_set(e, "exits", json_object_new_uint64(v->stat.exits));
			json_set(e, "timed", json_object_new_uint64(v->stat.entries));
			json_set(e, "time_ns", json_object_new_uint64(v->stat.time_ns));
			json_object_array_add(vcpus, e);
		}
		json_set(o, "vcpus", vcpus);
		json_object_array_add(all, o);
	}
	free(rows);
	return all;
}
