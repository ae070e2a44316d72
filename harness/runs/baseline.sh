# make run, on the unpatched kernel of the same config: bench (its lone
# patch configuration is "unpatched", the baseline "off" must match) with
# the raw samples sent back to the host.
bench -r 5 -o /tmp/bench-baseline.json
rc=$?
echo "LAB: file bench-baseline.json"
cat /tmp/bench-baseline.json
echo "LAB: end file"
exit $rc
