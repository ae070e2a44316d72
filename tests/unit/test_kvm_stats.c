// SPDX-License-Identifier: GPL-2.0
/* The binary stats reader against a stats file laid out as KVM's is. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm_stats.h"
#include "unit.h"

#define NAME_SIZE 48

/*
 * Build a stats file: header, id, descriptors, then the data block.  Stat
 * @i has @sizes[i] values (1 if @sizes is NULL), taken in turn from @values.
 */
static int make_stats_file(const char *const *names, const int *sizes,
			   const uint64_t *values, int n)
{
	size_t desc_size = sizeof(struct kvm_stats_desc) + NAME_SIZE;
	struct kvm_stats_header h = {
		.name_size = NAME_SIZE,
		.num_desc = n,
		.id_offset = sizeof(h),
		.desc_offset = sizeof(h) + 64,
	};
	int fd, i, total = 0, at;
	char *buf;
	size_t size;

	for (i = 0; i < n; i++)
		total += sizes ? sizes[i] : 1;
	h.data_offset = h.desc_offset + desc_size * n;
	size = h.data_offset + 8 * total;
	buf = calloc(1, size);
	memcpy(buf, &h, sizeof(h));
	strcpy(buf + h.id_offset, "kvm-1234/vcpu-0");
	for (i = 0, at = total; i < n; i++) {
		struct kvm_stats_desc *d = (void *)(buf + h.desc_offset + i * desc_size);
		int count = sizes ? sizes[i] : 1;

		d->flags = KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_NONE;
		d->size = count;
		/* Data in reverse order, so the offset must be followed. */
		at -= count;
		d->offset = 8 * at;
		strncpy(d->name, names[i], NAME_SIZE - 1);
		memcpy(buf + h.data_offset + d->offset, values, 8 * count);
		values += count;
	}
	fd = memfd_create("stats", 0);
	if (fd >= 0 && write(fd, buf, size) != (ssize_t)size) {
		close(fd);
		fd = -1;
	}
	free(buf);
	return fd;
}

static void test_lookup(void)
{
	static const char *const names[] = { "halt_exits", "exits", "io_exits" };
	static const uint64_t values[] = { 7, 123456789012ull, 42 };
	uint64_t v = 0;
	int fd = make_stats_file(names, NULL, values, 3);

	CHECK(fd >= 0, "memfd");
	CHECK(kvm_stat_read(fd, "exits", &v) == 0 && v == 123456789012ull,
	      "exits read as %llu", (unsigned long long)v);
	CHECK(kvm_stat_read(fd, "io_exits", &v) == 0 && v == 42, "io_exits");
	CHECK(kvm_stat_read(fd, "halt_exits", &v) == 0 && v == 7, "halt_exits");
	/* A prefix of a name is not the name. */
	CHECK(kvm_stat_read(fd, "exit", &v) == -ENOENT, "prefix");
	CHECK(kvm_stat_read(fd, "mmio_exits", &v) == -ENOENT, "missing");
	close(fd);
}

/* A histogram comes back whole, or as much of it as there is room for. */
static void test_array(void)
{
	static const char *const names[] = { "exits", "exit_type_count" };
	static const int sizes[] = { 1, 4 };
	static const uint64_t values[] = { 10, 1, 2, 3, 4 };
	uint64_t v[8] = { 0 };
	int fd = make_stats_file(names, sizes, values, 2);

	CHECK(fd >= 0, "memfd");
	CHECK(kvm_stat_read_array(fd, "exit_type_count", v, 8) == 4 &&
	      v[0] == 1 && v[3] == 4 && v[4] == 0, "whole histogram");
	memset(v, 0, sizeof(v));
	CHECK(kvm_stat_read_array(fd, "exit_type_count", v, 2) == 4 &&
	      v[1] == 2 && v[2] == 0, "the first two of four");
	CHECK(kvm_stat_read(fd, "exit_type_count", v) == 0 && v[0] == 1,
	      "the first value as a scalar");
	CHECK(kvm_stat_read_array(fd, "exits", v, 8) == 1 && v[0] == 10, "a scalar");
	close(fd);
}

static void test_bad_files(void)
{
	uint64_t v;
	int fd = memfd_create("short", 0);

	CHECK(write(fd, "abc", 3) == 3, "write");
	CHECK(kvm_stat_read(fd, "exits", &v) == -EIO, "truncated header");
	close(fd);
	CHECK(kvm_stat_read(-1, "exits", &v) == -EBADF, "bad fd");
}

UNIT_TESTS(kvm_stats_tests) = {
	{ "kvm_stats: lookup by name", test_lookup },
	{ "kvm_stats: histograms", test_array },
	{ "kvm_stats: bad files", test_bad_files },
	UNIT_END
};
