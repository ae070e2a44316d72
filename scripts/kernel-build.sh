#!/bin/sh
# Build the test kernel from Debian's linux-source-6.12, patched with the
# series in kernel-patch/ or not (the baseline), and cache it outside the
# checkout, keyed by everything that changes it.  Prints the cache folder,
# which holds bzImage, vmlinux and config.
# usage: kernel-build.sh patched|baseline
set -eu

# Bump when a change to this script changes the kernel it builds (the key
# below does not hash the script itself, so messages can change freely).
recipe=2

variant=${1:?usage: kernel-build.sh patched|baseline}
case $variant in patched|baseline) ;; *)
	echo "kernel-build.sh: variant must be patched or baseline, not '$variant'" >&2
	exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
# A make that runs this script must not pass its flags (-s, -j) to the kernel's.
unset MAKEFLAGS MFLAGS MAKELEVEL
patchdir=$top/kernel-patch
fragment=$patchdir/configs/test.config
cache=${KVMX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-exit-lab}
tarball=/usr/src/linux-source-6.12.tar.xz

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( {
	echo "$srcver $variant recipe $recipe"
	cat "$fragment"
	if [ "$variant" = patched ]; then
		cat "$patchdir/series"
		grep -v '^#' "$patchdir/series" | while read -r p; do
			cat "$patchdir/$p"
		done
	fi
} | sha256sum | cut -c1-16)
out=$cache/kernel-$variant-$key

mkdir -p "$cache"
# One build per key at a time: a second caller waits, then finds it cached.
exec 9>"$cache/kernel-$variant-$key.lock"
if ! flock -n 9; then
	echo "kernel: waiting for another build of $variant $key" >&2
	flock 9
fi

if [ -f "$out/bzImage" ]; then
	echo "kernel: $variant $key cached in $out" >&2
	echo "$out"
	exit 0
fi

work=$(mktemp -d "$cache/build-$variant-$key.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP
log=$work/build.log

echo "kernel: extracting linux-source $srcver" >&2
tar -C "$work" -xf "$tarball"
src=$work/linux-source-6.12

if [ "$variant" = patched ]; then
	grep -v '^#' "$patchdir/series" | while read -r p; do
		echo "kernel: applying $p" >&2
		patch -d "$src" -p1 --quiet --forward <"$patchdir/$p"
	done
fi

echo "kernel: configuring (tinyconfig + $(basename "$fragment"))" >&2
make -C "$src" -s tinyconfig >>"$log" 2>&1
(cd "$src" && scripts/kconfig/merge_config.sh -m .config "$fragment") >>"$log" 2>&1
make -C "$src" -s olddefconfig >>"$log" 2>&1
# merge_config only warns when Kconfig drops a symbol: make it an error.
grep '^CONFIG_' "$fragment" | while read -r line; do
	if ! grep -qx "$line" "$src/.config"; then
		echo "kernel: config lost '$line' (a dependency is missing)" >&2
		exit 1
	fi
done

jobs=$(nproc)
echo "kernel: building bzImage with make -j$jobs (5 to 7 minutes on 2 idle cores)" >&2
start=$(date +%s)
make -C "$src" -j"$jobs" bzImage >>"$log" 2>&1 &
build=$!
while kill -0 "$build" 2>/dev/null; do
	sleep 30
	kill -0 "$build" 2>/dev/null || break
	echo "kernel: $(grep -c '^  CC' "$log") files compiled, $(( $(date +%s) - start ))s" >&2
done
if ! wait "$build"; then
	echo "kernel: build failed; the end of $log:" >&2
	tail -n 40 "$log" >&2
	exit 1
fi
echo "kernel: built in $(( $(date +%s) - start ))s" >&2

staged=$work/out
mkdir "$staged"
cp "$src/arch/x86/boot/bzImage" "$src/vmlinux" "$src/.config" "$staged/"
mv "$staged/.config" "$staged/config"
echo "$srcver $variant $key" >"$staged/version"
rm -rf "$out"
mv "$staged" "$out"
echo "$out"
