/* SPDX-License-Identifier: GPL-2.0 */
/* kvmexits -V: who exits, per VM and per vCPU, as a table or JSON. */
#ifndef KVMEXITS_VMS_H
#define KVMEXITS_VMS_H

#include <stdbool.h>
#include <json-c/json.h>
#include <stdio.h>

#include "exits_lib.h"

/*
 * The guest's name in a VMM's command line (NUL-separated, @len bytes):
 * QEMU's "-name guest=NAME,..." or "-name NAME,...".  Copies it to @out
 * and returns 0, or returns -1 if there is none.
 */
int vmm_guest_name(const char *cmdline, size_t len, char *out, size_t size);

/* Replace each byte of @s that is not part of valid UTF-8 with '?'. */
void utf8_sanitize(char *s);

/* The VM's name: its debugfs directory (PID-FD), or "PID-?" without one. */
const char *vm_name(const struct exits_vm *vm, char *buf, size_t size);

/*
 * The VM's process: its command when the VM was first seen, with QEMU's
 * -name while the process lives.
 */
const char *vmm_name(const struct exits_vm *vm, char *buf, size_t size);

/* The @top VMs with the most exits in @vs, with their vCPUs if @vcpus. */
void print_vm_table(FILE *f, const struct exits_vm_snapshot *vs, size_t top,
		    bool vcpus);
/* The same as a JSON array (after "vms": in kvmexits -J's object). */
json_object *vm_json(const struct exits_vm_snapshot *vs, size_t top);

#endif
