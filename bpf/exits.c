// SPDX-License-Identifier: GPL-2.0
/* Loader of exits.bpf.c: open, configure, load, attach, read, destroy. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exits.skel.h"
#include "exits_lib.h"

/* The vendors' exit handlers: the one of the loaded vendor module exists. */
static const char *const handle_exit_funcs[] = {
	"vmx_handle_exit", "svm_handle_exit",
};

struct exits_counter {
	struct exits_bpf *skel;
	struct bpf_link *links[4];
	int nr_links;
	enum exits_attach attach;
	int ncpus;
	struct exit_stat *percpu;	/* lookup buffer, one value per CPU */
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

static bool kvm_tracepoint_exists(void)
{
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(tracefs_roots) / sizeof(tracefs_roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/kvm/kvm_exit", tracefs_roots[i]);
		if (!access(path, F_OK))
			return true;
	}
	return false;
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

/*
 * KVM's own types are in the kvm module's BTF when KVM is a module (a module
 * has an initstate), in vmlinux's when it is built in.
 */
static bool kvm_btf_missing(void)
{
	if (access("/sys/module/kvm", F_OK))
		return true;
	return !access("/sys/module/kvm/initstate", F_OK) &&
	       access("/sys/kernel/btf/kvm", F_OK);
}

/* Say why the program cannot work here, before libbpf says it less clearly. */
static int check_environment(enum exits_attach attach, char *err, size_t size)
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
	if (attach == EXITS_ATTACH_TP && !kvm_tracepoint_exists()) {
		snprintf(err, size, "no kvm:kvm_exit tracepoint: is KVM loaded "
			 "(kvm_intel or kvm_amd) and tracefs mounted?");
		return -ENOENT;
	}
	if (kvm_btf_missing()) {
		snprintf(err, size, "the kvm module is not loaded, or has no BTF "
			 "(/sys/kernel/btf/kvm): KVM's types are read there (a kernel "
			 "built with CONFIG_DEBUG_INFO_BTF_MODULES has it)");
		return -ENOENT;
	}
	return 0;
}


struct exits_counter *exits_open(const struct exits_opts *opts, char *err,
				 size_t err_size)
{
	struct exits_counter *ec;
	bool tp = opts->attach == EXITS_ATTACH_TP;
	int ret;

	verbose = opts->verbose;
	libbpf_set_print(print_libbpf);
	if (check_environment(opts->attach, err, err_size))
		return NULL;

	ec = calloc(1, sizeof(*ec));
	if (!ec) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	ec->attach = opts->attach;
	ec->ncpus = libbpf_num_possible_cpus();
	ec->percpu = calloc(ec->ncpus > 0 ? ec->ncpus : 1, sizeof(*ec->percpu));
	ec->skel = exits_bpf__open();
	if (ec->ncpus <= 0 || !ec->percpu || !ec->skel) {
		explain(-errno, "opening the BPF object", err, err_size);
		goto fail;
	}
	ec->skel->rodata->targ_tgid = opts->tgid;
	ec->skel->rodata->test_spin = opts->test_spin;
	/* Load only the programs of the chosen attach method. */
	bpf_program__set_autoload(ec->skel->progs.tp_kvm_exit, tp);
	bpf_program__set_autoload(ec->skel->progs.tp_kvm_entry, tp);
	bpf_program__set_autoload(ec->skel->progs.btf_kvm_exit, !tp);
	bpf_program__set_autoload(ec->skel->progs.btf_kvm_entry, !tp);

	ret = exits_bpf__load(ec->skel);
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
	struct bpf_program *progs[2];
	struct bpf_link *link;
	int i, ret, handlers = 0;

	if (ec->attach == EXITS_ATTACH_TP) {
		progs[0] = ec->skel->progs.tp_kvm_exit;
		progs[1] = ec->skel->progs.tp_kvm_entry;
	} else {
		progs[0] = ec->skel->progs.btf_kvm_exit;
		progs[1] = ec->skel->progs.btf_kvm_entry;
	}
	for (i = 0; i < 2; i++) {
		link = bpf_program__attach(progs[i]);
		ret = libbpf_get_error(link);
		if (ret) {
			explain(ret, bpf_program__name(progs[i]), err, err_size);
			return ret;
		}
		ec->links[ec->nr_links++] = link;
	}

	for (i = 0; i < 2; i++) {
		link = bpf_program__attach_kprobe(ec->skel->progs.handle_exit,
						  false, handle_exit_funcs[i]);
		if (libbpf_get_error(link))
			continue;
		ec->links[ec->nr_links++] = link;
		handlers++;
	}
	if (!handlers) {
		snprintf(err, err_size, "cannot attach a kprobe to %s or %s",
			 handle_exit_funcs[0], handle_exit_funcs[1]);
		return -ENOENT;
	}
	return 0;
}

int exits_snapshot(struct exits_counter *ec, struct exits_snapshot *snap)
{
	int fd = bpf_map__fd(ec->skel->maps.stats);
	struct exit_key key, next, *prev = NULL;
	int cpu;

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
	}
	if (errno != ENOENT)
		return -errno;
	exits_snapshot_sort(snap);
	return 0;
}

void exits_detach(struct exits_counter *ec)
{
	while (ec->nr_links)
		bpf_link__destroy(ec->links[--ec->nr_links]);
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
	free(ec);
}
