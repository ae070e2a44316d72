# make test: every failure named.  Each case makes a tool fail the way a
# user's setup would, and checks that the tool says why, in words that name
# the cause, and ends with a non-zero status.
passed=0 failed=0

# expect WHAT PATTERN COMMAND...: COMMAND fails and says PATTERN (an ERE).
expect() {
	what=$1 pattern=$2
	shift 2
	out=$("$@" 2>&1)
	status=$?
	if [ $status -ne 0 ] && echo "$out" | grep -Eq "$pattern"; then
		passed=$((passed + 1))
		echo "ok - $what: status $status, \"$(echo "$out" | grep -Em1 "$pattern")\""
	else
		failed=$((failed + 1))
		echo "not ok - $what: status $status, want a message matching /$pattern/"
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
expect "no KVM: kvmexits on the tracepoint" "no kvm:kvm_exit tracepoint: is KVM loaded" \
	kvmexits -a tp 1 1
expect "no KVM: kvmexits on BTF" "kvm module is not loaded, or has no BTF" \
	kvmexits 1 1
expect "a module set that is not there" "no bogus modules in /lab/modules" \
	kvm-modules load bogus

# KVM without the series: the leaves and the parameters are not there.
kvm-modules load stock
expect "unpatched: validate" "kvm.exit_stats_mode.*KVM without the exit statistics" \
	validate -n 5 -w cpuid
expect "unpatched: e2e" "kvm.exit_stats_mode.*KVM without the exit statistics" e2e
expect "unpatched: stress" "KVM without the series" stress churn

# The kvm module without its BTF: kvmexits reads KVM's types there.
kvm-modules swap nobtf
expect "kvm without BTF: kvmexits on BTF" "kvm module is not loaded, or has no BTF" \
	kvmexits 1 1
expect "kvm without BTF: kvmexits on the tracepoint" "kvm module is not loaded, or has no BTF" \
	kvmexits -a tp 1 1

kvm-modules swap patched || failed=$((failed + 1))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
