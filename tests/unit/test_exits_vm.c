// SPDX-License-Identifier: GPL-2.0
/* kvmexits' per-VM view: its arithmetic, names and output, no kernel needed. */
#define _GNU_SOURCE
#include <bpf/btf.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exits_lib.h"
#include "kvmexits_format.h"
#include "kvmexits_textfile.h"
#include "kvmexits_vms.h"
#include "../../harness/textfile_compare.h"
#include "unit.h"

static struct exits_vm_snapshot before, after, delta;

static void put_vm(struct exits_vm_snapshot *vs, __u64 kvm, __u32 ino,
		   const char *name, __u32 tgid)
{
	struct exits_vm *vm = &vs->vms[vs->n_vms++];

	memset(vm, 0, sizeof(*vm));
	vm->key = (struct vm_key){ .kvm = kvm, .ino = ino };
	vm->info.tgid = tgid;
	snprintf(vm->info.name, sizeof(vm->info.name), "%s", name);
	snprintf(vm->info.comm, sizeof(vm->info.comm), "qemu-system-x86");
}

static void put_vcpu(struct exits_vm_snapshot *vs, __u64 kvm, __u32 ino, __u32 id,
		     __u64 exits, __u64 entries)
{
	struct exits_vcpu *v = &vs->vcpus[vs->n_vcpus++];

	v->key = (struct vcpu_key){ .vm = { .kvm = kvm, .ino = ino }, .vcpu_id = id };
	v->stat = (struct vcpu_stat){ .exits = exits, .entries = entries,
				      .time_ns = entries * 1000 };
}

static void put_type(struct exits_vm_snapshot *vs, __u64 kvm, __u32 ino,
		     __u32 reason, __u64 exits)
{
	struct exits_vm_type *t = &vs->types[vs->n_types++];

	memset(t, 0, sizeof(*t));
	t->key.vm = (struct vm_key){ .kvm = kvm, .ino = ino };
	t->key.type = (struct exit_key){ .isa = EXITS_ISA_VMX, .reason = reason };
	t->exits = exits;
}

/*
 * Two VMs at one address one after the other (inodes 7 and 9), and a
 * third that did nothing in the window.
 */
static void make_pair(void)
{
	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	put_vm(&before, 0x1000, 7, "100-10", 100);
	put_vcpu(&before, 0x1000, 7, 0, 50, 49);
	put_type(&before, 0x1000, 7, 10, 50);
	put_vm(&before, 0x3000, 8, "300-12", 300);
	put_vcpu(&before, 0x3000, 8, 0, 5, 5);
	put_type(&before, 0x3000, 8, 30, 5);

	put_vm(&after, 0x3000, 8, "300-12", 300);
	put_vcpu(&after, 0x3000, 8, 0, 5, 5);
	put_type(&after, 0x3000, 8, 30, 5);
	put_vm(&after, 0x1000, 9, "100-10", 100);
	put_vcpu(&after, 0x1000, 9, 1, 30, 29);
	put_vcpu(&after, 0x1000, 9, 0, 20, 20);
	put_type(&after, 0x1000, 9, 10, 45);
	put_type(&after, 0x1000, 9, 30, 5);
	put_vm(&after, 0x1000, 7, "100-10", 100);
	put_vcpu(&after, 0x1000, 7, 0, 80, 80);
	put_type(&after, 0x1000, 7, 10, 80);
	exits_vm_snapshot_sort(&before);
	exits_vm_snapshot_sort(&after);
}

static void test_vm_diff(void)
{
	struct vm_key old = { 0x1000, 7, 0 }, new = { 0x1000, 9, 0 };
	struct vcpu_stat t;
	size_t first, n;

	make_pair();
	exits_vm_snapshot_diff(&after, &before, &delta);
	CHECK(delta.n_vms == 2, "the VM that did nothing is left out: %zu VMs",
	      delta.n_vms);
	exits_vm_total(&delta, &old, &t);
	CHECK(t.exits == 30 && t.entries == 31, "the first VM's window: %llu/%llu",
	      (unsigned long long)t.exits, (unsigned long long)t.entries);
	exits_vm_total(&delta, &new, &t);
	CHECK(t.exits == 50 && t.entries == 49 && t.time_ns == 49000,
	      "the VM at the same address, new inode, kept whole: %llu/%llu",
	      (unsigned long long)t.exits, (unsigned long long)t.entries);
	n = exits_vm_vcpus(&delta, &new, &first);
	CHECK(n == 2 && delta.vcpus[first].key.vcpu_id == 0 &&
	      delta.vcpus[first + 1].key.vcpu_id == 1, "its vCPUs, in order: %zu", n);
	n = exits_vm_types(&delta, &new, &first);
	CHECK(n == 2 && delta.types[first].key.type.reason == 10 &&
	      delta.types[first].exits == 45, "its types: %zu", n);
	n = exits_vm_types(&delta, &old, &first);
	CHECK(n == 1 && delta.types[first].exits == 30, "the first VM's types: %zu", n);
	CHECK(exits_vm_find(&delta, "100-10") != NULL && !exits_vm_find(&delta, "300-12"),
	      "found by debugfs name");
}

static void test_guest_name(void)
{
	static const char qemu[] = "qemu-system-x86_64\0-enable-kvm\0-name\0"
				   "guest=web1,debug-threads=on\0-m\0" "1G";
	static const char plain[] = "qemu\0-name\0db,process=qemu:db";
	static const char none[] = "firecracker\0--api-sock\0/tmp/s";
	static const char last[] = "qemu\0-name";
	char out[32];

	CHECK(!vmm_guest_name(qemu, sizeof(qemu), out, sizeof(out)) &&
	      !strcmp(out, "web1"), "guest=: %s", out);
	CHECK(!vmm_guest_name(plain, sizeof(plain), out, sizeof(out)) &&
	      !strcmp(out, "db"), "-name NAME,...: %s", out);
	CHECK(vmm_guest_name(none, sizeof(none), out, sizeof(out)) == -1, "no -name");
	CHECK(vmm_guest_name(last, sizeof(last), out, sizeof(out)) == -1,
	      "-name without a value");
}

static struct exits_snapshot types;

static void test_vm_json(void)
{
	struct json_object *root, *vms, *vm, *v;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	make_pair();
	exits_vm_snapshot_diff(&after, &before, &delta);
	print_json(f, &types, 2.0, &delta, 1, false);
	fclose(f);
	root = json_tokener_parse(buf);
	CHECK(root != NULL, "not JSON: %s", buf);
	if (root) {
		CHECK(json_object_object_get_ex(root, "vms", &vms) &&
		      json_object_array_length(vms) == 1, "-T 1 shows one VM: %s", buf);
		vm = json_object_array_get_idx(vms, 0);
		CHECK(vm && json_object_object_get_ex(vm, "vm", &v) &&
		      !strcmp(json_object_get_string(v), "100-10"), "its name");
		CHECK(vm && json_object_object_get_ex(vm, "exits", &v) &&
		      json_object_get_int64(v) == 50, "the VM with the most exits first");
		CHECK(vm && json_object_object_get_ex(vm, "vcpus", &v) &&
		      json_object_array_length(v) == 2, "its vCPUs");
		json_object_put(root);
	}
	free(buf);
}

static void test_vm_table(void)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	make_pair();
	exits_vm_snapshot_diff(&after, &before, &delta);
	print_vm_table(f, &delta, 10, true);
	fclose(f);
	CHECK(strstr(buf, "100-10") && strstr(buf, "vcpu 1") && strstr(buf, "CPUID") &&
	      strstr(buf, "qemu-system-x86"),
	      "names, vCPUs and the top type: %s", buf);
	CHECK(strstr(buf, "62.50"), "the VM's share of the exits: %s", buf);
	free(buf);
}

static void test_utf8(void)
{
	char ok[] = "qemu-\xc3\xa9t\xc3\xa9", cut[] = "vm-\xe2\x82", bad[] = "a\xff" "b";

	utf8_sanitize(ok);
	utf8_sanitize(cut);
	utf8_sanitize(bad);
	CHECK(!strcmp(ok, "qemu-\xc3\xa9t\xc3\xa9"), "valid UTF-8 kept: %s", ok);
	CHECK(!strcmp(cut, "vm-??"), "a sequence cut short: %s", cut);
	CHECK(!strcmp(bad, "a?b"), "a byte that is never UTF-8: %s", bad);
}

static void test_vm_gone(void)
{
	struct exits_vm vm = { .info = { .tgid = getpid() } };
	pid_t child = fork();

	if (!child)
		_exit(0);
	waitpid(child, NULL, 0);
	/* Without a debugfs name, its process tells. */
	CHECK(!exits_vm_gone(&vm), "a VM of this live process");
	vm.info.tgid = child;
	CHECK(exits_vm_gone(&vm), "a VM of a process that ended");
}

/* Not inlined: GCC 12 then mistakes the stream's buffer for a local. */
static __attribute__((noinline)) char *
textfile(const struct vm_drift *drift, size_t n_drift)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	print_textfile(f, &types, &delta, drift, n_drift);
	fclose(f);
	return buf;
}

static __attribute__((noinline)) struct json_object *interval_json(void)
{
	struct json_object *o;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	print_json(f, &types, 2.0, &delta, EXITS_MAX_VMS, false);
	fclose(f);
	o = json_tokener_parse(buf);
	free(buf);
	return o;
}

/*
 * The textfile against kvmexits -J for the same interval, as the Debian
 * boot compares node_exporter's scrape: equal, then told apart.
 */
static void test_textfile(void)
{
	struct vm_drift drift[] = { { .key = { 0x1000, 9, 0 }, .exits = 0 } };
	struct json_object *j;
	size_t i;
	char *text, *p;
	double v;
	FILE *quiet = fopen("/dev/null", "w");

	make_pair();
	exits_vm_snapshot_diff(&after, &before, &delta);
	/* The first VM at 0x1000 is gone; a new one has its name. */
	for (i = 0; i < delta.n_vms; i++)
		delta.vms[i].gone = delta.vms[i].key.ino == 7;
	memset(&types, 0, sizeof(types));
	types.n = 1;
	types.e[0].key = (struct exit_key){ .isa = EXITS_ISA_VMX, .reason = 10 };
	types.e[0].stat = (struct exit_stat){ .exits = 80, .entries = 79,
					      .time_ns = 79 * 3000 };
	types.e[0].stat.hist[11] = 79;	/* 2048 to 4095 ns */
	types.lost[EXITS_LOST_VM_TABLE_FULL] = 4;
	text = textfile(drift, 1);
	j = interval_json();
	CHECK(j && textfile_compare(text, j, 100, quiet) == 0, "the pair agrees:\n%s", text);
	CHECK(!scrape_value(text, "kvmexits_exit_to_entry_seconds_bucket",
			    (const char *[]){ "reason=\"CPUID\"", "le=\"2.047e-06\"", NULL },
			    &v) && v == 0, "up to 2047 ns: none");
	CHECK(!scrape_value(text, "kvmexits_exit_to_entry_seconds_bucket",
			    (const char *[]){ "reason=\"CPUID\"", "le=\"4.095e-06\"", NULL },
			    &v) && v == 79, "up to 4095 ns: all 79");
	CHECK(!scrape_value(text, "kvmexits_vm_info",
			    (const char *[]){ "vm=\"100-10\"", "pid=\"100\"", NULL }, &v) &&
	      v == 1, "the VM's process");
	/* A VM's count that differs, then a drift that is not 0. */
	p = strstr(text, "kvmexits_vm_exits_total{vm=\"100-10\",vendor=\"vmx\",reason=\"CPUID\"} 45");
	CHECK(p != NULL, "the VM's CPUID series:\n%s", text);
	if (p && j) {
		p[strlen(p) - strlen(strchr(p, '\n'))- 1] = '6';
		CHECK(textfile_compare(text, j, 0, quiet) == 1, "45 against 46 is told");
	}
	free(text);
	drift[0].exits = -3;
	text = textfile(drift, 1);
	CHECK(j && textfile_compare(text, j, 100, quiet) == 1, "a drift of -3 is told");
	CHECK(j && textfile_compare(text, j, 0, quiet) == 0, "unless no drift is asked for");
	free(text);
	json_object_put(j);

}

/*
 * Two intervals of kvmexits -J, added up, against a textfile of the counts
 * since the start; and against one that held the last interval only.
 */
static void test_sum_intervals(void)
{
	static const char *const json[] = {
		"{\"lost\": {\"no_task_storage\": 1}, \"types\": ["
		"{\"isa\": \"vmx\", \"name\": \"CPUID\", \"exits\": 50, \"timed\": 49}],"
		" \"vms\": [{\"vm\": \"7-4\", \"pid\": 7, \"gone\": false, \"exits\": 50,"
		" \"types\": [{\"isa\": \"vmx\", \"name\": \"CPUID\", \"exits\": 50}]}]}",
		"{\"lost\": {\"no_task_storage\": 2}, \"types\": ["
		"{\"isa\": \"vmx\", \"name\": \"CPUID\", \"exits\": 30, \"timed\": 31},"
		" {\"isa\": \"vmx\", \"name\": \"HLT\", \"exits\": 2, \"timed\": 2}],"
		" \"vms\": [{\"vm\": \"7-4\", \"pid\": 7, \"gone\": false, \"exits\": 32,"
		" \"types\": [{\"isa\": \"vmx\", \"name\": \"CPUID\", \"exits\": 30},"
		" {\"isa\": \"vmx\", \"name\": \"HLT\", \"exits\": 2}]}]}",
	};
	static const char since_start[] =
		"kvmexits_exits_total{vendor=\"vmx\",reason=\"CPUID\"} 80\n"
		"kvmexits_exits_total{vendor=\"vmx\",reason=\"HLT\"} 2\n"
		"kvmexits_exit_to_entry_seconds_count{vendor=\"vmx\",reason=\"CPUID\"} 80\n"
		"kvmexits_exit_to_entry_seconds_count{vendor=\"vmx\",reason=\"HLT\"} 2\n"
		"kvmexits_lost_total{kind=\"no_task_storage\"} 3\n"
		"kvmexits_vm_exits_total{vm=\"7-4\",vendor=\"vmx\",reason=\"CPUID\"} 80\n"
		"kvmexits_vm_exits_total{vm=\"7-4\",vendor=\"vmx\",reason=\"HLT\"} 2\n"
		"kvmexits_vm_info{vm=\"7-4\",pid=\"7\",vmm=\"x\"} 1\n"
		"kvmexits_vm_drift_exits{vm=\"7-4\"} 0\n";
	struct json_object *intervals[2], *sum;
	FILE *quiet = fopen("/dev/null", "w");
	char *last = strdup(since_start), *p;

	intervals[0] = json_tokener_parse(json[0]);
	intervals[1] = json_tokener_parse(json[1]);
	sum = textfile_sum_intervals(intervals, 2);
	CHECK(sum && textfile_compare(since_start, sum, 7, quiet) == 0,
	      "the counts since the start are the intervals added up");
	/* A textfile that held the last interval's CPUIDs only. */
	p = strstr(last, "} 80\n");
	memcpy(p, "} 30", 4);
	CHECK(sum && textfile_compare(last, sum, 7, quiet) == 1, "30 CPUIDs, not 80, told");
	CHECK(textfile_compare(since_start, intervals[1], 0, quiet) > 0,
	      "the last interval alone is not what the textfile holds");
	json_object_put(sum);
	json_object_put(intervals[0]);
	json_object_put(intervals[1]);
	free(last);
	fclose(quiet);
}

/* struct kvm in a base BTF, and a module's own layout of it in a split one. */
static void test_member_off(void)
{
	struct btf *base = btf__new_empty(), *split;
	int i32, ptr, arr, s;
	__u32 off = 0;

	i32 = btf__add_int(base, "int", 4, BTF_INT_SIGNED);
	ptr = btf__add_ptr(base, 0);
	s = btf__add_struct(base, "kvm", 16);
	btf__add_field(base, "users", i32, 0, 0);
	btf__add_field(base, "debugfs_dentry", ptr, 64, 0);
	split = btf__new_empty_split(base);
	arr = btf__add_array(split, i32, i32, 8);
	btf__add_struct(split, "kvm", 48);
	btf__add_field(split, "users", i32, 0, 0);
	btf__add_field(split, "arch", arr, 32, 0);
	btf__add_field(split, "debugfs_dentry", ptr, 320, 0);
	CHECK(s > 0 && !exits_btf_member_off(base, "kvm", "debugfs_dentry", &off) &&
	      off == 8, "vmlinux's layout: %u", off);
	CHECK(!exits_btf_member_off(split, "kvm", "debugfs_dentry", &off) && off == 40,
	      "the module's own layout first: %u", off);
	CHECK(exits_btf_member_off(split, "kvm", "stats_id", &off) == -1, "no member");
	CHECK(exits_btf_member_off(base, "kvm_vcpu", "kvm", &off) == -1, "no struct");
	btf__free(split);
	btf__free(base);
}

UNIT_TESTS(exits_vm_tests) = {
	{ "exits: per-VM snapshot difference", test_vm_diff },
	{ "exits: the guest's name in a VMM's command line", test_guest_name },
	{ "exits: per-VM JSON", test_vm_json },
	{ "exits: per-VM table", test_vm_table },
	{ "exits: a VM that is gone", test_vm_gone },
	{ "exits: names made valid UTF-8", test_utf8 },
	{ "exits: --textfile against -J (node_exporter's check)", test_textfile },
	{ "exits: -J's intervals added up against --textfile", test_sum_intervals },
	{ "exits: member offsets from a module's own BTF", test_member_off },
	UNIT_END
};
