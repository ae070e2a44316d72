# make test: validate with small counts, then show that it can fail: with
# the BPF count made to drop one exit, the verdict must turn red.
validate -q -n 30
rc=$?
validate -n 10 -w cpuid -F >/tmp/fault.txt 2>&1
fault=$?
grep -E 'FAIL' /tmp/fault.txt | head -n 4 | sed 's/^/# injected: /'
if [ "$fault" -ne 0 ] && grep -q FAIL /tmp/fault.txt; then
	echo "ok - injected fault (BPF drops an exit) turns the verdict red"
	echo "1 passed, 0 failed"
else
	echo "not ok - injected fault went unnoticed (status $fault)"
	echo "0 passed, 1 failed"
	rc=1
fi
exit $rc
