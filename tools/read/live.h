/* live.h - pcap-summarize -i: capture on an interface, say each phone's
 * outcome as soon as it is decided
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_LIVE_H
#define PS_LIVE_H

#include <stdio.h>

#include "engine.h"

typedef struct {
    const char *iface;
    const char *filter;    /* NULL: the sign-in's ports (ps_live_default_filter) */
    const char *write;     /* pcapng file to keep the packets in, or NULL */
    uint64_t    count;     /* stop after this many packets; 0: no limit */
    double      duration;  /* stop after this many seconds; 0: no limit */
} ps_live_opts;

/* The default capture filter, with the web service ports option 43 named (g_free it). */
char *ps_live_default_filter(const uint16_t *ports, unsigned n);

/*
 * Capture until Ctrl-C, SIGTERM, the count or the duration, feeding ctx and
 * writing to lines a line per phone whose outcome is decided. Returns false
 * (reported on stderr) when the capture could not start or failed; *end is
 * the time of the last packet.
 */
bool ps_live_run(lp_engine *ctx, const ps_live_opts *o, FILE *lines, double *end);

#endif /* PS_LIVE_H */
