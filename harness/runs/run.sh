# make run: the leaves as a guest reads them, validate on the full matrix,
# then bench; the raw data goes back to the host as JSON files.
# lab.quick=1 on the kernel command line (make run QUICK=1) takes fewer
# iterations and samples: the same pipeline, in the time make test has.
if grep -qw 'lab.quick=1' /proc/cmdline; then
	iterations=20 bench_args="-r 2 -g 300000"
else
	iterations=100 bench_args="-r 5"
fi
showleaves vm
echo
validate -n $iterations -o /tmp/validate.json
rc=$?
echo
bench $bench_args -s 2 -o /tmp/bench.json || rc=1
for f in validate.json bench.json; do
	echo "LAB: file $f"
	cat /tmp/$f
	echo "LAB: end file"
done
exit $rc
