# make run, on the unpatched kernel of the same config: bench (its lone
# patch configuration is "unpatched", the baseline "off" must match) with
# the raw samples sent back to the host; fewer with lab.quick=1 (run.sh).
if grep -qw 'lab.quick=1' /proc/cmdline; then
	bench_args="-r 2 -g 300000"
else
	bench_args="-r 5"
fi
bench $bench_args -o /tmp/bench-baseline.json
rc=$?
echo "LAB: file bench-baseline.json"
cat /tmp/bench-baseline.json
echo "LAB: end file"
exit $rc
