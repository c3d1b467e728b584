/* web_service.c - CertProv and WebTicket requests and responses
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "web_service.h"

#include <stdio.h>
#include <string.h>

#include "xml_scan.h"

static const struct {
    const char *path;
    lp_service  service;
} service_paths[] = {
    { "/certprov/certprovisioningservice.svc", LP_SVC_CERTPROV },
    { "/webticket/webticketservice.svc",       LP_SVC_WEBTICKET },
    { "/webticket/oauthtoken",                 LP_SVC_WEBTICKET },
};

/* SOAP actions and body elements, by the operation name users know. */
static const struct {
    const char *action;
    const char *operation;
} operations[] = {
    { "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue", "IssueToken" },
    { "RequestSecurityToken",                                       "IssueToken" },
    { "http://schemas.microsoft.com/OCS/AuthWebServices/GetAndPublishCert", "GetAndPublishCert" },
};

/* A response whose request is not in the capture names no service. */
static const char *const service_names[] = { "a Lync web service", "CertProv", "WebTicket" };

static const char *const diag_origin_names[LP_DIAG_ORIGIN_COUNT] = {
    "X-Ms-diagnostics", "SOAP fault ErrorId", "Warning",
};

const char *lp_diag_origin_name(lp_diag_origin origin)
{
    return (unsigned)origin < LP_DIAG_ORIGIN_COUNT ? diag_origin_names[origin] : "?";
}

const char *lp_ws_service_name(lp_service service)
{
    return (unsigned)service < sizeof service_names / sizeof service_names[0]
               ? service_names[service] : "none";
}

/* The path part of an absolute URI ("https://host:port/path"); an origin-form URI is one. */
static lp_str uri_path(lp_str uri)
{
    size_t i = uri.len > 0 && uri.ptr[0] == '/' ? uri.len : lp_str_ifind(uri, "://");

    if (i < uri.len) {
        const char *slash = memchr(uri.ptr + i + 3, '/', uri.len - i - 3);
        if (slash == NULL)
            return (lp_str){ uri.ptr + uri.len, 0 };
        uri.len -= (size_t)(slash - uri.ptr);
        uri.ptr = slash;
    }
    return uri;
}

static lp_service service_and_rest(lp_str uri, lp_str *rest)
{
    lp_str path = uri_path(uri);
    size_t i;

    for (i = 0; i < sizeof service_paths / sizeof service_paths[0]; i++) {
        size_t at = lp_str_ifind(path, service_paths[i].path);

        if (at < path.len) {
            size_t end = at + strlen(service_paths[i].path);
            rest->ptr = path.ptr + end;
            rest->len = path.len - end;
            return service_paths[i].service;
        }
    }
    return LP_SVC_NONE;
}

lp_service lp_ws_service_of_uri(lp_str uri)
{
    lp_str rest;

    return service_and_rest(uri, &rest);
}

static lp_str cstr(const char *s)
{
    return (lp_str){ s, strlen(s) };
}

static lp_str strip_quotes(lp_str s)
{
    if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"') {
        s.ptr++;
        s.len -= 2;
    }
    return s;
}

/* A known action URI or element name, else the last path segment of the action. */
static lp_str operation_of_action(lp_str action)
{
    size_t i, last = 0;

    action = strip_quotes(action);
    for (i = 0; i < sizeof operations / sizeof operations[0]; i++)
        if (lp_str_ieq(action, operations[i].action))
            return cstr(operations[i].operation);
    for (i = 0; i + 1 < action.len; i++)
        if (action.ptr[i] == '/')
            last = i + 1;
    action.ptr += last;
    action.len -= last;
    return action;
}

/* The action="..." parameter of a SOAP 1.2 Content-Type. */
static bool content_type_action(const lp_str *ct, lp_str *action)
{
    size_t at;
    const char *end;

    if (ct == NULL || (at = lp_str_ifind(*ct, "action=")) == ct->len)
        return false;
    action->ptr = ct->ptr + at + 7;
    action->len = ct->len - at - 7;
    if (action->len > 0 && action->ptr[0] == '"') {
        action->len = lp_quoted_end(action->ptr, action->len, 0) - 1;
        action->ptr++;
    } else if ((end = memchr(action->ptr, ';', action->len)) != NULL) {
        action->len = (size_t)(end - action->ptr);
    }
    return action->len > 0;
}

static lp_str find_operation(const lp_http_view *req, lp_service service, lp_str endpoint)
{
    const lp_str *soap_action = lp_http_header(req, "SOAPAction");
    lp_str action;
    lp_span element;

    if (soap_action != NULL && strip_quotes(*soap_action).len > 0)
        return operation_of_action(*soap_action);
    if (content_type_action(lp_http_header(req, "Content-Type"), &action))
        return operation_of_action(action);
    if (req->body_len > 0 && lp_xml_operation(req->body, req->body_len, &element))
        return operation_of_action((lp_str){ (const char *)req->body + element.off, element.len });
    if (lp_str_ieq(endpoint, "/mex") || lp_str_ifind(req->uri, "?wsdl") < req->uri.len)
        return cstr("mex");
    /* Any other GET of CertProv: the root-chain download phones make over
     * plain HTTP before TLS (its exact form is not documented). */
    if (service == LP_SVC_CERTPROV && lp_str_ieq(req->method, "GET"))
        return cstr("RootChain");
    return (lp_str){ NULL, 0 };
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Decode base64 into dst (NUL-terminated); false on bad input or no room. */
static bool b64_decode(lp_str in, char *dst, size_t cap)
{
    uint32_t acc = 0;
    size_t i, o = 0;
    int bits = 0;

    for (i = 0; i < in.len; i++) {
        int v;

        if (in.ptr[i] == '=')
            break;
        if ((v = b64_value(in.ptr[i])) < 0)
            return false;
        acc = (acc << 6 | (uint32_t)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o + 1 >= cap)
                return false;
            dst[o++] = (char)(acc >> bits & 0xff);
        }
    }
    dst[o] = '\0';
    return strlen(dst) == o; /* no embedded NUL */
}

static void copy_str(char *dst, size_t cap, const char *s, size_t len)
{
    snprintf(dst, cap, "%.*s", (int)(len < cap ? len : cap - 1), s);
}

void lp_ws_extension(const char *user, char *out, size_t cap)
{
    const char *start = user, *end, *p;

    if (cap == 0)
        return;
    if ((p = strstr(user, ";ext=")) != NULL) {
        start = p + 5;
    } else {
        lp_str s = { start, strlen(start) };

        if (lp_str_istarts(s, "sip:") || lp_str_istarts(s, "tel:"))
            start += 4;
        if ((p = strrchr(start, '\\')) != NULL)
            start = p + 1;
    }
    for (end = start; *end != '\0' && *end != '@' && *end != ';'; end++)
        ;
    copy_str(out, cap, start, (size_t)(end - start));
}

/* Authorization: Basic base64("user:pin"), the PIN port's credentials. */
static void basic_credentials(lp_str auth, lp_ws_request *out)
{
    char decoded[LP_WS_USER_MAX + LP_WS_PIN_MAX];
    const char *colon;
    lp_str b64;

    if (!lp_str_istarts(auth, "Basic "))
        return;
    b64.ptr = auth.ptr + 6;
    b64.len = auth.len - 6;
    while (b64.len > 0 && b64.ptr[0] == ' ') {
        b64.ptr++;
        b64.len--;
    }
    if (!b64_decode(b64, decoded, sizeof decoded))
        return;
    colon = strchr(decoded, ':');
    if (colon == NULL) {
        copy_str(out->user, sizeof out->user, decoded, strlen(decoded));
        return;
    }
    copy_str(out->user, sizeof out->user, decoded, (size_t)(colon - decoded));
    copy_str(out->pin, sizeof out->pin, colon + 1, strlen(colon + 1));
}

static bool body_text(const lp_http_view *req, const char *element, lp_str *text)
{
    lp_span s;

    if (!lp_xml_element_text(req->body, req->body_len, element, &s) || s.len == 0)
        return false;
    *text = (lp_str){ (const char *)req->body + s.off, s.len };
    return true;
}

/* Identity carried in the SOAP body, when the HTTP layer showed none. */
static void body_identity(const lp_http_view *req, lp_ws_request *out)
{
    lp_str text;
    lp_span attr;

    if (lp_xml_element_text(req->body, req->body_len, "Password", &attr))
        out->has_credentials = true;
    if (out->user[0] != '\0')
        return;
    if (body_text(req, "Username", &text)) {
        /* /Auth sends base64("DOMAIN\user"); show it decoded when it is. */
        if (!b64_decode(text, out->user, sizeof out->user))
            copy_str(out->user, sizeof out->user, text.ptr, text.len);
    } else if (lp_xml_attribute(req->body, req->body_len, "GetAndPublishCert", "Entity", &attr)) {
        copy_str(out->user, sizeof out->user, (const char *)req->body + attr.off, attr.len);
    } else if (body_text(req, "Value", &text)) {
        copy_str(out->user, sizeof out->user, text.ptr, text.len);
    }
}

bool lp_ws_classify_request(const lp_http_view *req, lp_ws_request *out)
{
    const lp_str *auth, *agent;

    memset(out, 0, sizeof *out);
    out->service = service_and_rest(req->uri, &out->endpoint);
    if (out->service == LP_SVC_NONE)
        return false;
    /* Drop a query string from the endpoint. */
    {
        const char *q = out->endpoint.len ? memchr(out->endpoint.ptr, '?', out->endpoint.len) : NULL;
        if (q != NULL)
            out->endpoint.len = (size_t)(q - out->endpoint.ptr);
    }
    out->operation = find_operation(req, out->service, out->endpoint);
    agent = lp_http_header(req, "User-Agent");
    if (agent != NULL)
        out->user_agent = *agent;
    auth = lp_http_header(req, "Authorization");
    if (auth != NULL && auth->len > 0) {
        lp_http_auth a;

        lp_http_auth_parse(*auth, &a);
        out->auth = a.method;
        out->has_credentials = lp_http_auth_is_credentials(&a);
        if (a.method == LP_AUTH_PIN)
            basic_credentials(*auth, out);
        else
            copy_str(out->user, sizeof out->user, a.user, strlen(a.user));
    }
    if (req->body_len > 0)
        body_identity(req, out);
    return true;
}

static void add_diag(lp_ws_response *out, lp_diag_origin origin, const lp_diag *d, const char *base)
{
    lp_ws_diag *w;

    if (out->n_diag == LP_WS_MAX_DIAG)
        return;
    w = &out->diag[out->n_diag++];
    memset(w, 0, sizeof *w);
    w->origin = origin;
    w->has_code = (d->present & LP_DIAG_HAS_CODE) != 0;
    w->code = d->code;
    if (d->present & LP_DIAG_HAS_SOURCE)
        w->source = (lp_str){ base + d->source.off, d->source.len };
    if (d->present & LP_DIAG_HAS_REASON)
        w->reason = (lp_str){ base + d->reason.off, d->reason.len };
    if (d->present & LP_DIAG_HAS_FAULT)
        w->fault = (lp_str){ base + d->fault.off, d->fault.len };
    w->problems = d->problems;
}

void lp_ws_add_diag_header(lp_ws_response *out, lp_str value)
{
    lp_diag d[LP_WS_MAX_DIAG];
    size_t i, n = lp_diag_parse(value.ptr, value.len, d, LP_WS_MAX_DIAG);

    for (i = 0; i < n; i++)
        add_diag(out, LP_DIAG_FROM_HEADER, &d[i], value.ptr);
}

static void add_soap_fault(lp_ws_response *out, const uint8_t *body, size_t len)
{
    lp_soap_fault f;
    lp_ws_diag *w;
    const char *b = (const char *)body;

    if (!lp_soap_fault_parse(body, len, &f) || out->n_diag == LP_WS_MAX_DIAG)
        return;
    w = &out->diag[out->n_diag++];
    memset(w, 0, sizeof *w);
    w->origin = LP_DIAG_FROM_SOAP_FAULT;
    w->has_code = (f.present & LP_FAULT_HAS_ERROR_ID) != 0;
    w->code = f.error_id;
    if (f.present & LP_FAULT_HAS_REASON)
        w->reason = (lp_str){ b + f.reason.off, f.reason.len };
    else if (f.present & LP_FAULT_HAS_STRING)
        w->reason = (lp_str){ b + f.faultstring.off, f.faultstring.len };
    if (f.present & LP_FAULT_HAS_CODE)
        w->fault = (lp_str){ b + f.faultcode.off, f.faultcode.len };
}

static void add_warning(lp_ws_response *out, lp_str value)
{
    lp_warning w;
    lp_ws_diag *d;

    if (!lp_warning_parse(value.ptr, value.len, &w) || out->n_diag == LP_WS_MAX_DIAG)
        return;
    if (w.code == 120 && lp_str_ieq((lp_str){ value.ptr + w.text.off, w.text.len }, "InvalidPin"))
        out->invalid_pin_warning = true;
    d = &out->diag[out->n_diag++];
    memset(d, 0, sizeof *d);
    d->origin = LP_DIAG_FROM_WARNING;
    d->source = (lp_str){ value.ptr + w.agent.off, w.agent.len };
    d->reason = (lp_str){ value.ptr + w.text.off, w.text.len };
}

static bool body_has(const lp_http_view *resp, const char *element)
{
    lp_span s;

    return resp->body_len > 0 && lp_xml_element_text(resp->body, resp->body_len, element, &s);
}

static void www_authenticate(lp_ws_response *out, lp_str value)
{
    lp_http_auth a;

    out->challenge = true;
    lp_http_auth_parse(value, &a);
    if (a.token)
        out->auth_continues = true;
}

void lp_ws_parse_response(const lp_http_view *resp, lp_ws_response *out)
{
    size_t i;

    memset(out, 0, sizeof *out);
    out->status = resp->status;
    for (i = 0; i < resp->n_headers; i++) {
        const lp_header *h = &resp->headers[i];

        if (lp_str_ieq(h->name, "X-Ms-diagnostics"))
            lp_ws_add_diag_header(out, h->value);
        else if (lp_str_ieq(h->name, "Warning"))
            add_warning(out, h->value);
        else if (lp_str_ieq(h->name, "WWW-Authenticate"))
            www_authenticate(out, h->value);
        else if (lp_str_ieq(h->name, "X-MS-Server-Fqdn"))
            out->front_end = true;
        else if (lp_str_ieq(h->name, "X-Powered-By") && lp_str_ifind(h->value, "ARR") < h->value.len)
            out->arr = true;
        else if (lp_str_ieq(h->name, "Server"))
            out->server = h->value;
        else if (lp_str_ieq(h->name, "Via"))
            out->via = h->value;
        else if (lp_str_ieq(h->name, "Location"))
            out->location = h->value;
    }
    if (resp->status >= 500)
        add_soap_fault(out, resp->body, resp->body_len);
    if (resp->status == 200) {
        out->ticket_issued = body_has(resp, "RequestSecurityTokenResponse") && !body_has(resp, "GetAndPublishCertResponse");
        out->certificate_issued = body_has(resp, "GetAndPublishCertResponse") && body_has(resp, "BinarySecurityToken");
    }
}

bool lp_ws_proxy_headers(const lp_ws_response *r)
{
    return r->via.len > 0 || r->arr || (r->server.len > 0 && !lp_str_istarts(r->server, "Microsoft-"));
}
