/* app.c - which protocol a TCP stream carries, and the hand-off to its reader
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app.h"

#include <string.h>

#include "app_connect.h"
#include "app_http.h"
#include "app_rootchain.h"
#include "app_sip.h"
#include "app_tls.h"
#include "tls_record.h"

/* Fewer bytes than this cannot tell TLS from HTTP from anything else. */
#define SNIFF_MIN 5

static lp_app_kind sniff(const uint8_t *p, size_t len)
{
    lp_tls_record rec;

    if (lp_tls_record_parse(p, len, &rec))
        return LP_APP_TLS;
    if (lp_http_starts_message(p, len))
        return LP_APP_HTTP;
    return len < SNIFF_MIN ? LP_APP_UNDECIDED : LP_APP_OTHER;
}

void lp_app_data(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *p, size_t len, const lp_where *w)
{
    if (f->app == LP_APP_UNDECIDED) {
        f->app = sniff(p, len);
        if (f->app == LP_APP_TLS)
            f->tls = lp_tls_new(ctx);
        else if (f->app == LP_APP_HTTP)
            f->http = lp_http_new();
    }
    if (f->app == LP_APP_TLS)
        lp_tls_data(ctx, f->tls, f, dir, p, len, w);
    else if (f->app == LP_APP_HTTP)
        lp_http_data(ctx, f->http, f, dir, p, len, w);
}

bool lp_app_sent_by_client(const uint8_t *p, size_t len)
{
    /* Whoever sends a request is the client; a response comes from the server. */
    return !(len >= 7 && (memcmp(p, "HTTP/1.", 7) == 0 || memcmp(p, "SIP/2.0", 7) == 0));
}

void lp_app_plaintext(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *p, size_t len, const lp_where *w)
{
    if (f->decrypted_by == LP_DECRYPTED_PDU)
        return;
    f->decrypted_by = LP_DECRYPTED_TLS;
    if (f->plain == LP_APP_UNDECIDED)
        f->plain = lp_http_starts_message(p, len) ? LP_APP_HTTP : LP_APP_OTHER;
    if (f->plain != LP_APP_HTTP) {
        lp_sip_message(ctx, f, dir, p, len, w, 0);
        return;
    }
    if (f->decrypted == NULL)
        f->decrypted = lp_http_new();
    lp_http_data(ctx, f->decrypted, f, dir, p, len, w);
}

void lp_app_decrypted(lp_engine *ctx, lp_flow *f, int dir, uint8_t type, const uint8_t *p, size_t len,
                      const lp_where *w)
{
    if (type == LP_TLS_CT_APPLICATION_DATA)
        lp_app_plaintext(ctx, f, dir, p, len, w);
    else if (f->tls != NULL)
        lp_tls_decrypted(ctx, f->tls, f, dir, type, p, len, w);
}

void lp_app_gap(lp_engine *ctx, lp_flow *f, int dir, size_t missing)
{
    if (f->app == LP_APP_TLS)
        lp_tls_gap(ctx, f->tls, dir, missing);
    else if (f->app == LP_APP_HTTP)
        lp_http_gap(f->http, dir, missing);
}

void lp_app_emit(lp_engine *ctx, const lp_flow *f, const lp_phone_event *ev)
{
    const uint8_t *mac = f->has_client_mac ? f->client_mac : NULL;
    lp_phone_event with_server = *ev;

    with_server.ev.server = f->addr[LP_S2C];
    with_server.ev.server_port = f->port[LP_S2C];
    with_server.conn = f->id;
    lp_engine_emit(ctx, &f->addr[LP_C2S], mac, &with_server);
}

void lp_app_end(lp_engine *ctx, lp_flow *f, const lp_where *end)
{
    /* TLS first: it leaves the exchanges to the decrypted HTTP when there is some. */
    if (f->tls != NULL) {
        lp_tls_end(ctx, f->tls, f, end);
        lp_tls_free(ctx, f->tls);
        f->tls = NULL;
    }
    if (f->decrypted != NULL) {
        lp_http_end(ctx, f->decrypted, f, end);
        lp_http_free(ctx, f->decrypted);
        f->decrypted = NULL;
    }
    if (f->http != NULL) {
        lp_http_end(ctx, f->http, f, end);
        lp_http_free(ctx, f->http);
        f->http = NULL;
    }
    lp_connect_end(ctx, f);
}
