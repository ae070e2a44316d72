// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvmexits_format.h"
#include "kvmexits_textfile.h"
#include "kvmexits_vms.h"

/* A label value, escaped as the text format wants it. */
static void label(FILE *f, const char *name, const char *value, bool last)
{
	fprintf(f, "%s=\"", name);
	for (; *value; value++) {
		if (*value == '\\' || *value == '"')
			fprintf(f, "\\%c", *value);
		else if (*value == '\n')
			fputs("\\n", f);
		else
			fputc(*value, f);
	}
	fprintf(f, "\"%s", last ? "" : ",");
}

static void family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void type_labels(FILE *f, const struct exit_key *key, bool last)
{
	char buf[32];

	label(f, "vendor", isa_name(key->isa), false);
	label(f, "reason", key_name(key, buf, sizeof(buf)), last);
}

/*
 * Log2 slot s holds [2^s, 2^(s+1)) ns, whole nanoseconds: "le" is its last
 * one, 2^(s+1) - 1.  The last slot holds everything longer: +Inf only.
 */
static void histogram(FILE *f, const struct exits_entry *e)
{
	const char *name = "kvmexits_exit_to_entry_seconds";
	__u64 below = 0;
	int s;

	for (s = 0; s < EXITS_HIST_SLOTS - 1; s++) {
		below += e->stat.hist[s];
		fprintf(f, "%s_bucket{", name);
		type_labels(f, &e->key, false);
		fprintf(f, "le=\"%.10g\"} %llu\n", (double)((2ull << s) - 1) / 1e9,
			(unsigned long long)below);
	}
	fprintf(f, "%s_bucket{", name);
	type_labels(f, &e->key, false);
	fprintf(f, "le=\"+Inf\"} %llu\n", (unsigned long long)e->stat.entries);
	fprintf(f, "%s_sum{", name);
	type_labels(f, &e->key, true);
	fprintf(f, "} %.9f\n", e->stat.time_ns / 1e9);
	fprintf(f, "%s_count{", name);
	type_labels(f, &e->key, true);
	fprintf(f, "} %llu\n", (unsigned long long)e->stat.entries);
}

void print_textfile(FILE *f, const struct exits_snapshot *types,
		    const struct exits_vm_snapshot *vms,
		    const struct vm_drift *drift, size_t n_drift)
{
	size_t i;

	family(f, "kvmexits_exits_total", "counter",
	       "VM-exits counted by kvmexits' BPF program, per exit type.");
	for (i = 0; i < types->n; i++) {
		fprintf(f, "kvmexits_exits_total{");
		type_labels(f, &types->e[i].key, true);
		fprintf(f, "} %llu\n", (unsigned long long)types->e[i].stat.exits);
	}
	family(f, "kvmexits_exit_to_entry_seconds", "histogram",
	       "Time from a VM-exit to its vCPU's next entry, per exit type.");
	for (i = 0; i < types->n; i++)
		histogram(f, &types->e[i]);
	family(f, "kvmexits_lost_total", "counter",
	       "Exits kvmexits could not count, time or place in the per-VM view.");
	for (i = 0; i < EXITS_LOST_KINDS; i++) {
		fprintf(f, "kvmexits_lost_total{");
		label(f, "kind", exits_lost_name(i), true);
		fprintf(f, "} %llu\n", (unsigned long long)types->lost[i]);
	}
	if (!vms)
		return;
	/* A VM that is gone ends its series; a new one may have its name. */
	family(f, "kvmexits_vm_exits_total", "counter",
	       "VM-exits per live VM (named PID-FD as in KVM's debugfs) and exit type.");
	for (i = 0; i < vms->n_types; i++) {
		const struct exits_vm_type *t = &vms->types[i];
		const struct exits_vm *vm = exits_vm_by_key(vms, &t->key.vm);
		char name[32];

		if (!vm || vm->gone)
			continue;
		fprintf(f, "kvmexits_vm_exits_total{");
		label(f, "vm", vm_name(vm, name, sizeof(name)), false);
		type_labels(f, &t->key.type, true);
		fprintf(f, "} %llu\n", (unsigned long long)t->exits);
	}
	family(f, "kvmexits_vm_info", "gauge",
	       "A VM's process and VMM (its command, and QEMU's -name).");
	for (i = 0; i < vms->n_vms; i++) {
		char name[32], vmm[96], pid[16];

		if (vms->vms[i].gone)
			continue;
		snprintf(pid, sizeof(pid), "%u", vms->vms[i].info.tgid);
		fprintf(f, "kvmexits_vm_info{");
		label(f, "vm", vm_name(&vms->vms[i], name, sizeof(name)), false);
		label(f, "pid", pid, false);
		label(f, "vmm", vmm_name(&vms->vms[i], vmm, sizeof(vmm)), true);
		fprintf(f, "} 1\n");
	}
	family(f, "kvmexits_vm_drift_exits", "gauge",
	       "A live VM's exits as KVM counts them less kvmexits' count, since "
	       "kvmexits first saw the VM.");
	for (i = 0; i < n_drift; i++) {
		const struct exits_vm *vm = exits_vm_by_key(vms, &drift[i].key);
		char name[32];

		if (!vm)
			continue;
		fprintf(f, "kvmexits_vm_drift_exits{");
		label(f, "vm", vm_name(vm, name, sizeof(name)), true);
		fprintf(f, "} %lld\n", (long long)drift[i].exits);
	}
}

int write_textfile(const char *path, const struct exits_snapshot *types,
		   const struct exits_vm_snapshot *vms,
		   const struct vm_drift *drift, size_t n_drift)
{
	size_t len = strlen(path) + 16;
	char *tmp = malloc(len);
	int ret = 0;
	FILE *f;

	if (!tmp)
		return -ENOMEM;
	/* node_exporter reads *.prom: the temporary name must not end so. */
	snprintf(tmp, len, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		ret = -errno;
		free(tmp);
		return ret;
	}
	print_textfile(f, types, vms, drift, n_drift);
	if (fflush(f) || ferror(f) || fsync(fileno(f)))
		ret = errno ? -errno : -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

/* The inodes of the VMs' debugfs directories when kvmexits started. */
static __u32 old_inos[EXITS_MAX_VMS];
static size_t n_old;
/* Their counts when kvmexits first saw them: KVM's, then BPF's. */
static struct {
	struct vm_key key;
	__u64 kvm, bpf;
} first_seen[EXITS_MAX_VMS];
static size_t n_first_seen;

void drift_start(void)
{
	struct dirent *d;
	struct stat st;
	char path[300];
	DIR *dir = opendir("/sys/kernel/debug/kvm");

	while (dir && (d = readdir(dir)) && n_old < EXITS_MAX_VMS) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/kvm/%s", d->d_name);
		if (d->d_name[0] != '.' && !stat(path, &st) && S_ISDIR(st.st_mode))
			old_inos[n_old++] = st.st_ino;
	}
	if (dir)
		closedir(dir);
}

static bool was_there(__u32 ino)
{
	size_t i;

	for (i = 0; i < n_old; i++)
		if (old_inos[i] == ino)
			return true;
	return false;
}

/* KVM's and BPF's counts when a VM that was there before was first seen. */
static void baseline(const struct vm_key *key, __u64 kvm, __u64 bpf,
		     __u64 *kvm0, __u64 *bpf0)
{
	size_t i;

	for (i = 0; i < n_first_seen; i++)
		if (first_seen[i].key.kvm == key->kvm && first_seen[i].key.ino == key->ino)
			break;
	if (i == n_first_seen && i < EXITS_MAX_VMS) {
		first_seen[i].key = *key;
		first_seen[i].kvm = kvm;
		first_seen[i].bpf = bpf;
		n_first_seen++;
	}
	*kvm0 = i < EXITS_MAX_VMS ? first_seen[i].kvm : kvm;
	*bpf0 = i < EXITS_MAX_VMS ? first_seen[i].bpf : bpf;
}

size_t drift_of_vms(const struct exits_vm_snapshot *vms, struct vm_drift *out)
{
	size_t i, n = 0;

	for (i = 0; i < vms->n_vms; i++) {
		const struct exits_vm *vm = &vms->vms[i];
		__u64 kvm, kvm0 = 0, bpf0 = 0;
		struct vcpu_stat bpf;

		if (exits_vm_kvm_exits(vm, &kvm))
			continue;
		exits_vm_total(vms, &vm->key, &bpf);
		/* BPF saw a VM created after it started from its first exit. */
		if (was_there(vm->key.ino))
			baseline(&vm->key, kvm, bpf.exits, &kvm0, &bpf0);
		out[n].key = vm->key;
		out[n++].exits = (__s64)(kvm - kvm0) - (__s64)(bpf.exits - bpf0);
	}
	return n;
}
