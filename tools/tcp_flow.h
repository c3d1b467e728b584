/* tcp_flow.h - stage 4: TCP connections in one hash table, their byte
 * streams put back in order, and their end (FIN, RST, idle, end of capture)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_TCP_FLOW_H
#define PS_TCP_FLOW_H

#include "ip.h"
#include "pipeline.h"

/* Direction of a stream: from the client (the phone) or from the server. */
#define PS_C2S 0
#define PS_S2C 1

typedef struct ps_segment ps_segment;

typedef struct {
    bool        started;    /* next is known */
    uint32_t    next;       /* sequence number of the next byte due */
    bool        fin;
    ps_segment *ooo;        /* segments ahead of next, by sequence number */
    size_t      ooo_bytes;
    unsigned    ooo_count;
} ps_half;

typedef enum {
    PS_APP_UNDECIDED = 0,
    PS_APP_TLS,
    PS_APP_HTTP,
    PS_APP_OTHER
} ps_app_kind;

/* Where a connection's decrypted HTTP or SIP comes from. */
typedef enum {
    PS_DECRYPTED_NONE = 0,
    PS_DECRYPTED_PDU,   /* Export PDU records of another file */
    PS_DECRYPTED_TLS    /* its own records, decrypted here */
} ps_decrypted_by;

typedef struct ps_tls  ps_tls;
typedef struct ps_http ps_http;

typedef struct ps_flow {
    /* Key: [PS_C2S] is the client's side. */
    ps_addr     addr[2];
    uint16_t    port[2];
    bool        has_client_mac;
    uint8_t     client_mac[6];
    double      last_t;
    ps_half     half[2];
    int         closed_by;  /* -1 while open, else the direction that sent the first FIN/RST */
    ps_where    closed;
    ps_app_kind app;
    ps_tls     *tls;        /* TLS metadata (no keys) */
    ps_http    *http;       /* clear-text HTTP on the TCP stream */
    ps_http    *decrypted;  /* HTTP of the same connection, decrypted (Export PDU records or app_tls) */
    ps_decrypted_by decrypted_by; /* the first source wins: the other would tell the same twice */
    bool        sip_reported;
    uint32_t    sip_answer_frame; /* Export PDU: the last SIP answer reported (tshark exports each twice) */
} ps_flow;

ps_flows *ps_flows_new(void);
void ps_flows_free(ps_flows *flows);

/* A TCP segment (ip->payload is its header and data). */
void ps_tcp_segment(ps_ctx *ctx, const ps_ip *ip, const uint8_t *src_mac, const ps_where *w);
/*
 * The flow of a connection seen by its endpoints only (Export PDU records):
 * found or made, with *dir set to the direction src -> dst.
 */
ps_flow *ps_flows_by_endpoints(ps_ctx *ctx, const ps_addr *src, uint16_t sport,
                               const ps_addr *dst, uint16_t dport, bool src_is_client, int *dir);
/* End the flows idle since before ctx->now minus the timeout. */
void ps_flows_expire(ps_ctx *ctx);
/* End every flow (end of capture). */
void ps_flows_finish(ps_ctx *ctx, const ps_where *end);

#endif /* PS_TCP_FLOW_H */
