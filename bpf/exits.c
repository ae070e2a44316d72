// SPDX-License-Identifier: GPL-2.0
/* Loader of exits.bpf.c: open, configure, load, attach, read, destroy. */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "exits.skel.h"
#include "exits_lib.h"

/* What the loader needs of each vendor module. */
struct vendor {
	const char *module;
	const char *vcpu_struct;	/* where tp_btf reads the exit reason */
	const char *vcpu_run;		/* fentry and fexit */
	const char *handle_exit;	/* the kprobe of the tracepoint methods */
	__u32 isa;
};

static const struct vendor vendors[] = {
	{ "kvm_intel", "vcpu_vmx", "vmx_vcpu_run", "vmx_handle_exit", EXITS_ISA_VMX },
	{ "kvm_amd", "vcpu_svm", "svm_vcpu_run", "svm_handle_exit", EXITS_ISA_SVM },
};

/* -S attaches these besides the method's: see split_progs(). */
#define SPLIT_PROGS 4

/* The initial PID namespace's inode (include/linux/proc_ns.h). */
#define PROC_PID_INIT_INO	0xEFFFFFFCU

/* The program that sees an exit, and the one that sees an entry. */
static void method_progs(struct exits_bpf *skel, enum exits_attach attach,
			 struct bpf_program **exit, struct bpf_program **entry)
{
	switch (attach) {
	case EXITS_ATTACH_TP:
		*exit = skel->progs.tp_kvm_exit;
		*entry = skel->progs.tp_kvm_entry;
		break;
	case EXITS_ATTACH_TP_BTF:
		*exit = skel->progs.btf_kvm_exit;
		*entry = skel->progs.btf_kvm_entry;
		break;
	case EXITS_ATTACH_FENTRY:
		*exit = skel->progs.run_exit;
		*entry = skel->progs.run_entry;
		break;
	}
}

struct exits_counter {
	struct exits_bpf *skel;
	struct bpf_link *links[4 + SPLIT_PROGS];
	int nr_links;
	enum exits_attach attach;
	char fallback[160];		/* why tp_btf was not used, or "" */
	int ncpus;
	struct exit_stat *percpu;	/* lookup buffer, one value per CPU */
	struct exit_fine *fine;		/* the same for the finer slots */
};

static bool verbose;

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG || !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static const char *const tracefs_roots[] = {
	"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
};

/* Read the kvm_exit tracepoint's format file into @buf; 0 or -errno. */
static int read_kvm_exit_format(char *buf, size_t size)
{
	char path[128];
	size_t i, n;
	FILE *f;

	for (i = 0; i < sizeof(tracefs_roots) / sizeof(tracefs_roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/kvm/kvm_exit/format",
			 tracefs_roots[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		n = fread(buf, 1, size - 1, f);
		buf[n] = '\0';
		fclose(f);
		return 0;
	}
	return -ENOENT;
}

static void explain(int ret, const char *step, char *err, size_t size)
{
	if ((ret == -EPERM || ret == -EACCES) && geteuid())
		snprintf(err, size, "%s: permission denied: run as root, or with "
			 "CAP_BPF and CAP_PERFMON", step);
	else if (ret == -EACCES)
		snprintf(err, size, "%s: the kernel's verifier refused the program "
			 "(-v shows why)", step);
	else
		snprintf(err, size, "%s: %s", step, strerror(-ret));
}

/* Say why the program cannot work here, before libbpf says it less clearly. */
static int check_environment(char *err, size_t size)
{
	if (access("/sys/kernel/btf/vmlinux", F_OK)) {
		snprintf(err, size, "kernel BTF is missing (/sys/kernel/btf/vmlinux): "
			 "CO-RE needs a kernel built with CONFIG_DEBUG_INFO_BTF");
		return -ENOENT;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		explain(-errno, "reading kernel BTF", err, size);
		return -EACCES;
	}
	if (access("/sys/module/kvm", F_OK)) {
		snprintf(err, size, "KVM is not loaded (no /sys/module/kvm): load "
			 "kvm_intel or kvm_amd");
		return -ENOENT;
	}
	return 0;
}

/*
 * The classic tracepoint's record layout, from tracefs, so that the program
 * needs no BTF of the kvm module.
 */
static int set_tp_offsets(struct exits_bpf *skel, char *err, size_t size)
{
	static char format[8192];
	__u32 off;

	if (read_kvm_exit_format(format, sizeof(format))) {
		snprintf(err, size, "cannot read the kvm:kvm_exit tracepoint's "
			 "format: is tracefs mounted (/sys/kernel/tracing)?");
		return -ENOENT;
	}
	if (exits_tp_field(format, "exit_reason", &off)) {
		snprintf(err, size, "kvm_exit's format has no 4-byte exit_reason");
		return -EINVAL;
	}
	skel->rodata->tp_reason_off = off;
	if (exits_tp_field(format, "isa", &off)) {
		snprintf(err, size, "kvm_exit's format has no 4-byte isa");
		return -EINVAL;
	}
	skel->rodata->tp_isa_off = off;
	return 0;
}

/* The vendor of the module loaded. */
static const struct vendor *loaded_vendor(void)
{
	return !access("/sys/module/kvm_intel", F_OK) ? &vendors[0] : &vendors[1];
}

/* The BTF that has KVM's own structures: the kvm module's, or vmlinux's. */
static struct btf *load_kvm_btf(struct btf **vmlinux)
{
	*vmlinux = btf__load_vmlinux_btf();
	if (!*vmlinux)
		return NULL;
	if (access("/sys/module/kvm/initstate", F_OK))
		return *vmlinux;	/* KVM is built in */
	return btf__load_module_btf("kvm", *vmlinux);
}

/* Free what load_kvm_btf() loaded. */
static void free_kvm_btf(struct btf *kvm, struct btf *vmlinux)
{
	if (kvm != vmlinux)
		btf__free(kvm);
	btf__free(vmlinux);
}

/*
 * Can tp_btf read the exit reason here?  It needs KVM's BTF: the kvm
 * module's (or vmlinux's, when KVM is built in) and the vendor module's.
 * Returns NULL, or why not.
 */
static const char *tp_btf_problem(bool hide_vendor, char *why, size_t size)
{
	const struct vendor *v = loaded_vendor();
	struct btf *vmlinux, *kvm, *vendor = NULL;
	const char *problem = NULL;
	char path[64];

	kvm = load_kvm_btf(&vmlinux);
	if (!vmlinux)
		return "kernel BTF unreadable";
	if (!kvm)
		problem = "the kvm module has no BTF";
	snprintf(path, sizeof(path), "/sys/module/%s/initstate", v->module);
	if (!problem && !access(path, F_OK)) {
		vendor = btf__load_module_btf(v->module, vmlinux);
		if (!vendor) {
			snprintf(why, size, "the %s module has no BTF", v->module);
			problem = why;
		}
	}
	if (!problem)
		problem = exits_btf_problem(kvm, vendor ? vendor : vmlinux,
					    hide_vendor ? "test_hidden" : v->vcpu_struct,
					    why, size);
	btf__free(vendor);
	free_kvm_btf(kvm, vmlinux);
	return problem;
}

/*
 * The per-VM view and its filters read the vCPU's VM and id, and the VM's
 * debugfs directory, at offsets from the kvm module's BTF.
 */
static int set_vm_options(struct exits_counter *ec, const struct exits_opts *opts,
			  char *err, size_t size)
{
	static const struct { const char *type, *member; } fields[] = {
		{ "kvm_vcpu", "kvm" }, { "kvm_vcpu", "vcpu_id" },
		{ "kvm", "debugfs_dentry" },
	};
	struct exits_bpf *skel = ec->skel;
	volatile __u32 *offs[] = { &skel->rodata->vcpu_kvm_off,
				   &skel->rodata->vcpu_id_off,
				   &skel->rodata->kvm_debugfs_off };
	struct btf *vmlinux, *kvm;
	__u32 off;
	size_t i;
	int ret = 0;

	if (!opts->per_vm && !opts->vm && !opts->filter_vcpu && !opts->split)
		return 0;
	if (ec->attach == EXITS_ATTACH_TP) {
		snprintf(err, size, "the per-VM view, the VM and vCPU filters and the "
			 "split of the time need the vCPU and KVM's BTF, which the "
			 "classic tracepoint does without%s%s%s",
			 *ec->fallback ? " (tp_btf cannot be used here: " : ": use -a tp_btf or -a fentry",
			 ec->fallback, *ec->fallback ? ")" : "");
		return -EINVAL;
	}
	if (opts->vm && strlen(opts->vm) >= EXITS_VM_NAME_LEN) {
		snprintf(err, size, "VM name too long: %s (KVM's debugfs names "
			 "VMs PID-FD)", opts->vm);
		return -EINVAL;
	}
	kvm = load_kvm_btf(&vmlinux);
	for (i = 0; kvm && i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (exits_btf_member_off(kvm, fields[i].type, fields[i].member, &off)) {
			snprintf(err, size, "no %s.%s in the kvm module's BTF",
				 fields[i].type, fields[i].member);
			ret = -ENOENT;
			break;
		}
		*offs[i] = off;
	}
	if (!kvm) {
		snprintf(err, size, "the per-VM view needs the kvm module's BTF");
		ret = -ENOENT;
	}
	free_kvm_btf(kvm, vmlinux);
	if (ret)
		return ret;
	skel->rodata->per_vm = opts->per_vm;
	if (opts->vm) {
		skel->rodata->filter_vm = true;
		strncpy((char *)skel->rodata->targ_vm, opts->vm, EXITS_VM_NAME_LEN - 1);
	}
	skel->rodata->filter_vcpu = opts->filter_vcpu;
	skel->rodata->targ_vcpu = opts->vcpu;
	skel->rodata->split = opts->split;
	return 0;
}

/* -S: the programs that see the VMM's time, blocking and preemption. */
static void split_progs(struct exits_bpf *skel, struct bpf_program **progs)
{
	progs[0] = skel->progs.split_user_exit;
	progs[1] = skel->progs.split_user_return;
	progs[2] = skel->progs.split_switch;
	progs[3] = skel->progs.split_wakeup;
}

/* -c: the cgroup's id, as its directory's file handle on cgroupfs holds it. */
static int set_cgroup(struct exits_bpf *skel, const char *path, char *err,
		      size_t size)
{
	struct {
		struct file_handle fh;
		__u64 id;
	} h = { .fh.handle_bytes = sizeof(__u64) };
	struct statfs fs;
	int mount_id;

	if (!path)
		return 0;
	if (statfs(path, &fs)) {
		snprintf(err, size, "cgroup %s: %s", path, strerror(errno));
		return -errno;
	}
	if (fs.f_type != CGROUP2_SUPER_MAGIC) {
		snprintf(err, size, "cgroup %s: not a cgroup v2 directory (such as "
			 "/sys/fs/cgroup/machine.slice)", path);
		return -EINVAL;
	}
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0)) {
		explain(-errno, "reading the cgroup's id", err, size);
		return -errno;
	}
	skel->rodata->targ_cgroup = h.id;
	return 0;
}

/* Count only @tgid as the loader's PID namespace numbers it. */
static int set_pid_filter(struct exits_bpf *skel, pid_t tgid, char *err,
			  size_t size)
{
	struct stat st;

	if (!tgid)
		return 0;
	skel->rodata->targ_tgid = tgid;
	if (stat("/proc/self/ns/pid", &st)) {
		/* Without PID namespaces (CONFIG_PID_NS=n) there is one numbering. */
		if (errno == ENOENT)
			return 0;
		explain(-errno, "reading /proc/self/ns/pid", err, size);
		return -EACCES;
	}
	/*
	 * In the initial namespace the host's numbering is the loader's: the
	 * program compares the TGID it gets for free instead of walking the
	 * task's PID numbers, some 500 instructions an exit.
	 */
	if (st.st_ino != PROC_PID_INIT_INO)
		skel->rodata->targ_pidns_ino = st.st_ino;
	return 0;
}

struct exits_counter *exits_open(const struct exits_opts *opts, char *err,
				 size_t err_size)
{
	struct exits_counter *ec;
	struct bpf_program *prog, *exit_prog = NULL, *entry_prog = NULL;
	const char *problem;
	char why[128];
	bool tp;
	int ret;

	verbose = opts->verbose;
	libbpf_set_print(print_libbpf);
	if (check_environment(err, err_size))
		return NULL;

	ec = calloc(1, sizeof(*ec));
	if (!ec) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	ec->attach = opts->attach;
	if (ec->attach == EXITS_ATTACH_TP_BTF) {
		problem = tp_btf_problem(opts->test_no_vendor_btf, why, sizeof(why));
		if (problem) {
			snprintf(ec->fallback, sizeof(ec->fallback), "%s", problem);
			ec->attach = EXITS_ATTACH_TP;
		}
	}
	tp = ec->attach == EXITS_ATTACH_TP;
	ec->ncpus = libbpf_num_possible_cpus();
	ec->percpu = calloc(ec->ncpus > 0 ? ec->ncpus : 1, sizeof(*ec->percpu));
	ec->fine = calloc(ec->ncpus > 0 ? ec->ncpus : 1, sizeof(*ec->fine));
	ec->skel = exits_bpf__open();
	if (ec->ncpus <= 0 || !ec->percpu || !ec->fine || !ec->skel) {
		explain(-errno, "opening the BPF object", err, err_size);
		goto fail;
	}
	if (set_pid_filter(ec->skel, opts->tgid, err, err_size) ||
	    (tp && set_tp_offsets(ec->skel, err, err_size)) ||
	    set_vm_options(ec, opts, err, err_size) ||
	    set_cgroup(ec->skel, opts->cgroup, err, err_size))
		goto fail;
	ec->skel->rodata->test_spin = opts->test_spin;
	/* Load only the programs of the chosen attach method. */
	method_progs(ec->skel, ec->attach, &exit_prog, &entry_prog);
	bpf_object__for_each_program(prog, ec->skel->obj)
		bpf_program__set_autoload(prog, prog == exit_prog || prog == entry_prog);
	if (ec->attach == EXITS_ATTACH_FENTRY) {
		const struct vendor *v = loaded_vendor();
		const char *func = v->vcpu_run;

		ec->skel->rodata->run_isa = v->isa;
		if (bpf_program__set_attach_target(exit_prog, 0, func) ||
		    bpf_program__set_attach_target(entry_prog, 0, func)) {
			snprintf(err, err_size, "fentry/fexit: no BTF for %s(): it "
				 "needs the vendor module's BTF (-a tp works without)",
				 func);
			goto fail;
		}
	} else {
		/* The verdict comes from handle_exit(); fexit has it already. */
		bpf_program__set_autoload(ec->skel->progs.handle_exit, true);
	}
	if (opts->split) {
		struct bpf_program *progs[SPLIT_PROGS];
		int i;

		split_progs(ec->skel, progs);
		for (i = 0; i < SPLIT_PROGS; i++)
			bpf_program__set_autoload(progs[i], true);
		if (bpf_program__set_attach_target(progs[1], 0, "kvm_arch_vcpu_ioctl_run")) {
			snprintf(err, err_size, "-S: no BTF for kvm_arch_vcpu_ioctl_run()");
			goto fail;
		}
	}

	ret = exits_bpf__load(ec->skel);
	if (ret && ec->attach == EXITS_ATTACH_FENTRY && ret != -EPERM) {
		snprintf(err, err_size, "loading fentry/fexit on the vendor's "
			 "vcpu_run(): %s (it needs the vendor module's BTF and "
			 "BPF trampolines; -a tp_btf or -a tp work without)",
			 strerror(-ret));
		goto fail;
	}
	if (ret) {
		explain(ret, "loading the BPF program", err, err_size);
		goto fail;
	}
	return ec;
fail:
	exits_close(ec);
	return NULL;
}

int exits_attach(struct exits_counter *ec, char *err, size_t err_size)
{
	struct bpf_program *progs[2 + SPLIT_PROGS];
	struct bpf_link *link;
	int ret, handlers = 0;
	size_t i;

	method_progs(ec->skel, ec->attach, &progs[0], &progs[1]);
	if (ec->skel->rodata->split)
		split_progs(ec->skel, progs + 2);
	for (i = 0; i < (ec->skel->rodata->split ? 2 + SPLIT_PROGS : 2); i++) {
		link = bpf_program__attach(progs[i]);
		ret = libbpf_get_error(link);
		if (ret) {
			explain(ret, bpf_program__name(progs[i]), err, err_size);
			return ret;
		}
		ec->links[ec->nr_links++] = link;
	}
	if (ec->attach == EXITS_ATTACH_FENTRY)
		return 0;

	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++) {
		link = bpf_program__attach_kprobe(ec->skel->progs.handle_exit,
						  false, vendors[i].handle_exit);
		if (libbpf_get_error(link))
			continue;
		ec->links[ec->nr_links++] = link;
		handlers++;
	}
	if (!handlers) {
		snprintf(err, err_size, "cannot attach a kprobe to %s or %s",
			 vendors[0].handle_exit, vendors[1].handle_exit);
		return -ENOENT;
	}
	return 0;
}

/* -S: the VMM's time per KVM_EXIT_* reason, summed over CPUs. */
static int read_split(struct exits_counter *ec, struct exits_snapshot *snap)
{
	int fd = bpf_map__fd(ec->skel->maps.userspace);
	struct user_stat u[ec->ncpus];
	__u32 reason;
	int cpu;

	for (reason = 0; reason < EXITS_KVM_EXIT_REASONS; reason++) {
		if (bpf_map_lookup_elem(fd, &reason, u))
			return -errno;
		memset(&snap->user[reason], 0, sizeof(snap->user[reason]));
		for (cpu = 0; cpu < ec->ncpus; cpu++) {
			snap->user[reason].returns += u[cpu].returns;
			snap->user[reason].time_ns += u[cpu].time_ns;
		}
	}
	return 0;
}

/* -S: a type's finer slots, summed over CPUs (none yet: all 0). */
static void read_fine(struct exits_counter *ec, const struct exit_key *key,
		      struct exit_fine *fine)
{
	int cpu, s;

	memset(fine, 0, sizeof(*fine));
	if (bpf_map_lookup_elem(bpf_map__fd(ec->skel->maps.fine), key, ec->fine))
		return;
	for (cpu = 0; cpu < ec->ncpus; cpu++)
		for (s = 0; s < EXITS_FINE_SLOTS; s++)
			fine->slot[s] += ec->fine[cpu].slot[s];
}

int exits_snapshot(struct exits_counter *ec, struct exits_snapshot *snap)
{
	int fd = bpf_map__fd(ec->skel->maps.stats);
	struct exit_key key, next, *prev = NULL;
	__u64 lost[ec->ncpus];
	__u32 kind;
	int cpu;

	for (kind = 0; kind < EXITS_LOST_KINDS; kind++) {
		if (bpf_map_lookup_elem(bpf_map__fd(ec->skel->maps.lost), &kind, lost))
			return -errno;
		snap->lost[kind] = 0;
		for (cpu = 0; cpu < ec->ncpus; cpu++)
			snap->lost[kind] += lost[cpu];
	}
	if (ec->skel->rodata->split) {
		int ret = read_split(ec, snap);

		if (ret)
			return ret;
	}
	snap->n = 0;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct exits_entry *e;

		key = next;
		prev = &key;
		if (snap->n == EXITS_MAX_TYPES)
			return -E2BIG;
		if (bpf_map_lookup_elem(fd, &key, ec->percpu))
			continue;	/* deleted meanwhile: cannot happen here */
		e = &snap->e[snap->n++];
		memset(e, 0, sizeof(*e));
		e->key = key;
		for (cpu = 0; cpu < ec->ncpus; cpu++)
			exits_stat_add(&e->stat, &ec->percpu[cpu]);
		if (ec->skel->rodata->split)
			read_fine(ec, &key, &e->fine);
	}
	if (errno != ENOENT)
		return -errno;
	exits_snapshot_sort(snap);
	return 0;
}

/*
 * Read a per-CPU hash whole: for each key, its values summed over CPUs by
 * @add into the element at @out + i * @elem_size, whose first bytes are the
 * key.  Returns how many, or -errno.
 */
static long read_percpu_hash(struct exits_counter *ec, struct bpf_map *map,
			     void *out, size_t elem_size, size_t max,
			     void (*add)(void *elem, const void *percpu, int ncpus))
{
	size_t key_size = bpf_map__key_size(map), n = 0;
	size_t value_size = (bpf_map__value_size(map) + 7) & ~7ul;
	int fd = bpf_map__fd(map);
	char key[64], next[64], *values;
	void *prev = NULL;

	values = malloc(value_size * ec->ncpus);
	if (!values)
		return -ENOMEM;
	while (!bpf_map_get_next_key(fd, prev, next)) {
		char *elem = (char *)out + n * elem_size;

		memcpy(key, next, key_size);
		prev = key;
		if (n == max) {
			free(values);
			return -E2BIG;
		}
		if (bpf_map_lookup_elem(fd, key, values))
			continue;
		memset(elem, 0, elem_size);
		memcpy(elem, key, key_size);
		add(elem, values, ec->ncpus);
		n++;
	}
	free(values);
	return errno == ENOENT ? (long)n : -errno;
}

static void add_vcpu(void *elem, const void *percpu, int ncpus)
{
	struct exits_vcpu *v = elem;
	const struct vcpu_stat *s = percpu;
	int cpu;

	for (cpu = 0; cpu < ncpus; cpu++) {
		v->stat.exits += s[cpu].exits;
		v->stat.entries += s[cpu].entries;
		v->stat.time_ns += s[cpu].time_ns;
	}
}

static void add_count(void *elem, const void *percpu, int ncpus)
{
	struct exits_vm_type *t = elem;
	const __u64 *n = percpu;
	int cpu;

	for (cpu = 0; cpu < ncpus; cpu++)
		t->exits += n[cpu];
}

int exits_vm_snapshot(struct exits_counter *ec, struct exits_vm_snapshot *vs)
{
	int fd = bpf_map__fd(ec->skel->maps.vms);
	struct vm_key key, next, *prev = NULL;
	long n;

	/* VMs first: a vCPU counted after this has its VM recorded already. */
	vs->n_vms = 0;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (vs->n_vms == EXITS_MAX_VMS)
			return -E2BIG;
		if (bpf_map_lookup_elem(fd, &key, &vs->vms[vs->n_vms].info))
			continue;
		vs->vms[vs->n_vms++].key = key;
	}
	if (errno != ENOENT)
		return -errno;
	n = read_percpu_hash(ec, ec->skel->maps.vcpus, vs->vcpus, sizeof(vs->vcpus[0]),
			     EXITS_MAX_VCPUS, add_vcpu);
	if (n < 0)
		return n;
	vs->n_vcpus = n;
	n = read_percpu_hash(ec, ec->skel->maps.vm_types, vs->types,
			     sizeof(vs->types[0]), EXITS_MAX_VM_TYPES, add_count);
	if (n < 0)
		return n;
	vs->n_types = n;
	exits_vm_snapshot_sort(vs);
	return 0;
}

/* Delete every key of @map whose first bytes are @vm. */
static void forget_keys(struct bpf_map *map, const struct vm_key *vm)
{
	int fd = bpf_map__fd(map);
	char key[64], next[64];
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		if (!memcmp(next, vm, sizeof(*vm))) {
			/* Deleted: the next key follows from the one before. */
			bpf_map_delete_elem(fd, next);
			continue;
		}
		memcpy(key, next, sizeof(key));
		prev = key;
	}
}

void exits_vm_forget(struct exits_counter *ec, const struct vm_key *vm)
{
	forget_keys(ec->skel->maps.vcpus, vm);
	forget_keys(ec->skel->maps.vm_types, vm);
	bpf_map_delete_elem(bpf_map__fd(ec->skel->maps.vms), vm);
}

void exits_detach(struct exits_counter *ec)
{
	while (ec->nr_links)
		bpf_link__destroy(ec->links[--ec->nr_links]);
}

enum exits_attach exits_attach_used(const struct exits_counter *ec)
{
	return ec->attach;
}

const char *exits_fallback(const struct exits_counter *ec)
{
	return ec->fallback;
}

void exits_test_drop_next(struct exits_counter *ec)
{
	__atomic_store_n(&ec->skel->bss->test_drop_armed, 1, __ATOMIC_SEQ_CST);
}

void exits_close(struct exits_counter *ec)
{
	if (!ec)
		return;
	exits_detach(ec);
	exits_bpf__destroy(ec->skel);
	free(ec->percpu);
	free(ec->fine);
	free(ec);
}
