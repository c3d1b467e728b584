/* app_rootchain.c - the root-chain download over plain HTTP (port 80)
 *
 * Phones fetch the CA chain from CertProv over plain HTTP before they open
 * TLS (the pool's CAHandlerInternalAnonUri). Without it they cannot trust the
 * pool's certificate, so a refused or silent port 80 (app_connect.c)
 * explains the TLS failure that follows: both outcomes are one event kind,
 * root_chain.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_rootchain.h"

#include <string.h>

#include "app.h"
#include "pool_site.h"
#include "signin_facts.h"

void lp_root_chain_answered(lp_engine *ctx, const lp_flow *f, const lp_http_view *v, const lp_where *w,
                            uint32_t orig_frame)
{
    lp_phone_event ev;

    if (v->status == 200)
        lp_cert_roots_add(ctx->roots, v->body, v->body_len);
    memset(&ev, 0, sizeof ev);
    lp_root_chain_event(&ev.ev, w, v->status, f->port[LP_S2C]);
    ev.orig_frame = orig_frame;
    lp_app_emit(ctx, f, &ev);
}
