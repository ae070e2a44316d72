#!/bin/sh
# Check the patch series: every patch in series exists, has a KVM subject
# prefix and a Signed-off-by, and passes the kernel's checkpatch.pl --strict.
# checkpatch asks whether MAINTAINERS needs updating whenever a patch adds a
# file; that question is answered here instead: a file added under a path
# that MAINTAINERS already lists (KVM's selftests) needs no update.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
patchdir=$top/kernel-patch
cache=${KVMX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-exit-lab}
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
tools=$cache/checkpatch-$srcver

if [ ! -x "$tools/scripts/checkpatch.pl" ]; then
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/checkpatch.XXXXXX")
	tar -C "$tmp" --strip-components=1 -xf /usr/src/linux-source-6.12.tar.xz \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch \
		linux-source-6.12/MAINTAINERS
	rm -rf "$tools"
	mv "$tmp" "$tools"
fi

# shellcheck source=tests/boot/checks.sh
. "$top/tests/boot/checks.sh"

[ -f "$patchdir/0000-cover-letter.patch" ] && ok=0 || ok=1
result $ok "cover letter present"

for p in $(grep -v '^#' "$patchdir/series"); do
	f=$patchdir/$p
	if [ ! -f "$f" ]; then
		result 1 "$p: listed in series but missing"
		continue
	fi
	grep -Eq '^Subject: \[PATCH [0-9]+/[0-9]+\] KVM: (x86|VMX|SVM|selftests): ' "$f" &&
		grep -q '^Signed-off-by: ' "$f" && ok=0 || ok=1
	result $ok "$p: subject prefix and Signed-off-by"
	ignore=""
	added=$(awk '/^diff --git /{ file = substr($4, 3) } /^new file mode/{ print file }' "$f")
	if [ -n "$added" ]; then
		uncovered=""
		for file in $added; do
			covered=no
			for dir in $(sed -n 's/^F:[[:space:]]*\(.*\/\)$/\1/p' "$tools/MAINTAINERS"); do
				case $file in "$dir"*) covered=yes; break ;; esac
			done
			[ $covered = yes ] || uncovered="$uncovered $file"
		done
		[ -n "$uncovered" ] || ignore="--ignore FILE_PATH_CHANGES"
		[ -z "$uncovered" ] || echo "#   not under any MAINTAINERS path:$uncovered"
		result "$([ -z "$uncovered" ] && echo 0 || echo 1)" \
			"$p: added files are under a MAINTAINERS entry"
	fi
	# shellcheck disable=SC2086
	out=$(cd "$tools" && perl scripts/checkpatch.pl --strict --no-tree -q \
		--no-color $ignore "$f" 2>&1) && ok=0 || ok=1
	[ -z "$out" ] || echo "$out" | sed 's/^/#   /'
	result $ok "$p: checkpatch --strict"
done
checks_done
