/* app_tls.c - a TLS connection seen from outside: the record framing
 *
 * Records are followed by their 5-byte headers and handed whole to the
 * core session (tls_session.c), with the first part of the hellos and the
 * alerts' bytes. A hole in the stream inside a record is skipped by its
 * length; a hole across record boundaries loses the framing until a
 * segment starts with a plausible record header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_tls.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "app.h"
#include "tls_session.h"

/* Enough of the first handshake record for the hello and its extensions. */
#define HS_CAPTURE 4096

typedef struct {
    uint8_t       hdr[LP_TLS_RECORD_HEADER];
    unsigned      hdr_have;
    uint32_t      left;     /* body bytes of the current record still to come */
    lp_tls_record rec;
    bool          lost;
    uint8_t      *hs;       /* content of the first handshake record */
    uint32_t      hs_len, hs_cap;
    bool          hs_done;
    uint8_t       alert[2];
    unsigned      alert_have;
} half;

struct ps_tls {
    half           h[2];
    lp_tls_session s;
    const char    *tentative; /* SNI to judge at the end when the pool was not named yet */
};

ps_tls *ps_tls_new(void)
{
    ps_tls *t = g_new0(ps_tls, 1);

    lp_tls_session_init(&t->s);
    return t;
}

/* The hello is read or will not be: its buffer goes back to the budget. */
static void drop_hello(ps_ctx *ctx, half *h)
{
    h->hs_done = true;
    if (h->hs == NULL)
        return;
    ps_ctx_release(ctx, h->hs_cap);
    g_free(h->hs);
    h->hs = NULL;
}

void ps_tls_free(ps_ctx *ctx, ps_tls *t)
{
    if (t == NULL)
        return;
    drop_hello(ctx, &t->h[0]);
    drop_hello(ctx, &t->h[1]);
    lp_tls_session_clear(&t->s);
    g_free(t);
}

static void record_end(ps_ctx *ctx, ps_tls *t, int dir, half *h, const ps_where *w)
{
    switch (h->rec.type) {
    case LP_TLS_CT_HANDSHAKE:
        lp_tls_session_record(&t->s, dir, &h->rec, h->hs, h->hs_len, w);
        drop_hello(ctx, h);
        break;
    case LP_TLS_CT_ALERT:
        lp_tls_session_record(&t->s, dir, &h->rec, h->alert, h->alert_have, w);
        break;
    default:
        lp_tls_session_record(&t->s, dir, &h->rec, NULL, 0, w);
        break;
    }
}

static bool keeps_hello(const ps_tls *t, int dir, const half *h)
{
    return h->rec.type == LP_TLS_CT_HANDSHAKE && !h->hs_done && lp_tls_session_wants_hello(&t->s, dir);
}

static void record_body(ps_ctx *ctx, ps_tls *t, int dir, half *h, const uint8_t *p, size_t n)
{
    if (keeps_hello(t, dir, h)) {
        size_t room, take;

        if (h->hs == NULL) { /* the hello's record, as long as it is up to the bound */
            uint32_t cap = h->rec.length < HS_CAPTURE ? h->rec.length : HS_CAPTURE;

            if (!ps_ctx_hold(ctx, cap)) {
                h->hs_done = true; /* not read: the connection goes without SNI */
                return;
            }
            h->hs_cap = cap;
            h->hs = g_malloc(cap);
        }
        room = h->hs_cap - h->hs_len;
        take = n < room ? n : room;
        memcpy(h->hs + h->hs_len, p, take);
        h->hs_len += (uint32_t)take;
    } else if (h->rec.type == LP_TLS_CT_ALERT) {
        while (n > 0 && h->alert_have < 2) {
            h->alert[h->alert_have++] = *p++;
            n--;
        }
    }
}

void ps_tls_data(ps_ctx *ctx, ps_tls *t, int dir, const uint8_t *p, size_t len, const ps_where *w)
{
    half *h = &t->h[dir];

    if (h->lost) {
        lp_tls_record r;

        if (!lp_tls_record_parse(p, len, &r))
            return;
        h->lost = false;
        h->hdr_have = 0;
        h->left = 0;
    }
    while (len > 0) {
        size_t take;

        if (h->left == 0) {
            take = LP_TLS_RECORD_HEADER - h->hdr_have;
            take = take < len ? take : len;
            memcpy(h->hdr + h->hdr_have, p, take);
            h->hdr_have += (unsigned)take;
            p += take;
            len -= take;
            if (h->hdr_have < LP_TLS_RECORD_HEADER)
                return;
            h->hdr_have = 0;
            if (!lp_tls_record_parse(h->hdr, LP_TLS_RECORD_HEADER, &h->rec)) {
                h->lost = true;
                return;
            }
            h->left = h->rec.length;
            h->alert_have = 0;
            if (h->left == 0)
                record_end(ctx, t, dir, h, w);
            continue;
        }
        take = h->left < len ? h->left : len;
        record_body(ctx, t, dir, h, p, take);
        p += take;
        len -= take;
        h->left -= (uint32_t)take;
        if (h->left == 0)
            record_end(ctx, t, dir, h, w);
    }
}

void ps_tls_gap(ps_ctx *ctx, ps_tls *t, int dir, size_t missing)
{
    half *h = &t->h[dir];

    if (!h->lost && h->hdr_have == 0 && h->left > missing) {
        h->left -= (uint32_t)missing; /* inside a record: its length keeps the framing */
        if (h->rec.type == LP_TLS_CT_HANDSHAKE)
            drop_hello(ctx, h);  /* a hello with a hole in it is not read */
        return;
    }
    h->lost = true;
}

static void server_name(const ps_tls *t, const ps_flow *f, char *buf, size_t cap)
{
    char a[PS_ADDR_STR_MAX];

    if (t->s.sni[0] != '\0')
        snprintf(buf, cap, "%s:%u", t->s.sni, f->port[PS_S2C]);
    else
        snprintf(buf, cap, "%s:%u", ps_addr_str(&f->addr[PS_S2C], a), f->port[PS_S2C]);
}

typedef struct {
    ps_ctx        *ctx;
    const ps_tls  *t;
    const ps_flow *f;
} sink_data;

static void emit(void *data, lp_event *lev)
{
    const sink_data *d = data;
    lp_phone_event ev;

    memset(&ev, 0, sizeof ev);
    ev.ev = *lev;
    if (d->t->tentative != NULL) {
        ev.relevance = LP_KEEP_IF_POOL;
        ev.name = d->t->tentative;
    }
    ps_app_emit(d->ctx, d->f, &ev);
}

void ps_tls_end(ps_ctx *ctx, ps_tls *t, ps_flow *f, const ps_where *end)
{
    const lp_tls_session *s = &t->s;
    lp_role role = lp_site_connection_role(ctx->site, s->sni, &f->addr[PS_S2C], f->port[PS_S2C]);
    char server[LP_TLS_SNI_MAX + 8];
    lp_tls_close c = { f->closed_by, f->closed, *end, f->decrypted != NULL, f->sip_reported };
    sink_data d = { ctx, t, f };

    if (role == LP_ROLE_NONE || (!s->hello[PS_C2S] && !s->complete))
        return;
    /* Taken by its port alone: the DHCP answer naming the pool may come later. */
    if (!lp_site_has_names(ctx->site) && s->sni[0] != '\0' &&
        (t->tentative = lp_phones_name(ctx->phones, s->sni)) == NULL)
        return;
    server_name(t, f, server, sizeof server);
    f->sip_reported |= lp_tls_session_events(s, role, server, &c, emit, &d);
}
