// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kvm_params.h"
#include "test_util.h"

#define PARAM_DIR "/sys/module/kvm/parameters/"

int kvm_param_set(const char *name, const char *value)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

int kvm_param_get(const char *name, char *buf, size_t size)
{
	return module_param_get("kvm", name, buf, size);
}

int module_param_get(const char *module, const char *name, char *buf,
		     size_t size)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

void kvm_param_must_set(const char *name, const char *value)
{
	int ret = kvm_param_set(name, value);

	TEST_ASSERT(ret == 0, "cannot set kvm.%s=%s: %s (KVM without the exit "
		    "statistics series?)", name, value, strerror(-ret));
}

/* A boolean module parameter: Y or 1; false if the module has none. */
static bool module_param_on(const char *module, const char *name)
{
	char v[8];

	return !module_param_get(module, name, v, sizeof(v)) && (v[0] == 'Y' || v[0] == '1');
}

bool kvm_apic_virtualized(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL ? module_param_on("kvm_intel", "enable_apicv") :
					module_param_on("kvm_amd", "avic");
}

bool kvm_fastpath_possible(enum cpu_vendor vendor)
{
	return vendor == VENDOR_INTEL || module_param_on("kvm_amd", "nrips");
}
