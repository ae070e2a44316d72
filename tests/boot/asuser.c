// SPDX-License-Identifier: GPL-2.0
/*
 * asuser UID COMMAND...: run COMMAND as user and group UID, without any
 * capability, as a user who is not root would.  For the tests of what the
 * project's tools say when they lack privileges (harness/runs/failures.sh).
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *end;
	long id;

	if (argc < 3) {
		fprintf(stderr, "usage: asuser UID COMMAND...\n");
		return 2;
	}
	errno = 0;
	id = strtol(argv[1], &end, 10);
	if (errno || *end || id <= 0) {
		fprintf(stderr, "asuser: not a user id: %s\n", argv[1]);
		return 2;
	}
	if (setgroups(0, NULL) || setgid(id) || setuid(id)) {
		fprintf(stderr, "asuser: cannot become %ld: %s\n", id, strerror(errno));
		return 2;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "asuser: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
