/* app_http.c - HTTP/1.x messages put together from a byte stream: head,
 * then a body framed by Content-Length, chunked encoding or the close
 *
 * A message is collected up to a bound (the head, then the first part of
 * the body that the SOAP rules read); the rest is counted and skipped. A
 * head longer than its bound is passed over, and counted, up to the next
 * segment that starts a message.
 * Requests wait in a queue for their responses, in order (RFC 9112 9.3.2).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_http.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "app.h"
#include "app_rootchain.h"
#include "http_body.h"
#include "http_message.h"
#include "signin_facts.h"
#include "web_service.h"

#define HEAD_MAX    (16 * 1024)
#define BODY_KEEP   (64 * 1024)
#define MAX_PENDING 16
#define CHUNK_LINE  32

typedef enum {
    ST_HEAD = 0,
    ST_BODY,        /* Content-Length bytes */
    ST_CHUNK_SIZE,
    ST_CHUNK_DATA,
    ST_CHUNK_END,   /* the CRLF after a chunk */
    ST_TRAILER,
    ST_TO_CLOSE,    /* a response without length: the body ends with the connection */
    ST_LOST,        /* after a gap: wait for a segment that starts a message */
    ST_LONG_HEAD,   /* the head outgrew HEAD_MAX: its end is awaited, the bytes counted */
    ST_SKIP         /* the budget refused the head, or after a long head: the same as ST_LOST, counting */
} state;

typedef struct {
    GByteArray *buf;        /* the head, then the (de-chunked) body; NULL between messages */
    size_t      held;       /* bytes of buf taken from the budget (its longest yet) */
    bool        cut;        /* the budget refused part of this body, or no rule reads it: keep no more */
    bool        skim;       /* no rule reads this message: it is only framed, and paired */
    bool        is_request; /* of the message being read, from its head */
    unsigned    status;
    state       st;
    uint64_t    left;
    size_t      head_len;
    char        line[CHUNK_LINE];
    unsigned    line_len;
    lp_where    last;       /* where the latest byte came */
    uint32_t    orig_frame;
    uint32_t    prev_frame; /* the previous Export PDU record, to drop a duplicate */
    size_t      prev_len;
} half;

typedef struct {
    lp_where   w;
    uint32_t   orig_frame;
    uint32_t   id;          /* lp_http_seen.request_id, 0 when not a Lync web service */
    lp_service service;     /* LP_SVC_NONE: not a Lync web service, answer ignored */
    bool       credentials;
    uint8_t    auth;        /* lp_auth_method */
    bool       metadata;    /* a mex request: its WSDL answer says nothing the verdict reads */
    bool       root_chain;  /* the CA chain download (CertProv RootChain) */
} pending;

struct lp_http {
    half    h[2];
    GArray *q;  /* pending, oldest first; made at the first request (most connections keep one at a time) */
};

/* Idle buffers kept for reuse; more are freed. */
#define SPARE_BUFFERS 64

/*
 * A connection holds a buffer only while it reads a message: thousands of
 * keep-alive connections then need a few buffers between them, not two each,
 * and none is allocated per message.
 */
static void lend(lp_engine *ctx, half *h)
{
    if (h->buf == NULL)
        h->buf = ctx->http_buffers->len > 0 ? g_ptr_array_steal_index_fast(ctx->http_buffers,
                                                                           ctx->http_buffers->len - 1)
                                            : g_byte_array_new();
}

static void give_back(lp_engine *ctx, half *h)
{
    if (h->buf != NULL) {
        g_byte_array_set_size(h->buf, 0);
        if (ctx->http_buffers->len < SPARE_BUFFERS)
            g_ptr_array_add(ctx->http_buffers, h->buf);
        else
            g_byte_array_unref(h->buf);
        h->buf = NULL;
    }
    lp_engine_release(ctx, h->held);
    h->held = 0;
}

lp_http *lp_http_new(void)
{
    return g_new0(lp_http, 1);
}

void lp_http_free(lp_engine *ctx, lp_http *http)
{
    if (http == NULL)
        return;
    give_back(ctx, &http->h[0]);
    give_back(ctx, &http->h[1]);
    if (http->q != NULL)
        g_array_free(http->q, TRUE);
    g_free(http);
}

bool lp_http_starts_message(const uint8_t *p, size_t len)
{
    size_t i;

    if (len >= 7 && memcmp(p, "HTTP/1.", 7) == 0)
        return true;
    /* METHOD SP ( "/" | absolute URI ) */
    for (i = 0; i < len && i < 16 && p[i] >= 'A' && p[i] <= 'Z'; i++)
        ;
    return i >= 3 && i + 1 < len && p[i] == ' ' && (p[i + 1] == '/' || p[i + 1] == 'h');
}

static void reset(lp_engine *ctx, half *h)
{
    give_back(ctx, h);
    h->st = ST_HEAD;
    h->left = 0;
    h->head_len = 0;
    h->line_len = 0;
    h->cut = false;
    h->skim = false;
}

/* Let h's buffer grow to len bytes, within the budget. */
static bool hold(lp_engine *ctx, half *h, size_t len)
{
    if (len <= h->held)
        return true;
    if (!lp_engine_hold(ctx, len - h->held))
        return false;
    h->held = len;
    return true;
}

static void keep(lp_engine *ctx, half *h, const uint8_t *p, size_t n)
{
    size_t room;

    if (h->cut)
        return;
    room = h->head_len + BODY_KEEP > h->buf->len ? h->head_len + BODY_KEEP - h->buf->len : 0;
    if (n > room)
        n = room;
    if (n == 0)
        return;
    if (!hold(ctx, h, h->buf->len + n)) {
        h->cut = true; /* the SOAP rules read the part kept */
        ctx->limits.http_bytes_skipped += n;
        return;
    }
    g_byte_array_append(h->buf, p, (guint)n);
}

static void tell(lp_engine *ctx, const lp_flow *f, const half *h, const lp_ws_request *rq, const lp_ws_response *r,
                 lp_service service, bool credentials, const pending *request)
{
    lp_http_seen seen = { &h->last, &f->addr[LP_C2S], f->port[LP_C2S], rq, r, service, credentials,
                          request != NULL ? &request->w : NULL, request != NULL ? request->id : 0 };

    if (ctx->observer != NULL && ctx->observer->http != NULL)
        ctx->observer->http(ctx->observer_data, &seen);
}

/* A request waits for its response, in order. */
static void wait_for_response(lp_http *http, const pending *p)
{
    if (http->q == NULL)
        http->q = g_array_new(FALSE, FALSE, sizeof(pending));
    if (http->q->len == MAX_PENDING) /* never answered: forget the oldest */
        g_array_remove_index(http->q, 0);
    g_array_append_val(http->q, *p);
}

static void on_request(lp_engine *ctx, lp_http *http, lp_flow *f, const lp_http_view *v, const half *h)
{
    lp_ws_request rq;
    bool lync = lp_ws_classify_request(v, &rq);
    pending p;
    lp_phone_event ev;

    p.w = h->last;
    p.orig_frame = h->orig_frame;
    p.service = lync ? rq.service : LP_SVC_NONE;
    p.credentials = lync && rq.has_credentials;
    p.auth = lync ? (uint8_t)rq.auth : LP_AUTH_NONE;
    p.metadata = lync && lp_str_ieq(rq.operation, "mex");
    p.root_chain = lync && lp_str_ieq(rq.operation, "RootChain");
    p.id = lync ? ++ctx->http_requests : 0;
    wait_for_response(http, &p);
    if (!lync)
        return;
    if (rq.user[0] != '\0')
        lp_phones_set_user(ctx->phones, &f->addr[LP_C2S], f->id, rq.user, rq.pin[0] != '\0');
    memset(&ev, 0, sizeof ev);
    lp_request_event(&ev.ev, &h->last, v, &rq, ctx->show_pin);
    ev.orig_frame = h->orig_frame;
    lp_app_emit(ctx, f, &ev);
    tell(ctx, f, h, &rq, NULL, rq.service, rq.has_credentials, &p);
    memset(rq.pin, 0, sizeof rq.pin);
}

/* A response whose request came before the capture or was lost: core says whether it still tells. */
static void orphan_response(lp_engine *ctx, lp_flow *f, const lp_http_view *v, const half *h)
{
    lp_ws_response r;
    lp_phone_event ev;

    lp_ws_parse_response(v, &r);
    if (!lp_orphan_response_counts(&r))
        return;
    memset(&ev, 0, sizeof ev);
    lp_response_event(&ev.ev, &h->last, LP_SVC_NONE, &r, true, LP_AUTH_NONE);
    ev.orig_frame = h->orig_frame;
    lp_app_emit(ctx, f, &ev);
    tell(ctx, f, h, NULL, &r, LP_SVC_NONE, true, NULL);
}

static void on_response(lp_engine *ctx, lp_http *http, lp_flow *f, const lp_http_view *v, const half *h)
{
    pending req;
    lp_ws_response r;
    lp_phone_event ev;

    if (v->status < 200)
        return; /* an interim response */
    if (http->q == NULL || http->q->len == 0) {
        orphan_response(ctx, f, v, h);
        return;
    }
    req = g_array_index(http->q, pending, 0);
    g_array_remove_index(http->q, 0);
    if (req.service == LP_SVC_NONE)
        return;
    lp_ws_parse_response(v, &r);
    memset(&ev, 0, sizeof ev);
    lp_response_event(&ev.ev, &h->last, req.service, &r, req.credentials, (lp_auth_method)req.auth);
    ev.orig_frame = h->orig_frame;
    lp_app_emit(ctx, f, &ev);
    tell(ctx, f, h, NULL, &r, req.service, req.credentials, &req);
    if (req.root_chain)
        lp_root_chain_answered(ctx, f, v, &h->last, h->orig_frame);
    if (r.certificate_issued) {
        memset(&ev, 0, sizeof ev);
        lp_certificate_event(&ev.ev, &h->last, req.service);
        ev.orig_frame = h->orig_frame;
        lp_app_emit(ctx, f, &ev);
    }
}

/* A whole message of dir: a request from the phone, a response from the server. */
static void judge(lp_engine *ctx, lp_http *http, lp_flow *f, int dir, const lp_http_view *v, const half *h)
{
    if (v->is_request && dir == LP_C2S)
        on_request(ctx, http, f, v, h);
    else if (!v->is_request && dir == LP_S2C)
        on_response(ctx, http, f, v, h);
}

/* A message no rule reads keeps its request and response paired, and no more. */
static void pass_over(lp_http *http, const half *h, int dir)
{
    pending p = { h->last, h->orig_frame, 0, LP_SVC_NONE, false, LP_AUTH_NONE, false, false };

    if (h->is_request && dir == LP_C2S)
        wait_for_response(http, &p);
    else if (!h->is_request && dir == LP_S2C && h->status >= 200 && http->q != NULL && http->q->len > 0)
        g_array_remove_index(http->q, 0);
}

static void complete(lp_engine *ctx, lp_http *http, lp_flow *f, int dir)
{
    half *h = &http->h[dir];
    lp_http_head head;
    uint8_t *inflated = NULL;

    if (h->skim)
        pass_over(http, h, dir);
    else if (h->buf != NULL && lp_http_parse_head(h->buf->data, h->buf->len, &head) == LP_HTTP_HEAD_OK) {
        inflated = lp_http_body_decode(&head.view, BODY_KEEP);
        judge(ctx, http, f, dir, &head.view, h);
    }
    g_free(inflated);
    reset(ctx, h);
}

/*
 * A head that outgrew HEAD_MAX is still a message: it is judged from its
 * lines read so far (an answer is an answer), the line it was cut in kept
 * as far as it came (an X-Ms-diagnostics with a huge reason still gives its
 * id), and the rest is skipped.
 */
static void complete_cut_head(lp_engine *ctx, lp_http *http, lp_flow *f, int dir)
{
    half *h = &http->h[dir];
    size_t end = h->buf->len;
    lp_http_head head;

    if (end == 0 || !hold(ctx, h, end + 4))
        return;
    if (h->buf->data[end - 1] != '\n')
        g_byte_array_append(h->buf, (const guint8 *)"\r\n", 2);
    g_byte_array_append(h->buf, (const guint8 *)"\r\n", 2);
    if (lp_http_parse_head(h->buf->data, h->buf->len, &head) == LP_HTTP_HEAD_OK)
        judge(ctx, http, f, dir, &head.view, h);
}

/* Pass over the rest of a long head; at the empty line that ends it, go on to ST_SKIP. */
static size_t long_head_bytes(half *h, const uint8_t *p, size_t len)
{
    size_t i;

    /* line_len counts the line ends seen with nothing but CRs between them. */
    for (i = 0; i < len; i++) {
        if (p[i] == '\n' && ++h->line_len == 2) {
            h->st = ST_SKIP;
            return i + 1;
        }
        if (p[i] != '\n' && p[i] != '\r')
            h->line_len = 0;
    }
    return len;
}

/*
 * Whether a rule reads the message: a Lync request, the answer to one, or
 * an answer whose request is not in the capture (its diagnostics may tell).
 * *body says whether its body is read too: not for other traffic, and not
 * for metadata, which says nothing the rules read.
 */
static bool read_message(const lp_http *http, const lp_http_view *v, bool *body)
{
    const pending *req;

    if (v->is_request)
        return *body = lp_ws_service_of_uri(v->uri) != LP_SVC_NONE;
    if (http->q == NULL || http->q->len == 0)
        return *body = true;
    req = &g_array_index(http->q, pending, 0);
    *body = req->service != LP_SVC_NONE && !req->metadata;
    return req->service != LP_SVC_NONE;
}

/*
 * Parse a head. Its fields are all read only when a rule reads the message
 * (h->skim is set from the start line); otherwise only those that frame it.
 */
static lp_http_head_result parse_head(const lp_http *http, half *h, const uint8_t *p, size_t len,
                                      lp_http_head *head)
{
    lp_http_head_result r = lp_http_parse_start(p, len, head);
    bool body;

    if (r != LP_HTTP_HEAD_OK)
        return r;
    h->skim = !read_message(http, &head->view, &body);
    h->cut = !body;
    return lp_http_parse_fields(p, len, head, h->skim);
}

/* The head is complete: choose how the body is framed. */
static void start_body(half *h, const lp_http_head *head)
{
    unsigned s = head->view.status;

    h->is_request = head->view.is_request;
    h->status = s;
    h->head_len = head->head_len;
    if (h->buf != NULL)
        g_byte_array_set_size(h->buf, (guint)head->head_len);
    if (head->chunked)
        h->st = ST_CHUNK_SIZE;
    else if (head->has_length)
        h->st = ST_BODY, h->left = head->content_length;
    else if (!head->view.is_request && s >= 200 && s != 204 && s != 304)
        h->st = ST_TO_CLOSE;
    else
        h->st = ST_BODY, h->left = 0;
}

/*
 * Whether buf[from..to) holds the end of a head (a LF that ends an empty
 * line): a head that came in many small pieces is parsed once, not once a
 * piece.
 */
static bool ends_head(const uint8_t *buf, size_t from, size_t to)
{
    const uint8_t *lf;
    size_t i = from > 0 ? from : 1;

    while (i < to && (lf = memchr(buf + i, '\n', to - i)) != NULL) {
        i = (size_t)(lf - buf);
        if (buf[i - 1] == '\n' || (buf[i - 1] == '\r' && i >= 2 && buf[i - 2] == '\n'))
            return true;
        i++;
    }
    return false;
}

/*
 * Consume head bytes; returns how many of p belonged to the head. The first
 * piece is parsed where it lies: a stream that is not HTTP is given up at
 * once, and a head whole in it is copied only when a rule reads the message.
 * A head in several pieces is gathered, and parsed once it has ended.
 */
static size_t head_bytes(lp_engine *ctx, const lp_http *http, half *h, const uint8_t *p, size_t len)
{
    size_t before, take;
    lp_http_head head;

    if (h->buf == NULL) {
        switch (parse_head(http, h, p, len < HEAD_MAX ? len : HEAD_MAX, &head)) {
        case LP_HTTP_HEAD_OK:
            start_body(h, &head);
            if (!h->skim) {
                lend(ctx, h);
                if (!hold(ctx, h, head.head_len)) {
                    h->st = ST_SKIP;
                    return 0;
                }
                g_byte_array_append(h->buf, p, (guint)head.head_len);
            }
            return head.head_len;
        case LP_HTTP_HEAD_INCOMPLETE:
            break;
        default:
            h->st = ST_LOST;
            return len;
        }
    }
    lend(ctx, h);
    before = h->buf->len;
    take = len < HEAD_MAX - before ? len : HEAD_MAX - before;

    if (!hold(ctx, h, before + take)) {
        h->st = ST_SKIP;
        return 0;
    }
    g_byte_array_append(h->buf, p, (guint)take);
    if (!ends_head(h->buf->data, before, h->buf->len)) {
        if (h->buf->len >= HEAD_MAX)
            h->st = ST_SKIP;
        return take;
    }
    switch (parse_head(http, h, h->buf->data, h->buf->len, &head)) {
    case LP_HTTP_HEAD_OK:
        start_body(h, &head);
        return head.head_len - before;
    case LP_HTTP_HEAD_INCOMPLETE:
        if (h->buf->len >= HEAD_MAX)
            h->st = ST_SKIP;
        return take;
    default:
        h->st = ST_LOST;
        return len;
    }
}

/* A line of the chunked framing; true when it ended within p (n set to what was used). */
static bool chunk_line(half *h, const uint8_t *p, size_t len, size_t *n)
{
    const uint8_t *lf = memchr(p, '\n', len);
    size_t upto = lf != NULL ? (size_t)(lf - p) : len;

    for (*n = 0; *n < upto; (*n)++)
        if (h->line_len < CHUNK_LINE - 1 && p[*n] != '\r')
            h->line[h->line_len++] = (char)p[*n];
    if (lf == NULL)
        return false;
    (*n)++;
    h->line[h->line_len] = '\0';
    return true;
}

/* Consume body bytes; returns how many were used (up to the end of the message). */
static size_t body_bytes(lp_engine *ctx, lp_http *http, lp_flow *f, int dir, const uint8_t *p, size_t len)
{
    half *h = &http->h[dir];
    size_t used = 0;

    while (used < len && h->st != ST_HEAD) {
        size_t n = len - used;

        switch (h->st) {
        case ST_BODY:
        case ST_CHUNK_DATA:
            n = h->left < n ? (size_t)h->left : n;
            keep(ctx, h, p + used, n);
            h->left -= n;
            if (h->left == 0 && h->st == ST_CHUNK_DATA)
                h->st = ST_CHUNK_END;
            break;
        case ST_TO_CLOSE:
            keep(ctx, h, p + used, n);
            break;
        case ST_CHUNK_SIZE:
            if (chunk_line(h, p + used, n, &n)) {
                h->left = g_ascii_strtoull(h->line, NULL, 16);
                h->st = h->left > 0 ? ST_CHUNK_DATA : ST_TRAILER;
                h->line_len = 0;
            }
            break;
        case ST_CHUNK_END:
        case ST_TRAILER:
            if (chunk_line(h, p + used, n, &n)) {
                bool last = h->st == ST_TRAILER && h->line_len == 0;
                h->st = h->st == ST_CHUNK_END ? ST_CHUNK_SIZE : last ? ST_BODY : ST_TRAILER;
                h->line_len = 0;
            }
            break;
        default:
            return len; /* ST_LOST */
        }
        used += n;
        if (h->st == ST_BODY && h->left == 0)
            complete(ctx, http, f, dir);
    }
    return used;
}

/* Bytes of one direction, from where the previous ones stopped. */
static void feed(lp_engine *ctx, lp_http *http, lp_flow *f, int dir, const uint8_t *p, size_t len,
                 const lp_where *w, uint32_t orig_frame)
{
    half *h = &http->h[dir];
    size_t used;

    /* A head that never ended is no message: a new one starts. */
    if (h->st == ST_LONG_HEAD && lp_http_starts_message(p, len))
        reset(ctx, h);
    if (h->st == ST_LOST || h->st == ST_SKIP) {
        if (!lp_http_starts_message(p, len)) {
            if (h->st == ST_SKIP)
                ctx->limits.http_bytes_skipped += len;
            return;
        }
        reset(ctx, h);
    }
    h->last = *w;
    h->orig_frame = orig_frame;
    /* Message after message: pipelined requests share a segment. */
    while (len > 0 && h->st != ST_LOST && h->st != ST_SKIP) {
        if (h->st == ST_HEAD) {
            used = head_bytes(ctx, http, h, p, len);
            if (h->st == ST_BODY && h->left == 0)
                complete(ctx, http, f, dir);
            else if (h->st == ST_SKIP && h->buf->len >= HEAD_MAX)
                h->st = ST_LONG_HEAD;
        } else if (h->st == ST_LONG_HEAD) {
            used = long_head_bytes(h, p, len);
            ctx->limits.http_bytes_skipped += used;
            if (h->st == ST_SKIP)
                complete_cut_head(ctx, http, f, dir);
        } else {
            used = body_bytes(ctx, http, f, dir, p, len);
        }
        p += used;
        len -= used;
    }
    if (h->st == ST_SKIP)
        ctx->limits.http_bytes_skipped += len;
}

void lp_http_data(lp_engine *ctx, lp_http *http, lp_flow *f, int dir, const uint8_t *p, size_t len,
                  const lp_where *w)
{
    feed(ctx, http, f, dir, p, len, w, 0);
}

void lp_http_record(lp_engine *ctx, lp_http *http, lp_flow *f, int dir, const lp_http_pdu *pdu,
                    const lp_where *w)
{
    half *h = &http->h[dir];

    if (pdu->orig_frame != 0 && pdu->orig_frame == h->prev_frame && pdu->len == h->prev_len)
        return; /* the same PDU exported twice */
    h->prev_frame = pdu->orig_frame;
    h->prev_len = pdu->len;
    /* A record may start a message even where the previous one looks unfinished. */
    if ((h->st != ST_HEAD || h->buf != NULL) && lp_http_starts_message(pdu->data, pdu->len)) {
        if (h->st == ST_TO_CLOSE)
            complete(ctx, http, f, dir);
        reset(ctx, h);
    }
    feed(ctx, http, f, dir, pdu->data, pdu->len, w, pdu->orig_frame);
}

void lp_http_gap(lp_http *http, int dir, size_t missing)
{
    half *h = &http->h[dir];

    /* A hole in a body with a known length costs only those bytes. */
    if (h->st == ST_BODY)
        h->left -= missing < h->left ? missing : h->left;
    else if (h->st != ST_TO_CLOSE)
        h->st = ST_LOST;
}

void lp_http_end(lp_engine *ctx, lp_http *http, lp_flow *f, const lp_where *end)
{
    double end_t = f->closed_by >= 0 ? f->closed.t : end->t;
    bool phone_closed = f->closed_by == LP_C2S;
    unsigned i;

    /* A body ended by the server's close is whole at its FIN, where Wireshark shows the response. */
    if (http->h[LP_S2C].st == ST_TO_CLOSE && f->closed_by == LP_S2C)
        http->h[LP_S2C].last = f->closed;
    if (http->h[LP_S2C].st == ST_TO_CLOSE || http->h[LP_S2C].st == ST_BODY)
        complete(ctx, http, f, LP_S2C);
    for (i = 0; http->q != NULL && i < http->q->len; i++) {
        const pending *p = &g_array_index(http->q, pending, i);
        lp_phone_event ev;

        if (p->service == LP_SVC_NONE || lp_flow_one_way(f))
            continue;
        memset(&ev, 0, sizeof ev);
        lp_no_response_event(&ev.ev, &p->w, p->service, end_t - p->w.t, phone_closed);
        ev.orig_frame = p->orig_frame;
        lp_app_emit(ctx, f, &ev);
    }
    if (http->q != NULL)
        g_array_set_size(http->q, 0);
}
