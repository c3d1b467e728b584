/* app_dns.c - a phone's lookups of the pool and the SIP server
 *
 * Every lookup is kept with its name; which ones belong to a sign-in is
 * decided at the end, when the pool's names are known (site.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_dns.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "dns_message.h"

#define MAX_PENDING 65536
/* A phone retries after 2 s or so; no answer in this long is a failure. */
#define ANSWER_TIMEOUT 10.0
/* At the end of the capture, a query younger than this may just be cut off. */
#define CUT_OFF 2.0

typedef struct {
    ps_addr  client;
    uint16_t port, id;
} query_key;

typedef struct {
    query_key   key;
    const char *name;
    uint16_t    qtype;
    ps_where    w;
} query;

struct ps_dns {
    GHashTable *pending; /* query_key -> query */
};

static guint key_hash(gconstpointer p)
{
    const query_key *k = p;

    return lp_addr_hash(&k->client) ^ ((guint)k->port << 16 | k->id);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(query_key)) == 0;
}

ps_dns *ps_dns_new(void)
{
    ps_dns *d = g_new0(ps_dns, 1);

    d->pending = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
    return d;
}

void ps_dns_free(ps_dns *d)
{
    if (d == NULL)
        return;
    g_hash_table_destroy(d->pending);
    g_free(d);
}

static void make_key(query_key *k, const ps_addr *client, uint16_t port, uint16_t id)
{
    memset(k, 0, sizeof *k);
    k->client = *client;
    k->port = port;
    k->id = id;
}

static const char *type_name(uint16_t qtype)
{
    return qtype == LP_DNS_TYPE_A ? "A" : qtype == LP_DNS_TYPE_AAAA ? "AAAA" : "query";
}

static void on_query(ps_ctx *ctx, const ps_ip *ip, uint16_t sport, const lp_dns_msg *m, const uint8_t *mac,
                     const ps_where *w)
{
    query *q;
    lp_phone_event ev;

    lp_phone_event_init(&ev, LP_EV_DNS_QUERY, w);
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    if ((ev.name = lp_phones_name(ctx->phones, m->qname)) == NULL)
        return;
    lp_phone_event_detail(&ev, "%s %s", type_name(m->qtype), m->qname);
    lp_phones_add(ctx->phones, &ip->src, mac, &ev);
    if (g_hash_table_size(ctx->dns->pending) >= MAX_PENDING) {
        ctx->limits.dns_queries_dropped++;
        return;
    }
    q = g_new0(query, 1);
    make_key(&q->key, &ip->src, sport, m->id);
    q->name = ev.name;
    q->qtype = m->qtype;
    q->w = *w;
    g_hash_table_replace(ctx->dns->pending, &q->key, q);
}

static void on_answer(ps_ctx *ctx, const ps_ip *ip, uint16_t dport, const lp_dns_msg *m, const ps_where *w)
{
    query_key k;
    lp_phone_event ev;
    lp_role role = lp_site_name_role(ctx->site, m->qname);
    const char *rcode = lp_dns_rcode_name(m->rcode);
    unsigned i;

    make_key(&k, &ip->dst, dport, m->id);
    g_hash_table_remove(ctx->dns->pending, &k);
    if (m->rcode == LP_DNS_RCODE_NOERROR && m->n_addrs > 0) {
        char a[PS_ADDR_STR_MAX];
        ps_addr addr;

        lp_phone_event_init(&ev, LP_EV_DNS_ANSWER, w);
        for (i = 0; i < m->n_addrs; i++) {
            lp_addr_set(&addr, m->addrs[i].family, m->addrs[i].addr);
            if (role != LP_ROLE_NONE)
                lp_site_add_addr(ctx->site, &addr, role);
        }
        lp_addr_set(&addr, m->addrs[0].family, m->addrs[0].addr);
        lp_phone_event_detail(&ev, "%s %s: %s%s", type_name(m->qtype), m->qname,
                 ps_addr_str(&addr, a), m->n_addrs > 1 ? " and more" : "");
    } else {
        lp_phone_event_init(&ev, LP_EV_DNS_FAILURE, w);
        if (m->rcode != LP_DNS_RCODE_NOERROR)
            lp_phone_event_detail(&ev, "%s %s: %s", type_name(m->qtype), m->qname,
                     rcode ? rcode : "error");
        else
            lp_phone_event_detail(&ev, "%s %s: no address in the answer", type_name(m->qtype),
                     m->qname);
    }
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    if ((ev.name = lp_phones_name(ctx->phones, m->qname)) != NULL)
        lp_phones_add(ctx->phones, &ip->dst, NULL, &ev);
}

void ps_dns_message(ps_ctx *ctx, const ps_ip *ip, uint16_t sport, uint16_t dport, const uint8_t *data,
                    size_t len, const uint8_t *src_mac, const ps_where *w)
{
    lp_dns_msg m;

    if (!lp_dns_msg_parse(data, len, &m) || m.qname[0] == '\0')
        return;
    /* Once the pool is named, other lookups (the rest of the network's) are dropped at once. */
    if (lp_site_has_names(ctx->site) && !lp_site_dns_relevant(ctx->site, m.qname))
        return;
    if (!m.is_response && dport == 53)
        on_query(ctx, ip, sport, &m, src_mac, w);
    else if (m.is_response && sport == 53)
        on_answer(ctx, ip, dport, &m, w);
}

typedef struct {
    ps_ctx *ctx;
    bool    at_end;
} sweep;

static gboolean expired(gpointer key, gpointer value, gpointer data)
{
    const query *q = value;
    const sweep *s = data;
    ps_ctx *ctx = s->ctx;
    double waited = ctx->now - q->w.t;
    lp_phone_event ev;

    (void)key;
    if (waited < ANSWER_TIMEOUT && !s->at_end)
        return FALSE;
    if (waited < CUT_OFF)
        return TRUE; /* the capture ended right after it */
    lp_phone_event_init(&ev, LP_EV_DNS_FAILURE, &q->w);
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    ev.name = q->name;
    lp_phone_event_detail(&ev, "%s %s: no answer in %.1f s", type_name(q->qtype), q->name, waited);
    lp_phones_add(ctx->phones, &q->key.client, NULL, &ev);
    return TRUE;
}

void ps_dns_expire(ps_ctx *ctx, bool at_end)
{
    sweep s = { ctx, at_end };

    g_hash_table_foreach_remove(ctx->dns->pending, expired, &s);
}
