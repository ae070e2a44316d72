# make test's list of failed checks: each "not ok" line of a stage's output
# with the comment lines around it, which say why (the harness's checks
# print them before, kselftest-style runners after).  -v s=STAGE.
function show(line) { print s ": " substr(line, 1, 160) }
/^[a-z| ]*not ok/ {
	for (i = 0; i < kept; i++)
		show(before[i])
	kept = 0
	show($0)
	after = 4
	next
}
/^ *#/ && after {
	show($0)
	after--
	next
}
/^ *#/ {
	if (kept == 3) {
		before[0] = before[1]
		before[1] = before[2]
		kept = 2
	}
	before[kept++] = $0
	next
}
{ kept = 0; after = 0 }
