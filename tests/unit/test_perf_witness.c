// SPDX-License-Identifier: GPL-2.0
/*
 * The perf witness against a stand-in for perf stat: this test binary run
 * again with UNIT_FAKE_PERF set, speaking perf's control protocol, so that
 * the window, the counts and each way perf can fail are tried without KVM.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perf_witness.h"
#include "unit.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* What perf stat -x, -o OUT --control fifo:CTL,ACK does, as far as used. */
int unit_fake_perf(int argc, char **argv)
{
	const char *mode = getenv("UNIT_FAKE_PERF"), *out = NULL;
	char ctl_path[256] = "", *ack_path = NULL, cmd[64];
	struct sigaction sa = { .sa_handler = on_sigint };
	int i, events = 0, enabled = 0;
	FILE *ctl, *ack, *f;

	for (i = 1; i < argc - 1; i++) {
		if (!strcmp(argv[i], "--control") && !strncmp(argv[i + 1], "fifo:", 5)) {
			snprintf(ctl_path, sizeof(ctl_path), "%s", argv[i + 1] + 5);
			ack_path = strchr(ctl_path, ',');
			if (ack_path)
				*ack_path++ = '\0';
		}
		if (!strcmp(argv[i], "-o"))
			out = argv[i + 1];
		if (!strcmp(argv[i], "-e"))
			events++;
	}
	if (!out || !ack_path) {
		fprintf(stderr, "fake perf: no -o or no --control\n");
		return 2;
	}
	sigaction(SIGINT, &sa, NULL);
	ctl = fopen(ctl_path, "r");
	ack = fopen(ack_path, "w");
	if (!ctl || !ack)
		return 2;
	while (!interrupted && fgets(cmd, sizeof(cmd), ctl)) {
		if (!strcmp(mode, "dies")) {
			fprintf(stderr, "fake perf: event syntax error: 'kvm:kvm_exit'\n");
			return 1;
		}
		enabled += !strcmp(cmd, "enable\n");
		fputs("ack\n", ack);
		fflush(ack);
	}
	f = fopen(out, "w");
	if (!f)
		return 2;
	fprintf(f, "# started on today\n\n");
	for (i = 0; i < events; i++) {
		if (!strcmp(mode, "bad-counts"))
			fprintf(f, "<not counted>,,kvm:kvm_exit,0,100.00,,\n");
		else
			fprintf(f, "%d,,kvm:kvm_exit,1000,100.00,,\n",
				enabled ? (i ? 10 + i : 100) : 0);
	}
	fclose(f);
	return 0;
}

static int run_fake(const char *mode, uint64_t *total, uint64_t *per, char *err,
		    size_t errlen)
{
	const uint32_t types[2] = { 10, 0x72 };
	struct perf_witness *pw;

	setenv("UNIT_FAKE_PERF", mode, 1);
	pw = perf_witness_start("/proc/self/exe", types, 2, 0x80000000u, err, errlen);
	if (!pw)
		return -1;
	if (perf_witness_enable(pw, err, errlen))
		return -1;
	return perf_witness_finish(pw, total, per, err, errlen);
}

static void test_window(void)
{
	uint64_t total = 0, per[2] = { 0 };
	char err[512] = "";

	CHECK(!run_fake("ok", &total, per, err, sizeof(err)), "%s", err);
	CHECK(total == 100 && per[0] == 11 && per[1] == 12,
	      "counts in the order of the types: %llu %llu %llu",
	      (unsigned long long)total, (unsigned long long)per[0],
	      (unsigned long long)per[1]);
	unsetenv("UNIT_FAKE_PERF");
}

static void test_failures(void)
{
	uint64_t total, per[2];
	char err[512] = "";

	CHECK(run_fake("dies", &total, per, err, sizeof(err)) &&
	      strstr(err, "ended before it acknowledged 'enable'") &&
	      strstr(err, "event syntax error"), "a perf that dies: '%s'", err);
	CHECK(run_fake("bad-counts", &total, per, err, sizeof(err)) &&
	      strstr(err, "do not parse"), "counts that do not parse: '%s'", err);
	unsetenv("UNIT_FAKE_PERF");
	{
		struct perf_witness *pw = perf_witness_start("/nonexistent/perf", NULL,
							     0, 0, err, sizeof(err));

		CHECK(pw && perf_witness_enable(pw, err, sizeof(err)) &&
		      strstr(err, "cannot run /nonexistent/perf"), "no perf: '%s'", err);
	}
}

static void test_parse(void)
{
	uint64_t c[3];

	CHECK(!perf_witness_parse("# started\n\n5,,a,1,100.00,,\n6,,a,1,100.00,,\n", c, 2) &&
	      c[0] == 5 && c[1] == 6, "two counts");
	CHECK(perf_witness_parse("5,,a,1,100.00,,\n", c, 2), "one count short");
	CHECK(perf_witness_parse("5,,a\n6,,a\n7,,a\n", c, 2), "one count too many");
	CHECK(perf_witness_parse("<not supported>,,a\n6,,a\n", c, 2), "not supported");
}

UNIT_TESTS(perf_witness_tests) = {
	{ "perf_witness: counts over the window, in order", test_window },
	{ "perf_witness: a perf that fails is named", test_failures },
	{ "perf_witness: perf stat -x, output", test_parse },
	UNIT_END
};
