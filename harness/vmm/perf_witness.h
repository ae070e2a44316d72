/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf as an outside witness: Debian's perf stat counts kvm:kvm_exit, in
 * total and per exit type (one event with a tracepoint filter per type),
 * over exactly the window its caller opens and closes.  The window is
 * perf's own control protocol (--control with an ack fifo, events started
 * disabled with -D -1): enable and disable return once perf has done them.
 */
#ifndef VMM_PERF_WITNESS_H
#define VMM_PERF_WITNESS_H

#include <stddef.h>
#include <stdint.h>

#define PERF_WITNESS_MAX_TYPES	64

struct perf_witness;

/*
 * Start PERF stat on every CPU with the events disabled, counting
 * kvm:kvm_exit in total and for each of the @n exit @types: the exit
 * reason the tracepoint has, equal to the type or, if @flag is not 0, to
 * the type with @flag set (VMX's failed VM-entry bit, which the leaves and
 * BPF count under the basic reason).  NULL with a message in @err.
 */
struct perf_witness *perf_witness_start(const char *perf, const uint32_t *types,
					int n, uint32_t flag, char *err,
					size_t errlen);

/* Enable the events; returns 0 once perf has, else -1 and a message. */
int perf_witness_enable(struct perf_witness *pw, char *err, size_t errlen);

/*
 * Disable the events, stop perf and read its counts: @total, and @per_type
 * in the order of the types given to perf_witness_start().  Frees @pw.
 * Returns 0, or -1 and a message.
 */
int perf_witness_finish(struct perf_witness *pw, uint64_t *total,
			uint64_t *per_type, char *err, size_t errlen);

/* Parse perf stat's -x, output: @n counts in order.  0, or -1. */
int perf_witness_parse(const char *text, uint64_t *counts, int n);

#endif
