/* tcp_flow.h - stage 4: TCP connections in one hash table, their byte
 * streams put back in order, and their end (FIN, RST, idle, end of capture)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_TCP_FLOW_H
#define LP_TCP_FLOW_H

#include "ip.h"
#include "engine.h"

/* Direction of a stream: from the client (the phone) or from the server. */
#define LP_C2S 0
#define LP_S2C 1

typedef struct lp_segment lp_segment;

typedef struct {
    bool        started;    /* next is known */
    uint32_t    next;       /* sequence number of the next byte due */
    bool        fin;
    lp_segment *ooo;        /* segments ahead of next, by sequence number */
    size_t      ooo_bytes;
    unsigned    ooo_count;
} lp_half;

typedef enum {
    LP_APP_UNDECIDED = 0,
    LP_APP_TLS,
    LP_APP_HTTP,
    LP_APP_OTHER
} lp_app_kind;

/* Where a connection's decrypted HTTP or SIP comes from. */
typedef enum {
    LP_DECRYPTED_NONE = 0,
    LP_DECRYPTED_PDU,   /* Export PDU records of another file */
    LP_DECRYPTED_TLS    /* its own records, decrypted by the front end */
} lp_decrypted_by;

typedef struct lp_tls  lp_tls;
typedef struct lp_http lp_http;

typedef struct lp_flow {
    /* Key: [LP_C2S] is the client's side. */
    lp_addr     addr[2];
    uint16_t    port[2];
    uint32_t    id;         /* numbers the run's connections from 1: a phone's events know their connection */
    bool        has_client_mac;
    uint8_t     client_mac[6];
    double      last_t;
    lp_half     half[2];
    int         closed_by;  /* -1 while open, else the direction that sent the first FIN/RST */
    bool        closed_reset; /* that was a RST */
    lp_where    closed;
    /* How it opened, for one that never did (app_connect.c). */
    uint16_t    syns;         /* the client's SYNs, sent again included */
    bool        syn_acked;    /* the server's SYN-ACK came */
    bool        client_acked; /* the client acknowledged: it had a SYN-ACK, captured or not */
    lp_where    first_syn, last_syn;
    lp_addr     icmp_from;    /* who said the server is unreachable (family 0: nobody) */
    uint8_t     icmp_code;    /* its destination unreachable code */
    bool        server_seen;  /* a segment of the server's is in the capture */
    lp_where    client_first; /* the client's first segment in the capture */
    lp_app_kind app;
    lp_app_kind plain;      /* what its decrypted bytes carry: HTTP, or OTHER for SIP */
    lp_tls     *tls;        /* TLS metadata (no keys) */
    lp_http    *http;       /* clear-text HTTP on the TCP stream */
    lp_http    *decrypted;  /* HTTP of the same connection, decrypted (Export PDU records or app_tls) */
    lp_decrypted_by decrypted_by; /* the first source wins: the other would tell the same twice */
    bool        sip_reported;
    uint32_t    sip_answer_frame; /* Export PDU: the last SIP answer reported (tshark exports each twice) */
} lp_flow;

/*
 * The client acknowledged what the server sent, yet no segment of the
 * server's is in the capture: it holds one direction (a mirror port, a
 * direction filter), and the server's silence in it means nothing.
 */
static inline bool lp_flow_one_way(const lp_flow *f)
{
    return f->client_acked && !f->server_seen;
}

lp_flows *lp_flows_new(void);
void lp_flows_free(lp_flows *flows);

/* A TCP segment (ip->payload is its header and data). */
void lp_tcp_segment(lp_engine *ctx, const lp_ip *ip, const uint8_t *src_mac, const lp_where *w);
/*
 * The flow of a connection seen by its endpoints only (Export PDU records):
 * found or made, with *dir set to the direction src -> dst.
 */
lp_flow *lp_flows_by_endpoints(lp_engine *ctx, const lp_addr *src, uint16_t sport,
                               const lp_addr *dst, uint16_t dport, bool src_is_client, int *dir);
/*
 * An ICMP destination unreachable (from, code) about the client's
 * segment src:sport -> dst:dport: a connection that is not open yet ends.
 */
void lp_flows_unreachable(lp_engine *ctx, const lp_addr *src, uint16_t sport, const lp_addr *dst, uint16_t dport,
                          const lp_addr *from, uint8_t code, const lp_where *w);
/* End the flows idle since before ctx->now minus the timeout. */
void lp_flows_expire(lp_engine *ctx);
/* End every flow (end of capture). */
void lp_flows_finish(lp_engine *ctx, const lp_where *end);

#endif /* LP_TCP_FLOW_H */
