#!/bin/sh
# Build the test kernel from Debian's linux-source-6.12 with the series in
# kernel-patch/, KVM as modules, and cache it outside the checkout, keyed by
# everything that changes it.  Prints the cache folder, which holds:
#   bzImage, vmlinux, config, version
#   modules/patched/  irqbypass.ko kvm.ko kvm-intel.ko kvm-amd.ko (the series)
# and, for the test kernel only:
#   modules/stock/    kvm.ko kvm-intel.ko kvm-amd.ko: the same source without
#                     the series, built for this very kernel, so that one
#                     boot can swap them in as the unpatched baseline
#   selftests/        KVM's selftests from the patched tree, static
#   abi.txt           the check that makes the swap safe (below)
# The test kernel's build also checks that each patch builds on its own.
# usage: kernel-build.sh test|debug
#   test:  configs/test.config on tinyconfig
#   debug: the same plus configs/debug.config (KASAN, lockdep, ...)
# The whole script is one block, so the shell has read all of it before it
# runs any: a build takes minutes, and a checkout may change meanwhile.
{
set -eu

# Bump when a change to this script changes what it builds (the key below
# does not hash the script itself, so messages can change freely).
recipe=3

variant=${1:?usage: kernel-build.sh test|debug}
top=$(cd "$(dirname "$0")/.." && pwd)
patchdir=$top/kernel-patch
case $variant in
test)	fragments="$patchdir/configs/test.config" ;;
debug)	fragments="$patchdir/configs/test.config $patchdir/configs/debug.config" ;;
*)	echo "kernel-build.sh: variant must be test or debug, not '$variant'" >&2
	exit 2 ;;
esac
# A make that runs this script must not pass its flags (-s, -j) to the kernel's.
unset MAKEFLAGS MFLAGS MAKELEVEL
cache=${KVMX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-exit-lab}
tarball=/usr/src/linux-source-6.12.tar.xz
series=$(grep -v '^#' "$patchdir/series")

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( {
	echo "$srcver $variant recipe $recipe"
	cat $fragments "$patchdir/series"
	for p in $series; do cat "$patchdir/$p"; done
} | sha256sum | cut -c1-16)
# shellcheck source=scripts/kernel-lib.sh
. "$top/scripts/kernel-lib.sh"
cache_entry "kernel-$variant-$key"

echo "kernel: extracting linux-source $srcver" >&2
tar -C "$work" -xf "$tarball"

for p in $series; do
	echo "kernel: applying $p" >&2
	patch -d "$src" -p1 --quiet --forward <"$patchdir/$p"
done

echo "kernel: configuring $variant (tinyconfig + $(for f in $fragments; do basename "$f"; done | tr '\n' ' '))" >&2
make -C "$src" -s tinyconfig >>"$log" 2>&1
# shellcheck disable=SC2086
(cd "$src" && scripts/kconfig/merge_config.sh -m .config $fragments) >>"$log" 2>&1
make -C "$src" -s olddefconfig >>"$log" 2>&1
# merge_config only warns when Kconfig drops a symbol: make it an error.
grep -h '^CONFIG_' $fragments | while read -r line; do
	if ! grep -qx "$line" "$src/.config"; then
		echo "kernel: config lost '$line' (a dependency is missing)" >&2
		exit 1
	fi
done

make_progress "bzImage and modules (make -j$jobs, 4 to 7 minutes on 2 idle cores)" \
	bzImage modules
mkdir "$staged"
cp "$src/arch/x86/boot/bzImage" "$src/vmlinux" "$staged/"
cp "$src/.config" "$staged/config"
kvm_modules="arch/x86/kvm/kvm.ko arch/x86/kvm/kvm-intel.ko arch/x86/kvm/kvm-amd.ko"
stage_modules "$staged/modules/patched" virt/lib/irqbypass.ko $kvm_modules

# The debug kernel only runs the patched modules; the rest is the test
# kernel's.
if [ "$variant" = debug ]; then
	echo "$srcver $variant $key" >"$staged/version"
	rm -rf "$out"
	mv "$staged" "$out"
	echo "$out"
	exit 0
fi

# KVM's selftests, with the series' own test, from the patched tree.
echo "kernel: building KVM's selftests (static)" >&2
make -C "$src" -s headers >>"$log" 2>&1
make_progress "KVM selftests" -C tools/testing/selftests/kvm OUTPUT="$staged/selftests" \
	KHDR_INCLUDES="-isystem $src/usr/include" LDFLAGS="-static -pthread -no-pie"
rm -rf "$staged/selftests/lib"
find "$staged/selftests" -name '*.[od]' -delete
find "$staged/selftests" -type f -perm -u+x -exec strip --strip-debug {} +

# The modules of the series load into a kernel image built without it (a
# distribution's) only if no code built into the image changes with it:
# code there that includes KVM's headers reaches into struct kvm_vcpu.
# Rebuild each such object without the series and compare the code.
abi=$staged/abi.txt
objs=$(cd "$src" && grep -l 'arch/x86/include/asm/kvm_host.h' $(find . -name '.*.o.cmd' \
	-not -path './arch/x86/kvm/*' -not -path './virt/kvm/*' -not -path './tools/*') |
	sed 's|/\.\([^/]*\)\.cmd$|/\1|; s|^\./||')
for o in $objs; do
	code_of "$work" "$o" patched
done

# Each patch must build on its own: take them off one at a time, from the
# last, and build KVM's modules after each (without a warning).
n=$(echo "$series" | wc -l)
for p in $(echo "$series" | tac); do
	patch -d "$src" -p1 --quiet -R <"$patchdir/$p"
	n=$((n - 1))
	[ $n -gt 0 ] || break
	: >"$log.step"
	if ! make -C "$src" -j"$jobs" M=arch/x86/kvm modules >"$log.step" 2>&1 ||
	   grep -q 'warning:' "$log.step"; then
		echo "kernel: KVM does not build cleanly with the first $n patches of the series:" >&2
		grep -E 'error|warning' "$log.step" | head -n 20 >&2
		exit 1
	fi
	echo "kernel: the first $n patches build" >&2
done
echo "# Objects built into the kernel image that include asm/kvm_host.h," >"$abi"
echo "# compiled with and without the series: their code must not change." >>"$abi"
for o in $objs; do
	make -C "$src" -s "$o" >>"$log" 2>&1
	code_of "$work" "$o" stock
	same_code "$work" "$o" || exit 1
	echo "same code: $o" >>"$abi"
done
[ -n "$objs" ] || { echo "kernel: found no built-in object that includes kvm_host.h" >&2; exit 1; }

# The unpatched modules, against this kernel's vmlinux (its BTF is the base
# of theirs, so the kernel accepts them).
make_progress "KVM modules without the series" M=arch/x86/kvm modules
stage_modules "$staged/modules/stock" $kvm_modules

echo "$srcver $variant $key" >"$staged/version"
rm -rf "$out"
mv "$staged" "$out"
echo "$out"
exit 0
}
