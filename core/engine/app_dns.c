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
#include "signin_facts.h"

#define MAX_PENDING 65536

typedef struct {
    lp_dns_key   key;
    const char *name;
    uint16_t    qtype;
    lp_where    w;
} query;

struct lp_dns {
    GHashTable *pending; /* lp_dns_key -> query */
};

static guint key_hash(gconstpointer k)
{
    return lp_dns_key_hash((const lp_dns_key *)k);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return lp_dns_key_equal((const lp_dns_key *)a, (const lp_dns_key *)b);
}

lp_dns *lp_dns_new(void)
{
    lp_dns *d = g_new0(lp_dns, 1);

    d->pending = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
    return d;
}

void lp_dns_free(lp_dns *d)
{
    if (d == NULL)
        return;
    g_hash_table_destroy(d->pending);
    g_free(d);
}

static void on_query(lp_engine *ctx, const lp_ip *ip, uint16_t sport, const lp_dns_msg *m, const uint8_t *mac,
                     const lp_where *w)
{
    query *q;
    lp_phone_event ev;

    memset(&ev, 0, sizeof ev);
    lp_dns_query_event(&ev.ev, w, m);
    ev.ev.server = ip->dst;
    ev.ev.server_port = LP_DNS_PORT;
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    if ((ev.name = lp_phones_name(ctx->phones, m->qname)) == NULL)
        return;
    lp_engine_emit(ctx, &ip->src, mac, &ev);
    if (g_hash_table_size(ctx->dns->pending) >= MAX_PENDING) {
        ctx->limits.dns_queries_dropped++;
        return;
    }
    q = g_new0(query, 1);
    lp_dns_key_of(&q->key, &ip->src, sport, m->id);
    q->name = ev.name;
    q->qtype = m->qtype;
    q->w = *w;
    g_hash_table_replace(ctx->dns->pending, &q->key, q);
}

static void on_answer(lp_engine *ctx, const lp_ip *ip, uint16_t dport, const lp_dns_msg *m, const lp_where *w)
{
    lp_dns_key k;
    lp_phone_event ev;

    lp_dns_key_of(&k, &ip->dst, dport, m->id);
    g_hash_table_remove(ctx->dns->pending, &k);
    memset(&ev, 0, sizeof ev);
    lp_dns_answer_event(&ev.ev, w, m, ctx->site);
    ev.ev.server = ip->src;
    ev.ev.server_port = LP_DNS_PORT;
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    if ((ev.name = lp_phones_name(ctx->phones, m->qname)) != NULL)
        lp_engine_emit(ctx, &ip->dst, NULL, &ev);
}

void lp_dns_message(lp_engine *ctx, const lp_ip *ip, uint16_t sport, uint16_t dport, const uint8_t *data,
                    size_t len, const uint8_t *src_mac, const lp_where *w)
{
    lp_dns_msg m;

    if (!lp_dns_msg_parse(data, len, &m) || m.qname[0] == '\0')
        return;
    /* Once the pool is named, other lookups (the rest of the network's) are dropped at once. */
    if (lp_site_has_names(ctx->site) && !lp_site_dns_relevant(ctx->site, m.qname))
        return;
    /* Queries go to, and answers come from, the DNS port only. */
    if (!m.is_response && dport == LP_DNS_PORT)
        on_query(ctx, ip, sport, &m, src_mac, w);
    else if (m.is_response && sport == LP_DNS_PORT)
        on_answer(ctx, ip, dport, &m, w);
}

typedef struct {
    lp_engine *ctx;
    bool    at_end;
} sweep;

static gboolean expired(gpointer key, gpointer value, gpointer data)
{
    const query *q = value;
    const sweep *s = data;
    lp_engine *ctx = s->ctx;
    lp_phone_event ev;
    bool failed;

    (void)key;
    memset(&ev, 0, sizeof ev);
    if (!lp_dns_unanswered_event(&ev.ev, &q->w, q->name, q->qtype, ctx->now, s->at_end, &failed))
        return FALSE;
    if (failed) {
        ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
        ev.name = q->name;
        lp_engine_emit(ctx, &q->key.client, NULL, &ev);
    }
    return TRUE;
}

void lp_dns_expire(lp_engine *ctx, bool at_end)
{
    sweep s = { ctx, at_end };

    g_hash_table_foreach_remove(ctx->dns->pending, expired, &s);
}
