// SPDX-License-Identifier: GPL-2.0
/*
 * nested_check: check the files nested-guest.sh collected from a Linux
 * guest and the host's BPF count of it (report/nested_checks.c), on the
 * build host, from the files the nested host sent back.
 * usage: nested_check DIR
 */
#include <stdio.h>

#include "nested_checks.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: nested_check DIR\n");
		return 2;
	}
	return nested_check_dir(argv[1]);
}
