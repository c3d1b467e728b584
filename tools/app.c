/* app.c - which protocol a TCP stream carries, and the hand-off to its reader
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app.h"

#include "app_http.h"
#include "app_rootchain.h"
#include "app_tls.h"
#include "tls_record.h"

/* Fewer bytes than this cannot tell TLS from HTTP from anything else. */
#define SNIFF_MIN 5

static ps_app_kind sniff(const uint8_t *p, size_t len)
{
    lp_tls_record rec;

    if (lp_tls_record_parse(p, len, &rec))
        return PS_APP_TLS;
    if (ps_http_starts_message(p, len))
        return PS_APP_HTTP;
    return len < SNIFF_MIN ? PS_APP_UNDECIDED : PS_APP_OTHER;
}

void ps_app_data(ps_ctx *ctx, ps_flow *f, int dir, const uint8_t *p, size_t len, const ps_where *w)
{
    if (f->app == PS_APP_UNDECIDED) {
        f->app = sniff(p, len);
        if (f->app == PS_APP_TLS)
            f->tls = ps_tls_new(ctx);
        else if (f->app == PS_APP_HTTP)
            f->http = ps_http_new();
    }
    if (f->app == PS_APP_TLS)
        ps_tls_data(ctx, f->tls, f, dir, p, len, w);
    else if (f->app == PS_APP_HTTP)
        ps_http_data(ctx, f->http, f, dir, p, len, w);
}

void ps_app_gap(ps_ctx *ctx, ps_flow *f, int dir, size_t missing)
{
    if (f->app == PS_APP_TLS)
        ps_tls_gap(ctx, f->tls, dir, missing);
    else if (f->app == PS_APP_HTTP)
        ps_http_gap(f->http, dir, missing);
}

void ps_app_emit(ps_ctx *ctx, const ps_flow *f, const lp_phone_event *ev)
{
    const uint8_t *mac = f->has_client_mac ? f->client_mac : NULL;
    lp_phone_event with_server = *ev;

    with_server.ev.server = f->addr[PS_S2C];
    with_server.ev.server_port = f->port[PS_S2C];
    lp_phones_add(ctx->phones, &f->addr[PS_C2S], mac, &with_server);
    if (ctx->on_event != NULL)
        ctx->on_event(ctx->on_event_data, &f->addr[PS_C2S], mac, &with_server);
}

void ps_app_end(ps_ctx *ctx, ps_flow *f, const ps_where *end)
{
    /* TLS first: it leaves the exchanges to the decrypted HTTP when there is some. */
    if (f->tls != NULL) {
        ps_tls_end(ctx, f->tls, f, end);
        ps_tls_free(ctx, f->tls);
        f->tls = NULL;
    }
    if (f->decrypted != NULL) {
        ps_http_end(ctx, f->decrypted, f, end);
        ps_http_free(ctx, f->decrypted);
        f->decrypted = NULL;
    }
    if (f->http != NULL) {
        ps_http_end(ctx, f->http, f, end);
        ps_http_free(ctx, f->http);
        f->http = NULL;
    }
    ps_root_chain_end(ctx, f, end);
}
