/* app_tls.c - a TLS connection seen from outside
 *
 * Records are followed by their 5-byte headers; only the first handshake
 * record of each side (the hellos) and alert records are read. A hole in
 * the stream inside a record is skipped by its length; a hole across record
 * boundaries loses the framing until a segment starts with a plausible
 * record header.
 *
 * Application data is grouped into exchanges: a burst of records from the
 * phone (a request) and the burst from the server that follows (its answer).
 * With TLS 1.3, the server's encrypted handshake and the phone's Finished
 * are not requests; session tickets sent before any request are ignored.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_tls.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "app.h"
#include "tls_record.h"

/* Enough of the first handshake record for the hello and its extensions. */
#define HS_CAPTURE    4096
/* A sign-in makes a few exchanges per connection; more are folded into the last. */
#define MAX_EXCHANGES 32
/* A TLS 1.3 encrypted alert: 2 bytes, the content type, a 16-byte tag, maybe padding. */
#define TLS13_ALERT_MAX 24

typedef struct {
    uint32_t req_bytes, resp_bytes;
    ps_where req, resp;     /* where the last record of the burst completed */
    bool     answered;
} exchange;

typedef struct {
    uint8_t       hdr[LP_TLS_RECORD_HEADER];
    unsigned      hdr_have;
    uint32_t      left;     /* body bytes of the current record still to come */
    lp_tls_record rec;
    bool          lost;
    bool          ccs;      /* sent ChangeCipherSpec: its records are encrypted now */
    uint8_t      *hs;       /* content of the first handshake record */
    uint32_t      hs_len, hs_cap;
    bool          hs_done;
    uint8_t       alert[2];
    unsigned      alert_have;
} half;

struct ps_tls {
    half     h[2];
    bool     hello[2];      /* ClientHello / ServerHello read */
    uint16_t version;       /* chosen by the ServerHello */
    char     sni[LP_TLS_SNI_MAX];
    bool     complete, midstream;
    ps_where complete_w;
    struct {
        bool     seen, encrypted;
        int      dir;
        uint8_t  level, desc;
        ps_where w;
    } alert;
    bool     client_alert_after; /* the phone sent an (encrypted) alert after the handshake */
    GArray  *ex;                 /* exchange */
    const char *tentative;       /* SNI to judge at the end when the pool was not named yet */
};

ps_tls *ps_tls_new(void)
{
    ps_tls *t = g_new0(ps_tls, 1);

    t->ex = g_array_new(FALSE, FALSE, sizeof(exchange));
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
    g_array_free(t->ex, TRUE);
    g_free(t);
}

static void note_alert(ps_tls *t, int dir, bool encrypted, const half *h, const ps_where *w)
{
    if (t->alert.seen)
        return;
    t->alert.seen = true;
    t->alert.encrypted = encrypted;
    t->alert.dir = dir;
    t->alert.level = encrypted || h->alert_have < 2 ? 0 : h->alert[0];
    t->alert.desc = encrypted || h->alert_have < 2 ? 0 : h->alert[1];
    t->alert.w = *w;
}

static void read_hello(ps_ctx *ctx, ps_tls *t, int dir, half *h)
{
    if (dir == PS_C2S) {
        lp_tls_client_hello ch;

        if (lp_tls_client_hello_parse(h->hs, h->hs_len, &ch)) {
            t->hello[dir] = true;
            g_strlcpy(t->sni, ch.sni, sizeof t->sni);
        }
    } else {
        lp_tls_server_hello sh;

        if (lp_tls_server_hello_parse(h->hs, h->hs_len, &sh)) {
            t->hello[dir] = true;
            t->version = sh.version;
        }
    }
    drop_hello(ctx, h);
}

static void count_data(ps_tls *t, int dir, uint32_t len, const ps_where *w)
{
    exchange *last = t->ex->len ? &g_array_index(t->ex, exchange, t->ex->len - 1) : NULL;

    if (dir == PS_C2S) {
        if (last == NULL || (last->answered && t->ex->len < MAX_EXCHANGES)) {
            exchange e = { len, 0, *w, *w, false };
            g_array_append_val(t->ex, e);
        } else { /* more of the same request (or beyond the limit: folded in) */
            last->req_bytes += len;
            last->req = *w;
        }
    } else if (last != NULL) {
        if (!last->answered)
            last->resp_bytes = 0;
        last->answered = true;
        last->resp_bytes += len;
        last->resp = *w;
    }
}

static void application_data(ps_tls *t, int dir, const half *h, const ps_where *w)
{
    if (!t->complete) {
        if (t->version == LP_TLS_VERSION_1_3) {
            if (dir == PS_S2C)
                return; /* the server's encrypted handshake */
            if (h->rec.length <= TLS13_ALERT_MAX) {
                note_alert(t, dir, true, h, w);
            } else {
                t->complete = true; /* the phone's Finished */
                t->complete_w = *w;
            }
            return;
        }
        /* Data without a handshake: it happened before the capture began. */
        t->complete = true;
        t->midstream = !t->hello[PS_C2S];
        t->complete_w = *w;
    }
    count_data(t, dir, h->rec.length, w);
}

static void record_end(ps_ctx *ctx, ps_tls *t, int dir, half *h, const ps_where *w)
{
    switch (h->rec.type) {
    case LP_TLS_CT_HANDSHAKE:
        if (!h->ccs && !h->hs_done)
            read_hello(ctx, t, dir, h);
        break;
    case LP_TLS_CT_CHANGE_CIPHER_SPEC:
        h->ccs = true;
        /* TLS 1.3 sends it only for middleboxes; up to 1.2 both sides' mark the end. */
        if (t->version != LP_TLS_VERSION_1_3 && t->h[0].ccs && t->h[1].ccs && !t->complete) {
            t->complete = true;
            t->complete_w = *w;
        }
        break;
    case LP_TLS_CT_ALERT:
        if (!t->complete)
            note_alert(t, dir, h->ccs, h, w);
        else if (dir == PS_C2S)
            t->client_alert_after = true;
        break;
    case LP_TLS_CT_APPLICATION_DATA:
        application_data(t, dir, h, w);
        break;
    default:
        break;
    }
}

static void record_body(ps_ctx *ctx, half *h, const uint8_t *p, size_t n)
{
    if (h->rec.type == LP_TLS_CT_HANDSHAKE && !h->ccs && !h->hs_done) {
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
        record_body(ctx, h, p, take);
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

    if (t->sni[0] != '\0')
        snprintf(buf, cap, "%s:%u", t->sni, f->port[PS_S2C]);
    else
        snprintf(buf, cap, "%s:%u", ps_addr_str(&f->addr[PS_S2C], a), f->port[PS_S2C]);
}

static void emit(ps_ctx *ctx, const ps_tls *t, const ps_flow *f, ps_event *ev)
{
    if (t->tentative != NULL) {
        ev->relevance = PS_KEEP_IF_POOL;
        ev->name = t->tentative;
    }
    ps_app_emit(ctx, f, ev);
}

static const char *side(int dir)
{
    return dir == PS_C2S ? "phone" : "server";
}

static void handshake_events(ps_ctx *ctx, const ps_tls *t, ps_flow *f, ps_role role, const char *server)
{
    const char *version = lp_tls_version_name(t->version);
    ps_event ev;

    if (t->alert.seen) {
        const char *name = lp_tls_alert_name(t->alert.desc);

        ps_event_init(&ev, LP_EV_TLS_ALERT, &t->alert.w);
        if (t->alert.encrypted)
            ps_event_detail(&ev, "encrypted alert from the %s during the handshake with %s",
                     side(t->alert.dir), server);
        else
            ps_event_detail(&ev, "%s alert %s (%u) from the %s during the handshake with %s",
                     t->alert.level == LP_TLS_ALERT_FATAL ? "fatal" : "warning", name ? name : "?",
                     t->alert.desc, side(t->alert.dir), server);
        emit(ctx, t, f, &ev);
    } else if (!t->complete && t->hello[PS_S2C] && f->closed_by >= 0) {
        ps_event_init(&ev, LP_EV_TLS_ALERT, &f->closed);
        ps_event_detail(&ev,
                 "handshake with %s aborted: the %s closed the connection after the server's hello, without an alert",
                 server, side(f->closed_by));
        emit(ctx, t, f, &ev);
    }
    if (!t->complete)
        return;
    if (role == PS_ROLE_SIP && !f->sip_reported) {
        ps_event_init(&ev, LP_EV_SIP_CONNECT, &t->complete_w);
        ps_event_detail(&ev, "%s%sconnection to the SIP server %s%s",
                 version ? version : "", version ? " " : "", server,
                 t->midstream ? " (set up before the capture began)" : " established");
        f->sip_reported = true;
        emit(ctx, t, f, &ev);
    } else if (role == PS_ROLE_WEB && !t->midstream) {
        ps_event_init(&ev, LP_EV_TLS_HANDSHAKE, &t->complete_w);
        ps_event_detail(&ev, "%s with %s", version ? version : "TLS", server);
        emit(ctx, t, f, &ev);
    }
}

static void exchange_events(ps_ctx *ctx, const ps_tls *t, const ps_flow *f, const ps_where *end)
{
    double end_t = f->closed_by >= 0 ? f->closed.t : end->t;
    guint i;

    for (i = 0; i < t->ex->len; i++) {
        const exchange *x = &g_array_index(t->ex, exchange, i);
        ps_event ev;

        ps_event_init(&ev, LP_EV_HTTP_REQUEST, &x->req);
        ev.encrypted = true;
        ev.bytes = x->req_bytes;
        ps_event_detail(&ev, "encrypted request, %u bytes", x->req_bytes);
        emit(ctx, t, f, &ev);
        if (x->answered) {
            ps_event_init(&ev, LP_EV_HTTP_RESPONSE, &x->resp);
            ev.ev.response = LP_RESP_UNSEEN;
            ev.encrypted = true;
            ev.bytes = x->resp_bytes;
            ev.client_closed = i + 1 == t->ex->len && (f->closed_by == PS_C2S || t->client_alert_after);
            ps_event_detail(&ev, "encrypted answer, %u bytes", x->resp_bytes);
        } else {
            ps_event_init(&ev, LP_EV_NO_RESPONSE, &x->req);
            ev.encrypted = true;
            ev.ev.waited = end_t - x->req.t;
            ps_event_detail(&ev, "no answer in %.1f s, then %s", ev.ev.waited,
                     f->closed_by == PS_C2S ? "the phone closed the connection"
                     : f->closed_by == PS_S2C ? "the server closed the connection" : "the capture ended");
        }
        emit(ctx, t, f, &ev);
    }
}

void ps_tls_end(ps_ctx *ctx, ps_tls *t, ps_flow *f, const ps_where *end)
{
    ps_role role = ps_site_connection_role(ctx->site, t->sni, &f->addr[PS_S2C], f->port[PS_S2C]);
    char server[LP_TLS_SNI_MAX + 8];

    if (role == PS_ROLE_NONE || (!t->hello[PS_C2S] && !t->complete))
        return;
    /* Taken by its port alone: the DHCP answer naming the pool may come later. */
    if (!ps_site_has_names(ctx->site) && t->sni[0] != '\0' &&
        (t->tentative = ps_phones_name(ctx->phones, t->sni)) == NULL)
        return;
    server_name(t, f, server, sizeof server);
    handshake_events(ctx, t, f, role, server);
    /* Decrypted HTTP of the same connection (Export PDU) says more than sizes. */
    if (role == PS_ROLE_WEB && t->complete && f->decrypted == NULL)
        exchange_events(ctx, t, f, end);
}
