/* packet-lyncprov-http.c - the Lync web services (CertProv, WebTicket) in HTTP
 *
 * Reads the messages the stock HTTP dissector found (clear text, or out of
 * TLS that Wireshark decrypted), pairs requests with responses, tells the
 * normal 401 challenge from a rejected PIN, and flags requests that never
 * got an answer. What a message means is decided in core/.
 *
 * The first pass reads the wanted HTTP fields and keeps the facts per frame;
 * every pass draws them; only a later pass can say "no response".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <wsutil/wmem/wmem.h>

#include "http_message.h"
#include "signin_facts.h"
#include "signin_verdict.h"
#include "web_service.h"
#include "lyncprov_compat.h"
#include "packet-lyncprov.h"

/* Stock HTTP fields the postdissector asks for. */
static int hf_http_proto = -1;
static int hf_http_method = -1;
static int hf_http_uri = -1;
static int hf_http_code = -1;
static int hf_http_request_line = -1;
static int hf_http_response_line = -1;
static int hf_http_file_data = -1;

static int hf_service = -1;
static int hf_endpoint = -1;
static int hf_operation = -1;
static int hf_user = -1;
static int hf_extension = -1;
static int hf_pin = -1;
static int hf_credentials = -1;
static int hf_status = -1;
static int hf_result = -1;
static int hf_unauthorized = -1;
static int hf_certificate_issued = -1;
static int hf_diag_code = -1;
static int hf_diag_source = -1;
static int hf_diag_reason = -1;
static int hf_diag_fault = -1;
static int hf_diag_origin = -1;
static int hf_diag_meaning = -1;
static int hf_diag_advice = -1;
static int hf_response_in = -1;
static int hf_request_in = -1;
static int hf_time = -1;
static int hf_inferred = -1;

static gint ett_lyncprov_http = -1;
static gint ett_diag = -1;

static expert_field ei_challenge = EI_INIT;
static expert_field ei_invalid_pin = EI_INIT;
static expert_field ei_auth_failed = EI_INIT;
static expert_field ei_no_response = EI_INIT;
static expert_field ei_server_error = EI_INIT;
static expert_field ei_http_error = EI_INIT;
static expert_field ei_diag_malformed = EI_INIT;

static lp_pref_bool pref_show_pin = FALSE;

static int lyncprov_tap = -1;

/* Requests of the capture, by frame number. */
static wmem_map_t *exchanges;
/*
 * Per TCP stream, the requests still waiting for their responses, in order
 * (RFC 9112 9.3.2): responses answer them in turn, pipelined or not. Other
 * requests of the stream wait as not_lync.
 */
static GHashTable *waiting;
static lync_exchange not_lync;

static void waiting_init(void)
{
    waiting = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_queue_free);
}

static void waiting_cleanup(void)
{
    g_hash_table_destroy(waiting);
}

static void wait_for_response(guint32 stream, lync_exchange *x)
{
    GQueue *q = (GQueue *)g_hash_table_lookup(waiting, GUINT_TO_POINTER(stream));

    if (q == NULL) {
        q = g_queue_new();
        g_hash_table_insert(waiting, GUINT_TO_POINTER(stream), q);
    }
    g_queue_push_tail(q, x);
}

/* The request a response answers: the oldest waiting one of its stream; NULL when none. */
static lync_exchange *answered_request(guint32 stream)
{
    GQueue *q = (GQueue *)g_hash_table_lookup(waiting, GUINT_TO_POINTER(stream));

    return q != NULL ? (lync_exchange *)g_queue_pop_head(q) : NULL;
}

/* Value labels: core's names, so that filters, stats, README and the tool say the same. */
static value_string diag_origin_vals[LP_DIAG_ORIGIN_COUNT + 1];
static value_string result_vals[LP_RESP_COUNT + 1];

static void fill_vals(value_string *vals, unsigned n, const char *(*name)(unsigned))
{
    unsigned i;

    for (i = 0; i < n; i++) {
        vals[i].value = i;
        vals[i].strptr = name(i);
    }
    vals[n].value = 0;
    vals[n].strptr = NULL;
}

static const char *result_name(unsigned kind)
{
    return lp_resp_kind_name((lp_resp_kind)kind);
}

static const char *origin_name(unsigned origin)
{
    return lp_diag_origin_name((lp_diag_origin)origin);
}

/* The bytes a wanted field covers, or NULL. */
static const guint8 *fi_bytes(const field_info *fi, gsize *len)
{
    if (fi->ds_tvb == NULL || fi->start < 0 || fi->length <= 0 ||
        !tvb_bytes_exist(fi->ds_tvb, fi->start, fi->length))
        return NULL;
    *len = (gsize)fi->length;
    return tvb_get_ptr(fi->ds_tvb, fi->start, fi->length);
}

/* Does fi lie inside the HTTP message h (same data source, inside its range)? */
static gboolean inside(const field_info *fi, const field_info *h)
{
    return fi->ds_tvb == h->ds_tvb && fi->start >= h->start &&
           fi->start < h->start + h->length;
}

static GPtrArray *wanted(proto_tree *tree, int hf)
{
    return hf == -1 ? NULL : proto_get_finfo_ptr_array(tree, hf);
}

/* The first field of hf inside h, or NULL. */
static const field_info *field_in(proto_tree *tree, int hf, const field_info *h)
{
    GPtrArray *a = wanted(tree, hf);
    guint i;

    for (i = 0; a != NULL && i < a->len; i++) {
        const field_info *fi = (const field_info *)g_ptr_array_index(a, i);
        if (inside(fi, h))
            return fi;
    }
    return NULL;
}

static lp_str fi_str(const field_info *fi)
{
    gsize len = 0;
    const guint8 *p = fi != NULL ? fi_bytes(fi, &len) : NULL;

    return (lp_str){ (const char *)p, p != NULL ? len : 0 };
}

/* Build the core's view of HTTP message h from the wanted fields. */
static void build_view(proto_tree *tree, const field_info *h, guint n_http,
                       lp_http_view *view, lp_header *headers)
{
    GPtrArray *lines;
    const field_info *fi;
    guint i;

    memset(view, 0, sizeof *view);
    view->headers = headers;
    fi = field_in(tree, hf_http_method, h);
    view->is_request = fi != NULL;
    view->method = fi_str(fi);
    view->uri = fi_str(field_in(tree, hf_http_uri, h));
    if ((fi = field_in(tree, hf_http_code, h)) != NULL)
        view->status = fvalue_get_uinteger(LP_FI_FVALUE(fi));

    lines = wanted(tree, view->is_request ? hf_http_request_line : hf_http_response_line);
    for (i = 0; lines != NULL && i < lines->len && view->n_headers < LP_HTTP_MAX_HEADERS; i++) {
        fi = (const field_info *)g_ptr_array_index(lines, i);
        if (inside(fi, h)) {
            lp_str line = fi_str(fi);
            if (line.ptr != NULL && lp_http_split_header(line.ptr, line.len, &headers[view->n_headers]))
                view->n_headers++;
        }
    }

    /* A de-chunked or decompressed body lives in a data source of its own. */
    fi = field_in(tree, hf_http_file_data, h);
    if (fi == NULL && n_http == 1) {
        GPtrArray *bodies = wanted(tree, hf_http_file_data);
        if (bodies != NULL && bodies->len > 0)
            fi = (const field_info *)g_ptr_array_index(bodies, 0);
    }
    if (fi != NULL) {
        lp_str body = fi_str(fi);
        view->body = (const guint8 *)body.ptr;
        view->body_len = body.len;
    }
}

static const char *file_strdup(const char *s)
{
    return s[0] != '\0' ? wmem_strdup(wmem_file_scope(), s) : NULL;
}

static const char *file_unescape(lp_str s)
{
    char buf[LP_DIAG_VALUE_MAX];

    if (s.ptr == NULL)
        return NULL;
    lp_unescape(s.ptr, s.len, buf, sizeof buf);
    return wmem_strdup(wmem_file_scope(), buf);
}

/* The request's event for the phone's sign-in, as pcap-summarize makes it. */
static void request_event(packet_info *pinfo, const lp_http_view *view, const lp_ws_request *req,
                          const lync_exchange *x)
{
    lp_where w = lyncprov_where(pinfo);
    lp_phone_event ev;

    memset(&ev, 0, sizeof ev);
    lp_request_event(&ev.ev, &w, view, req, pref_show_pin);
    if (req->user[0] != '\0')
        lyncprov_signin_set_user(&x->client, req->user, req->pin[0] != '\0');
    lyncprov_signin_host_event(&x->client, lyncprov_src_mac(pinfo), &ev);
}

static lync_http_msg *first_pass_request(packet_info *pinfo, proto_tree *tree, const lp_http_view *view)
{
    lp_ws_request req;
    lync_http_msg *m;
    lync_exchange *x;
    guint32 stream;
    gboolean has_stream = lyncprov_tcp_stream(tree, &stream);

    if (!lp_ws_classify_request(view, &req)) {
        if (has_stream)
            wait_for_response(stream, &not_lync);
        return NULL;
    }
    x = wmem_new0(wmem_file_scope(), lync_exchange);
    x->request_frame = pinfo->num;
    x->request_time = pinfo->abs_ts;
    x->svc = req.service;
    x->service = lp_ws_service_name(req.service);
    x->has_credentials = req.has_credentials;
    x->root_chain = lp_str_ieq(req.operation, "RootChain");
    if (req.operation.len > 0)
        x->operation = wmem_strndup(wmem_file_scope(), req.operation.ptr, req.operation.len);
    if (req.user[0] != '\0') {
        char ext[LP_WS_USER_MAX];

        x->user = file_strdup(req.user);
        lp_ws_extension(req.user, ext, sizeof ext);
        x->extension = file_strdup(ext);
    }
    x->client_port = (guint16)pinfo->srcport;
    x->has_stream = has_stream;
    x->stream = stream;
    if (has_stream) {
        lyncprov_tls_mark_decrypted(stream);
        wait_for_response(stream, x);
    }
    wmem_map_insert(exchanges, GUINT_TO_POINTER(pinfo->num), x);
    if (lyncprov_addr(&pinfo->src, &x->client))
        request_event(pinfo, view, &req, x);

    m = wmem_new0(wmem_file_scope(), lync_http_msg);
    m->is_request = TRUE;
    m->x = x;
    if (req.endpoint.len > 0)
        m->endpoint = wmem_strndup(wmem_file_scope(), req.endpoint.ptr, req.endpoint.len);
    /* The PIN is kept only when the user asked to see it. */
    if (req.pin[0] != '\0')
        m->pin = pref_show_pin ? file_strdup(req.pin) : LP_PIN_MASK;
    memset(req.pin, 0, sizeof req.pin);
    return m;
}

static void response_events(packet_info *pinfo, const lync_exchange *x, const lp_ws_response *resp)
{
    lp_where w = lyncprov_where(pinfo);
    lp_phone_event ev;

    if (x->client.family == 0)
        return;
    memset(&ev, 0, sizeof ev);
    lp_response_event(&ev.ev, &w, x->svc, resp, x->has_credentials);
    lyncprov_signin_host_event(&x->client, NULL, &ev);
    if (x->root_chain) {
        memset(&ev, 0, sizeof ev);
        lp_root_chain_event(&ev.ev, &w, resp->status, (guint16)pinfo->srcport, "");
        lyncprov_signin_host_event(&x->client, NULL, &ev);
    }
    if (resp->certificate_issued) {
        memset(&ev, 0, sizeof ev);
        lp_certificate_event(&ev.ev, &w, x->svc);
        lyncprov_signin_host_event(&x->client, NULL, &ev);
    }
}

/* A response whose request is not in the capture, when core says it still tells. */
static lync_exchange *orphan(packet_info *pinfo, const lp_ws_response *resp)
{
    lync_exchange *x;

    if (!lp_orphan_response_counts(resp))
        return NULL;
    x = wmem_new0(wmem_file_scope(), lync_exchange);
    x->svc = LP_SVC_NONE;
    x->service = lp_ws_service_name(LP_SVC_NONE);
    x->has_credentials = TRUE;
    x->client_port = (guint16)pinfo->destport;
    if (!lyncprov_addr(&pinfo->dst, &x->client))
        memset(&x->client, 0, sizeof x->client);
    return x;
}

static lync_http_msg *first_pass_response(packet_info *pinfo, proto_tree *tree, const lp_http_view *view)
{
    lp_ws_response resp;
    lync_exchange *x;
    lync_http_msg *m;
    guint32 stream;
    size_t i;

    if (view->status < 200)
        return NULL; /* an interim response answers nothing yet */
    lp_ws_parse_response(view, &resp);
    x = lyncprov_tcp_stream(tree, &stream) ? answered_request(stream) : NULL;
    if (x == &not_lync)
        return NULL;
    if (x == NULL && (x = orphan(pinfo, &resp)) == NULL)
        return NULL;
    if (x->response_frame == 0)
        x->response_frame = pinfo->num;
    response_events(pinfo, x, &resp);
    m = wmem_new0(wmem_file_scope(), lync_http_msg);
    m->x = x;
    m->status = resp.status;
    m->kind = lp_verdict_response(&resp, x->has_credentials);
    if (resp.n_diag > 0)
        m->deciding = (guint)(lp_deciding_diag(&resp) - resp.diag);
    m->certificate_issued = resp.certificate_issued;
    nstime_delta(&m->delta, &pinfo->abs_ts, &x->request_time);
    m->n_diag = (guint)resp.n_diag;
    m->diag = wmem_alloc0_array(wmem_file_scope(), lync_diag, resp.n_diag ? resp.n_diag : 1);
    for (i = 0; i < resp.n_diag; i++) {
        lync_diag *d = &m->diag[i];

        d->has_code = resp.diag[i].has_code;
        d->code = resp.diag[i].code;
        d->origin = resp.diag[i].origin;
        d->problems = resp.diag[i].problems;
        d->source = file_unescape(resp.diag[i].source);
        d->reason = file_unescape(resp.diag[i].reason);
        d->fault = file_unescape(resp.diag[i].fault);
    }
    return m;
}

/* First pass: the Lync web service messages of this frame, in order. */
static lync_http_msg *first_pass(packet_info *pinfo, proto_tree *tree)
{
    GPtrArray *http = wanted(tree, hf_http_proto);
    lync_http_msg *head = NULL, **tail = &head;
    lp_header headers[LP_HTTP_MAX_HEADERS];
    guint i;

    for (i = 0; http != NULL && i < http->len; i++) {
        const field_info *h = (const field_info *)g_ptr_array_index(http, i);
        lp_http_view view;
        lyncprov_ref ref;
        lync_http_msg *m;

        if (h->ds_tvb == NULL || h->length <= 0 || !lyncprov_ref_from_finfo(pinfo, h, &ref))
            continue;
        build_view(tree, h, http->len, &view, headers);
        m = view.is_request ? first_pass_request(pinfo, tree, &view)
                            : first_pass_response(pinfo, tree, &view);
        if (m == NULL)
            continue;
        m->ref = ref;
        *tail = m;
        tail = &m->next;
    }
    return head;
}

static void add_generated_uint(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 v)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, v));
}

static void add_generated_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *s)
{
    if (s != NULL)
        proto_item_set_generated(proto_tree_add_string(tree, hf, tvb, 0, 0, s));
}

/* The user and the phone, on requests and responses alike. */
static const char *draw_who(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const lync_exchange *x)
{
    const char *phone = x->client.family != 0 ? lyncprov_phone_of(pinfo->pool, &x->client) : NULL;

    add_generated_string(tree, hf_user, tvb, x->user);
    add_generated_string(tree, hf_extension, tvb, x->extension);
    if (phone != NULL)
        lyncprov_add_phone(tree, tvb, phone);
    return phone;
}

/* ", user 1234, phone 00:04:f2:00:00:02" for the summary line. */
static const char *who_text(packet_info *pinfo, const lync_exchange *x, const char *phone)
{
    return wmem_strdup_printf(pinfo->pool, "%s%s%s%s", x->extension != NULL ? ", user " : "",
                              x->extension != NULL ? x->extension : "", phone != NULL ? ", phone " : "",
                              phone != NULL ? phone : "");
}

static void draw_request(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item *top,
                         const lync_http_msg *m)
{
    const lync_exchange *x = m->x;
    const char *op = x->operation != NULL ? x->operation : "request";
    const char *phone;

    add_generated_string(tree, hf_endpoint, tvb, m->endpoint);
    add_generated_string(tree, hf_operation, tvb, x->operation);
    phone = draw_who(tvb, pinfo, tree, x);
    add_generated_string(tree, hf_pin, tvb, m->pin);
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_credentials, tvb, 0, 0, x->has_credentials));
    if (x->response_frame != 0)
        add_generated_uint(tree, hf_response_in, tvb, x->response_frame);
    if (x->response_frame == 0 && x->no_response) {
        proto_item_append_text(top, ": %s %s, no response%s", x->service, op, who_text(pinfo, x, phone));
        expert_add_info_format(pinfo, top, &ei_no_response,
                               "No response seen to this %s request", x->service);
        lyncprov_info_tag(pinfo, "no response");
        lyncprov_flow_step(pinfo, "%s %s \u2192 no response", x->service, op);
    } else {
        proto_item_append_text(top, ": %s %s%s", x->service, op, who_text(pinfo, x, phone));
        lyncprov_flow_step(pinfo, "%s %s", x->service, op);
    }
}

static void draw_diag(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item *top,
                      const lync_diag *d)
{
    const lp_diag_info *info = d->has_code ? lp_diag_lookup(d->code) : NULL;
    proto_tree *dt;
    proto_item *ti;
    unsigned bit;

    dt = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_diag, &ti, "Diagnostics (%s)%s%s",
                                       lp_diag_origin_name(d->origin),
                                       d->reason != NULL ? ": " : "", d->reason != NULL ? d->reason : "");
    proto_item_set_generated(ti);
    proto_item_set_generated(proto_tree_add_uint(dt, hf_diag_origin, tvb, 0, 0, d->origin));
    if (d->has_code)
        add_generated_uint(dt, hf_diag_code, tvb, d->code);
    add_generated_string(dt, hf_diag_source, tvb, d->source);
    add_generated_string(dt, hf_diag_reason, tvb, d->reason);
    add_generated_string(dt, hf_diag_fault, tvb, d->fault);
    if (info != NULL) {
        add_generated_string(dt, hf_diag_meaning, tvb, info->meaning);
        add_generated_string(dt, hf_diag_advice, tvb, info->advice);
    }
    for (bit = 1; bit < 1u << LP_DIAG_P_COUNT; bit <<= 1)
        if (d->problems & bit)
            expert_add_info_format(pinfo, top, &ei_diag_malformed, "X-Ms-diagnostics: %s",
                                   lp_diag_problem_str(bit));
}

/* The one expert of a response: the most specific one. */
static void response_expert(packet_info *pinfo, proto_item *top, const lync_http_msg *m, const char *reason)
{
    const char *service = m->x->service;

    switch (m->kind) {
    case LP_RESP_CHALLENGE:
        expert_add_info_format(pinfo, top, &ei_challenge, "HTTP 401 from %s: challenge (no credentials were sent)",
                               service);
        break;
    case LP_RESP_PIN_REJECTED:
        expert_add_info_format(pinfo, top, &ei_invalid_pin, "%s rejected the PIN%s%s", service,
                               reason[0] ? ": " : "", reason);
        break;
    case LP_RESP_AUTH_FAILED:
        expert_add_info_format(pinfo, top, &ei_auth_failed, "%s refused the credentials%s%s", service,
                               reason[0] ? ": " : "", reason);
        break;
    case LP_RESP_SERVER_ERROR:
        expert_add_info_format(pinfo, top, &ei_server_error, "HTTP %u from %s", m->status, service);
        break;
    case LP_RESP_HTTP_ERROR:
        expert_add_info_format(pinfo, top, &ei_http_error, "HTTP %u from %s: the URL or method was refused",
                               m->status, service);
        break;
    default:
        break;
    }
}

static void draw_response(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item *top,
                          const lync_http_msg *m)
{
    const lync_exchange *x = m->x;
    const lync_diag *diag = m->diag;
    const lync_diag *deciding = m->n_diag > 0 ? &diag[m->deciding] : NULL;
    const char *reason = deciding != NULL && deciding->reason != NULL ? deciding->reason : "";
    const char *result = lp_resp_kind_name(m->kind);
    const char *code = deciding != NULL && deciding->has_code
                           ? wmem_strdup_printf(pinfo->pool, " %u", deciding->code) : "";
    const char *phone;
    proto_item *ti;
    guint i;

    proto_item_set_generated(proto_tree_add_uint(tree, hf_status, tvb, 0, 0, m->status));
    proto_item_set_generated(proto_tree_add_uint(tree, hf_result, tvb, 0, 0, m->kind));
    if (m->status == 401)
        proto_item_set_generated(proto_tree_add_boolean(tree, hf_unauthorized, tvb, 0, 0, TRUE));
    phone = draw_who(tvb, pinfo, tree, x);
    if (m->certificate_issued)
        proto_item_set_generated(proto_tree_add_boolean(tree, hf_certificate_issued, tvb, 0, 0, TRUE));
    for (i = 0; i < m->n_diag; i++)
        draw_diag(tvb, pinfo, tree, top, &diag[i]);
    if (x->request_frame != 0) {
        add_generated_uint(tree, hf_request_in, tvb, x->request_frame);
        ti = proto_tree_add_time(tree, hf_time, tvb, 0, 0, &m->delta);
        proto_item_set_generated(ti);
    }
    proto_item_append_text(top, ": %s %u %s%s%s%s%s%s", x->service, m->status, result,
                           code[0] ? " (" : "", code[0] ? code + 1 : "", code[0] ? ")" : "",
                           who_text(pinfo, x, phone),
                           x->request_frame != 0 ? "" : " (its request is not in the capture)");
    response_expert(pinfo, top, m, reason);
    if (lp_resp_is_refusal(m->kind))
        lyncprov_info_tag(pinfo, wmem_strdup_printf(pinfo->pool, "%s%s", result, code));
    lyncprov_flow_step(pinfo, "%s \u2192 %u %s%s", x->operation != NULL ? x->operation : x->service,
                       m->status, result, code);
}

static void draw_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int proto,
                         const lync_http_msg *m)
{
    proto_item *top = proto_tree_add_item(tree, proto, tvb, 0, -1, ENC_NA);
    proto_tree *st = proto_item_add_subtree(top, ett_lyncprov_http);

    add_generated_string(st, hf_service, tvb, m->x->service);
    if (m->is_request)
        draw_request(tvb, pinfo, st, top, m);
    else
        draw_response(tvb, pinfo, st, top, m);
}

/* An encrypted exchange whose service the inference named (no keys: no HTTP to read). */
static void draw_inferred(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int proto, const lp_event *ev)
{
    proto_item *top = proto_tree_add_item(tree, proto, tvb, 0, 0, ENC_NA);
    proto_tree *st = proto_item_add_subtree(top, ett_lyncprov_http);
    const char *service = lp_ws_service_name(ev->service);
    lp_addr client;

    proto_item_set_generated(top);
    add_generated_string(st, hf_service, tvb, service);
    proto_item_set_generated(proto_tree_add_boolean(st, hf_inferred, tvb, 0, 0, TRUE));
    /* The phone sent the requests and receives the answers. */
    if (lyncprov_addr(ev->kind == LP_EV_HTTP_RESPONSE ? &pinfo->dst : &pinfo->src, &client))
        lyncprov_add_phone(st, tvb, lyncprov_phone_of(pinfo->pool, &client));
    proto_item_append_text(top, ": %s (inferred from TLS records)", service);
    if (ev->kind == LP_EV_NO_RESPONSE && lp_silence_is_no_response(ev->waited, ev->phone_closed)) {
        expert_add_info_format(pinfo, top, &ei_no_response,
                               "No response seen to this encrypted request to %s "
                               "(the service inferred from TLS record sizes and order)", service);
        lyncprov_info_tag(pinfo, "no response (inferred)");
        lyncprov_flow_step(pinfo, "%s (inferred) \u2192 no response", service);
    } else {
        lyncprov_flow_step(pinfo, "%s (inferred)", service);
    }
}

void lyncprov_dissect_http(tvbuff_t *frame_tvb, packet_info *pinfo, proto_tree *tree, int proto)
{
    lync_http_msg *m = (lync_http_msg *)p_get_proto_data(wmem_file_scope(), pinfo, proto, LYNCPROV_KEY_HTTP);
    const lp_event *inferred;

    if (m == NULL && !PINFO_FD_VISITED(pinfo)) {
        m = first_pass(pinfo, tree);
        if (m != NULL)
            p_add_proto_data(wmem_file_scope(), pinfo, proto, LYNCPROV_KEY_HTTP, m);
    }
    for (; m != NULL; m = m->next) {
        tvbuff_t *tvb = lyncprov_ref_tvb(pinfo, &m->ref);

        if (tvb == NULL)
            continue;
        draw_message(tvb, pinfo, tree, proto, m);
        tap_queue_packet(lyncprov_tap, pinfo, m);
    }
    if ((inferred = lyncprov_signin_inferred(pinfo->num)) != NULL)
        draw_inferred(frame_tvb, pinfo, tree, proto, inferred);
}

/* The requests never answered: a failure when core says so (long enough, or the phone gave up). */
static void unanswered(gpointer key _U_, gpointer value, gpointer data _U_)
{
    lync_exchange *x = (lync_exchange *)value;
    lp_where w = { 0, x->request_frame, nstime_to_sec(&x->request_time) };
    lp_where closed;
    gboolean phone_closed = FALSE;
    double end = lyncprov_signin_capture_end();
    lp_phone_event ev;

    if (x->response_frame != 0 || x->client.family == 0)
        return;
    if (x->has_stream && lyncprov_tcp_closed(x->stream, &x->client, x->client_port, &phone_closed, &closed))
        end = closed.t;
    memset(&ev, 0, sizeof ev);
    lp_no_response_event(&ev.ev, &w, x->svc, end - w.t, phone_closed);
    x->no_response = lp_silence_is_no_response(ev.ev.waited, ev.ev.phone_closed);
    lyncprov_signin_host_event(&x->client, NULL, &ev);
}

void lyncprov_http_finish(void)
{
    wmem_map_foreach(exchanges, unanswered, NULL);
}

void lyncprov_http_wanted_hfids(GArray *want)
{
    static const lyncprov_field fields[] = {
        { "http",                 &hf_http_proto },
        { "http.request.method",  &hf_http_method },
        { "http.request.uri",     &hf_http_uri },
        { "http.response.code",   &hf_http_code },
        { "http.request.line",    &hf_http_request_line },
        { "http.response.line",   &hf_http_response_line },
        { "http.file_data",       &hf_http_file_data },
    };

    lyncprov_want_fields(want, fields, G_N_ELEMENTS(fields));
}

void lyncprov_register_http(int proto, expert_module_t *expert, module_t *prefs)
{
    static hf_register_info hf[] = {
        { &hf_service,
          { "Service", "lyncprov.service", FT_STRING, BASE_NONE, NULL, 0x0,
            "Lync web service, from the request URI", HFILL } },
        { &hf_endpoint,
          { "Endpoint", "lyncprov.endpoint", FT_STRING, BASE_NONE, NULL, 0x0,
            "What follows .svc in the URI, e.g. /mex, /Auth", HFILL } },
        { &hf_operation,
          { "Operation", "lyncprov.operation", FT_STRING, BASE_NONE, NULL, 0x0,
            "SOAP operation (SOAPAction, Content-Type action or first body element), or mex", HFILL } },
        { &hf_user,
          { "User", "lyncprov.user", FT_STRING, BASE_NONE, NULL, 0x0,
            "Phone number, extension or SIP URI the phone authenticates as (on a response: its request's)",
            HFILL } },
        { &hf_extension,
          { "Extension", "lyncprov.extension", FT_STRING, BASE_NONE, NULL, 0x0,
            "The user normalised to the extension or number, whatever form the request used", HFILL } },
        { &hf_pin,
          { "PIN", "lyncprov.pin", FT_STRING, BASE_NONE, NULL, 0x0,
            "Shown as **** unless the lyncprov.show_pin preference is on", HFILL } },
        { &hf_credentials,
          { "Credentials sent", "lyncprov.credentials", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The request carried credentials (Authorization header or UsernameToken)", HFILL } },
        { &hf_status,
          { "Status", "lyncprov.status", FT_UINT16, BASE_DEC, NULL, 0x0,
            "HTTP status of the response", HFILL } },
        { &hf_result,
          { "Result", "lyncprov.result", FT_UINT8, BASE_DEC, VALS(result_vals), 0x0,
            "What the response means for the sign-in", HFILL } },
        { &hf_unauthorized,
          { "Unauthorized", "lyncprov.unauthorized", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "HTTP 401 from a Lync web service: the normal challenge or a rejection", HFILL } },
        { &hf_certificate_issued,
          { "Certificate issued", "lyncprov.certificate_issued", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "GetAndPublishCertResponse carrying a certificate", HFILL } },
        { &hf_diag_code,
          { "Diagnostic id", "lyncprov.diag.code", FT_UINT32, BASE_DEC, NULL, 0x0,
            "X-Ms-diagnostics error id (or SOAP fault ErrorId)", HFILL } },
        { &hf_diag_source,
          { "Source", "lyncprov.diag.source", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_diag_reason,
          { "Reason", "lyncprov.diag.reason", FT_STRING, BASE_NONE, NULL, 0x0,
            "The server's own reason string", HFILL } },
        { &hf_diag_fault,
          { "Fault code", "lyncprov.diag.fault", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_diag_origin,
          { "Found in", "lyncprov.diag.origin", FT_UINT8, BASE_DEC, VALS(diag_origin_vals), 0x0,
            NULL, HFILL } },
        { &hf_diag_meaning,
          { "Meaning", "lyncprov.diag.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
            "For documented ids only", HFILL } },
        { &hf_diag_advice,
          { "Advice", "lyncprov.diag.advice", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_response_in,
          { "Response in", "lyncprov.response_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, NULL, HFILL } },
        { &hf_request_in,
          { "Request in", "lyncprov.request_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, NULL, HFILL } },
        { &hf_time,
          { "Time since request", "lyncprov.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_inferred,
          { "Inferred", "lyncprov.inferred", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Judged from TLS record sizes and order, without decryption", HFILL } },
    };
    static gint *ett[] = { &ett_lyncprov_http, &ett_diag };
    static ei_register_info ei[] = {
        { &ei_challenge,
          { "lyncprov.challenge", PI_SEQUENCE, PI_CHAT,
            "HTTP 401 challenge to a request without credentials (a normal step of sign-in)", EXPFILL } },
        { &ei_invalid_pin,
          { "lyncprov.invalid_pin", PI_SECURITY, PI_ERROR, "The PIN was rejected", EXPFILL } },
        { &ei_auth_failed,
          { "lyncprov.auth_failed", PI_SECURITY, PI_ERROR, "Authentication failed", EXPFILL } },
        { &ei_no_response,
          { "lyncprov.no_response", PI_SEQUENCE, PI_ERROR,
            "Request to a Lync web service with no response in the capture", EXPFILL } },
        { &ei_server_error,
          { "lyncprov.server_error", PI_RESPONSE_CODE, PI_ERROR, "Server error from a Lync web service", EXPFILL } },
        { &ei_http_error,
          { "lyncprov.http_error", PI_RESPONSE_CODE, PI_WARN,
            "HTTP 4xx other than 401/403 from a Lync web service (wrong path, virtual directory or proxy rule)",
            EXPFILL } },
        { &ei_diag_malformed,
          { "lyncprov.diag_malformed", PI_MALFORMED, PI_WARN, "X-Ms-diagnostics is malformed", EXPFILL } },
    };

    fill_vals(result_vals, LP_RESP_COUNT, result_name);
    fill_vals(diag_origin_vals, LP_DIAG_ORIGIN_COUNT, origin_name);
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert, ei, array_length(ei));
    prefs_register_bool_preference(prefs, "show_pin", "Show PINs",
                                   "Show the PINs phones send instead of ****", &pref_show_pin);
    exchanges = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    register_init_routine(waiting_init);
    register_cleanup_routine(waiting_cleanup);
    lyncprov_tap = register_tap("lyncprov");
}
