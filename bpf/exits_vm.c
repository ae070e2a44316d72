// SPDX-License-Identifier: GPL-2.0
/* The per-VM view's arithmetic, apart from the loader so that it is unit-testable. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exits_lib.h"

#define KVM_DEBUGFS "/sys/kernel/debug/kvm"
/* The initial PID namespace's inode (include/linux/proc_ns.h). */
#define PROC_PID_INIT_INO	0xEFFFFFFCU
#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

static int vm_key_cmp(const struct vm_key *a, const struct vm_key *b)
{
	return a->kvm != b->kvm ? CMP(a->kvm, b->kvm) : CMP(a->ino, b->ino);
}

static int vm_cmp(const void *a, const void *b)
{
	return vm_key_cmp(&((const struct exits_vm *)a)->key,
			  &((const struct exits_vm *)b)->key);
}

static int vcpu_cmp(const void *a, const void *b)
{
	const struct vcpu_key *x = &((const struct exits_vcpu *)a)->key;
	const struct vcpu_key *y = &((const struct exits_vcpu *)b)->key;
	int c = vm_key_cmp(&x->vm, &y->vm);

	return c ? c : CMP(x->vcpu_id, y->vcpu_id);
}

static int type_cmp(const void *a, const void *b)
{
	const struct vm_type_key *x = &((const struct exits_vm_type *)a)->key;
	const struct vm_type_key *y = &((const struct exits_vm_type *)b)->key;
	int c = vm_key_cmp(&x->vm, &y->vm);

	if (c)
		return c;
	if (x->type.isa != y->type.isa)
		return CMP(x->type.isa, y->type.isa);
	if (x->type.reason != y->type.reason)
		return CMP(x->type.reason, y->type.reason);
	return CMP(x->type.flags, y->type.flags);
}

void exits_vm_snapshot_sort(struct exits_vm_snapshot *vs)
{
	qsort(vs->vms, vs->n_vms, sizeof(vs->vms[0]), vm_cmp);
	qsort(vs->vcpus, vs->n_vcpus, sizeof(vs->vcpus[0]), vcpu_cmp);
	qsort(vs->types, vs->n_types, sizeof(vs->types[0]), type_cmp);
}

void exits_vm_snapshot_diff(const struct exits_vm_snapshot *after,
			    const struct exits_vm_snapshot *before,
			    struct exits_vm_snapshot *out)
{
	size_t i;

	out->n_vcpus = 0;
	for (i = 0; i < after->n_vcpus; i++) {
		const struct exits_vcpu *a = &after->vcpus[i];
		const struct exits_vcpu *b = bsearch(a, before->vcpus, before->n_vcpus,
						     sizeof(*a), vcpu_cmp);
		struct exits_vcpu *o = &out->vcpus[out->n_vcpus];

		*o = *a;
		if (b) {
			o->stat.exits -= b->stat.exits;
			o->stat.entries -= b->stat.entries;
			o->stat.time_ns -= b->stat.time_ns;
		}
		if (o->stat.exits || o->stat.entries)
			out->n_vcpus++;
	}
	out->n_types = 0;
	for (i = 0; i < after->n_types; i++) {
		const struct exits_vm_type *a = &after->types[i];
		const struct exits_vm_type *b = bsearch(a, before->types, before->n_types,
							sizeof(*a), type_cmp);
		struct exits_vm_type *o = &out->types[out->n_types];

		*o = *a;
		if (b)
			o->exits -= b->exits;
		if (o->exits)
			out->n_types++;
	}
	/* The VMs that had anything in the window. */
	out->n_vms = 0;
	for (i = 0; i < after->n_vms; i++) {
		size_t first;

		if (exits_vm_vcpus(out, &after->vms[i].key, &first))
			out->vms[out->n_vms++] = after->vms[i];
	}
}

/* The run of @n sorted elements of @size whose VM is @vm: its start, its length. */
static size_t vm_run(const void *base, size_t n, size_t size, const struct vm_key *vm,
		     size_t *first)
{
	size_t lo = 0, hi = n, end;

	/* Every element starts with its vm_key. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (vm_key_cmp((const struct vm_key *)((const char *)base + mid * size), vm) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n; end++)
		if (vm_key_cmp((const struct vm_key *)((const char *)base + end * size), vm))
			break;
	*first = lo;
	return end - lo;
}

size_t exits_vm_vcpus(const struct exits_vm_snapshot *vs, const struct vm_key *vm,
		      size_t *first)
{
	return vm_run(vs->vcpus, vs->n_vcpus, sizeof(vs->vcpus[0]), vm, first);
}

size_t exits_vm_types(const struct exits_vm_snapshot *vs, const struct vm_key *vm,
		      size_t *first)
{
	return vm_run(vs->types, vs->n_types, sizeof(vs->types[0]), vm, first);
}

void exits_vm_total(const struct exits_vm_snapshot *vs, const struct vm_key *vm,
		    struct vcpu_stat *total)
{
	size_t first, n = exits_vm_vcpus(vs, vm, &first), i;

	memset(total, 0, sizeof(*total));
	for (i = first; i < first + n; i++) {
		total->exits += vs->vcpus[i].stat.exits;
		total->entries += vs->vcpus[i].stat.entries;
		total->time_ns += vs->vcpus[i].stat.time_ns;
	}
}

const struct exits_vm *exits_vm_by_key(const struct exits_vm_snapshot *vs,
					const struct vm_key *key)
{
	struct exits_vm want = { .key = *key };

	return bsearch(&want, vs->vms, vs->n_vms, sizeof(vs->vms[0]), vm_cmp);
}

const struct exits_vm *exits_vm_find(const struct exits_vm_snapshot *vs,
				     const char *name)
{
	size_t i;

	for (i = 0; i < vs->n_vms; i++)
		if (!strncmp(vs->vms[i].info.name, name, EXITS_VM_NAME_LEN))
			return &vs->vms[i];
	return NULL;
}

/*
 * The VM's debugfs directory in @path: 1 if it is there (a new VM may have
 * the name: the inode tells them apart), 0 if not, -1 if it cannot tell
 * (no name, or debugfs not mounted).
 */
static int vm_dir(const struct exits_vm *vm, char *path, size_t size)
{
	struct stat st;

	if (!vm->info.name[0] || access(KVM_DEBUGFS, F_OK))
		return -1;
	snprintf(path, size, KVM_DEBUGFS "/%.*s", EXITS_VM_NAME_LEN, vm->info.name);
	return !stat(path, &st) && st.st_ino == vm->key.ino;
}

bool exits_vm_gone(const struct exits_vm *vm)
{
	char path[64];
	struct stat st;
	int dir = vm_dir(vm, path, sizeof(path));

	if (dir >= 0)
		return !dir;
	/*
	 * The process, by its host PID: only a loader in the initial PID
	 * namespace can look it up; elsewhere the VM is taken for live.
	 */
	if (stat("/proc/self/ns/pid", &st) || st.st_ino != PROC_PID_INIT_INO)
		return false;
	return kill(vm->info.tgid, 0) && errno == ESRCH;
}

int exits_vm_kvm_exits(const struct exits_vm *vm, __u64 *exits)
{
	char path[80];
	int ok;
	FILE *f;

	if (vm_dir(vm, path, sizeof(path)) != 1)
		return -1;
	strcat(path, "/exits");
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%llu", (unsigned long long *)exits) == 1;
	fclose(f);
	return ok ? 0 : -1;
}
