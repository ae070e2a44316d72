# make test: every failure named.  Each case makes a tool fail the way a
# user's setup would, and checks that the tool says why, in words that name
# the cause, and ends with a non-zero status.  And where a tool can go on
# with less, that it does, and says so.
. /lab/checks.sh

# expect WHAT PATTERN COMMAND...: COMMAND fails and says PATTERN (an ERE).
expect() {
	what=$1 pattern=$2
	shift 2
	out=$("$@" 2>&1)
	status=$?
	if [ $status -ne 0 ] && echo "$out" | grep -Eq "$pattern"; then
		result 0 "$what: status $status, \"$(echo "$out" | grep -Em1 "$pattern")\""
	else
		result 1 "$what: status $status, want a message matching /$pattern/"
		echo "$out" | tail -n 5 | sed 's/^/#   /'
	fi
}

# Not root: no /dev/kvm to open, no BPF to load.
expect "not root: validate" "/dev/kvm: Permission denied" \
	asuser 65534 validate -n 5 -w cpuid
expect "not root: e2e" "/dev/kvm: Permission denied" asuser 65534 e2e
expect "not root: kvmexits" "permission denied: run as root, or with CAP_BPF" \
	asuser 65534 kvmexits 1 1

# No KVM loaded: no /dev/kvm, no tracepoint, no module BTF.
kvm-modules unload
expect "no /dev/kvm: validate" "/dev/kvm: No such file or directory" \
	validate -n 5 -w cpuid
expect "no /dev/kvm: stress" "/dev/kvm: No such file or directory" stress churn
expect "no KVM: kvmexits on the tracepoint" "KVM is not loaded" kvmexits -a tp 1 1
expect "no KVM: kvmexits on BTF" "KVM is not loaded" kvmexits 1 1
expect "a module set that is not there" "no bogus modules in /lab/modules" \
	kvm-modules load bogus

# KVM without the series: the leaves and the parameters are not there.
kvm-modules load stock
expect "unpatched: validate" "kvm.exit_stats_mode.*KVM without the exit statistics" \
	validate -n 5 -w cpuid
expect "unpatched: e2e" "kvm.exit_stats_mode.*KVM without the exit statistics" e2e
expect "unpatched: stress" "KVM without the series" stress churn

# The kvm modules without their BTF: tp_btf cannot read KVM's types, so
# kvmexits says so and counts on the classic tracepoint, whose record
# layout it takes from tracefs.  validate's BPF count does the same, and
# must still agree with the leaves and KVM's statistics.
kvm-modules swap nobtf
check 'kvmexits 1 1 >/tmp/kvmexits.out 2>&1 &&
	grep -q "tp_btf cannot read the exit reason here (the kvm module has no BTF): using the classic tracepoint" /tmp/kvmexits.out &&
	grep -q "Counting VM-exits (tp)" /tmp/kvmexits.out' \
	"kvm without BTF: kvmexits falls back to the classic tracepoint and says so"
sed 's/^/#   /' /tmp/kvmexits.out | head -n 4
check 'kvmexits -a tp 1 1 >/dev/null 2>&1' "kvm without BTF: kvmexits -a tp runs"
expect "kvm without BTF: kvmexits -a fentry" "fentry/fexit: no BTF for (vmx|svm)_vcpu_run" \
	kvmexits -a fentry 1 1
check 'validate -q -n 5 -w cpuid >/tmp/validate.out 2>&1' \
	"kvm without BTF: validate's BPF count (tracepoint, tracefs offsets) agrees"
grep -E "FAIL|classic" /tmp/validate.out | head -n 5 | sed 's/^/#   /'

kvm-modules swap patched
result $? "the patched modules load again"
checks_done
