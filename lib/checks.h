/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel tests' runner: a table of named tests, checks that record
 * a failure and go on, one TAP result per test (tap.h) and the closing
 * lines.
 */
#ifndef LIB_CHECKS_H
#define LIB_CHECKS_H

struct test_case {
	const char *name;
	void (*fn)(void);
};

/* Record a failed check of the running test, with a message, and go on. */
void check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Run @tests (only the one named by argv[1], if given), each line prefixed
 * with @prefix; returns the exit status: 0 if all passed.
 */
int run_tests(const struct test_case *tests, int ntests, const char *prefix,
	      int argc, char **argv);

#endif
