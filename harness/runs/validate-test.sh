# make test: validate with small counts and perf stat as a witness, then
# show that it can fail: with the BPF count made to drop one exit, or with
# perf's window opened after the first snapshot, the verdict must turn red.
# On VMX, the KVM modules are then loaded again with unrestricted_guest=0:
# real mode runs in vm86 mode, where the workloads' unprivileged exits stay
# what they are (HLT, RDMSR and WRMSR fault instead), and one guest that
# KVM has to emulate adds the exits KVM synthesizes for it.
. /lab/checks.sh
validate -q -n 30 --perf -o /tmp/validate.json
rc=$?
# The raw counts go back whole: the build host compares them again.
echo "LAB: file validate.json"
cat /tmp/validate.json
echo "LAB: end file"
injected() {
	what=$1
	shift
	validate -n 10 -w cpuid "$@" >/tmp/fault.txt 2>&1
	fault=$?
	grep -E '^not ok' /tmp/fault.txt | head -n 4 | sed 's/^/# injected: /'
	if [ "$fault" -ne 0 ] && grep -q '^not ok' /tmp/fault.txt; then
		result 0 "injected fault ($what) turns the verdict red"
	else
		result 1 "injected fault ($what) turns the verdict red (status $fault)"
		sed 's/^/# /' /tmp/fault.txt | tail -n 5
	fi
}
injected "BPF drops an exit" -F
injected "perf's window opens late" --perf -L
if grep -qw vmx /proc/cpuinfo; then
	echo
	echo "# kvm_intel.unrestricted_guest=0: real mode in vm86, and emulation"
	if kvm-modules swap patched kvm_intel.unrestricted_guest=0; then
		for w in cpuid pio_out pio_in mmio hypercall emulated; do
			validate -q -n 20 -w $w --perf || rc=1
		done
		kvm-modules swap patched || rc=1
	else
		result 1 "kvm_intel loads with unrestricted_guest=0"
	fi
fi
checks_done || rc=1
exit $rc
