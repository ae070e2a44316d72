/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assertions in the style of KVM selftests: a failed TEST_ASSERT names the
 * file, the line and the condition, then exits; TEST_REQUIRE says why the
 * test cannot run and exits with KSFT_SKIP.
 */
#ifndef LIB_TEST_UTIL_H
#define LIB_TEST_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KSFT_SKIP 4

#define TEST_ASSERT(cond, fmt, ...)					\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: assertion failed: %s: "	\
				fmt "\n", __FILE__, __LINE__, #cond,	\
				##__VA_ARGS__);				\
			exit(1);					\
		}							\
	} while (0)

#define TEST_REQUIRE(cond, fmt, ...)					\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "skip: %s: " fmt "\n", #cond,	\
				##__VA_ARGS__);				\
			exit(KSFT_SKIP);				\
		}							\
	} while (0)

/* An ioctl or syscall that must succeed: report it with errno and exit. */
#define TEST_ASSERT_SYS(ret, name)					\
	TEST_ASSERT((ret) >= 0, "%s failed: %s", name, strerror(errno))

#endif
