#!/bin/sh
# Host test: Ctrl-C in the middle of make run.  The whole process group
# gets SIGINT, as a terminal sends it; make run must end with a non-zero
# status, say which step it was in, leave no emulator running and write no
# result set, not even a partial one.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"

# A background job starts with SIGINT ignored, which a shell cannot undo:
# perl sets it back, as a terminal's foreground job has it.
cd "$top" || exit 1
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!\n"' \
	setsid make --no-print-directory run QUICK=1 RESULTS_ROOT="$tmp/results" \
	>"$tmp/log" 2>&1 &
session=$!
# Into the first boot's run, then Ctrl-C.
i=0
while [ $i -lt 300 ] && ! grep -q '^boot: kernel up' "$tmp/log"; do
	sleep 1
	i=$((i + 1))
done
sleep 3
kill -INT "-$session"
start=$(date +%s)
wait $session
status=$?
took=$(( $(date +%s) - start ))
sleep 2
tail -n 4 "$tmp/log" | sed 's/^/#   /'

[ $status -ne 0 ]
result $? "interrupted make run: ends with a non-zero status ($status)"
[ $took -lt 30 ]
result $? "interrupted make run: stops at once (${took}s after Ctrl-C)"
grep -q "interrupted during stage 'run (make-run.sh) on svm'" "$tmp/log"
result $? "interrupted make run: names the step it was in"
left=$(pgrep -s "$session" | head -n 3 | tr '\n' ' ')
[ -z "$left" ]
result $? "interrupted make run: leaves no process behind${left:+ (left: $left)}"
[ -z "$(ls -A "$tmp/results" 2>/dev/null)" ]
result $? "interrupted make run: writes no result set"
checks_done
