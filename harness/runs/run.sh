# make run: the leaves as a guest reads them, then validate on the full
# matrix, with its raw snapshots sent back to the host as validate.json.
showleaves vm
echo
validate -n 100 -o /tmp/validate.json
rc=$?
echo "LAB: file validate.json"
cat /tmp/validate.json
echo "LAB: end file"
exit $rc
