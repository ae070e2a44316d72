# Debian's own kernel, booted as shipped, with the patched KVM modules built
# for it (scripts/debian-modules.sh) and the programs built against its BTF:
# the leaves' contract (e2e), a short validate, BPF through CO-RE, kvmexits
# with both attach methods, bench on the patched modules and on Debian's
# stock ones swapped in within this boot, and a kernel log without a
# warning through the swaps.  make test-debian-VENDOR runs it with
# lab.quick=1; make run without, and keeps the bench files.
. /lab/checks.sh
# Quick (make test): one workload each, as Bochs runs Debian's kernel
# slowly; validate-* and bench-* run every workload on the test kernel.
if grep -qw 'lab.quick=1' /proc/cmdline; then
	validate_args="-n 10 -w cpuid" bench_args="-r 2 -g 300000 -w cpuid"
else
	validate_args="-n 10" bench_args="-r 5"
fi
start=$(date +%s)
took() {
	echo "# $1: $(( $(date +%s) - start ))s"
	start=$(date +%s)
}
release=$(uname -r)
echo "# kernel: $(cat /proc/version)"
deps=$(awk '{ print $1 }' /lab/modules/deps/order | sort -u | while read -r m; do
	grep -q "^$m " /proc/modules && printf '%s ' "$m"; done)
echo "# KVM modules: $(kvm-modules loaded); Debian's modules loaded for them: $deps"
check '[ -f /sys/module/kvm/parameters/exit_stats_mode ]' \
	"Debian's kernel $release runs the patched kvm.ko (it has exit_stats_mode)"
check 'strings /lab/modules/patched/kvm.ko | grep -q "^vermagic=$release "' \
	"the patched modules were built for $release"
dmesg -r | grep -E '^<[0-4]>' | head -n 20 | sed 's/^/# logged at level 4 or worse: /'

e2e
result $? "the leaves' contract (e2e) holds on $release"
took e2e
validate -q $validate_args
result $? "validate: leaves, BPF (CO-RE, this kernel's BTF) and KVM's stats agree"
took validate

# kvmexits while showleaves runs its known guest workload (1000 CPUID,
# 100 OUT, 10 HLT, 50 hypercalls, plus the harness's ucalls): at least
# that many of each, by type number (tp_btf reading a wrong reason would
# put them elsewhere).
if grep -qw svm /proc/cpuinfo; then
	cpuid=114 io=123 hlt=120 call=129
else
	cpuid=10 io=30 hlt=12 call=18
fi
# kvmexits ARGS while showleaves runs its workload, in cgroup CG if not "";
# its output in /tmp/kvmexits.out, showleaves' PID in /tmp/vmm.pid.
# usage: kvmexits_during CG ARGS...
kvmexits_during() {
	cg=$1
	shift
	# Not the last run's "Counting": the shell truncates in the child.
	: >/tmp/kvmexits.err
	kvmexits "$@" >/tmp/kvmexits.out 2>/tmp/kvmexits.err &
	pid=$!
	for _ in $(seq 120); do
		grep -q 'Counting VM-exits' /tmp/kvmexits.err && break
		kill -0 $pid 2>/dev/null || break
		sleep 1
	done
	sh -c 'echo $$ >/tmp/vmm.pid; [ -z "$1" ] || echo $$ >"$1/cgroup.procs" &&
		exec showleaves vm' sh "$cg" >/dev/null
	ran=$?
	kill -INT $pid 2>/dev/null
	wait $pid
	sed "s|^|# kvmexits $*: |" /tmp/kvmexits.err /tmp/kvmexits.out | head -n 12
	# A check of nothing counted means nothing unless the workload ran.
	[ $ran = 0 ] || echo "# the workload did not run (status $ran)"
	[ $ran = 0 ]
}
# The CSV has at least the workload's exits, by type number (tp_btf
# reading a wrong reason would put them elsewhere).
workload_seen() {
	awk -F, -v c=$cpuid -v i=$io -v h=$hlt -v v=$call '
		$3 == c { n[c] = $5 } $3 == i { n[i] = $5 }
		$3 == h { n[h] = $5 } $3 == v { n[v] = $5 }
		END { exit !(n[c] >= 1000 && n[i] >= 100 && n[h] >= 10 && n[v] >= 50) }' \
		/tmp/kvmexits.out
}
nothing_seen() {
	awk -F, '$4 == "total" { n += $5; rows++ } END { exit !(rows && n == 0) }' \
		/tmp/kvmexits.out
}
# -J -V: showleaves' VM, named as KVM's debugfs names it (PID-FD), with
# its process and at least the workload's exits.
vm_seen() {
	vmm=$(cat /tmp/vmm.pid)
	n=$(grep -o "\"vm\": \"$vmm-[0-9]*\", \"pid\": $vmm, \"vmm\": \"showleaves\", \"gone\": [a-z]*, \"exits\": [0-9]*" \
		/tmp/kvmexits.out | sed 's/.* //')
	[ -n "$n" ] && [ "$n" -ge 1160 ]
}
for method in tp_btf tp fentry; do
	check 'kvmexits_during "" -a $method -C && workload_seen' \
		"kvmexits -a $method counts the workload's CPUID, OUT, HLT and hypercall exits"
done
check 'kvmexits_during "" -V -J && vm_seen' \
	"kvmexits -V shows the workload's VM by its debugfs name and process, with its exits"

# --textfile, served by Debian's node_exporter and scraped over loopback:
# the metrics, counts since kvmexits started, equal what kvmexits -J -V
# printed for its 1-second intervals added up, and the live VM kvmexits
# saw from its creation has a drift of 0.  Two intervals at least follow
# the workload, so that a textfile of the last interval only differs.
textfile_served() {
	mkdir -p /tmp/prom
	ip link set lo up
	prometheus-node-exporter --collector.disable-defaults --collector.textfile \
		--collector.textfile.directory=/tmp/prom \
		--web.listen-address=127.0.0.1:9100 >/tmp/node-exporter.log 2>&1 &
	exporter=$!
	: >/tmp/kvmexits.err
	: >/tmp/held.out
	kvmexits -V -J --textfile /tmp/prom/kvmexits.prom 1 >/tmp/kvmexits.json \
		2>/tmp/kvmexits.err &
	pid=$!
	for _ in $(seq 120); do
		grep -q 'Counting VM-exits' /tmp/kvmexits.err && break
		sleep 1
	done
	showleaves vm hold >/tmp/held.out &
	held=$!
	for _ in $(seq 300); do
		grep -q '^holding' /tmp/held.out && break
		sleep 1
	done
	intervals=$(grep -c time_s /tmp/kvmexits.json)
	for _ in $(seq 60); do
		[ "$(grep -c time_s /tmp/kvmexits.json)" -ge $((intervals + 2)) ] && break
		sleep 1
	done
	kill -INT $pid
	wait $pid
	for _ in $(seq 60); do
		wget -q -O /tmp/scrape.txt http://127.0.0.1:9100/metrics &&
			grep -q '^kvmexits_vm_exits_total' /tmp/scrape.txt && break
		sleep 1
	done
	kill $held $exporter
	grep '^kvmexits_\|^node_textfile_scrape_error' /tmp/scrape.txt | grep -v _bucket |
		head -n 30 | sed 's/^/# scraped: /'
	textfile-check /tmp/scrape.txt /tmp/kvmexits.json $held
}
check textfile_served \
	"node_exporter serves kvmexits --textfile as kvmexits -J saw the interval; the live VM's drift is 0"

# -c: the cgroup of the VMM, or one above it, counts its exits; another
# counts none.
mkdir -p /sys/fs/cgroup
mount -t cgroup2 none /sys/fs/cgroup && mkdir -p /sys/fs/cgroup/lab/vmm /sys/fs/cgroup/other
check 'kvmexits_during /sys/fs/cgroup/lab/vmm -c /sys/fs/cgroup/lab -C && workload_seen' \
	"kvmexits -c counts the exits of a VMM in a cgroup below the one named"
check 'kvmexits_during /sys/fs/cgroup/lab/vmm -c /sys/fs/cgroup/other -C && nothing_seen' \
	"kvmexits -c counts no exit of a VMM in another cgroup"

# bench: the counting modes on the patched modules, then the baseline on
# Debian's stock ones.  What the kernel logs while the modules are swapped
# must hold no warning (level 4 or worse); what it logs meanwhile, while
# bench runs, is the emulator's (Bochs's clock makes the scheduler say
# "DL replenish lagged too much").
: >/tmp/warned
swap() {
	logged=$(dmesg -r | wc -l)
	kvm-modules swap "$1"
	status=$?
	dmesg -r | tail -n +$((logged + 1)) | grep -E '^<[0-4]>' |
		sed "s/^/# warning during the swap to $1: /" >>/tmp/warned
	return $status
}
took kvmexits
bench $bench_args --check -o /tmp/bench.json
result $? "bench on the patched modules"
took bench
swap stock
st=$?
check '[ $st = 0 ] && [ ! -f /sys/module/kvm/parameters/exit_stats_mode ]' \
	"Debian's stock KVM modules swapped in"
bench $bench_args -o /tmp/bench-baseline.json
result $? "bench on Debian's stock modules"
took "bench on the stock modules"
swap patched
st=$?
check '[ $st = 0 ] && [ -f /sys/module/kvm/parameters/exit_stats_mode ]' \
	"the patched modules swapped back in"
e2e >/dev/null
result $? "the contract holds again after the swaps"
check '[ ! -s /tmp/warned ]' "the swaps to stock modules and back logged no warning"
head -n 40 /tmp/warned
taint=$(cat /proc/sys/kernel/tainted) boot_taint=$(cat /tmp/taint.boot)
# O (4096): modules built outside Debian's package; E (8192): unsigned;
# and what the boot had before KVM was loaded (/init kept it).  W (512)
# too if the emulator made a WARN since: /init fails the run on any other.
# shellcheck source=tests/boot/kernel-log.sh
. /lab/kernel-log.sh
allowed=$((4096 | 8192 | boot_taint))
[ "$(emulator_warnings)" = "$(cat /tmp/emulator.boot)" ] || allowed=$((allowed | 512))
check '[ $((taint & ~allowed)) = 0 ]' \
	"the kernel is tainted only as any self-built module taints it (tainted=$taint, $boot_taint at boot)"

# Which kernel and which modules the bench figures come from.
cat >/tmp/kernel.json <<-JSON
	{"kernel": "Debian's linux-image-$release, $(sed 's/.*#[0-9]* //' /proc/version)",
	 "patched": "kvm.ko and kvm-$(grep -qw svm /proc/cpuinfo && echo amd || echo intel).ko from linux-source-6.12 with the series, built with Debian's config and Module.symvers (scripts/debian-modules.sh)",
	 "stock": "Debian's own KVM modules of that kernel, swapped in within the same boot"}
JSON
for f in kernel.json bench.json bench-baseline.json; do
	echo "LAB: file $f"
	cat /tmp/$f
	echo "LAB: end file"
done
checks_done
