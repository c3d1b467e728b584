/* app_dhcp.c - the DHCP part of a sign-in, with the core option 43/120 parsers
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_dhcp.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "dhcp_message.h"
#include "dhcp_provisioning.h"
#include "signin_facts.h"

/* Transactions followed: as many as phones are tracked (phones.c). */
#define MAX_TRANSACTIONS 65536

/* A phone's request by transaction; retries reuse the key. */
typedef struct {
    lp_dhcp_key key;
    lp_vendor   vendor;
    uint8_t     type;
    unsigned    count;
    bool        answered;
    lp_where    first, last;
    lp_dhcp_first_answer first_answer;
} request;

struct lp_dhcp {
    GHashTable *transactions; /* lp_dhcp_key -> request */
};

static guint key_hash(gconstpointer k)
{
    return lp_dhcp_key_hash(k);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return lp_dhcp_key_equal(a, b);
}

lp_dhcp *lp_dhcp_new(void)
{
    lp_dhcp *d = g_new0(lp_dhcp, 1);

    d->transactions = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
    return d;
}

void lp_dhcp_free(lp_dhcp *d)
{
    if (d == NULL)
        return;
    g_hash_table_destroy(d->transactions);
    g_free(d);
}

static void bind_addr(lp_engine *ctx, const uint8_t mac[6], const uint8_t a[4])
{
    lp_addr ip;

    if (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0)
        return;
    lp_addr_set(&ip, 4, a);
    lp_phones_bind(ctx->phones, mac, &ip);
}

static request *lookup(lp_engine *ctx, const lp_dhcp_msg *m)
{
    lp_dhcp_key key;

    lp_dhcp_key_of(m, &key);
    return g_hash_table_lookup(ctx->dhcp->transactions, &key);
}

static void tell(lp_engine *ctx, const lp_where *w, const uint8_t *buf, size_t len, bool is_request, lp_vendor vendor,
                 const request *r, uint32_t differs_from)
{
    lp_dhcp_seen seen = { w, buf, len, is_request, vendor, r != NULL ? r->first.frame : 0, differs_from };

    if (ctx->observer != NULL && ctx->observer->dhcp != NULL)
        ctx->observer->dhcp(ctx->observer_data, &seen);
}

static void on_request(lp_engine *ctx, const lp_dhcp_msg *m, const uint8_t *buf, size_t len, const lp_where *w)
{
    lp_vendor vendor = lp_dhcp_vendor(m, buf);
    request *r;
    lp_phone_event ev;

    if (!lp_dhcp_is_phone_request(m, vendor))
        return;
    memset(&ev, 0, sizeof ev);
    lp_dhcp_request_event(&ev.ev, w, m, vendor);
    if (!lp_engine_emit_mac(ctx, m->chaddr, &ev))
        return; /* no room for the phone: its transaction would have no one to report to */
    bind_addr(ctx, m->chaddr, m->ciaddr);

    r = lookup(ctx, m);
    if (r == NULL) {
        if (g_hash_table_size(ctx->dhcp->transactions) >= MAX_TRANSACTIONS) {
            ctx->limits.dhcp_transactions_dropped++;
            return;
        }
        r = g_new0(request, 1);
        lp_dhcp_key_of(m, &r->key);
        r->vendor = vendor;
        r->type = m->msg_type;
        r->first = *w;
        g_hash_table_insert(ctx->dhcp->transactions, &r->key, r);
    }
    r->count++;
    r->last = *w;
    tell(ctx, w, buf, len, true, vendor, r, 0);
}

static void on_reply(lp_engine *ctx, const lp_dhcp_msg *m, const uint8_t *buf, size_t len, const lp_addr *server,
                     const lp_where *w)
{
    request *r = lookup(ctx, m);
    lp_vendor vendor;
    lp_opt43 o43;
    bool has_o43;
    lp_phone_event ev;

    if (!lp_dhcp_is_answer(m))
        return;
    vendor = lp_dhcp_answer_vendor(r != NULL ? r->vendor : LP_VENDOR_UNKNOWN, m, buf);
    if (vendor == LP_VENDOR_UNKNOWN)
        return; /* not an answer to a phone */
    memset(&ev, 0, sizeof ev);
    lp_dhcp_answer_event(&ev.ev, w, m, buf, vendor, server, r != NULL ? &r->first_answer : NULL, &o43, &has_o43);
    if (has_o43 && o43.vendor == LP_VENDOR_MS_UC_CLIENT)
        lp_site_learn_dhcp(ctx->site, m, buf, &o43);
    if (r != NULL)
        r->answered = true;
    tell(ctx, w, buf, len, false, vendor, r, ev.ev.dhcp_conflict ? r->first_answer.frame : 0);
    if (!lp_engine_emit_mac(ctx, m->chaddr, &ev))
        return;
    bind_addr(ctx, m->chaddr, m->yiaddr);
    bind_addr(ctx, m->chaddr, m->ciaddr);
}

void lp_dhcp_message(lp_engine *ctx, const uint8_t *data, size_t len, const lp_addr *src, const lp_where *w)
{
    lp_dhcp_msg m;

    if (!lp_dhcp_msg_parse(data, len, &m))
        return;
    if (m.op == LP_BOOTP_REQUEST)
        on_request(ctx, &m, data, len, w);
    else if (m.op == LP_BOOTP_REPLY)
        on_reply(ctx, &m, data, len, src, w);
}

void lp_dhcp_finish(lp_engine *ctx)
{
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, ctx->dhcp->transactions);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        const request *r = value;
        lp_phone_event ev;

        if (r->answered || !lp_dhcp_expects_reply(r->vendor))
            continue;
        /* On the request that went unanswered: the plugin's expert is drawn there. */
        memset(&ev, 0, sizeof ev);
        lp_dhcp_no_reply_event(&ev.ev, &r->first, r->type, r->vendor, r->count - 1, r->last.frame);
        lp_engine_emit_mac(ctx, r->key.mac, &ev);
    }
    g_hash_table_remove_all(ctx->dhcp->transactions);
}
