// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm_stats.h"

static int pread_all(int fd, void *buf, size_t size, off_t offset)
{
	ssize_t n = pread(fd, buf, size, offset);

	if (n < 0)
		return -errno;
	return (size_t)n == size ? 0 : -EIO;
}

int kvm_stat_read_array(int stats_fd, const char *name, uint64_t *values,
			size_t max)
{
	struct kvm_stats_header header;
	size_t desc_size;
	char *descs;
	uint32_t i;
	int ret;

	ret = pread_all(stats_fd, &header, sizeof(header), 0);
	if (ret)
		return ret;
	if (header.name_size == 0 || header.num_desc > 4096)
		return -EINVAL;

	desc_size = sizeof(struct kvm_stats_desc) + header.name_size;
	descs = malloc(desc_size * header.num_desc);
	if (!descs)
		return -ENOMEM;
	ret = pread_all(stats_fd, descs, desc_size * header.num_desc,
			header.desc_offset);

	for (i = 0; !ret && i < header.num_desc; i++) {
		struct kvm_stats_desc *d = (void *)(descs + i * desc_size);
		size_t n = d->size < max ? d->size : max;

		if (strncmp(d->name, name, header.name_size))
			continue;
		ret = d->size ? pread_all(stats_fd, values, n * sizeof(*values),
					  header.data_offset + d->offset) : -EINVAL;
		if (!ret)
			ret = d->size;
		free(descs);
		return ret;
	}
	free(descs);
	return ret ? ret : -ENOENT;
}

int kvm_stat_read(int stats_fd, const char *name, uint64_t *value)
{
	int ret = kvm_stat_read_array(stats_fd, name, value, 1);

	return ret < 0 ? ret : 0;
}
