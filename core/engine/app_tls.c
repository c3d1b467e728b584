/* app_tls.c - a TLS connection: the record framing, the view from
 * outside, and the decrypted records handed to HTTP or SIP
 *
 * Records are followed by their 5-byte headers and handed whole to the
 * core session (tls_session.c), with the first part of the hellos and the
 * alerts' bytes. A hole in the stream inside a record is skipped by its
 * length; a hole across record boundaries loses the framing until a
 * segment starts with a plausible record header.
 * When the run has secrets, each record's body is also kept whole for
 * tls_conn.c, as long as the connection may still be decrypted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_tls.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "app.h"
#include "app_http.h"
#include "app_sip.h"
#include "tls_session.h"
#include "lp_wipe.h"

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
    uint8_t      *body;     /* the current record whole, for decryption */
    uint32_t      body_have, body_cap;
    bool          body_cut; /* the budget refused it: the record is lost to decryption */
} half;

struct lp_tls {
    half           h[2];
    lp_tls_session s;
    const char    *tentative; /* SNI to judge at the end when the pool was not named yet */
    void          *conn;      /* the front end's decryption, when the run has secrets */
};

lp_tls *lp_tls_new(lp_engine *ctx)
{
    lp_tls *t = g_new0(lp_tls, 1);

    lp_tls_session_init(&t->s);
    if (ctx->decryptor != NULL)
        t->conn = ctx->decryptor->conn_new(ctx->decryptor_data);
    return t;
}

/* Decryption is over for the connection: the record buffers go back to the budget. */
static void drop_bodies(lp_engine *ctx, lp_tls *t)
{
    for (int d = 0; d < 2; d++) {
        half *h = &t->h[d];

        if (h->body == NULL)
            continue;
        lp_engine_release(ctx, h->body_cap);
        lp_wipe(h->body, h->body_cap);
        g_free(h->body);
        h->body = NULL;
        h->body_cap = 0;
    }
}

/* The hello is read or will not be: its buffer goes back to the budget. */
static void drop_hello(lp_engine *ctx, half *h)
{
    h->hs_done = true;
    if (h->hs == NULL)
        return;
    lp_engine_release(ctx, h->hs_cap);
    g_free(h->hs);
    h->hs = NULL;
}

void lp_tls_free(lp_engine *ctx, lp_tls *t)
{
    if (t == NULL)
        return;
    drop_hello(ctx, &t->h[0]);
    drop_hello(ctx, &t->h[1]);
    drop_bodies(ctx, t);
    if (t->conn != NULL)
        ctx->decryptor->conn_free(t->conn);
    lp_tls_session_clear(&t->s);
    g_free(t);
}

typedef struct {
    lp_engine      *ctx;
    lp_flow        *f;
    const lp_where *w;
} plain_data;

static void plain(void *data, int dir, const uint8_t *p, size_t len)
{
    plain_data *d = data;

    lp_app_plaintext(d->ctx, d->f, dir, p, len, d->w);
}

static void decrypt_record(lp_engine *ctx, lp_tls *t, lp_flow *f, int dir, half *h, const lp_where *w)
{
    plain_data d = { ctx, f, w };

    if (t->conn == NULL || !ctx->decryptor->wants_records(t->conn))
        return;
    if (h->body_cut || h->body_have != h->rec.length)
        ctx->decryptor->gap(t->conn, dir, true);
    else
        ctx->decryptor->record(t->conn, dir, &h->rec, h->body, h->body_have, plain, &d);
    h->body_have = 0;
    h->body_cut = false;
    if (!ctx->decryptor->wants_records(t->conn))
        drop_bodies(ctx, t);
}

static void record_end(lp_engine *ctx, lp_tls *t, lp_flow *f, int dir, half *h, const lp_where *w)
{
    decrypt_record(ctx, t, f, dir, h, w);
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

static bool keeps_hello(const lp_tls *t, int dir, const half *h)
{
    return h->rec.type == LP_TLS_CT_HANDSHAKE && !h->hs_done && lp_tls_session_wants_hello(&t->s, dir);
}

/* The record's body, whole, while the connection may be decrypted. */
static void keep_body(lp_engine *ctx, lp_tls *t, half *h, const uint8_t *p, size_t n)
{
    if (t->conn == NULL || !ctx->decryptor->wants_records(t->conn) || h->body_cut)
        return;
    if (h->body_cap < h->rec.length) {
        if (!lp_engine_hold(ctx, h->rec.length - h->body_cap)) {
            h->body_cut = true;
            return;
        }
        h->body = g_realloc(h->body, h->rec.length);
        h->body_cap = h->rec.length;
    }
    memcpy(h->body + h->body_have, p, n);
    h->body_have += (uint32_t)n;
}

static void record_body(lp_engine *ctx, lp_tls *t, int dir, half *h, const uint8_t *p, size_t n)
{
    keep_body(ctx, t, h, p, n);
    if (keeps_hello(t, dir, h)) {
        size_t room, take;

        if (h->hs == NULL) { /* the hello's record, as long as it is up to the bound */
            uint32_t cap = h->rec.length < HS_CAPTURE ? h->rec.length : HS_CAPTURE;

            if (!lp_engine_hold(ctx, cap)) {
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

void lp_tls_data(lp_engine *ctx, lp_tls *t, lp_flow *f, int dir, const uint8_t *p, size_t len, const lp_where *w)
{
    half *h = &t->h[dir];

    if (h->lost) {
        lp_tls_record r;

        if (!lp_tls_record_parse(p, len, &r))
            return;
        h->lost = false;
        h->hdr_have = 0;
        h->left = 0;
        h->body_have = 0;
        h->body_cut = false;
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
                record_end(ctx, t, f, dir, h, w);
            continue;
        }
        take = h->left < len ? h->left : len;
        record_body(ctx, t, dir, h, p, take);
        p += take;
        len -= take;
        h->left -= (uint32_t)take;
        if (h->left == 0)
            record_end(ctx, t, f, dir, h, w);
    }
}

void lp_tls_gap(lp_engine *ctx, lp_tls *t, int dir, size_t missing)
{
    half *h = &t->h[dir];

    if (!h->lost && h->hdr_have == 0 && h->left > missing) {
        h->left -= (uint32_t)missing; /* inside a record: its length keeps the framing */
        h->body_cut = true;          /* and the record is lost to decryption */
        if (h->rec.type == LP_TLS_CT_HANDSHAKE)
            drop_hello(ctx, h);  /* a hello with a hole in it is not read */
        return;
    }
    h->lost = true;
    if (t->conn != NULL)
        ctx->decryptor->gap(t->conn, dir, false);
}

static void server_name(const lp_tls *t, const lp_flow *f, char *buf, size_t cap)
{
    char a[LP_ADDR_STR_MAX];

    if (t->s.sni[0] != '\0')
        snprintf(buf, cap, "%s:%u", t->s.sni, f->port[LP_S2C]);
    else
        snprintf(buf, cap, "%s:%u", lp_addr_str(&f->addr[LP_S2C], a), f->port[LP_S2C]);
}

typedef struct {
    lp_engine        *ctx;
    const lp_tls  *t;
    const lp_flow *f;
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
    lp_app_emit(d->ctx, d->f, &ev);
}

void lp_tls_end(lp_engine *ctx, lp_tls *t, lp_flow *f, const lp_where *end)
{
    const lp_tls_session *s = &t->s;
    lp_role role = lp_site_connection_role(ctx->site, s->sni, &f->addr[LP_S2C], f->port[LP_S2C]);
    char server[LP_TLS_SNI_MAX + 8];
    const char *note = t->conn != NULL ? ctx->decryptor->note(t->conn) : NULL;
    lp_tls_close c = { f->closed_by, f->closed_reset, lp_flow_one_way(f), f->closed, *end, f->decrypted != NULL, f->sip_reported, note };
    sink_data d = { ctx, t, f };

    if (role == LP_ROLE_NONE || (!s->hello[LP_C2S] && !s->complete))
        return;
    if (note != NULL && ctx->decryptor->decrypted(t->conn))
        ctx->tls_decrypted++;
    else if (note != NULL)
        ctx->tls_undecrypted++;
    /* Taken by its port alone: the DHCP answer naming the pool may come later. */
    if (!lp_site_has_names(ctx->site) && s->sni[0] != '\0' &&
        (t->tentative = lp_phones_name(ctx->phones, s->sni)) == NULL)
        return;
    server_name(t, f, server, sizeof server);
    f->sip_reported |= lp_tls_session_events(s, role, server, &c, emit, &d);
}
