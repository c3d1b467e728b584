/* pipeline.h - the state one run of pcap-summarize carries from packet to
 * packet, and the entry points of the pipeline
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_PIPELINE_H
#define PS_PIPELINE_H

#include "phone_book.h"
#include "summarize.h"
#include "read.h"
#include "pool_site.h"
#include "tls_conn.h"

typedef struct ps_frags ps_frags;
typedef struct ps_flows ps_flows;
typedef struct ps_dhcp  ps_dhcp;
typedef struct ps_dns   ps_dns;

typedef struct {
    lp_phone_book *phones;
    lp_site   *site;
    ps_frags  *frags;
    ps_flows  *flows;
    ps_dhcp   *dhcp;
    ps_dns    *dns;
    bool       show_pin;
    ps_tls_keyring keys;    /* TLS secrets: key log, embedded secrets, RSA key (main's) */
    uint64_t   tls_decrypted, tls_undecrypted; /* sign-in connections, when there were secrets */
    uint64_t   gaps, gap_bytes;  /* TCP bytes lost to the capture (reported, not fatal) */
    ps_limits  limits;
    size_t     held;        /* stream bytes copied and kept: out-of-order segments, HTTP messages, TLS hellos */
    GPtrArray *http_buffers; /* idle message buffers (app_http.c), lent to a connection while a message is read */
    double     now;         /* time of the packet at hand */
    double     next_sweep;  /* when idle state is looked for next */
    /* Live capture (live.c): told of each web service event of a host as it is made. */
    void     (*on_event)(void *data, const ps_addr *host, const uint8_t *mac, const lp_phone_event *ev);
    void      *on_event_data;
} ps_ctx;

void ps_ctx_init(ps_ctx *ctx, bool show_pin);
/* One packet through link, IP and transport to the applications. */
void ps_ctx_packet(ps_ctx *ctx, const ps_packet *pkt);
/* No packet for a while (live capture): time goes on to now, for idle connections to end. */
void ps_ctx_idle(ps_ctx *ctx, double now);
/* The capture ended at end: finish open flows, unanswered DHCP and DNS. */
void ps_ctx_finish(ps_ctx *ctx, double end);
void ps_ctx_free(ps_ctx *ctx);

/*
 * Take n bytes of the budget for held stream bytes; false (and counted)
 * when it is spent. What is taken is given back with ps_ctx_release.
 */
bool ps_ctx_hold(ps_ctx *ctx, size_t n);
void ps_ctx_release(ps_ctx *ctx, size_t n);

/*
 * After ps_ctx_finish: the phones grouped, their encrypted exchanges named
 * and each judged, in report order (the array is the caller's, the phones
 * stay ctx's).
 */
GPtrArray *ps_ctx_phones(ps_ctx *ctx, double end);

#endif /* PS_PIPELINE_H */
