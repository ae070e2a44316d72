// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexits: count KVM VM-exits per exit type with BPF, with the time from
 * each exit to the vCPU's next entry, and the exits KVM finished in its
 * fastpath (those that never reached the vendor's handle_exit()).
 */
#include <argp.h>
#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "exits_lib.h"
#include "kvmexits_format.h"
#include "kvmexits_textfile.h"
#include "kvmexits_vms.h"

enum output { OUT_TABLE, OUT_CSV, OUT_JSON };

static struct env {
	pid_t pid;
	enum exits_attach attach;
	enum sort_by sort;
	enum output output;
	bool hist;
	bool verbose;
	long interval;		/* seconds; 0: until Ctrl-C */
	long count;		/* intervals; 0: no limit */
	bool vms;		/* -V: the per-VM view */
	bool vcpus;		/* with each VM's vCPUs */
	long top;		/* VMs shown */
	const char *vm;		/* count only this VM */
	bool filter_vcpu;
	__u32 vcpu;		/* count only this vCPU */
	const char *cgroup;	/* count only this cgroup */
	const char *textfile;	/* metrics for node_exporter, each interval */
	bool split;		/* -S: where the exit-to-entry time goes */
} env = {
	.attach = EXITS_ATTACH_TP_BTF,
	.sort = SORT_EXITS,
	.count = 0,
	.top = 10,
};

enum { OPT_VCPUS = 256, OPT_VM, OPT_VCPU, OPT_TEXTFILE };

const char *argp_program_version = "kvmexits 0.1";
static const char doc[] =
"Count KVM VM-exits per exit type, with exit-to-entry time and fastpath exits.\n"
"\n"
"USAGE: kvmexits [-h] [-p PID] [-c CGROUP] [--vm PID-FD] [--vcpu ID]\n"
"                [-a tp|tp_btf|fentry] [-s exits|time|type] [-H]\n"
"                [-V [-T N] [--vcpus]] [-S] [-C | -J] [--textfile FILE] [-v]\n"
"                [interval] [count]\n"
"\n"
"EXAMPLES:\n"
"    kvmexits              # count until Ctrl-C, then print a table\n"
"    kvmexits 1 5          # a table every second, five times\n"
"    kvmexits -p 1234      # only the VMs of process 1234\n"
"    kvmexits -V 1 5       # and the 10 VMs with the most exits, each second\n"
"    kvmexits -V --vcpus   # the VMs with their vCPUs\n"
"    kvmexits -S 5 1       # where the time from exit to entry went\n"
"    kvmexits --vm 1234-15 # only the VM KVM's debugfs calls 1234-15\n"
"    kvmexits -c /sys/fs/cgroup/machine.slice  # only VMs in this cgroup\n"
"    kvmexits --textfile /var/lib/prometheus/node-exporter/kvmexits.prom 15\n"
"                          # metrics for node_exporter, every 15 seconds\n"
"    kvmexits -H 5 1       # one 5-second table, with histograms\n"
"    kvmexits -J 5 1       # the same as JSON\n"
"    kvmexits -a tp        # attach to the classic tracepoint\n"
"    kvmexits -a fentry    # fentry/fexit on vcpu_run: two probes an exit\n"
"\n"
"FASTPATH counts exits that KVM finished in its fastpath: re-entered without\n"
"calling the vendor's handle_exit(), or handed to it as already handled (-C\n"
"and -J split the kinds).  UNTIMED counts exits not followed by an entry of\n"
"their vCPU (yet): in flight, or the vCPU's last.  AVG_US is the mean time\n"
"from exit to the vCPU's next entry, userspace exits included (as perf kvm\n"
"stat measures it).  tp_btf falls back to tp, and says so, where BTF lacks\n"
"KVM's types.  -p takes the PID as kvmexits' own PID namespace numbers it.\n"
"VMs are named as KVM's debugfs names them, PID-FD (the VMM's PID and the\n"
"VM's file descriptor), with the VMM's name and QEMU's -name; -V, --vm and\n"
"--vcpu need the vCPU, which -a tp does not give; so does -S, which splits\n"
"each type's exit-to-entry time into KVM's own handling, the VMM's (from\n"
"KVM_RUN's return to its next call, also per KVM_EXIT_* reason), blocked\n"
"(halted, or waiting on anything else) and runnable but not running, with\n"
"percentiles from slots a quarter of a power of two wide.  --textfile writes the\n"
"counts since kvmexits started in the Prometheus text format, which\n"
"node_exporter's textfile collector serves: per type, per (VM, type), a\n"
"histogram of exit-to-entry time per type, and each live VM's drift (KVM's\n"
"count of its exits less kvmexits', since kvmexits first saw it).";

static const struct argp_option opts[] = {
	{ "pid", 'p', "PID", 0, "Count only this process's VMs", 0 },
	{ "attach", 'a', "METHOD", 0,
	  "tp_btf (default: BTF raw tracepoint), tp (classic tracepoint) or "
	  "fentry (fentry/fexit on the vendor's vcpu_run)", 0 },
	{ "sort", 's', "KEY", 0, "Sort by exits (default), time or type", 0 },
	{ "cgroup", 'c', "PATH", 0, "Count only this cgroup (v2) and those below it", 0 },
	{ "vm", OPT_VM, "PID-FD", 0, "Count only this VM (its KVM debugfs name)", 0 },
	{ "vcpu", OPT_VCPU, "ID", 0, "Count only the vCPU of this id (of each VM)", 0 },
	{ "vms", 'V', NULL, 0, "Show the VMs with the most exits, too", 0 },
	{ "top", 'T', "N", 0, "With -V: show N VMs (default 10)", 0 },
	{ "vcpus", OPT_VCPUS, NULL, 0, "With -V: show each VM's vCPUs", 0 },
	{ "hist", 'H', NULL, 0, "Print a histogram of exit-to-entry time per type", 0 },
	{ "split", 'S', NULL, 0, "Split the exit-to-entry time; percentiles", 0 },
	{ "textfile", OPT_TEXTFILE, "FILE", 0,
	  "Rewrite FILE each interval with the counts as Prometheus metrics", 0 },
	{ "csv", 'C', NULL, 0, "Print CSV", 0 },
	{ "json", 'J', NULL, 0, "Print JSON, one object per interval", 0 },
	{ "verbose", 'v', NULL, 0, "Show libbpf's messages", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'p':
		env.pid = cli_parse_num(arg, "PID", 1, INT32_MAX, state);
		break;
	case 'a':
		if (exits_attach_parse(arg, &env.attach))
			argp_error(state, "invalid attach method: %s", arg);
		break;
	case 's':
		if (sort_parse(arg, &env.sort))
			argp_error(state, "invalid sort key: %s", arg);
		break;
	case 'c':
		env.cgroup = arg;
		break;
	case OPT_VM:
		env.vm = arg;
		break;
	case OPT_VCPU:
		env.filter_vcpu = true;
		env.vcpu = cli_parse_num(arg, "vCPU id", 0, UINT32_MAX, state);
		break;
	case 'V':
		env.vms = true;
		break;
	case 'T':
		env.top = cli_parse_num(arg, "VMs shown", 1, 100000, state);
		break;
	case OPT_VCPUS:
		env.vcpus = true;
		break;
	case OPT_TEXTFILE:
		env.textfile = arg;
		break;
	case 'H':
		env.hist = true;
		break;
	case 'S':
		env.split = true;
		break;
	case 'C':
		env.output = OUT_CSV;
		break;
	case 'J':
		env.output = OUT_JSON;
		break;
	case 'v':
		env.verbose = true;
		break;
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_END:
		if (env.vms && env.output == OUT_CSV)
			argp_error(state, "-V shows its VMs as a table or JSON (-J), not CSV");
		if (env.vcpus && !env.vms)
			argp_error(state, "--vcpus goes with -V");
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0)
			env.interval = cli_parse_num(arg, "interval", 1, 86400, state);
		else if (state->arg_num == 1)
			env.count = cli_parse_num(arg, "count", 1, INT32_MAX, state);
		else
			argp_error(state, "unexpected argument: %s", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static volatile sig_atomic_t exiting;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_interval(struct exits_snapshot *delta,
			   const struct exits_vm_snapshot *vms, double ts)
{
	size_t i;

	sort_snapshot(delta, env.sort);
	switch (env.output) {
	case OUT_CSV:
		print_csv(stdout, delta, ts);
		break;
	case OUT_JSON:
		print_json(stdout, delta, ts, vms, env.top, env.split);
		break;
	default:
		printf("\n%.3f s:\n", ts);
		print_table(stdout, delta);
		if (env.split)
			print_split(stdout, delta);
		if (vms)
			print_vm_table(stdout, vms, env.top, env.vcpus);
		if (env.hist)
			for (i = 0; i < delta->n; i++)
				print_hist(stdout, &delta->e[i]);
	}
	fflush(stdout);
}

/*
 * The per-VM counts of this interval.  A VM that is gone is read once more
 * after it was seen gone, so that its last exits are in, and then dropped
 * from the program's tables.
 */
static int read_vms(struct exits_counter *ec, struct exits_vm_snapshot *prev,
		    struct exits_vm_snapshot *cur, struct exits_vm_snapshot *delta)
{
	static struct vm_key dead[EXITS_MAX_VMS];
	int ret = exits_vm_snapshot(ec, cur);
	const struct exits_vm *vm;
	size_t i, n = 0;

	for (i = 0; !ret && i < cur->n_vms; i++)
		if (exits_vm_gone(&cur->vms[i]))
			dead[n++] = cur->vms[i].key;
	if (!ret && n)
		ret = exits_vm_snapshot(ec, cur);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		vm = exits_vm_by_key(cur, &dead[i]);
		if (vm)
			cur->vms[vm - cur->vms].gone = true;
	}
	exits_vm_snapshot_diff(cur, prev, delta);
	for (i = 0; i < cur->n_vms; i++)
		if (cur->vms[i].gone)
			exits_vm_forget(ec, &cur->vms[i].key);
	*prev = *cur;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, NULL, doc, NULL, NULL, NULL };
	static struct exits_snapshot prev, cur, delta;
	static struct exits_vm_snapshot prev_vms, cur_vms, delta_vms;
	static struct vm_drift drift[EXITS_MAX_VMS];
	size_t n_drift;
	struct exits_opts o;
	struct exits_counter *ec;
	char err[256];
	double start;
	long n = 0;
	int ret;

	ret = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (ret)
		return ret;
	if (env.count && !env.interval)
		env.interval = 1;

	o = (struct exits_opts){ .attach = env.attach, .tgid = env.pid,
				 .verbose = env.verbose, .vm = env.vm,
				 .per_vm = env.vms || env.textfile,
				 .filter_vcpu = env.filter_vcpu, .vcpu = env.vcpu,
				 .cgroup = env.cgroup, .split = env.split };
	ec = exits_open(&o, err, sizeof(err));
	if (!ec) {
		fprintf(stderr, "kvmexits: %s\n", err);
		return 1;
	}
	ret = exits_attach(ec, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "kvmexits: %s\n", err);
		goto cleanup;
	}
	if (env.textfile)
		drift_start();
	signal(SIGINT, sig_handler);
	signal(SIGTERM, sig_handler);
	if (env.output == OUT_CSV)
		print_csv_header(stdout);
	if (*exits_fallback(ec))
		fprintf(stderr, "kvmexits: tp_btf cannot read the exit reason here (%s): "
			"using the classic tracepoint\n", exits_fallback(ec));
	/* On stderr in every format: a script waits for it before its workload. */
	fprintf(stderr, "Counting VM-exits (%s)%s... Ctrl-C to end.\n",
		exits_attach_name(exits_attach_used(ec)),
		env.pid ? " of one process" : "");

	start = now_s();
	while (!exiting) {
		/* A signal cuts the sleep short: the last interval is partial. */
		sleep(env.interval ? env.interval : 1000000);
		ret = exits_snapshot(ec, &cur);
		if (ret) {
			fprintf(stderr, "kvmexits: reading the counts: %s\n", strerror(-ret));
			goto cleanup;
		}
		exits_snapshot_diff(&cur, &prev, &delta);
		prev = cur;
		if (o.per_vm) {
			ret = read_vms(ec, &prev_vms, &cur_vms, &delta_vms);
			if (ret) {
				fprintf(stderr, "kvmexits: reading the per-VM counts: %s\n",
					strerror(-ret));
				goto cleanup;
			}
		}
		if (env.textfile) {
			/* KVM counts every exit of a VM: not comparable then. */
			n_drift = env.filter_vcpu || env.cgroup ? 0 :
				  drift_of_vms(&cur_vms, drift);
			ret = write_textfile(env.textfile, &cur, &cur_vms, drift, n_drift);
			if (ret) {
				fprintf(stderr, "kvmexits: writing %s: %s\n", env.textfile,
					strerror(-ret));
				goto cleanup;
			}
		}
		print_interval(&delta, env.vms ? &delta_vms : NULL, now_s() - start);
		if (!env.interval || (env.count && ++n >= env.count))
			break;
	}
	ret = 0;
cleanup:
	exits_close(ec);
	return ret ? 1 : 0;
}
