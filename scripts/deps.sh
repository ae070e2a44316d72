#!/bin/sh
# Install the Debian packages that a make target needs, only if missing.
# usage: deps.sh GROUP...   (groups: build, kernel, boot, bpf, plot, guest, perf)
set -eu

pkgs=""
for group in "$@"; do
	case $group in
	build)	pkgs="$pkgs gcc make libc6-dev" ;;
	kernel)	pkgs="$pkgs linux-source-6.12 bc flex bison libelf-dev libssl-dev
		      dwarves cpio xz-utils lz4 python3 perl" ;;
	boot)	pkgs="$pkgs busybox-static cpio file gzip qemu-system-x86 bochs bochsbios
		      vgabios isolinux syslinux-common xorriso" ;;
	bpf)	pkgs="$pkgs clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev
		      libzstd-dev" ;;
	plot)	pkgs="$pkgs gnuplot-nox libjson-c-dev" ;;
	guest)	pkgs="$pkgs cpuid qemu-system-x86 qemu-system-data seabios libc-bin" ;;
	perf)	pkgs="$pkgs linux-perf" ;;
	*)	echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
	esac
done

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
