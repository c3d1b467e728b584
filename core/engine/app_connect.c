/* app_connect.c - connections that never opened: SYNs without a SYN-ACK
 *
 * What came back says who stopped them: nothing (a firewall that drops, or
 * no host at the address), a RST (nothing listens, or a firewall that
 * rejects), or an ICMP destination unreachable (a router or firewall, named
 * by its address). A client that acknowledged anything had its SYN-ACK,
 * whether the capture holds it or not: that connection opened, and when
 * nothing of the server's is in the capture, the capture holds one direction.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_connect.h"

#include <string.h>

#include "app.h"
#include "icmp.h"
#include "pool_site.h"
#include "signin_facts.h"

#define LP_PORT_HTTP 80

static bool never_opened(const lp_flow *f)
{
    return f->syns > 0 && !f->syn_acked && !f->client_acked && f->app == LP_APP_UNDECIDED;
}

static lp_connect_fail how(const lp_flow *f)
{
    if (f->icmp_from.family != 0)
        return LP_CONNECT_UNREACHABLE;
    return f->closed_by == LP_S2C && f->closed_reset ? LP_CONNECT_RESET : LP_CONNECT_UNANSWERED;
}

/* The port's part in the sign-in, when it has one: the registrar's, or the web services'. */
static lp_role port_role(const lp_site *site, const lp_flow *f)
{
    lp_role role = lp_site_connection_role(site, "", &f->addr[LP_S2C], f->port[LP_S2C]);

    if (role == LP_ROLE_SIP && f->port[LP_S2C] == LP_PORT_SIP_TLS)
        return role;
    return role == LP_ROLE_WEB && lp_site_web_port(site, f->port[LP_S2C]) ? role : LP_ROLE_NONE;
}

/* "web services: no answer from 10.9.0.10:443 to 4 SYNs in 7.0 s", or a reset, or who sent which ICMP. */
static void describe(lp_event *ev, const lp_flow *f, const char *what)
{
    char from[LP_ADDR_STR_MAX], server[LP_ADDR_STR_MAX];
    const char *code = lp_icmp_unreachable_name(f->icmp_from.family, f->icmp_code);

    lp_addr_str(&f->addr[LP_S2C], server);
    switch (ev->connect_fail) {
    case LP_CONNECT_RESET:
        lp_event_detail(ev, "%s: %s:%u refused the connection with a reset", what, server, f->port[LP_S2C]);
        break;
    case LP_CONNECT_UNREACHABLE:
        lp_event_detail(ev, "%s: connection to %s:%u refused by %s with ICMP %s", what, server, f->port[LP_S2C],
                        lp_addr_str(&f->icmp_from, from), code != NULL ? code : "destination unreachable");
        break;
    default:
        lp_event_detail(ev, "%s: no answer from %s:%u to %u SYN%s in %.1f s", what, server, f->port[LP_S2C],
                        f->syns, f->syns == 1 ? "" : "s", ev->waited);
        break;
    }
}

/* A connection of which the capture holds only what the phone sent. */
static void one_way(lp_engine *ctx, const lp_flow *f)
{
    char server[LP_ADDR_STR_MAX];
    lp_phone_event ev;

    if (f->port[LP_S2C] != LP_PORT_HTTP && port_role(ctx->site, f) == LP_ROLE_NONE)
        return;
    memset(&ev, 0, sizeof ev);
    lp_event_init(&ev.ev, LP_EV_ONE_DIRECTION, &f->client_first);
    if (!lp_site_has_names(ctx->site))
        ev.relevance = LP_KEEP_IF_NOT_ALONE;
    lp_event_detail(&ev.ev, "the capture holds only the phone's side of its connection to %s:%u: the phone "
                    "acknowledged answers that are not in it", lp_addr_str(&f->addr[LP_S2C], server),
                    f->port[LP_S2C]);
    lp_app_emit(ctx, f, &ev);
}

void lp_connect_end(lp_engine *ctx, const lp_flow *f)
{
    lp_phone_event ev;
    lp_role role = LP_ROLE_WEB;
    lp_connect_fail fail = how(f);
    const lp_where *w;

    if (lp_flow_one_way(f)) {
        one_way(ctx, f);
        return;
    }
    /* One SYN that nothing answered: the capture ended, or the phone gave up, too soon to say. */
    if (!never_opened(f) || (fail == LP_CONNECT_UNANSWERED && f->syns < 2))
        return;
    memset(&ev, 0, sizeof ev);
    w = fail == LP_CONNECT_UNANSWERED ? &f->last_syn : &f->closed;
    if (f->port[LP_S2C] == LP_PORT_HTTP) {
        /* Towards the pool's web address (or any address while the capture names no pool). */
        if (lp_site_connection_role(ctx->site, "", &f->addr[LP_S2C], LP_PORT_HTTPS) != LP_ROLE_WEB)
            return;
        lp_root_chain_event(&ev.ev, w, 0, LP_PORT_HTTP);
    } else {
        if ((role = port_role(ctx->site, f)) == LP_ROLE_NONE)
            return;
        lp_event_init(&ev.ev, LP_EV_CONNECT_FAILED, w);
        if (!lp_site_has_names(ctx->site))
            ev.relevance = LP_KEEP_IF_NOT_ALONE;
    }
    ev.ev.connect_fail = (uint8_t)fail;
    ev.ev.retries = f->syns - 1u;
    ev.ev.waited = w->t - f->first_syn.t;
    describe(&ev.ev, f, ev.ev.kind == LP_EV_ROOT_CHAIN ? "root chain" : role == LP_ROLE_SIP ? "SIP" : "web services");
    lp_app_emit(ctx, f, &ev);
}
