/* pipeline.c - one packet through the stages: link, IP, UDP or TCP, and the
 * applications; the periodic sweep of idle state; the budget of held stream
 * bytes; and, at the end, the phones judged
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pipeline.h"

#include <string.h>

#include <glib.h>

#include "app_dhcp.h"
#include "app_dns.h"
#include "app_pdu.h"
#include "dhcp_message.h"
#include "dns_message.h"
#include "ip.h"
#include "link.h"
#include "tcp_flow.h"

/* Capture seconds between looks for idle connections and stale state. */
#define SWEEP_EVERY 5.0
/*
 * Stream bytes held at once over all connections. A sign-in holds a few KB
 * at a time; this bounds what many connections with holes, half-sent HTTP
 * messages or half-sent TLS hellos can make the tool keep.
 */
#define HELD_MAX (64u << 20)


void ps_ctx_init(ps_ctx *ctx, bool show_pin)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->phones = lp_phones_new(&ctx->limits.phone_table_full, &ctx->limits.events_dropped);
    ctx->site = lp_site_new(&ctx->limits.site_entries_dropped);
    ctx->frags = ps_frags_new(&ctx->limits);
    ctx->flows = ps_flows_new();
    ctx->dhcp = ps_dhcp_new();
    ctx->dns = ps_dns_new();
    ctx->http_buffers = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    ctx->show_pin = show_pin;
}

void ps_ctx_free(ps_ctx *ctx)
{
    ps_flows_free(ctx->flows);
    g_ptr_array_free(ctx->http_buffers, TRUE);
    ps_frags_free(ctx->frags);
    ps_dhcp_free(ctx->dhcp);
    ps_dns_free(ctx->dns);
    lp_site_free(ctx->site);
    lp_phones_free(ctx->phones);
}

bool ps_ctx_hold(ps_ctx *ctx, size_t n)
{
    if (n > HELD_MAX - ctx->held) {
        ctx->limits.buffer_full++;
        return false;
    }
    ctx->held += n;
    return true;
}

void ps_ctx_release(ps_ctx *ctx, size_t n)
{
    ctx->held -= n;
}

static void udp(ps_ctx *ctx, const ps_ip *ip, const uint8_t *mac, const ps_where *w)
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
        ps_dhcp_message(ctx, u + 8, ulen, &ip->src, w);
    else if (sport == LP_DNS_PORT || dport == LP_DNS_PORT)
        ps_dns_message(ctx, ip, sport, dport, u + 8, ulen, mac, w);
}

static void sweep(ps_ctx *ctx)
{
    ps_flows_expire(ctx);
    ps_frags_expire(ctx->frags, ctx->now);
    ps_dns_expire(ctx, false);
    ctx->next_sweep = ctx->now + SWEEP_EVERY;
}

void ps_ctx_packet(ps_ctx *ctx, const ps_packet *pkt)
{
    ps_link l;
    ps_ip ip;

    ctx->now = pkt->where.t;
    if (ctx->now >= ctx->next_sweep)
        sweep(ctx);
    ps_link_decode(pkt->linktype, pkt->data, pkt->caplen, &l);
    if (l.kind == PS_LINK_EXPORT_PDU) {
        ps_pdu_record(ctx, l.l3, l.l3_len, &pkt->where);
        return;
    }
    if (l.kind != PS_LINK_IP || !ps_ip_decode(ctx->frags, l.ethertype, l.l3, l.l3_len, ctx->now, &ip))
        return;
    if (ip.proto == PS_IPPROTO_TCP)
        ps_tcp_segment(ctx, &ip, l.has_src_mac ? l.src_mac : NULL, &pkt->where);
    else if (ip.proto == PS_IPPROTO_UDP)
        udp(ctx, &ip, l.has_src_mac ? l.src_mac : NULL, &pkt->where);
}

void ps_ctx_idle(ps_ctx *ctx, double now)
{
    if (now <= ctx->now)
        return;
    ctx->now = now;
    if (ctx->now >= ctx->next_sweep)
        sweep(ctx);
}

void ps_ctx_finish(ps_ctx *ctx, double end)
{
    ps_where w = { 0, 0, end };

    ctx->now = end;
    ps_flows_finish(ctx, &w);
    ps_dhcp_finish(ctx);
    ps_dns_expire(ctx, true);
}

/* The end-of-capture half of the relevance rules (site.c knows the pool's names by now). */
static bool keep_event(const lp_phone_event *ev, void *site)
{
    if (ev->relevance == LP_KEEP_IF_DNS_RELEVANT)
        return lp_site_dns_relevant(site, ev->name);
    return !lp_site_has_names(site) || lp_site_name_role(site, ev->name) != LP_ROLE_NONE;
}

GPtrArray *ps_ctx_phones(ps_ctx *ctx, double end)
{
    GPtrArray *all = lp_phones_finish(ctx->phones, keep_event, ctx->site);
    guint i;

    for (i = 0; i < all->len; i++) {
        lp_phone *ph = g_ptr_array_index(all, i);

        lp_phone_judge(ph, end);
    }
    return all;
}
