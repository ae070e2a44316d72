# shellcheck shell=sh
# The "ok - / not ok -" lines of a shell test and its closing count, the
# line make test adds up.  Source it, then for each assertion either
#   check 'CONDITION' "what it shows"     (CONDITION is eval'ed)
#   result STATUS "what it shows"         (0 passes)
# and end with checks_done, which returns non-zero if any failed.
passed=0 failed=0
result() {
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		echo "ok - $2"
	else
		failed=$((failed + 1))
		echo "not ok - $2"
	fi
}
check() {
	eval "$1"
	result $? "$2"
}
checks_done() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
