/* pipeline.h - the state one run of pcap-summarize carries from packet to
 * packet, and the entry points of the pipeline
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_PIPELINE_H
#define PS_PIPELINE_H

#include "phones.h"
#include "read.h"
#include "site.h"

typedef struct ps_frags ps_frags;
typedef struct ps_flows ps_flows;
typedef struct ps_dhcp  ps_dhcp;
typedef struct ps_dns   ps_dns;

typedef struct {
    ps_phones *phones;
    ps_site   *site;
    ps_frags  *frags;
    ps_flows  *flows;
    ps_dhcp   *dhcp;
    ps_dns    *dns;
    bool       show_pin;
    uint64_t   gaps, gap_bytes;  /* TCP bytes lost to the capture (reported, not fatal) */
    double     now;         /* time of the packet at hand */
    double     next_sweep;  /* when idle state is looked for next */
} ps_ctx;

void ps_ctx_init(ps_ctx *ctx, bool show_pin);
/* One packet through link, IP and transport to the applications. */
void ps_ctx_packet(ps_ctx *ctx, const ps_packet *pkt);
/* The capture ended at end: finish open flows, unanswered DHCP and DNS. */
void ps_ctx_finish(ps_ctx *ctx, double end);
void ps_ctx_free(ps_ctx *ctx);

#endif /* PS_PIPELINE_H */
