/* engine.c - one frame through the stages: link, IP, UDP or TCP, and the
 * applications; the periodic sweep of idle state; the budget of held stream
 * bytes; and, at the end, the phones judged
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "engine.h"

#include <string.h>

#include <glib.h>

#include "app_dhcp.h"
#include "app.h"
#include "app_dns.h"
#include "app_pdu.h"
#include "dhcp_message.h"
#include "dns_message.h"
#include "icmp.h"
#include "ip.h"
#include "link.h"
#include "tcp_flow.h"

/* Capture seconds between looks for idle connections and stale state. */
#define SWEEP_EVERY 5.0
/*
 * Stream bytes held at once over all connections. A sign-in holds a few KB
 * at a time; this bounds what many connections with holes, half-sent HTTP
 * messages or half-sent TLS hellos can make the engine keep.
 */
#define HELD_MAX (64u << 20)


void lp_engine_init(lp_engine *ctx, bool show_pin)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->phones = lp_phones_new(&ctx->limits.phone_table_full, &ctx->limits.events_dropped);
    ctx->site = lp_site_new(&ctx->limits.site_entries_dropped);
    ctx->roots = lp_cert_roots_new();
    ctx->frags = lp_frags_new(&ctx->limits);
    ctx->flows = lp_flows_new();
    ctx->dhcp = lp_dhcp_new();
    ctx->dns = lp_dns_new();
    ctx->http_buffers = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    ctx->show_pin = show_pin;
}

void lp_engine_set_decryptor(lp_engine *ctx, const lp_tls_decryptor *d, void *data)
{
    ctx->decryptor = d;
    ctx->decryptor_data = data;
}

void lp_engine_set_observer(lp_engine *ctx, const lp_engine_observer *o, void *data)
{
    ctx->observer = o;
    ctx->observer_data = data;
}

void lp_engine_free(lp_engine *ctx)
{
    lp_flows_free(ctx->flows);
    g_ptr_array_free(ctx->http_buffers, TRUE);
    lp_frags_free(ctx->frags);
    lp_dhcp_free(ctx->dhcp);
    lp_dns_free(ctx->dns);
    lp_site_free(ctx->site);
    lp_cert_roots_free(ctx->roots);
    lp_phones_free(ctx->phones);
}

void lp_engine_emit(lp_engine *ctx, const lp_addr *ip, const uint8_t *mac, const lp_phone_event *ev)
{
    lp_phones_add(ctx->phones, ip, mac, ev);
    if (ctx->observer != NULL && ctx->observer->event != NULL)
        ctx->observer->event(ctx->observer_data, ip, mac, ev);
}

bool lp_engine_emit_mac(lp_engine *ctx, const uint8_t mac[6], const lp_phone_event *ev)
{
    if (ctx->observer != NULL && ctx->observer->event != NULL)
        ctx->observer->event(ctx->observer_data, NULL, mac, ev);
    return lp_phones_add_mac(ctx->phones, mac, ev);
}

bool lp_engine_hold(lp_engine *ctx, size_t n)
{
    if (n > HELD_MAX - ctx->held) {
        ctx->limits.buffer_full++;
        return false;
    }
    ctx->held += n;
    return true;
}

void lp_engine_release(lp_engine *ctx, size_t n)
{
    ctx->held -= n;
}

static void udp(lp_engine *ctx, const lp_ip *ip, const uint8_t *mac, const lp_where *w)
{
    const uint8_t *u = ip->payload;
    uint16_t sport, dport;
    size_t ulen;

    if (ip->len < 8)
        return;
    sport = (uint16_t)(u[0] << 8 | u[1]);
    dport = (uint16_t)(u[2] << 8 | u[3]);
    ulen = (size_t)u[4] << 8 | u[5];
    if (ulen < 8)
        ulen = ip->len; /* 0 in a jumbogram; trust what is there */
    ulen = (ulen < ip->len ? ulen : ip->len) - 8;
    if ((sport == LP_DHCP_SERVER_PORT || sport == LP_DHCP_CLIENT_PORT) && (dport == LP_DHCP_SERVER_PORT || dport == LP_DHCP_CLIENT_PORT))
        lp_dhcp_message(ctx, u + 8, ulen, &ip->src, w);
    else if (sport == LP_DNS_PORT || dport == LP_DNS_PORT)
        lp_dns_message(ctx, ip, sport, dport, u + 8, ulen, mac, w);
}

static void sweep(lp_engine *ctx)
{
    lp_flows_expire(ctx);
    lp_frags_expire(ctx->frags, ctx->now);
    lp_dns_expire(ctx, false);
    ctx->next_sweep = ctx->now + SWEEP_EVERY;
}

void lp_engine_frame(lp_engine *ctx, const lp_frame *pkt)
{
    lp_link l;
    lp_ip ip;

    ctx->now = pkt->where.t;
    if (ctx->now >= ctx->next_sweep)
        sweep(ctx);
    lp_link_decode(pkt->linktype, pkt->data, pkt->caplen, &l);
    if (l.kind == LP_LINK_EXPORT_PDU) {
        lp_pdu_record(ctx, l.l3, l.l3_len, &pkt->where);
        return;
    }
    if (l.kind != LP_LINK_IP || !lp_ip_decode(ctx->frags, l.ethertype, l.l3, l.l3_len, ctx->now, &ip))
        return;
    if (ip.proto == LP_IPPROTO_TCP)
        lp_tcp_segment(ctx, &ip, l.has_src_mac ? l.src_mac : NULL, &pkt->where);
    else if (ip.proto == LP_IPPROTO_UDP)
        udp(ctx, &ip, l.has_src_mac ? l.src_mac : NULL, &pkt->where);
    else if (ip.proto == LP_IPPROTO_ICMP || ip.proto == LP_IPPROTO_ICMPV6)
        lp_icmp_message(ctx, &ip, &pkt->where);
}

void lp_engine_plaintext(lp_engine *ctx, const lp_addr *src, uint16_t sport, const lp_addr *dst, uint16_t dport,
                         uint8_t type, const uint8_t *data, size_t len, const lp_where *w)
{
    lp_flow *f;
    int dir;

    f = lp_flows_by_endpoints(ctx, src, sport, dst, dport, lp_app_sent_by_client(data, len), &dir);
    lp_app_decrypted(ctx, f, dir, type, data, len, w);
}

void lp_engine_idle(lp_engine *ctx, double now)
{
    if (now <= ctx->now)
        return;
    ctx->now = now;
    if (ctx->now >= ctx->next_sweep)
        sweep(ctx);
}

void lp_engine_finish(lp_engine *ctx, double end)
{
    lp_where w = { 0, 0, end };

    ctx->now = end;
    lp_flows_finish(ctx, &w);
    lp_dhcp_finish(ctx);
    lp_dns_expire(ctx, true);
}

/* The end-of-capture half of the relevance rules (site.c knows the pool's names by now). */
static bool keep_event(const lp_phone_event *ev, void *site)
{
    if (ev->relevance == LP_KEEP_IF_DNS_RELEVANT)
        return lp_site_dns_relevant(site, ev->name);
    return !lp_site_has_names(site) || lp_site_name_role(site, ev->name) != LP_ROLE_NONE;
}

GPtrArray *lp_engine_phones(lp_engine *ctx, double end)
{
    GPtrArray *all = lp_phones_finish(ctx->phones, keep_event, ctx->site);
    guint i;

    for (i = 0; i < all->len; i++) {
        lp_phone *ph = g_ptr_array_index(all, i);

        lp_phone_judge(ph, end);
    }
    return all;
}
