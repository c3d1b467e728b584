/* tcp_flow.c - connection tracking and stream reassembly
 *
 * Segments in order are handed on at once, borrowed from libpcap's buffer.
 * Only segments that arrive ahead of a hole are copied, up to a bound per
 * direction and the budget of held bytes; when the hole is known lost (the
 * peer acknowledged past it, a bound is reached, or the connection ends) it
 * is reported as a gap and the stream goes on. Retransmitted and overlapping
 * bytes are trimmed.
 *
 * The flows are also kept in order of their last packet: idle ones are
 * found from the oldest end without a walk of the table, and when the table
 * is full the one silent the longest ends to make room.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcp_flow.h"

#include <string.h>

#include <glib.h>

#include "app.h"

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

/* About 300 bytes each without their TLS or HTTP readers: 20 MB when full. */
#define MAX_FLOWS     65536
#define OOO_MAX_BYTES (256u * 1024)
/* Segments queued per direction: each insert walks the queue. */
#define OOO_MAX_SEGMENTS 512
/* A connection silent this long is over (a hung request is given up after 30 s). */
#define IDLE_TIMEOUT  120.0

struct lp_segment {
    lp_segment *next;
    uint32_t    seq, len;
    lp_where    w;
    uint8_t     data[];
};

typedef struct {
    uint8_t  family;
    uint8_t  a[2][16];
    uint16_t port[2];
} flow_key;

typedef struct flow_entry {
    flow_key           key;
    lp_flow            flow;
    struct flow_entry *older, *newer; /* by last packet */
} flow_entry;

struct lp_flows {
    GHashTable *table;  /* flow_key -> flow_entry */
    flow_entry *oldest, *newest;
    uint32_t    last_id;
};

/* Every packet looks its flow up: mix 32-bit words, not bytes. */
static guint key_hash(gconstpointer p)
{
    const flow_key *k = p;
    uint32_t w[8], h = k->family ^ ((uint32_t)k->port[0] << 16 | k->port[1]);
    size_t i;

    memcpy(w, k->a, sizeof w);
    for (i = 0; i < 8; i++)
        h = (h ^ w[i]) * 0x9e3779b1u;
    return h ^ (h >> 15);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(flow_key)) == 0;
}

/* Only when the flows are freed unfinished: ending a flow delivers its queue. */
static void free_segments(lp_half *h)
{
    while (h->ooo != NULL) {
        lp_segment *s = h->ooo;
        h->ooo = s->next;
        g_free(s);
    }
}

static void entry_free(gpointer p)
{
    flow_entry *e = p;

    free_segments(&e->flow.half[0]);
    free_segments(&e->flow.half[1]);
    g_free(e);
}

lp_flows *lp_flows_new(void)
{
    lp_flows *f = g_new0(lp_flows, 1);

    f->table = g_hash_table_new_full(key_hash, key_equal, NULL, entry_free);
    return f;
}

void lp_flows_free(lp_flows *f)
{
    if (f == NULL)
        return;
    g_hash_table_destroy(f->table);
    g_free(f);
}

/* Segments come in runs of one connection: the one touched last is tried before the table. */
static flow_entry *lookup(const lp_flows *flows, const flow_key *k)
{
    if (flows->newest != NULL && key_equal(&flows->newest->key, k))
        return flows->newest;
    return g_hash_table_lookup(flows->table, k);
}

/* The same key for both directions: the lower (address, port) first. */
static void make_key(flow_key *k, const lp_addr *a, uint16_t pa, const lp_addr *b, uint16_t pb)
{
    int c = memcmp(a->a, b->a, 16);

    memset(k, 0, sizeof *k);
    k->family = a->family;
    if (c > 0 || (c == 0 && pa > pb)) {
        const lp_addr *t = a;
        uint16_t tp = pa;
        a = b, pa = pb, b = t, pb = tp;
    }
    memcpy(k->a[0], a->a, 16);
    memcpy(k->a[1], b->a, 16);
    k->port[0] = pa;
    k->port[1] = pb;
}

/* A port a server listens on: the client is on the other side. */
static bool service_port(uint16_t port)
{
    return port < 1024 || port == LP_PORT_HTTPS_EXT || port == LP_PORT_SIP_TLS || port == 8080 ||
           port == 8443;
}

static void unlink_entry(lp_flows *fs, flow_entry *e)
{
    if (e->older != NULL)
        e->older->newer = e->newer;
    else
        fs->oldest = e->newer;
    if (e->newer != NULL)
        e->newer->older = e->older;
    else
        fs->newest = e->older;
}

static void link_newest(lp_flows *fs, flow_entry *e)
{
    e->older = fs->newest;
    e->newer = NULL;
    if (fs->newest != NULL)
        fs->newest->newer = e;
    else
        fs->oldest = e;
    fs->newest = e;
}

/* A packet of the flow, now. */
static void touch(lp_engine *ctx, flow_entry *e)
{
    e->flow.last_t = ctx->now;
    if (ctx->flows->newest != e) {
        unlink_entry(ctx->flows, e);
        link_newest(ctx->flows, e);
    }
}

static void end_flow(lp_engine *ctx, flow_entry *e, const lp_where *w);

static flow_entry *flow_new(lp_engine *ctx, const flow_key *k, const lp_addr *client, uint16_t cport,
                            const lp_addr *server, uint16_t sport)
{
    flow_entry *e;

    if (g_hash_table_size(ctx->flows->table) >= MAX_FLOWS) {
        lp_where w = { 0, 0, ctx->now };

        ctx->limits.flows_evicted++;
        end_flow(ctx, ctx->flows->oldest, &w);
    }
    e = g_new0(flow_entry, 1);
    e->key = *k;
    e->flow.addr[LP_C2S] = *client;
    e->flow.addr[LP_S2C] = *server;
    e->flow.port[LP_C2S] = cport;
    e->flow.port[LP_S2C] = sport;
    e->flow.closed_by = -1;
    e->flow.last_t = ctx->now;
    e->flow.id = ++ctx->flows->last_id;
    g_hash_table_insert(ctx->flows->table, &e->key, e);
    link_newest(ctx->flows, e);
    return e;
}

/* The flow of a connection by its endpoints, either way round; NULL when there is none. */
static flow_entry *find(const lp_engine *ctx, flow_key *k, const lp_addr *a, uint16_t pa, const lp_addr *b,
                        uint16_t pb)
{
    make_key(k, a, pa, b, pb);
    return lookup(ctx->flows, k);
}

static bool from_client(const lp_flow *f, const lp_addr *src, uint16_t sport)
{
    return lp_addr_equal(src, &f->addr[LP_C2S]) && sport == f->port[LP_C2S];
}

static int32_t seq_diff(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b);
}

static void lost(lp_engine *ctx, lp_flow *f, int dir, size_t missing)
{
    ctx->gaps++;
    ctx->gap_bytes += missing;
    lp_app_gap(ctx, f, dir, missing);
}

/* Hand on in-order bytes, trimming what was already handed on. */
static void deliver(lp_engine *ctx, lp_flow *f, int dir, uint32_t seq, const uint8_t *p, size_t len,
                    size_t wire_len, const lp_where *w)
{
    lp_half *h = &f->half[dir];
    size_t skip = (uint32_t)(h->next - seq); /* seq is not ahead of next here */

    if (skip >= wire_len)
        return; /* a retransmission */
    if (skip > 0) {
        p += skip < len ? skip : len;
        len = skip < len ? len - skip : 0;
        wire_len -= skip;
    }
    if (len > 0)
        lp_app_data(ctx, f, dir, p, len, w);
    if (wire_len > len) /* cut by the snapshot length */
        lost(ctx, f, dir, wire_len - len);
    h->next += (uint32_t)wire_len;
}

/* Hand on the queued segments that are now in order. */
static void drain(lp_engine *ctx, lp_flow *f, int dir)
{
    lp_half *h = &f->half[dir];

    while (h->ooo != NULL && seq_diff(h->ooo->seq, h->next) <= 0) {
        lp_segment *s = h->ooo;

        h->ooo = s->next;
        h->ooo_bytes -= s->len;
        h->ooo_count--;
        deliver(ctx, f, dir, s->seq, s->data, s->len, s->len, &s->w);
        lp_engine_release(ctx, sizeof *s + s->len);
        g_free(s);
    }
}

/* The bytes before the first queued segment are lost: report them, go on. */
static void skip_hole(lp_engine *ctx, lp_flow *f, int dir)
{
    lp_half *h = &f->half[dir];

    if (h->ooo == NULL)
        return;
    lost(ctx, f, dir, (size_t)seq_diff(h->ooo->seq, h->next));
    h->next = h->ooo->seq;
    drain(ctx, f, dir);
}

static void queue(lp_engine *ctx, lp_flow *f, int dir, uint32_t seq, const uint8_t *p, size_t len,
                  const lp_where *w)
{
    lp_half *h = &f->half[dir];
    lp_segment **at = &h->ooo, *s;

    while ((h->ooo_bytes + len > OOO_MAX_BYTES || h->ooo_count >= OOO_MAX_SEGMENTS) && h->ooo != NULL)
        skip_hole(ctx, f, dir);
    if (seq_diff(seq, h->next) > 0) {
        while (*at != NULL && seq_diff((*at)->seq, seq) < 0)
            at = &(*at)->next;
        if (*at != NULL && (*at)->seq == seq && (*at)->len >= len)
            return; /* already queued */
        if (lp_engine_hold(ctx, sizeof *s + len)) {
            s = g_malloc(sizeof *s + len);
            s->seq = seq;
            s->len = (uint32_t)len;
            s->w = *w;
            memcpy(s->data, p, len);
            s->next = *at;
            *at = s;
            h->ooo_bytes += len;
            h->ooo_count++;
            return;
        }
        /* No budget to wait for the hole: what is missing before this segment is lost. */
        while (h->ooo != NULL && seq_diff(h->ooo->seq, seq) < 0)
            skip_hole(ctx, f, dir);
        if (seq_diff(seq, h->next) > 0) {
            lost(ctx, f, dir, (size_t)seq_diff(seq, h->next));
            h->next = seq;
        }
    }
    /* In order now: the hole closed, or was given up, while making room. */
    deliver(ctx, f, dir, seq, p, len, len, w);
    drain(ctx, f, dir);
}

static void payload(lp_engine *ctx, lp_flow *f, int dir, uint32_t seq, const uint8_t *p, size_t len,
                    size_t wire_len, const lp_where *w)
{
    lp_half *h = &f->half[dir];

    if (!h->started) { /* the capture began inside the connection */
        h->started = true;
        h->next = seq;
    }
    if (seq_diff(seq, h->next) > 0) {
        if (len == wire_len)
            queue(ctx, f, dir, seq, p, len, w);
        return;
    }
    deliver(ctx, f, dir, seq, p, len, wire_len, w);
    drain(ctx, f, dir);
}

static void end_flow(lp_engine *ctx, flow_entry *e, const lp_where *w)
{
    lp_flow *f = &e->flow;

    while (f->half[LP_C2S].ooo != NULL)
        skip_hole(ctx, f, LP_C2S);
    while (f->half[LP_S2C].ooo != NULL)
        skip_hole(ctx, f, LP_S2C);
    lp_app_end(ctx, f, w);
    unlink_entry(ctx->flows, e);
    g_hash_table_remove(ctx->flows->table, &e->key);
}

static void closing(lp_flow *f, int dir, bool reset, const lp_where *w)
{
    if (f->closed_by < 0) {
        f->closed_by = dir;
        f->closed_reset = reset;
        f->closed = *w;
    }
}

/* The opening handshake as the capture shows it. */
static void opening(lp_flow *f, int dir, uint8_t flags, const lp_where *w)
{
    if (dir == LP_S2C)
        f->server_seen = true;
    else if (f->client_first.frame == 0)
        f->client_first = *w;
    if ((flags & (TH_SYN | TH_ACK)) == TH_SYN && dir == LP_C2S) {
        if (f->syns == 0)
            f->first_syn = *w;
        f->last_syn = *w;
        if (f->syns < UINT16_MAX)
            f->syns++;
    } else if ((flags & TH_SYN) && dir == LP_S2C) {
        f->syn_acked = true;
    } else if ((flags & TH_ACK) && dir == LP_C2S) {
        f->client_acked = true;
    }
}

void lp_tcp_segment(lp_engine *ctx, const lp_ip *ip, const uint8_t *src_mac, const lp_where *w)
{
    const uint8_t *t = ip->payload;
    uint16_t sport, dport;
    uint32_t seq, ack;
    size_t off;
    uint8_t flags;
    flow_key k;
    flow_entry *e;
    lp_flow *f;
    int dir;

    if (ip->len < 20)
        return;
    sport = (uint16_t)(t[0] << 8 | t[1]);
    dport = (uint16_t)(t[2] << 8 | t[3]);
    seq = (uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 | (uint32_t)t[6] << 8 | t[7];
    ack = (uint32_t)t[8] << 24 | (uint32_t)t[9] << 16 | (uint32_t)t[10] << 8 | t[11];
    off = (size_t)(t[12] >> 4) * 4;
    flags = t[13];
    if (off < 20 || off > ip->len)
        return;

    e = find(ctx, &k, &ip->src, sport, &ip->dst, dport);
    if (e == NULL) {
        bool src_is_client;

        /* Late packets of a finished connection make no new one. */
        if (!(flags & TH_SYN) && ip->wire_len == off)
            return;
        if (flags & TH_RST)
            return;
        if (flags & TH_SYN)
            src_is_client = !(flags & TH_ACK);
        else if (service_port(sport) != service_port(dport))
            src_is_client = service_port(dport);
        else
            src_is_client = sport > dport;
        e = src_is_client ? flow_new(ctx, &k, &ip->src, sport, &ip->dst, dport)
                          : flow_new(ctx, &k, &ip->dst, dport, &ip->src, sport);
    }
    f = &e->flow;
    touch(ctx, e);
    dir = from_client(f, &ip->src, sport) ? LP_C2S : LP_S2C;
    if (dir == LP_C2S && src_mac != NULL && !f->has_client_mac) {
        f->has_client_mac = true;
        memcpy(f->client_mac, src_mac, 6);
    }

    opening(f, dir, flags, w);
    if (flags & TH_SYN) {
        f->half[dir].started = true;
        f->half[dir].next = seq + 1;
    } else if (ip->wire_len > off) {
        payload(ctx, f, dir, seq, t + off, ip->len - off, ip->wire_len - off, w);
    }
    /* The peer acknowledged bytes the capture never saw: they are lost, not late. */
    if ((flags & TH_ACK) && f->half[!dir].ooo != NULL && seq_diff(ack, f->half[!dir].ooo->seq) >= 0)
        skip_hole(ctx, f, !dir);

    if (flags & TH_RST) {
        closing(f, dir, true, w);
        end_flow(ctx, e, w);
    } else if (flags & TH_FIN) {
        closing(f, dir, false, w);
        f->half[dir].fin = true;
        if (f->half[!dir].fin)
            end_flow(ctx, e, w);
    }
}

lp_flow *lp_flows_by_endpoints(lp_engine *ctx, const lp_addr *src, uint16_t sport,
                               const lp_addr *dst, uint16_t dport, bool src_is_client, int *dir)
{
    flow_key k;
    flow_entry *e;
    lp_flow *f;

    e = find(ctx, &k, src, sport, dst, dport);
    if (e == NULL)
        e = src_is_client ? flow_new(ctx, &k, src, sport, dst, dport) : flow_new(ctx, &k, dst, dport, src, sport);
    touch(ctx, e);
    f = &e->flow;
    *dir = from_client(f, src, sport) ? LP_C2S : LP_S2C;
    return f;
}

void lp_flows_unreachable(lp_engine *ctx, const lp_addr *src, uint16_t sport, const lp_addr *dst, uint16_t dport,
                          const lp_addr *from, uint8_t code, const lp_where *w)
{
    flow_key k;
    flow_entry *e = find(ctx, &k, src, sport, dst, dport);
    lp_flow *f;

    if (e == NULL)
        return;
    f = &e->flow;
    /* Once open, an unreachable is a path that broke later: the connection's silence tells that. */
    if (!from_client(f, src, sport) || f->syn_acked || f->client_acked)
        return;
    f->icmp_from = *from;
    f->icmp_code = code;
    closing(f, LP_S2C, false, w);
    end_flow(ctx, e, w);
}

void lp_flows_expire(lp_engine *ctx)
{
    lp_where w = { 0, 0, ctx->now };

    /* Oldest first: the walk stops at the first flow still in use. */
    while (ctx->flows->oldest != NULL && ctx->flows->oldest->flow.last_t < ctx->now - IDLE_TIMEOUT)
        end_flow(ctx, ctx->flows->oldest, &w);
}

void lp_flows_finish(lp_engine *ctx, const lp_where *end)
{
    while (ctx->flows->oldest != NULL)
        end_flow(ctx, ctx->flows->oldest, end);
}
