/* app_rootchain.c - the root-chain download over plain HTTP (port 80)
 *
 * Phones fetch the CA chain from CertProv over plain HTTP before they open
 * TLS (the pool's CAHandlerInternalAnonUri). Without it they cannot trust the
 * pool's certificate, so a refused or silent port 80 explains the TLS
 * failure that follows: both outcomes are one event kind, root_chain.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_rootchain.h"

#include <string.h>

#include "app.h"
#include "pool_site.h"
#include "signin_facts.h"

#define LP_PORT_HTTP 80

void lp_root_chain_answered(lp_engine *ctx, const lp_flow *f, unsigned status, const lp_where *w,
                            uint32_t orig_frame)
{
    lp_phone_event ev;

    memset(&ev, 0, sizeof ev);
    lp_root_chain_event(&ev.ev, w, status, f->port[LP_S2C], "");
    ev.orig_frame = orig_frame;
    lp_app_emit(ctx, f, &ev);
}

void lp_root_chain_end(lp_engine *ctx, const lp_flow *f, const lp_where *end)
{
    bool refused = f->closed_by == LP_S2C;
    lp_phone_event ev;

    /* Only a phone's SYN to port 80 that never got a SYN-ACK, towards the
     * pool's web address (or any address while the capture names no pool). */
    if (f->port[LP_S2C] != LP_PORT_HTTP || f->app != LP_APP_UNDECIDED || !f->half[LP_C2S].started ||
        f->half[LP_S2C].started ||
        lp_site_connection_role(ctx->site, "", &f->addr[LP_S2C], LP_PORT_HTTPS) != LP_ROLE_WEB)
        return;
    memset(&ev, 0, sizeof ev);
    lp_root_chain_event(&ev.ev, refused ? &f->closed : end, 0, LP_PORT_HTTP,
                        refused ? "refused the connection (RST)" : "never answered the connection");
    lp_app_emit(ctx, f, &ev);
}
