#!/bin/sh
# Build the patched KVM modules for one of Debian's own kernels (by default
# the one linux-image-6.12-amd64 installs), without building a kernel:
# linux-source-6.12 with the series, configured with that kernel's own
# config and Module.symvers (Debian's linux-headers package), so that the
# modules' version magic and symbol versions match and they load into the
# stock kernel.  Refuses when the source and the kernel are of different
# versions: such modules would not load, or worse.
# The packages are unpacked into the cache, never installed.  Prints the
# cache folder, which holds, in the layout boot.sh and mkinitramfs.sh take:
#   bzImage           Debian's vmlinuz, as shipped
#   vmlinux           Debian's BTF of it (from linux-headers), for vmlinux.h
#   config, version, abi.txt
#   modules/patched/  kvm.ko kvm-amd.ko kvm-intel.ko built with the series
#   modules/stock/    Debian's own kvm.ko kvm-amd.ko kvm-intel.ko (signed)
#   modules/deps/     Debian's modules KVM depends on; "order" lists each
#                     with the module that needs it, in load order
# usage: debian-modules.sh [KERNEL_RELEASE]   (default: 6.12-amd64's)
# The whole script is one block, so the shell has read all of it before it
# runs any.
{
set -eu

# Bump when a change to this script changes what it builds.
recipe=2

top=$(cd "$(dirname "$0")/.." && pwd)
patchdir=$top/kernel-patch
unset MAKEFLAGS MFLAGS MAKELEVEL
cache=${KVMX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-exit-lab}
tarball=/usr/src/linux-source-6.12.tar.xz
series=$(grep -v '^#' "$patchdir/series")
# LAB_SOURCE_VERSION stands in for the source's version in tests.
srcver=${LAB_SOURCE_VERSION:-$(dpkg-query -W -f='${Version}' linux-source-6.12)}

fail() {
	echo "debian-modules: $*" >&2
	exit 1
}

# The version of a package as apt would install it.
candidate() {
	apt-cache show "$1" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1
}
[ -n "$(candidate linux-image-6.12-amd64)" ] || apt-get update -q >/dev/null ||
	fail "apt-get update failed: no package lists to find Debian's kernel in"

krel=${1:-}
if [ -z "$krel" ]; then
	krel=$(apt-cache show linux-image-6.12-amd64 | sed -n 's/^Depends:.*linux-image-\([^ ,]*-amd64\).*/\1/p' |
		head -n 1)
	[ -n "$krel" ] || fail "cannot tell which kernel linux-image-6.12-amd64 installs"
fi
image=linux-image-$krel
kver=$(dpkg-query -W -f='${Version}' "$image" 2>/dev/null || candidate "$image")
[ -n "$kver" ] || fail "no package $image in Debian's lists: is '$krel' a Debian kernel release?"
if [ "$kver" != "$srcver" ]; then
	fail "linux-source-6.12 is $srcver, but $image is $kver:
debian-modules: modules built from that source would not load into that kernel, so
debian-modules: none are built.  Upgrade linux-image-6.12-amd64 and linux-source-6.12
debian-modules: together and boot the new kernel (Debian's archive keeps only the newest
debian-modules: version; older ones are on snapshot.debian.org)."
fi

key=$( {
	echo "$srcver $krel recipe $recipe"
	cat "$patchdir/series"
	for p in $series; do cat "$patchdir/$p"; done
} | sha256sum | cut -c1-16)
# shellcheck source=scripts/kernel-lib.sh
. "$top/scripts/kernel-lib.sh"
cache_entry "debian-$krel-$key"

echo "debian: fetching $image and linux-headers-$krel $kver (unpacked, not installed)" >&2
mkdir "$work/debs" "$work/pkg"
chmod 777 "$work/debs"
(cd "$work/debs" && apt-get download -q "$image=$kver" "linux-headers-$krel=$kver") \
	>>"$log" 2>&1 || { tail -n 5 "$log" >&2; fail "apt-get download failed"; }
for deb in "$work"/debs/*.deb; do
	dpkg-deb -x "$deb" "$work/pkg"
done
headers=$work/pkg/usr/src/linux-headers-$krel
kmods=$work/pkg/lib/modules/$krel/kernel
for f in "$work/pkg/boot/vmlinuz-$krel" "$headers/.config" "$headers/Module.symvers" \
	 "$headers/vmlinux" "$kmods/arch/x86/kvm/kvm.ko.xz"; do
	[ -f "$f" ] || fail "Debian's packages have no ${f#"$work"/pkg}"
done

echo "debian: extracting linux-source $srcver and applying the series" >&2
tar -C "$work" -xf "$tarball"
for p in $series; do
	patch -d "$src" -p1 --quiet --forward <"$patchdir/$p"
done

# Debian's build settings (linux-headers' .kernelvariables): its compiler
# and release name.  Its BTF-only vmlinux is the base of the modules' BTF.
kbuild="CROSS_COMPILE=x86_64-linux-gnu- CC=x86_64-linux-gnu-gcc-12 KERNELRELEASE=$krel RUSTC=/nonexistent"
cp "$headers/.config" "$src/.config"
cp "$headers/Module.symvers" "$headers/vmlinux" "$src/"
# shellcheck disable=SC2086
make -C "$src" -s $kbuild olddefconfig >>"$log" 2>&1
if ! cmp -s "$headers/.config" "$src/.config"; then
	diff "$headers/.config" "$src/.config" | head -n 10 >&2
	fail "Debian's config does not carry over to this source as it is (above)"
fi

# shellcheck disable=SC2086
make_progress "modules_prepare with Debian's config" $kbuild modules_prepare
before=$(wc -l <"$log")
# shellcheck disable=SC2086
make_progress "KVM modules with the series" $kbuild M=arch/x86/kvm modules
if tail -n +"$((before + 1))" "$log" | grep -E 'warning:|Skipping BTF' >&2; then
	fail "the build of KVM's modules warned (above)"
fi
kvm_modules="arch/x86/kvm/kvm.ko arch/x86/kvm/kvm-intel.ko arch/x86/kvm/kvm-amd.ko"
mkdir "$staged"
stage_modules "$staged/modules/patched" $kvm_modules

# Debian's own modules: KVM's stock set (the baseline) and what KVM needs.
# Decompressed here for busybox's insmod; the signature stays at the end.
unpack() {
	xz -dc "$kmods/$1.ko.xz" >"$2/$(basename "$1").ko"
}
mkdir -p "$staged/modules/stock" "$staged/modules/deps"
for m in kvm kvm-amd kvm-intel; do
	unpack "arch/x86/kvm/$m" "$staged/modules/stock"
done
modinfo_field() {
	strings "$1" | sed -n "s/^$2=//p" | head -n 1
}
: >"$staged/modules/deps/order"
for m in kvm kvm-amd kvm-intel; do
	ours=$(modinfo_field "$staged/modules/patched/$m.ko" vermagic)
	theirs=$(modinfo_field "$staged/modules/stock/$m.ko" vermagic)
	[ "$ours" = "$theirs" ] || fail "$m.ko's version magic '$ours' is not Debian's '$theirs'"
	[ "$(modinfo_field "$staged/modules/patched/$m.ko" depends)" = \
	  "$(modinfo_field "$staged/modules/stock/$m.ko" depends)" ] ||
		fail "$m.ko depends on other modules than Debian's"
	for d in $(modinfo_field "$staged/modules/stock/$m.ko" depends | tr , ' '); do
		case $d in kvm) continue ;; esac
		path=$(cd "$kmods" && find . -name "$d.ko.xz" | head -n 1)
		[ -n "$path" ] || fail "Debian has no $d.ko, which $m.ko needs"
		unpack "${path%.ko.xz}" "$staged/modules/deps"
		[ -z "$(modinfo_field "$staged/modules/deps/$d.ko" depends)" ] ||
			fail "$d.ko needs further modules; this script loads only one level"
		echo "$d $m" >>"$staged/modules/deps/order"
	done
done

# Code outside KVM that includes kvm_host.h (built into Debian's image, or
# in modules such as vfio that stay loaded) must not change with the series.
echo "debian: checking that the series changes no code outside KVM" >&2
abi=$staged/abi.txt
echo "# Objects outside KVM that include kvm_host.h, compiled with Debian's config" >"$abi"
echo "# with and without the series: their code must not change." >>"$abi"
# Directly, or through a header that includes it (kvm_irqfd.h: in 6.12
# only KVM's own code includes that one).
names=$(cd "$src" && { echo kvm_host.h; grep -rlE --include='*.h' \
	'#include <(linux|asm)/kvm_host\.h>' include arch/x86/include | xargs -n 1 basename; } |
	sort -u | sed 's/\./\\./g' | paste -sd '|')
objs=$(cd "$src" && grep -rlE --include='*.c' "[</](${names})[>\"]" arch/x86 kernel mm drivers virt/lib |
	grep -v '^arch/x86/kvm/' | sed 's/\.c$/.o/')
built=""
for o in $objs; do
	# shellcheck disable=SC2086
	if make -C "$src" -s $kbuild "$o" >>"$log" 2>&1; then
		code_of "$work" "$o" patched
		built="$built $o"
	fi
done
for p in $(echo "$series" | tac); do
	patch -d "$src" -p1 --quiet -R <"$patchdir/$p"
done
for o in $objs; do
	# shellcheck disable=SC2086
	if ! make -C "$src" -s $kbuild "$o" >>"$log" 2>&1; then
		case " $built " in *" $o "*) fail "$o builds with the series only" ;; esac
		echo "not built (neither with nor without the series; not x86 or not in this config): $o" >>"$abi"
		continue
	fi
	case " $built " in *" $o "*) ;; *) fail "$o builds without the series only" ;; esac
	code_of "$work" "$o" stock
	same_code "$work" "$o" || exit 1
	echo "same code: $o" >>"$abi"
done
[ -n "$built" ] || fail "found no object outside KVM that includes kvm_host.h"

cp "$work/pkg/boot/vmlinuz-$krel" "$staged/bzImage"
cp "$headers/vmlinux" "$staged/vmlinux"
cp "$headers/.config" "$staged/config"
echo "$srcver debian $krel $key" >"$staged/version"
rm -rf "$out"
mv "$staged" "$out"
echo "debian: modules for $krel in $out" >&2
echo "$out"
exit 0
}
