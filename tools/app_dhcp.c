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

/* Requests awaiting a reply: as many as phones are tracked (phones.c). */
#define MAX_PENDING 65536

/* A phone's request by transaction id; retries reuse the id. */
typedef struct {
    uint32_t  xid;
    uint8_t   mac[6];
    lp_vendor vendor;
    uint8_t   type;
    unsigned  count;
    ps_where  first, last;
} request;

struct ps_dhcp {
    GHashTable *pending; /* xid -> request */
};

ps_dhcp *ps_dhcp_new(void)
{
    ps_dhcp *d = g_new0(ps_dhcp, 1);

    d->pending = g_hash_table_new_full(g_int_hash, g_int_equal, NULL, g_free);
    return d;
}

void ps_dhcp_free(ps_dhcp *d)
{
    if (d == NULL)
        return;
    g_hash_table_destroy(d->pending);
    g_free(d);
}

static const char *type_name(uint8_t type)
{
    return type == LP_DHCP_INFORM ? "DHCPINFORM" : type == LP_DHCP_REQUEST ? "DHCPREQUEST" : "DHCPDISCOVER";
}

static void bind_addr(ps_ctx *ctx, const uint8_t mac[6], const uint8_t a[4])
{
    ps_addr ip;

    if (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0)
        return;
    ps_addr_set(&ip, 4, a);
    ps_phones_bind(ctx->phones, mac, &ip);
}

static void on_request(ps_ctx *ctx, const lp_dhcp_msg *m, const uint8_t *buf, const ps_where *w)
{
    lp_vendor vendor = LP_VENDOR_UNKNOWN;
    request *r;
    ps_event ev;

    if (m->present & LP_DHCP_HAS_VENDOR_CLASS)
        vendor = lp_vendor_from_class(buf + m->vendor_class.off, m->vendor_class.len);
    if (vendor == LP_VENDOR_UNKNOWN || !m->chaddr_is_ether ||
        (m->msg_type != LP_DHCP_INFORM && m->msg_type != LP_DHCP_REQUEST && m->msg_type != LP_DHCP_DISCOVER))
        return; /* not a Lync phone asking for its provisioning */
    ps_event_init(&ev, LP_EV_DHCP_INFORM, w);
    ps_event_detail(&ev, "%s, vendor class %s, xid 0x%08x", type_name(m->msg_type),
             lp_vendor_name(vendor), m->xid);
    if (!ps_phones_add_mac(ctx->phones, m->chaddr, &ev))
        return; /* no room for the phone: its transaction would have no one to report to */
    bind_addr(ctx, m->chaddr, m->ciaddr);

    r = g_hash_table_lookup(ctx->dhcp->pending, &m->xid);
    if (r == NULL) {
        if (g_hash_table_size(ctx->dhcp->pending) >= MAX_PENDING) {
            ctx->limits.dhcp_transactions_dropped++;
            return;
        }
        r = g_new0(request, 1);
        r->xid = m->xid;
        memcpy(r->mac, m->chaddr, 6);
        r->vendor = vendor;
        r->type = m->msg_type;
        r->first = *w;
        g_hash_table_insert(ctx->dhcp->pending, &r->xid, r);
    }
    r->count++;
    r->last = *w;
}

/* Learn the pool's names and ports, and describe what the answer provides. */
static void provisioning(ps_ctx *ctx, const lp_dhcp_msg *m, const uint8_t *buf, const lp_opt43 *o43,
                         ps_event *ev)
{
    char url[512] = "", sip[LP_SIP_NAME_MAX] = "";
    const char *sip_note = "";
    const lp_span *fqdn = &o43->sub[LP_O43_WEB_FQDN];
    lp_opt120 o120;
    unsigned i, bad = LP_O43_P_TRUNCATED | LP_O43_P_MISSING | LP_O43_P_BAD_SCHEME | LP_O43_P_BAD_PATH;

    if (o43->present & (1u << LP_O43_WEB_FQDN)) {
        char name[LP_SIP_NAME_MAX];

        snprintf(name, sizeof name, "%.*s", (int)fqdn->len, (const char *)buf + m->vendor_info.off + fqdn->off);
        ps_site_add_name(ctx->site, name, PS_ROLE_WEB);
    }
    if (o43->present & (1u << LP_O43_WEB_PORT) && !(o43->problems & LP_O43_P_PORT_NOT_NUMBER))
        ps_site_add_web_port(ctx->site, o43->web_port);
    if ((m->present & LP_DHCP_HAS_SIP_SERVERS) &&
        lp_opt120_parse(buf + m->sip_servers.off, m->sip_servers.len, &o120)) {
        for (i = 0; i < o120.count; i++) {
            if (o120.encoding == 1) {
                ps_addr a;
                ps_addr_set(&a, 4, buf + m->sip_servers.off + o120.server[i].raw.off);
                ps_site_add_addr(ctx->site, &a, PS_ROLE_SIP);
            } else {
                ps_site_add_name(ctx->site, o120.server[i].name, PS_ROLE_SIP);
            }
        }
        g_strlcpy(sip, o120.server[0].name, sizeof sip);
        if (o120.problems & LP_O120_P_NO_ENCODING)
            sip_note = " (option 120: plain name, not RFC 3361)";
    }
    ev->ev.provisioned = lp_opt43_certprov_url(o43, buf + m->vendor_info.off, url, sizeof url) &&
                         !(o43->problems & bad);
    if (ev->ev.provisioned) {
        ps_event_detail(ev, "CertProv %s%s%s%s", url, sip[0] ? ", SIP server " : "", sip, sip_note);
        return;
    }
    for (i = 0; i < LP_O43_P_COUNT; i++)
        if (o43->problems & (1u << i))
            break;
    ps_event_detail(ev, "option 43 unusable: %s",
             i < LP_O43_P_COUNT ? lp_opt43_problem_str(1u << i) : "no CertProv URL");
}

static void on_reply(ps_ctx *ctx, const lp_dhcp_msg *m, const uint8_t *buf, const ps_where *w)
{
    request *r = g_hash_table_lookup(ctx->dhcp->pending, &m->xid);
    lp_vendor hint = r != NULL ? r->vendor : LP_VENDOR_UNKNOWN;
    lp_opt43 o43;
    bool lync;
    ps_event ev;

    if (!m->chaddr_is_ether || (m->msg_type != LP_DHCP_ACK && m->msg_type != LP_DHCP_NAK))
        return;
    lync = (m->present & LP_DHCP_HAS_VENDOR_INFO) &&
           lp_opt43_parse(buf + m->vendor_info.off, m->vendor_info.len, hint, &o43);
    if (r == NULL && !lync)
        return; /* not an answer to a phone */
    ps_event_init(&ev, LP_EV_DHCP_ACK, w);
    if (m->msg_type == LP_DHCP_NAK) {
        ps_event_detail(&ev, "DHCPNAK");
    } else if (lync && o43.vendor == LP_VENDOR_CPE_OCPHONE) {
        ev.ev.vlan_only = true;
        ps_event_detail(&ev, "voice VLAN %u (vendor class CPE-OCPHONE)", o43.vlan_id);
    } else if (lync) {
        provisioning(ctx, m, buf, &o43, &ev);
    } else {
        ps_event_detail(&ev, "DHCPACK without option 43: no provisioning URL");
    }
    if (r != NULL)
        g_hash_table_remove(ctx->dhcp->pending, &m->xid);
    if (!ps_phones_add_mac(ctx->phones, m->chaddr, &ev))
        return;
    bind_addr(ctx, m->chaddr, m->yiaddr);
    bind_addr(ctx, m->chaddr, m->ciaddr);
}

void ps_dhcp_message(ps_ctx *ctx, const uint8_t *data, size_t len, const ps_where *w)
{
    lp_dhcp_msg m;

    if (!lp_dhcp_msg_parse(data, len, &m))
        return;
    if (m.op == LP_BOOTP_REQUEST)
        on_request(ctx, &m, data, w);
    else if (m.op == LP_BOOTP_REPLY)
        on_reply(ctx, &m, data, w);
}

void ps_dhcp_finish(ps_ctx *ctx)
{
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, ctx->dhcp->pending);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        const request *r = value;
        ps_event ev;

        /* On the request that went unanswered, as the plugin's expert does. */
        ps_event_init(&ev, LP_EV_DHCP_NO_REPLY, &r->first);
        ps_event_detail(&ev, "no reply to this %s (vendor class %s) nor to its %u retries, the last at frame %u",
                        type_name(r->type), lp_vendor_name(r->vendor), r->count - 1, r->last.frame);
        ps_phones_add_mac(ctx->phones, r->mac, &ev);
    }
    g_hash_table_remove_all(ctx->dhcp->pending);
}
