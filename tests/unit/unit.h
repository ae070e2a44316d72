/* SPDX-License-Identifier: GPL-2.0 */
/* A small unit-test runner: CHECK records a failure and goes on. */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include <stdio.h>

extern int unit_failures;

#define CHECK(cond, fmt, ...)						\
	do {								\
		if (!(cond)) {						\
			unit_failures++;				\
			printf("#   %s:%d: %s: " fmt "\n", __FILE__,	\
			       __LINE__, #cond, ##__VA_ARGS__);		\
		}							\
	} while (0)

struct unit_test {
	const char *name;
	void (*fn)(void);
};

/* Whether @text has a TAP line "not ok N - @what...". */
int unit_has_failed(const char *text, const char *what);

/* Write @text to @dir/@name: the tests' small input files. */
void unit_put(const char *dir, const char *name, const char *text);

#define UNIT_TESTS(suite) const struct unit_test suite[]
#define UNIT_END { NULL, NULL }

#endif
