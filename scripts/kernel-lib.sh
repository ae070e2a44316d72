# shellcheck shell=sh disable=SC2154,SC2034
# Shell functions shared by kernel-build.sh and debian-modules.sh: the
# cache entry and build folder (which sets src, log, staged, jobs and work
# for the rest), make with progress, and the code checks.

# Take the cache entry NAME (cache/NAME), one build of it at a time: wait
# for another build of it; if it is built, print it and exit; else make a
# build folder that goes away on exit.  usage: cache_entry NAME
cache_entry() {
	out=$cache/$1
	mkdir -p "$cache"
	exec 9>"$cache/$1.lock"
	if ! flock -n 9; then
		echo "kernel: waiting for another build of $1" >&2
		flock 9
	fi
	if [ -f "$out/bzImage" ]; then
		echo "kernel: $1 cached in $out" >&2
		echo "$out"
		exit 0
	fi
	work=$(mktemp -d "$cache/build-$1.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	trap 'exit 1' INT TERM HUP
	log=$work/build.log
	src=$work/linux-source-6.12
	staged=$work/out
	jobs=$(nproc)
}

# Run make in the tree in the background, saying every 30 s how far it got.
# usage: make_progress WHAT MAKE-ARGUMENT...
make_progress() {
	what=$1
	shift
	start=$(date +%s)
	make -C "$src" -j"$jobs" "$@" >>"$log" 2>&1 &
	build=$!
	while kill -0 "$build" 2>/dev/null; do
		sleep 30
		kill -0 "$build" 2>/dev/null || break
		echo "kernel: $what: $(grep -c '^  CC' "$log") files compiled, $(( $(date +%s) - start ))s" >&2
	done
	if ! wait "$build"; then
		echo "kernel: $what failed; the end of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi
	echo "kernel: $what done in $(( $(date +%s) - start ))s" >&2
}

# Copy modules of the tree without their DWARF (they keep their BTF).
# usage: stage_modules DIR KO...
stage_modules() {
	dir=$1
	shift
	mkdir -p "$dir"
	for m in "$@"; do
		strip --strip-debug -o "$dir/$(basename "$m")" "$src/$m"
	done
}

# The code of an object as objdump shows it, with its relocations (an
# offset into a global or per-CPU structure is an addend there), into
# DIR/NAME.TAG: once with the series and once without, then same_code.
# usage: code_of DIR OBJ TAG
code_of() {
	objdump -dr --no-show-raw-insn "$src/$2" | tail -n +3 >"$1/$(echo "$2" | tr / _).$3"
}

# Whether OBJ's code is the same with and without the series; if not, say
# what differs.  usage: same_code DIR OBJ
same_code() {
	base=$1/$(echo "$2" | tr / _)
	cmp -s "$base.patched" "$base.stock" && return 0
	echo "kernel: the series changes the code of $2, built into the kernel or a module outside KVM:" >&2
	echo "kernel: KVM modules built with it would corrupt memory in a kernel built without it" >&2
	diff "$base.patched" "$base.stock" | head -n 20 >&2
	return 1
}
