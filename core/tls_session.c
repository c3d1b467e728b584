/* tls_session.c - the handshake, alerts and exchanges of a TLS connection
 *
 * Only the first handshake record of each side (the hellos) and alert
 * records are read. Application data is grouped into exchanges: a burst of
 * records from the phone (a request) and the burst from the server that
 * follows (its answer). With TLS 1.3, the server's encrypted handshake and
 * the phone's Finished are not requests; session tickets sent before any
 * request are ignored.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_session.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "lp_text.h"
#include "signin_facts.h"
#include "tls_suites.h"

/* A TLS 1.3 encrypted alert: 2 bytes, the content type, a 16-byte tag, maybe padding. */
#define TLS13_ALERT_MAX 24

void lp_tls_session_init(lp_tls_session *s)
{
    memset(s, 0, sizeof *s);
}

void lp_tls_session_clear(lp_tls_session *s)
{
    g_free(s->ex);
    lp_tls_session_init(s);
}

static lp_tls_exchange *new_exchange(lp_tls_session *s)
{
    if (s->n_ex == s->cap_ex) {
        s->cap_ex = s->cap_ex ? s->cap_ex * 2 : 4;
        s->ex = g_renew(lp_tls_exchange, s->ex, s->cap_ex);
    }
    return &s->ex[s->n_ex++];
}

bool lp_tls_session_wants_hello(const lp_tls_session *s, int dir)
{
    return !s->hs_seen[dir] && !s->ccs[dir];
}

static void note_alert(lp_tls_session *s, int dir, bool encrypted, const uint8_t *body, size_t len,
                       const lp_where *w)
{
    if (s->alert.seen)
        return;
    s->alert.seen = true;
    s->alert.encrypted = encrypted;
    s->alert.dir = dir;
    s->alert.level = encrypted || len < 2 ? 0 : body[0];
    s->alert.desc = encrypted || len < 2 ? 0 : body[1];
    s->alert.w = *w;
}

void lp_tls_session_alert_decrypted(lp_tls_session *s, int dir, const uint8_t *body, size_t len, const lp_where *w)
{
    if (len < 2 || s->complete)
        return;
    if (s->alert.seen && s->alert.encrypted && s->alert.dir == dir) {
        s->alert.encrypted = false;
        s->alert.level = body[0];
        s->alert.desc = body[1];
        return;
    }
    note_alert(s, dir, false, body, len, w);
}

static void read_hello(lp_tls_session *s, int dir, const uint8_t *body, size_t len, const lp_where *w)
{
    s->hs_seen[dir] = true;
    if (body == NULL)
        return;
    if (dir == LP_DIR_PHONE) {
        lp_tls_client_hello ch;

        if (lp_tls_client_hello_parse(body, len, &ch)) {
            s->hello[dir] = true;
            s->offered = ch.max_version;
            s->suites = lp_tls_suites_offer(ch.suites, MIN(ch.n_suites, LP_TLS_SUITES_MAX), &s->n_suites);
            s->hello_w = *w;
            memcpy(s->sni, ch.sni, sizeof s->sni);
        }
    } else {
        lp_tls_server_hello sh;

        if (lp_tls_server_hello_parse(body, len, &sh)) {
            s->hello[dir] = true;
            s->version = sh.version;
        }
    }
}

static void count_data(lp_tls_session *s, int dir, uint32_t len, const lp_where *w)
{
    lp_tls_exchange *last = s->n_ex ? &s->ex[s->n_ex - 1] : NULL;

    if (dir == LP_DIR_PHONE) {
        if (last == NULL || (last->answered && s->n_ex < LP_TLS_MAX_EXCHANGES)) {
            lp_tls_exchange *e = new_exchange(s);

            memset(e, 0, sizeof *e);
            e->req_bytes = len;
            e->req = e->resp = *w;
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

static void application_data(lp_tls_session *s, int dir, uint32_t len, const lp_where *w)
{
    if (!s->complete) {
        if (s->version == LP_TLS_VERSION_1_3) {
            if (dir == LP_DIR_SERVER)
                return; /* the server's encrypted handshake */
            if (len <= TLS13_ALERT_MAX) {
                note_alert(s, dir, true, NULL, 0, w);
            } else {
                s->complete = true; /* the phone's Finished */
                s->complete_w = *w;
            }
            return;
        }
        /* Data without a handshake: it happened before the capture began. */
        s->complete = true;
        s->midstream = !s->hello[LP_DIR_PHONE];
        s->complete_w = *w;
    }
    count_data(s, dir, len, w);
}

void lp_tls_session_record(lp_tls_session *s, int dir, const lp_tls_record *rec,
                           const uint8_t *body, size_t body_len, const lp_where *w)
{
    switch (rec->type) {
    case LP_TLS_CT_HANDSHAKE:
        if (lp_tls_session_wants_hello(s, dir))
            read_hello(s, dir, body, body_len, w);
        break;
    case LP_TLS_CT_CHANGE_CIPHER_SPEC:
        s->ccs[dir] = true;
        /* TLS 1.3 sends it only for middleboxes; up to 1.2 both sides' mark the end. */
        if (s->version != LP_TLS_VERSION_1_3 && s->ccs[0] && s->ccs[1] && !s->complete) {
            s->complete = true;
            s->complete_w = *w;
        }
        break;
    case LP_TLS_CT_ALERT:
        if (!s->complete) {
            note_alert(s, dir, s->ccs[dir], body, body_len, w);
            break;
        }
        if (dir == LP_DIR_PHONE)
            s->client_alert_after = true;
        if (!s->ended_by_alert) {
            s->ended_by_alert = true;
            s->ended_dir = dir;
            s->ended_w = *w;
        }
        break;
    case LP_TLS_CT_APPLICATION_DATA:
        application_data(s, dir, rec->length, w);
        break;
    default:
        break;
    }
}

static const char *side(int dir)
{
    return dir == LP_DIR_PHONE ? "phone" : "server";
}

/* What an alert says the handshake failed on: a certificate alert only when the phone judged the server's. */
static lp_tls_fail alert_fail(const lp_tls_session *s)
{
    lp_tls_alert_class cls = lp_tls_alert_class_of(s->alert.desc);

    if (s->alert.encrypted)
        return s->alert.dir == LP_DIR_PHONE ? LP_TLS_FAIL_CERTIFICATE : LP_TLS_FAIL_OTHER;
    if (cls == LP_TLS_ALERT_CLASS_VERSION)
        return LP_TLS_FAIL_VERSION;
    return cls == LP_TLS_ALERT_CLASS_CERTIFICATE && s->alert.dir == LP_DIR_PHONE ? LP_TLS_FAIL_CERTIFICATE
                                                                                   : LP_TLS_FAIL_OTHER;
}

/*
 * What the server's certificate says about a failure the phone blamed on
 * it, as the event's reason: the certificate's own problems, or, when the
 * phone called a valid one expired, the phone's clock.
 */
static void certificate_says(const lp_tls_session *s, const lp_tls_close *c, lp_event *ev)
{
    lp_cert_facts cert;
    char text[LP_CAUSE_MAX];

    if (c->cert == NULL || ev->tls_fail != LP_TLS_FAIL_CERTIFICATE)
        return;
    cert = *c->cert;
    if (s->alert.seen && !s->alert.encrypted && s->alert.desc == LP_TLS_ALERT_CERTIFICATE_EXPIRED &&
        !(cert.problems & (LP_CERT_EXPIRED | LP_CERT_NOT_YET_VALID)))
        cert.problems |= LP_CERT_PHONE_CLOCK;
    ev->cert_read = true;
    ev->cert_problems = cert.problems;
    ev->cert_chain_checked = cert.chain_checked;
    lp_cert_describe(&cert, text, sizeof text);
    ev->reason = lp_text_intern(text);
}

/* The handshake's failure, if the connection ended in one. */
static bool handshake_failure(const lp_tls_session *s, const char *server, const lp_tls_close *c, lp_event *ev)
{
    const char *offered = lp_tls_version_name(s->offered);

    if (s->alert.seen) {
        const char *name = lp_tls_alert_name(s->alert.desc);

        lp_event_init(ev, LP_EV_TLS_ALERT, &s->alert.w);
        ev->tls_fail = alert_fail(s);
        certificate_says(s, c, ev);
        if (s->alert.encrypted)
            lp_event_detail(ev, "encrypted alert from the %s during the handshake with %s",
                            side(s->alert.dir), server);
        else
            lp_event_detail(ev, "%s alert %s (%u) from the %s during the handshake with %s",
                            s->alert.level == LP_TLS_ALERT_FATAL ? "fatal" : "warning", name ? name : "?",
                            s->alert.desc, side(s->alert.dir), server);
    } else if (s->complete || c->closed_by < 0) {
        return false;
    } else if (s->hello[LP_DIR_SERVER]) {
        lp_event_init(ev, LP_EV_TLS_ALERT, &c->closed);
        ev->tls_fail = c->closed_by == LP_DIR_PHONE ? LP_TLS_FAIL_CERTIFICATE : LP_TLS_FAIL_OTHER;
        certificate_says(s, c, ev);
        lp_event_detail(ev,
                        "handshake with %s aborted: the %s closed the connection after the server's hello, without an alert",
                        server, side(c->closed_by));
    } else if (s->hello[LP_DIR_PHONE] && !s->hs_seen[LP_DIR_SERVER]) {
        /* SChannel ends a handshake it has no protocol for without a word. */
        lp_event_init(ev, LP_EV_TLS_ALERT, &c->closed);
        ev->tls_fail = LP_TLS_FAIL_VERSION;
        if (c->closed_by == LP_DIR_SERVER)
            lp_event_detail(ev, "%s %s the connection at the phone's ClientHello (%s%s), without a ServerHello or an alert",
                            server, c->reset ? "reset" : "closed", offered ? offered : "TLS",
                            offered ? " at most" : "");
        else
            lp_event_detail(ev, "%s never answered the phone's ClientHello (%s%s); the phone closed the connection after %.1f s",
                            server, offered ? offered : "TLS", offered ? " at most" : "",
                            c->closed.t - s->hello_w.t);
    } else {
        return false;
    }
    ev->tls_offered = s->offered;
    ev->tls_suites = s->suites;
    ev->tls_n_suites = s->n_suites;
    return true;
}

/* Who ended a connection: the first FIN or RST, unless a close_notify came before it. */
static int closer(const lp_tls_session *s, const lp_tls_close *c)
{
    return s->ended_by_alert && s->ended_w.frame <= c->closed.frame ? s->ended_dir : c->closed_by;
}

/* The registrar ended the phone's connection (after how long, and whether it answered the phone's last
 * request), or the phone ended it. */
static void sip_closed(const lp_tls_session *s, const char *server, const lp_tls_close *c, int by,
                       lp_event_sink sink, void *data)
{
    const lp_tls_exchange *last = s->n_ex > 0 ? &s->ex[s->n_ex - 1] : NULL;
    lp_event ev;

    lp_event_init(&ev, LP_EV_SIP_CLOSED, &c->closed);
    ev.waited = c->closed.t - s->complete_w.t;
    ev.phone_closed = by == LP_DIR_PHONE;
    if (ev.phone_closed)
        lp_event_detail(&ev, "the phone %s its connection to the SIP server %s %.1f s after it opened",
                        c->reset ? "reset" : "closed", server, ev.waited);
    else
        lp_event_detail(&ev, "the SIP server %s %s the connection %.1f s after it opened%s", server,
                        c->reset ? "reset" : "closed", ev.waited,
                        last == NULL ? ", before the phone sent anything"
                        : !last->answered ? ", without answering the phone's request" : "");
    sink(data, &ev);
}

static bool handshake_events(const lp_tls_session *s, lp_role role, const char *server,
                             const lp_tls_close *c, lp_event_sink sink, void *data)
{
    const char *version = lp_tls_version_name(s->version);
    lp_event ev;

    if (handshake_failure(s, server, c, &ev))
        sink(data, &ev);
    if (!s->complete)
        return false;
    if (role == LP_ROLE_SIP) {
        if (!c->sip_reported) {
            lp_event_init(&ev, LP_EV_SIP_CONNECT, &s->complete_w);
            lp_event_detail(&ev, "%s%sconnection to the SIP server %s%s%s%s",
                            version ? version : "", version ? " " : "", server,
                            s->midstream ? " (set up before the capture began)" : " established",
                            c->decryption ? "; " : "", c->decryption ? c->decryption : "");
            sink(data, &ev);
        }
        if (c->closed_by >= 0)
            sip_closed(s, server, c, closer(s, c), sink, data);
        return !c->sip_reported;
    }
    if (role == LP_ROLE_WEB && !s->midstream) {
        lp_event_init(&ev, LP_EV_TLS_HANDSHAKE, &s->complete_w);
        lp_event_detail(&ev, "%s with %s%s%s", version ? version : "TLS", server,
                        c->decryption ? "; " : "", c->decryption ? c->decryption : "");
        sink(data, &ev);
    }
    return false;
}

static void exchange_events(const lp_tls_session *s, const lp_tls_close *c, lp_event_sink sink, void *data)
{
    double end_t = c->closed_by >= 0 ? c->closed.t : c->end.t;
    unsigned i;

    for (i = 0; i < s->n_ex; i++) {
        const lp_tls_exchange *x = &s->ex[i];
        lp_event ev;

        lp_event_init(&ev, LP_EV_HTTP_REQUEST, &x->req);
        ev.encrypted = true;
        ev.bytes = x->req_bytes;
        lp_event_detail(&ev, "encrypted request, %u bytes", x->req_bytes);
        sink(data, &ev);
        if (x->answered) {
            lp_event_init(&ev, LP_EV_HTTP_RESPONSE, &x->resp);
            ev.response = LP_RESP_UNSEEN;
            ev.encrypted = true;
            ev.bytes = x->resp_bytes;
            ev.client_closed = i + 1 == s->n_ex && (c->closed_by == LP_DIR_PHONE || s->client_alert_after);
            lp_event_detail(&ev, "encrypted answer, %u bytes", x->resp_bytes);
        } else {
            bool phone_closed = c->closed_by == LP_DIR_PHONE;

            lp_event_init(&ev, LP_EV_NO_RESPONSE, &x->req);
            ev.encrypted = true;
            ev.waited = end_t - x->req.t;
            ev.phone_closed = phone_closed;
            lp_event_detail(&ev, "no answer in %.1f s, then %s", ev.waited,
                            phone_closed ? "the phone closed the connection"
                            : c->closed_by == LP_DIR_SERVER ? "the server closed the connection"
                            : "the capture ended");
        }
        sink(data, &ev);
    }
}

bool lp_tls_session_events(const lp_tls_session *s, lp_role role, const char *server,
                           const lp_tls_close *c, lp_event_sink sink, void *data)
{
    bool sip;

    if (role == LP_ROLE_NONE || (!s->hello[LP_DIR_PHONE] && !s->complete) || c->one_way)
        return false;
    sip = handshake_events(s, role, server, c, sink, data);
    if (role == LP_ROLE_WEB && s->complete && !c->decrypted)
        exchange_events(s, c, sink, data);
    return sip;
}
