// SPDX-License-Identifier: GPL-2.0
/*
 * leafstat: the exit statistics a KVM guest reads from the CPUID leaves
 * 0x4ffffffc..0x4fffffff of the patched kernel (kernel-patch/README.md):
 * the totals and each exit type by name, the exit rate over intervals, or
 * a check of the leaves' contract.  Static, for any Linux guest.
 */
#include <argp.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "census.h"
#include "contract_check.h"
#include "leafstat_format.h"
#include "probe.h"
#include "rates.h"

#define MAX_INTERVALS 4096

static struct env {
	enum out_format fmt;
	long top;
	bool check;
	double interval;	/* seconds; 0: one census */
	long count;
} env = { .count = 10 };

const char *argp_program_version = "leafstat 1.0";
error_t argp_err_exit_status = 2;
static const char doc[] =
"Show the VM exits KVM counted, as the guest reads them from CPUID.\n"
"\n"
"USAGE: leafstat [-t N] [-C | -J] [--check] [INTERVAL [COUNT]]\n"
"\n"
"EXAMPLES:\n"
"    leafstat             # totals and every exit type that occurred\n"
"    leafstat -t 5        # the five types with the most exits\n"
"    leafstat 1 10        # exits per second over 10 one-second intervals\n"
"    leafstat -J 0.5 20   # the same as JSON, twice a second\n"
"    leafstat --check     # check the leaves' contract from inside\n"
"\n"
"Exit status: 0 fine, 1 a check failed, 2 bad usage, 3 the leaves are not\n"
"the exit-statistics contract (a host, another hypervisor, unpatched KVM).";

static const struct argp_option opts[] = {
	{ "top", 't', "N", 0, "Only the N types with the most exits", 0 },
	{ "csv", 'C', NULL, 0, "Print CSV", 0 },
	{ "json", 'J', NULL, 0, "Print JSON", 0 },
	{ "check", 'c', NULL, 0, "Check the contract's rules from inside", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Show the full help", 0 },
	{},
};

static double parse_seconds(const char *arg, struct argp_state *state)
{
	char *end;
	double s;

	errno = 0;
	s = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(s) || s < 0.001 || s > 3600)
		argp_error(state, "INTERVAL must be 0.001 to 3600 seconds, not '%s'",
			   arg);
	return s;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 't':
		env.top = cli_parse_num(arg, "N", 1, 1000, state);
		break;
	case 'C':
		env.fmt = OUT_CSV;
		break;
	case 'J':
		env.fmt = OUT_JSON;
		break;
	case 'c':
		env.check = true;
		break;
	case 'h':
		argp_state_help(state, stderr, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0)
			env.interval = parse_seconds(arg, state);
		else if (state->arg_num == 1)
			env.count = cli_parse_num(arg, "COUNT", 1, MAX_INTERVALS - 1,
						  state);
		else
			argp_error(state, "too many arguments");
		break;
	case ARGP_KEY_END:
		if (env.check && (env.interval || env.top))
			argp_error(state, "--check takes no other options");
		if (env.interval && env.top)
			argp_error(state, "--top applies to one census, not to intervals");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_seconds(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int run_intervals(const struct leaf_source *src)
{
	static struct totals_reading readings[MAX_INTERVALS];
	static struct interval_rate rates[MAX_INTERVALS];
	struct rate_spread spread;
	struct census c;
	long i;
	size_t n;

	for (i = 0; i <= env.count; i++) {
		if (i)
			sleep_seconds(env.interval);
		readings[i].seconds = now_seconds();
		census_read_totals(src, &c);
		readings[i].exits = c.exits;
		readings[i].cycles = c.cycles;
	}
	/* Each interval holds one reading's two CPUID exits. */
	n = rates_compute(readings, env.count + 1, c.reads, rates);
	if (!n) {
		fprintf(stderr, "leafstat: the cycle total went back: the leaves are not counting\n");
		return 1;
	}
	rates_spread(rates, n, &spread);
	print_rates(stdout, env.fmt, rates, n, &spread);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, "[INTERVAL [COUNT]]",
					  doc, NULL, NULL, NULL };
	const struct leaf_source *src = &leaf_source_cpuid;
	struct census c;
	struct probe p;
	int err;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return 2;
	probe_leaves(src, &p);
	if (p.state != PROBE_OK) {
		fprintf(stderr, "leafstat: %s\n", p.why);
		return 3;
	}
	if (env.check)
		return contract_check(src, p.vendor, stdout) ? 1 : 0;
	if (env.interval)
		return run_intervals(src);
	if (census_read(src, p.vendor, &c)) {
		perror("leafstat");
		return 1;
	}
	err = print_census(stdout, env.fmt, &p, &c, env.top);
	census_free(&c);
	if (err || fflush(stdout)) {
		perror("leafstat: writing the census");
		return 1;
	}
	return 0;
}
