#!/bin/sh
# Host test: the newest result set under results/ carries the files it was
# made from (raw/), and report writes the same set again from them alone,
# file for file.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"

root=$top/results
set=$(sed -n 's/^Newest: \[\([^]]*\)\].*/\1/p' "$root/README.md")
[ -n "$set" ] && [ -f "$root/$set/raw/env.txt" ]
result $? "results/$set carries raw/"
# The command the set's README gives, with the runs in their order there.
runs=$(sed -n 's/.*`report DIR raw\/env.txt \([^`]*\)`.*/\1/p' "$root/$set/README.md")
[ -n "$runs" ]
result $? "results/$set/README.md says how to write it again"
# shellcheck disable=SC2086 # the runs, one word each
(cd "$root/$set" && "$top/.output/report" "$tmp/again" raw/env.txt $runs) >"$tmp/log" 2>&1
result $? "report writes results/$set again from raw/"
sed 's/^/#   /' "$tmp/log" | head -n 5
again=$(ls -d "$tmp"/again/20* 2>/dev/null | head -n 1)
diff -r "$root/$set" "${again:-$tmp/none}" >"$tmp/diff" 2>&1
result $? "the set written again is the same, file for file"
sed 's/^/#   /' "$tmp/diff" | head -n 10
checks_done
