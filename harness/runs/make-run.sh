# make run: the leaves as a guest reads them, validate on the full matrix,
# then bench on the patched KVM modules and again on the stock ones (the
# same source without the series, swapped in), all in this one boot; the
# raw data goes back to the host as JSON files.
# bench's scaling goes up to one vCPU per CPU of this boot (make run's
# RUN_CPUS).
# lab.quick=1 on the kernel command line (make run QUICK=1) takes fewer
# iterations and samples: the same pipeline, in the time make test has.
if grep -qw 'lab.quick=1' /proc/cmdline; then
	iterations=20 bench_args="-r 2 -g 300000"
else
	iterations=100 bench_args="-r 5"
fi
showleaves vm
echo
# perf as a witness on SVM.  Under Bochs, with perf running, the timer
# workload's windows at 100 iterations did not end within 10 minutes (at
# 30, in make test, they do): not understood yet, so not here.
perf=--perf
grep -qw vmx /proc/cpuinfo && perf=
validate -n $iterations $perf -o /tmp/validate.json
rc=$?
echo
vcpus=$(nproc)
[ "$vcpus" -le 8 ] || vcpus=8	# bench's most
bench $bench_args -s "$vcpus" --read-cost -o /tmp/bench.json || rc=1
echo
echo "# bench on the stock KVM modules: the unpatched baseline"
kvm-modules swap stock && bench $bench_args -o /tmp/bench-baseline.json || rc=1
kvm-modules swap patched || rc=1
for f in validate.json bench.json bench-baseline.json; do
	echo "LAB: file $f"
	cat /tmp/$f
	echo "LAB: end file"
done
exit $rc
