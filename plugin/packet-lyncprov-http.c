/* packet-lyncprov-http.c - the Lync web services (CertProv, WebTicket) in HTTP
 *
 * Core's engine reads the messages (clear text, or out of TLS that Wireshark
 * decrypted), pairs requests with responses and says what each means; this
 * file keeps what it said per frame on the first pass and draws it on every
 * pass. Only a later pass can say "no response".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
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

static int hf_service = -1;
static int hf_endpoint = -1;
static int hf_operation = -1;
static int hf_user = -1;
static int hf_extension = -1;
static int hf_pin = -1;
static int hf_credentials = -1;
static int hf_auth_method = -1;
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
static expert_field ei_proxy_error = EI_INIT;
static expert_field ei_redirected = EI_INIT;
static expert_field ei_diag_malformed = EI_INIT;

static lp_pref_bool pref_show_pin = FALSE;

static int lyncprov_tap = -1;

/* Requests of the capture, by the engine's number (lp_http_seen.request_id). */
static wmem_map_t *exchanges;
/* The web service messages of each frame (lync_http_msg lists), by frame number. */
static wmem_map_t *messages;

/* Value labels: core's names, so that filters, stats, README and the tool say the same. */
static value_string diag_origin_vals[LP_DIAG_ORIGIN_COUNT + 1];
static value_string result_vals[LP_RESP_COUNT + 1];
static value_string auth_method_vals[LP_AUTH_COUNT + 1];

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

static const char *auth_method_name(unsigned method)
{
    return lp_auth_method_name((lp_auth_method)method);
}

static const char *result_name(unsigned kind)
{
    return lp_resp_kind_name((lp_resp_kind)kind);
}

static const char *origin_name(unsigned origin)
{
    return lp_diag_origin_name((lp_diag_origin)origin);
}

/* Strings from the capture are kept safe to show (lyncprov_safe_strdup), for the file. */
static const char *file_text(const char *s, size_t len)
{
    return len > 0 ? lyncprov_safe_strdup(wmem_file_scope(), s, len) : NULL;
}

static const char *file_strdup(const char *s)
{
    return file_text(s, strlen(s));
}

static const char *file_unescape(lp_str s)
{
    char buf[LP_DIAG_VALUE_MAX];

    if (s.ptr == NULL)
        return NULL;
    lp_unescape(s.ptr, s.len, buf, sizeof buf);
    return lyncprov_safe_strdup(wmem_file_scope(), buf, strlen(buf));
}

gboolean lyncprov_http_show_pin(void)
{
    return pref_show_pin;
}

/* The frame's messages, in the order the engine read them. */
static void add_message(guint32 frame, lync_http_msg *m)
{
    lync_http_msg *last = (lync_http_msg *)wmem_map_lookup(messages, GUINT_TO_POINTER(frame));

    if (last == NULL) {
        wmem_map_insert(messages, GUINT_TO_POINTER(frame), m);
        lyncprov_signin_draws(frame);
        return;
    }
    while (last->next != NULL)
        last = last->next;
    last->next = m;
}

static void seen_request(const lp_http_seen *seen)
{
    const lp_ws_request *req = seen->request;
    lync_exchange *x = wmem_new0(wmem_file_scope(), lync_exchange);
    lync_http_msg *m;

    x->request_frame = seen->where->frame;
    x->request_t = seen->where->t;
    x->svc = req->service;
    x->service = lp_ws_service_name(req->service);
    x->has_credentials = req->has_credentials;
    x->auth = req->auth;
    x->root_chain = lp_str_ieq(req->operation, "RootChain");
    if (req->operation.len > 0)
        x->operation = file_text(req->operation.ptr, req->operation.len);
    if (req->user[0] != '\0') {
        char ext[LP_WS_USER_MAX];

        x->user = file_strdup(req->user);
        lp_ws_extension(req->user, ext, sizeof ext);
        x->extension = file_strdup(ext);
    }
    x->client = *seen->client;
    wmem_map_insert(exchanges, GUINT_TO_POINTER(seen->request_id), x);

    m = wmem_new0(wmem_file_scope(), lync_http_msg);
    m->is_request = TRUE;
    m->x = x;
    if (req->endpoint.len > 0)
        m->endpoint = file_text(req->endpoint.ptr, req->endpoint.len);
    /* The PIN is kept only when the user asked to see it. */
    if (req->pin[0] != '\0')
        m->pin = pref_show_pin ? file_strdup(req->pin) : LP_PIN_MASK;
    add_message(x->request_frame, m);
}

/* A response whose request is not in the capture, which core says still tells. */
static lync_exchange *orphan(const lp_http_seen *seen)
{
    lync_exchange *x = wmem_new0(wmem_file_scope(), lync_exchange);

    x->svc = LP_SVC_NONE;
    x->service = lp_ws_service_name(LP_SVC_NONE);
    x->has_credentials = TRUE;
    x->client = *seen->client;
    return x;
}

static void seen_response(const lp_http_seen *seen)
{
    const lp_ws_response *resp = seen->response;
    lync_exchange *x = NULL;
    lync_http_msg *m;
    double delta;
    size_t i;

    if (seen->request_id != 0)
        x = (lync_exchange *)wmem_map_lookup(exchanges, GUINT_TO_POINTER(seen->request_id));
    if (x == NULL)
        x = orphan(seen);
    if (x->response_frame == 0)
        x->response_frame = seen->where->frame;
    m = wmem_new0(wmem_file_scope(), lync_http_msg);
    m->x = x;
    m->status = resp->status;
    m->kind = lp_verdict_response(resp, seen->credentials);
    if (resp->n_diag > 0)
        m->deciding = (guint)(lp_deciding_diag(resp) - resp->diag);
    m->certificate_issued = resp->certificate_issued;
    m->location = file_text(resp->location.ptr, resp->location.len);
    delta = x->request_frame != 0 ? seen->where->t - x->request_t : 0.0;
    m->delta.secs = (time_t)floor(delta);
    m->delta.nsecs = (int)lround((delta - floor(delta)) * 1e9);
    m->n_diag = (guint)resp->n_diag;
    m->diag = wmem_alloc0_array(wmem_file_scope(), lync_diag, resp->n_diag ? resp->n_diag : 1);
    for (i = 0; i < resp->n_diag; i++) {
        lync_diag *d = &m->diag[i];

        d->has_code = resp->diag[i].has_code;
        d->code = resp->diag[i].code;
        d->origin = resp->diag[i].origin;
        d->problems = resp->diag[i].problems;
        d->source = file_unescape(resp->diag[i].source);
        d->reason = file_unescape(resp->diag[i].reason);
        d->fault = file_unescape(resp->diag[i].fault);
    }
    add_message(seen->where->frame, m);
}

void lyncprov_http_seen(const lp_http_seen *seen)
{
    if (seen->request != NULL)
        seen_request(seen);
    else
        seen_response(seen);
}

void lyncprov_http_no_response(guint32 frame)
{
    lync_http_msg *m = (lync_http_msg *)wmem_map_lookup(messages, GUINT_TO_POINTER(frame));

    for (; m != NULL; m = m->next)
        if (m->is_request && m->x->response_frame == 0)
            m->x->no_response = TRUE;
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
    if (x->auth != LP_AUTH_NONE)
        add_generated_uint(tree, hf_auth_method, tvb, x->auth);
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
        if (lp_auth_is_password(m->x->auth))
            expert_add_info_format(pinfo, top, &ei_challenge, "HTTP 401 from %s: %s challenge (a step of the "
                                   "handshake)", service, lp_auth_method_name(m->x->auth));
        else
            expert_add_info_format(pinfo, top, &ei_challenge, "HTTP 401 from %s: challenge (no credentials were "
                                   "sent)", service);
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
    case LP_RESP_PROXY_ERROR:
        expert_add_info_format(pinfo, top, &ei_proxy_error,
                               "HTTP %u for %s from a proxy or load balancer, not a front end", m->status, service);
        break;
    case LP_RESP_REDIRECTED:
        expert_add_info_format(pinfo, top, &ei_redirected, "HTTP %u for %s: redirected to %s", m->status, service,
                               m->location != NULL ? m->location : "(no Location)");
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
    if (ev->kind == LP_EV_NO_RESPONSE && lp_event_result(ev) == LP_RESULT_FAILURE) {
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
    const lync_http_msg *m = (const lync_http_msg *)wmem_map_lookup(messages, GUINT_TO_POINTER(pinfo->num));
    const lp_event *inferred;

    for (; m != NULL; m = m->next) {
        draw_message(frame_tvb, pinfo, tree, proto, m);
        tap_queue_packet(lyncprov_tap, pinfo, (void *)m);
    }
    if ((inferred = lyncprov_signin_inferred(pinfo->num)) != NULL)
        draw_inferred(frame_tvb, pinfo, tree, proto, inferred);
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
            "The request carried credentials (Authorization header or UsernameToken); an NTLM "
            "NEGOTIATE_MESSAGE only begins the handshake", HFILL } },
        { &hf_auth_method,
          { "Authentication", "lyncprov.auth_method", FT_UINT8, BASE_DEC, VALS(auth_method_vals), 0x0,
            "How the request authenticates: PIN (Basic), NTLM or Negotiate (user and password)", HFILL } },
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
        { &ei_proxy_error,
          { "lyncprov.proxy_error", PI_RESPONSE_CODE, PI_ERROR,
            "HTTP 502/503/504 from a reverse proxy or load balancer that could not reach a front end", EXPFILL } },
        { &ei_redirected,
          { "lyncprov.redirected", PI_RESPONSE_CODE, PI_ERROR,
            "A Lync web service request was redirected (a web proxy or login portal)", EXPFILL } },
        { &ei_diag_malformed,
          { "lyncprov.diag_malformed", PI_MALFORMED, PI_WARN, "X-Ms-diagnostics is malformed", EXPFILL } },
    };

    fill_vals(result_vals, LP_RESP_COUNT, result_name);
    fill_vals(auth_method_vals, LP_AUTH_COUNT, auth_method_name);
    fill_vals(diag_origin_vals, LP_DIAG_ORIGIN_COUNT, origin_name);
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert, ei, array_length(ei));
    prefs_register_bool_preference(prefs, "show_pin", "Show PINs",
                                   "Show the PINs phones send instead of ****", &pref_show_pin);
    exchanges = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    messages = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    lyncprov_tap = register_tap("lyncprov");
}
