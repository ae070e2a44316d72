# make run: the leaves as a guest reads them, validate on the full matrix,
# then bench; the raw data goes back to the host as JSON files.
showleaves vm
echo
validate -n 100 -o /tmp/validate.json
rc=$?
echo
bench -r 5 -s 2 -o /tmp/bench.json || rc=1
for f in validate.json bench.json; do
	echo "LAB: file $f"
	cat /tmp/$f
	echo "LAB: end file"
done
exit $rc
