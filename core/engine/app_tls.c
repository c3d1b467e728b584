/* app_tls.c - a TLS connection: the record framing, the view from
 * outside, and the decrypted records handed to HTTP or SIP
 *
 * Records are followed by their 5-byte headers and handed whole to the
 * core session (tls_session.c), with the first part of the hellos and the
 * alerts' bytes. The server's handshake records (TLS 1.3's decrypted ones)
 * are kept on until its Certificate message is whole, and it is checked
 * (tls_certificate.c) then, against what the capture knows at that point.
 * A hole in the stream inside a record is skipped by its length; a hole
 * across record boundaries loses the framing until a segment starts with a
 * plausible record header.
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
/* The server's hello and certificate chain: a leaf and a few CAs. */
#define CERT_CAPTURE (32 * 1024)

typedef struct {
    uint8_t       hdr[LP_TLS_RECORD_HEADER];
    unsigned      hdr_have;
    uint32_t      left;     /* body bytes of the current record still to come */
    lp_tls_record rec;
    bool          lost;
    uint8_t      *hs;       /* content of the first handshake record (the server's: records, to its certificate) */
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
    lp_cert_facts *cert;      /* the server's certificate, when it was read */
    bool           cert_done; /* TLS 1.3: its decrypted handshake was read, or could not be */
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
    h->hs_len = h->hs_cap = 0;
}

void lp_tls_free(lp_engine *ctx, lp_tls *t)
{
    if (t == NULL)
        return;
    drop_hello(ctx, &t->h[0]);
    drop_hello(ctx, &t->h[1]);
    drop_bodies(ctx, t);
    g_free(t->cert);
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

static void plain(void *data, int dir, uint8_t type, const uint8_t *p, size_t len)
{
    plain_data *d = data;

    lp_app_decrypted(d->ctx, d->f, dir, type, p, len, d->w);
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

/* The FQDN the phone asked for: its SNI, else, towards the web services, the name option 43 gave it. */
static const char *expected_name(const lp_engine *ctx, const lp_tls *t, const lp_flow *f)
{
    if (t->s.sni[0] != '\0')
        return t->s.sni;
    return f->port[LP_S2C] != LP_PORT_SIP_TLS ? lp_site_web_fqdn(ctx->site) : "";
}

/*
 * Read the server's certificate once it is whole in its handshake records
 * (clear up to TLS 1.2; TLS 1.3's decrypted). Returns whether it may still
 * come in the next one.
 */
static bool read_certificate(lp_engine *ctx, lp_tls *t, const lp_flow *f, const half *h, const lp_where *w)
{
    const uint8_t *body;
    size_t len;

    if (h->hs == NULL)
        return false;
    switch (lp_tls_handshake_find(h->hs, h->hs_len, LP_TLS_HS_CERTIFICATE, &body, &len)) {
    case LP_TLS_HS_PARTIAL:
        return h->hs_len < CERT_CAPTURE;
    case LP_TLS_HS_FOUND:
        t->cert = g_new(lp_cert_facts, 1);
        if (!lp_cert_check(body, len, t->s.version == LP_TLS_VERSION_1_3, expected_name(ctx, t, f), w->t,
                           ctx->roots, t->cert)) {
            g_free(t->cert);
            t->cert = NULL;
        }
        return false;
    default:
        return false;
    }
}

static bool tls13_certificate_to_come(const lp_tls *t, int dir)
{
    return dir == LP_S2C && t->s.version == LP_TLS_VERSION_1_3 && !t->cert_done;
}

static void record_end(lp_engine *ctx, lp_tls *t, lp_flow *f, int dir, half *h, const lp_where *w)
{
    decrypt_record(ctx, t, f, dir, h, w);
    /* The clear handshake of this side is over; TLS 1.3's decrypted one may go on in the next records. */
    if (h->rec.type != LP_TLS_CT_HANDSHAKE && !tls13_certificate_to_come(t, dir))
        drop_hello(ctx, h);
    switch (h->rec.type) {
    case LP_TLS_CT_HANDSHAKE:
        lp_tls_session_record(&t->s, dir, &h->rec, h->hs, h->hs_len, w);
        /* TLS 1.3 encrypts all after the ServerHello: its certificate comes decrypted, if at all. */
        if (dir == LP_C2S || t->s.version == LP_TLS_VERSION_1_3 || !read_certificate(ctx, t, f, h, w))
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

/* The phone's hello; the server's, and its handshake records after it while the certificate is to come. */
static bool keeps_handshake(const lp_tls *t, int dir, const half *h)
{
    if (h->rec.type != LP_TLS_CT_HANDSHAKE || h->hs_done)
        return false;
    return lp_tls_session_wants_hello(&t->s, dir) || (dir == LP_S2C && h->hs != NULL);
}

/* Room in the handshake buffer for a record of len bytes, within limit in all; false when the budget refuses. */
static bool hs_reserve(lp_engine *ctx, half *h, size_t len, size_t limit)
{
    size_t want = h->hs_len + len < limit ? h->hs_len + len : limit;

    if (want <= h->hs_cap)
        return true;
    if (!lp_engine_hold(ctx, want - h->hs_cap))
        return false;
    h->hs = g_realloc(h->hs, want);
    h->hs_cap = (uint32_t)want;
    return true;
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
    if (keeps_handshake(t, dir, h)) {
        size_t room, take;

        /* At a record's first bytes: room for it, as long as it is up to the bound. */
        if (h->left == h->rec.length &&
            !hs_reserve(ctx, h, h->rec.length, dir == LP_S2C ? CERT_CAPTURE : HS_CAPTURE)) {
            drop_hello(ctx, h); /* not read: the connection goes without SNI or certificate */
            return;
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

void lp_tls_decrypted(lp_engine *ctx, lp_tls *t, lp_flow *f, int dir, uint8_t type, const uint8_t *p, size_t len,
                      const lp_where *w)
{
    half *h = &t->h[dir];
    size_t take;

    if (type == LP_TLS_CT_ALERT) {
        lp_tls_session_alert_decrypted(&t->s, dir, p, len, w);
        return;
    }
    /* TLS 1.3's server handshake, kept as the clear one is, until its certificate is whole. */
    if (type != LP_TLS_CT_HANDSHAKE || !tls13_certificate_to_come(t, dir))
        return;
    if (!hs_reserve(ctx, h, len, CERT_CAPTURE)) {
        t->cert_done = true;
        drop_hello(ctx, h);
        return;
    }
    take = len < h->hs_cap - h->hs_len ? len : h->hs_cap - h->hs_len;
    memcpy(h->hs + h->hs_len, p, take);
    h->hs_len += (uint32_t)take;
    if (!read_certificate(ctx, t, f, h, w)) {
        t->cert_done = true;
        drop_hello(ctx, h);
    }
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
    lp_tls_close c = { f->closed_by, f->closed_reset, lp_flow_one_way(f), f->closed, *end, f->decrypted != NULL, f->sip_reported, note,
                       t->cert };
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
