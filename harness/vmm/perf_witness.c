// SPDX-License-Identifier: GPL-2.0
/* perf stat on kvm:kvm_exit over a window its caller controls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "perf_witness.h"

/* perf under an emulator: seconds to start, more on a debug kernel. */
#define ACK_TIMEOUT_MS	180000
#define EXIT_TIMEOUT_MS	60000
#define POLL_MS		100

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

struct perf_witness {
	pid_t pid;
	int ctl, ack;
	int n;
	char dir[64];
};

static void path_in(const struct perf_witness *pw, const char *name, char *buf,
		    size_t size)
{
	snprintf(buf, size, "%s/%s", pw->dir, name);
}

/* The last line perf wrote to its log, for an error message. */
static void last_words(const struct perf_witness *pw, char *buf, size_t size)
{
	char path[96], text[4096], *end, *line;
	ssize_t len;
	int fd;

	snprintf(buf, size, "(no output)");
	path_in(pw, "log", path, sizeof(path));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	len = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (len <= 0)
		return;
	text[len] = '\0';
	for (end = text + len; end > text && end[-1] == '\n'; end--)
		*(end - 1) = '\0';
	line = strrchr(text, '\n');
	line = line ? line + 1 : text;
	len = strlen(line);
	if ((size_t)len >= size)
		len = size - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
}

static void cleanup(struct perf_witness *pw)
{
	const char *const names[] = { "ctl", "ack", "out", "log" };
	char path[96];
	size_t i;

	if (pw->ctl >= 0)
		close(pw->ctl);
	if (pw->ack >= 0)
		close(pw->ack);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		path_in(pw, names[i], path, sizeof(path));
		unlink(path);
	}
	rmdir(pw->dir);
	free(pw);
}

/* Kill perf if it still runs, reap it, and say why in @err. */
static void fail(struct perf_witness *pw, char *err, size_t errlen,
		 const char *what)
{
	char words[256];

	if (pw->pid > 0) {
		kill(pw->pid, SIGKILL);
		waitpid(pw->pid, NULL, 0);
	}
	last_words(pw, words, sizeof(words));
	snprintf(err, errlen, "perf stat: %s; its last words: %s", what, words);
	cleanup(pw);
}

static void exec_perf(struct perf_witness *pw, const char *perf,
		      const uint32_t *types, int n, uint32_t flag)
{
	char control[160], out[96], log[96];
	char filters[PERF_WITNESS_MAX_TYPES][64];
	const char *argv[16 + 4 * PERF_WITNESS_MAX_TYPES];
	int argc = 0, i, fd;

	snprintf(control, sizeof(control), "fifo:%s/ctl,%s/ack", pw->dir, pw->dir);
	path_in(pw, "out", out, sizeof(out));
	path_in(pw, "log", log, sizeof(log));
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	/* Nothing of the caller's: a VM's fd held here would keep it alive. */
	close_range(STDERR_FILENO + 1, ~0U, 0);
	argv[argc++] = perf;
	argv[argc++] = "stat";
	argv[argc++] = "-x,";
	argv[argc++] = "-a";
	argv[argc++] = "-D";
	argv[argc++] = "-1";
	argv[argc++] = "--control";
	argv[argc++] = control;
	argv[argc++] = "-o";
	argv[argc++] = out;
	argv[argc++] = "-e";
	argv[argc++] = "kvm:kvm_exit";
	for (i = 0; i < n; i++) {
		if (flag)
			snprintf(filters[i], sizeof(filters[i]),
				 "exit_reason == %u || exit_reason == %u", types[i],
				 types[i] | flag);
		else
			snprintf(filters[i], sizeof(filters[i]), "exit_reason == %u",
				 types[i]);
		argv[argc++] = "-e";
		argv[argc++] = "kvm:kvm_exit";
		argv[argc++] = "--filter";
		argv[argc++] = filters[i];
	}
	argv[argc] = NULL;
	execvp(perf, (char *const *)argv);
	fprintf(stderr, "cannot run %s: %s\n", perf, strerror(errno));
	_exit(127);
}

struct perf_witness *perf_witness_start(const char *perf, const uint32_t *types,
					int n, uint32_t flag, char *err,
					size_t errlen)
{
	struct perf_witness *pw;
	char path[96];

	if (n < 0 || n > PERF_WITNESS_MAX_TYPES) {
		snprintf(err, errlen, "perf stat: %d exit types, at most %d", n,
			 PERF_WITNESS_MAX_TYPES);
		return NULL;
	}
	pw = calloc(1, sizeof(*pw));
	if (!pw) {
		snprintf(err, errlen, "perf stat: out of memory");
		return NULL;
	}
	pw->ctl = pw->ack = -1;
	pw->n = n;
	snprintf(pw->dir, sizeof(pw->dir), "/tmp/perf-witness.XXXXXX");
	if (!mkdtemp(pw->dir)) {
		snprintf(err, errlen, "perf stat: mkdtemp: %s", strerror(errno));
		free(pw);
		return NULL;
	}
	path_in(pw, "ctl", path, sizeof(path));
	if (mkfifo(path, 0600) ||
	    (pw->ctl = open(path, O_RDWR | O_CLOEXEC)) < 0)
		goto sys_fail;
	path_in(pw, "ack", path, sizeof(path));
	/* Non-blocking: a perf that never starts must not hang the open. */
	if (mkfifo(path, 0600) ||
	    (pw->ack = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		goto sys_fail;
	pw->pid = fork();
	if (pw->pid < 0)
		goto sys_fail;
	if (!pw->pid)
		exec_perf(pw, perf, types, n, flag);
	return pw;

sys_fail:
	snprintf(path, sizeof(path), "setting up its fifos: %s", strerror(errno));
	pw->pid = 0;
	fail(pw, err, errlen, path);
	return NULL;
}

/* Send @cmd and wait for perf's "ack".  0, or -1 with @pw freed. */
static int command(struct perf_witness *pw, const char *cmd, char *err,
		   size_t errlen)
{
	char what[96], buf[16], line[16];
	size_t len = 0;
	long deadline;

	snprintf(line, sizeof(line), "%s\n", cmd);
	if (write(pw->ctl, line, strlen(line)) != (ssize_t)strlen(line)) {
		snprintf(what, sizeof(what), "writing '%s': %s", cmd, strerror(errno));
		fail(pw, err, errlen, what);
		return -1;
	}
	for (deadline = now_ms() + ACK_TIMEOUT_MS; now_ms() < deadline;) {
		struct pollfd p = { .fd = pw->ack, .events = POLLIN };
		ssize_t got = 0;

		if (waitpid(pw->pid, NULL, WNOHANG) == pw->pid) {
			pw->pid = 0;
			snprintf(what, sizeof(what), "ended before it acknowledged '%s'",
				 cmd);
			fail(pw, err, errlen, what);
			return -1;
		}
		if (poll(&p, 1, POLL_MS) <= 0)
			continue;
		if (p.revents & POLLIN)
			got = read(pw->ack, buf + len, sizeof(buf) - 1 - len);
		if (got <= 0) {
			/* perf closed its end: it is on its way out. */
			usleep(POLL_MS * 1000);
			continue;
		}
		len += got;
		buf[len] = '\0';
		if (strstr(buf, "ack\n"))
			return 0;
		if (len == sizeof(buf) - 1)
			len = 0;
	}
	snprintf(what, sizeof(what), "did not acknowledge '%s' in %d s", cmd,
		 ACK_TIMEOUT_MS / 1000);
	fail(pw, err, errlen, what);
	return -1;
}

int perf_witness_enable(struct perf_witness *pw, char *err, size_t errlen)
{
	return command(pw, "enable", err, errlen);
}

int perf_witness_parse(const char *text, uint64_t *counts, int n)
{
	const char *line = text;
	int got = 0;

	while (line && *line) {
		const char *next = strchr(line, '\n');
		char *end;

		if (*line != '#' && *line != '\n') {
			unsigned long long v;

			errno = 0;
			v = strtoull(line, &end, 10);
			if (errno || end == line || *end != ',' || got == n)
				return -1;
			counts[got++] = v;
		}
		line = next ? next + 1 : NULL;
	}
	return got == n ? 0 : -1;
}

int perf_witness_finish(struct perf_witness *pw, uint64_t *total,
			uint64_t *per_type, char *err, size_t errlen)
{
	uint64_t counts[PERF_WITNESS_MAX_TYPES + 1];
	char path[96], text[16384];
	long deadline;
	int fd, i;
	ssize_t len;

	if (command(pw, "disable", err, errlen))
		return -1;
	kill(pw->pid, SIGINT);
	for (deadline = now_ms() + EXIT_TIMEOUT_MS; now_ms() < deadline;) {
		if (waitpid(pw->pid, NULL, WNOHANG) == pw->pid) {
			pw->pid = 0;
			break;
		}
		usleep(POLL_MS * 1000);
	}
	if (pw->pid) {
		fail(pw, err, errlen, "did not end within 60 s of SIGINT");
		return -1;
	}
	path_in(pw, "out", path, sizeof(path));
	fd = open(path, O_RDONLY);
	len = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);
	if (fd >= 0)
		close(fd);
	if (len < 0) {
		fail(pw, err, errlen, "wrote no counts");
		return -1;
	}
	text[len] = '\0';
	if (perf_witness_parse(text, counts, pw->n + 1)) {
		snprintf(path, sizeof(path), "wrote %d counts that do not parse",
			 pw->n + 1);
		fail(pw, err, errlen, path);
		return -1;
	}
	*total = counts[0];
	for (i = 0; i < pw->n; i++)
		per_type[i] = counts[i + 1];
	cleanup(pw);
	return 0;
}
