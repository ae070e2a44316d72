# shellcheck shell=sh
# kselftest's TAP for a shell test.  Source it, then for each assertion
#   check 'CONDITION' "what it shows"     (CONDITION is eval'ed)
#   result STATUS "what it shows"         (0 passes)
#   skip "what it would show" "why not"   (neither passes nor fails)
# with any details on "#" lines after it, and end with checks_done: the
# plan, kselftest's totals line and the "N passed, N failed" line make test
# adds up; it returns non-zero if any failed.
passed=0 failed=0 skipped=0 results=0
echo "TAP version 13"
result() {
	results=$((results + 1))
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		echo "ok $results - $2"
	else
		failed=$((failed + 1))
		echo "not ok $results - $2"
	fi
}
check() {
	eval "$1"
	result $? "$2"
}
skip() {
	results=$((results + 1))
	skipped=$((skipped + 1))
	echo "ok $results - $1 # SKIP $2"
}
checks_done() {
	echo "1..$results"
	echo "# Totals: pass:$passed fail:$failed xfail:0 xpass:0 skip:$skipped error:0"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
