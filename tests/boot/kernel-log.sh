# shellcheck shell=sh
# What the kernel log holds, for /init and the run scripts.
# shellcheck disable=SC2034 # used by the scripts that source this
kernel_reports='WARNING:|BUG:|Oops:|kernel BUG'

# How many of the log's WARNs are the emulator's, not the kernel's: a #DB
# for a single step in kernel mode (exc_debug_kernel's DR_STEP WARN) whose
# interrupted EFLAGS has reserved bits set (22 and up), which no CPU sets.
# QEMU's TCG delivered one, once, in the BPF verifier's kmalloc on
# Debian's kernel, the saved EFLAGS f5280bc2.
emulator_warnings() {
	dmesg | awk '
		/WARNING:.* exc_debug_kernel/ { want = 1; next }
		want && / EFLAGS: [0-9a-f]+/ {
			v = $0
			sub(/.* EFLAGS: /, "", v)
			sub(/[^0-9a-f].*/, "", v)
			while (length(v) < 8)
				v = "0" v
			if (length(v) > 8 || substr(v, 1, 2) != "00" ||
			    substr(v, 3, 1) ~ /[4-9a-f]/)
				n++
			want = 0
		}
		END { print n + 0 }'
}
