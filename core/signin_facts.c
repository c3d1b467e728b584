/* signin_facts.c - the predicates and event builders both front ends share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "signin_facts.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "lp_str.h"
#include "lp_text.h"
#include "safe_text.h"

void lp_event_init(lp_event *ev, lp_event_kind kind, const lp_where *w)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = kind;
    ev->t = w->t;
    ev->frame = w->frame;
    ev->capture = w->capture;
    ev->reason = "";
    ev->detail = "";
}

/* Made safe to show, cut to LP_EVENT_TEXT_MAX, kept once. */
static const char *event_text(const char *s, size_t len)
{
    char text[LP_EVENT_TEXT_MAX];

    lp_safe_text(s, len, text, sizeof text);
    return lp_text_intern(text);
}

void lp_event_vdetail(lp_event *ev, const char *fmt, va_list ap)
{
    char text[LP_EVENT_TEXT_MAX];
    int n = vsnprintf(text, sizeof text, fmt, ap);

    ev->detail = event_text(text, n < 0 ? 0 : (size_t)n);
}

void lp_event_detail(lp_event *ev, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    lp_event_vdetail(ev, fmt, ap);
    va_end(ap);
}

/* ---- DHCP ---- */

void lp_dhcp_key_of(const lp_dhcp_msg *m, lp_dhcp_key *key)
{
    memset(key, 0, sizeof *key);
    key->xid = m->xid;
    memcpy(key->mac, m->chaddr, sizeof key->mac);
}

unsigned lp_dhcp_key_hash(const lp_dhcp_key *key)
{
    return key->xid ^ (unsigned)key->mac[5] << 24 ^ (unsigned)key->mac[4] << 16 ^
           (unsigned)key->mac[3] << 8 ^ key->mac[2];
}

bool lp_dhcp_key_equal(const lp_dhcp_key *a, const lp_dhcp_key *b)
{
    return a->xid == b->xid && memcmp(a->mac, b->mac, sizeof a->mac) == 0;
}

lp_vendor lp_dhcp_vendor(const lp_dhcp_msg *m, const uint8_t *buf)
{
    if (!(m->present & LP_DHCP_HAS_VENDOR_CLASS))
        return LP_VENDOR_UNKNOWN;
    return lp_vendor_from_class(buf + m->vendor_class.off, m->vendor_class.len);
}

bool lp_dhcp_is_phone_request(const lp_dhcp_msg *m, lp_vendor vendor)
{
    return m->op == LP_BOOTP_REQUEST && m->chaddr_is_ether && vendor != LP_VENDOR_UNKNOWN &&
           (m->msg_type == LP_DHCP_INFORM || m->msg_type == LP_DHCP_REQUEST);
}

bool lp_dhcp_is_answer(const lp_dhcp_msg *m)
{
    return m->op == LP_BOOTP_REPLY && m->chaddr_is_ether &&
           (m->msg_type == LP_DHCP_ACK || m->msg_type == LP_DHCP_NAK);
}

lp_vendor lp_dhcp_answer_vendor(lp_vendor request_vendor, const lp_dhcp_msg *reply, const uint8_t *buf)
{
    lp_vendor own = lp_dhcp_vendor(reply, buf);
    lp_opt43 o43;

    if (request_vendor != LP_VENDOR_UNKNOWN)
        return request_vendor;
    if (own != LP_VENDOR_UNKNOWN)
        return own;
    /* Sub-option 1 naming MS-UC-Client is the reply saying so itself. */
    if ((reply->present & LP_DHCP_HAS_VENDOR_INFO) &&
        lp_opt43_parse(buf + reply->vendor_info.off, reply->vendor_info.len, LP_VENDOR_UNKNOWN, &o43) &&
        o43.vendor == LP_VENDOR_MS_UC_CLIENT)
        return LP_VENDOR_MS_UC_CLIENT;
    return LP_VENDOR_UNKNOWN;
}

bool lp_dhcp_expects_reply(lp_vendor vendor)
{
    return vendor == LP_VENDOR_MS_UC_CLIENT;
}

static const char *dhcp_type_name(uint8_t type)
{
    switch (type) {
    case LP_DHCP_INFORM:  return "DHCPINFORM";
    case LP_DHCP_REQUEST: return "DHCPREQUEST";
    case LP_DHCP_ACK:     return "DHCPACK";
    case LP_DHCP_NAK:     return "DHCPNAK";
    default:              return "DHCP";
    }
}

void lp_dhcp_request_event(lp_event *ev, const lp_where *w, const lp_dhcp_msg *m, lp_vendor vendor)
{
    lp_event_init(ev, LP_EV_DHCP_INFORM, w);
    lp_event_detail(ev, "%s, vendor class %s, xid 0x%08x", dhcp_type_name(m->msg_type),
                    lp_vendor_name(vendor), m->xid);
}

/* Problems that leave the phone without a CertProv URL it can use. */
#define UNUSABLE (LP_O43_P_TRUNCATED | LP_O43_P_MISSING | LP_O43_P_BAD_SCHEME | LP_O43_P_BAD_PATH)

static void provisioning(lp_event *ev, const lp_dhcp_msg *m, const uint8_t *buf, const lp_opt43 *o43)
{
    char url[512] = "";
    lp_opt120 o120;
    unsigned i;

    ev->provisioned = lp_opt43_certprov_url(o43, buf + m->vendor_info.off, url, sizeof url) &&
                      !(o43->problems & UNUSABLE);
    if (ev->provisioned) {
        if ((m->present & LP_DHCP_HAS_SIP_SERVERS) &&
            lp_opt120_parse(buf + m->sip_servers.off, m->sip_servers.len, &o120) && o120.count > 0)
            lp_event_detail(ev, "CertProv %s, SIP server %s%s", url, o120.server[0].name,
                            (o120.problems & LP_O120_P_NO_ENCODING) ? " (option 120: plain name, not RFC 3361)" : "");
        else
            lp_event_detail(ev, "CertProv %s", url);
        return;
    }
    for (i = 0; i < LP_O43_P_COUNT; i++)
        if (o43->problems & (1u << i))
            break;
    lp_event_detail(ev, "option 43 unusable: %s",
                    i < LP_O43_P_COUNT ? lp_opt43_problem_str(1u << i) : "no CertProv URL");
}

/* An option's presence is hashed too: absent and empty differ. */
static uint32_t digest_option(uint32_t h, bool present, const uint8_t *buf, const lp_span *opt)
{
    uint8_t mark = present;

    h = lp_fnv1a_byte(h, mark);
    return present ? lp_fnv1a(h, buf + opt->off, opt->len) : h;
}

/* Whether this answer gives other provisioning than the first to the same request (remembered in first). */
static bool answer_differs(lp_dhcp_first_answer *first, const lp_dhcp_msg *m, const uint8_t *buf, uint32_t frame)
{
    uint32_t h = lp_fnv1a_byte(LP_FNV1A_INIT, m->msg_type);

    h = digest_option(h, m->present & LP_DHCP_HAS_VENDOR_INFO, buf, &m->vendor_info);
    h = digest_option(h, m->present & LP_DHCP_HAS_SIP_SERVERS, buf, &m->sip_servers);
    if (first->frame == 0 || first->frame == frame) {
        first->frame = frame;
        first->digest = h;
        return false;
    }
    return h != first->digest;
}

void lp_dhcp_answer_event(lp_event *ev, const lp_where *w, const lp_dhcp_msg *m, const uint8_t *buf, lp_vendor vendor,
                          const lp_addr *server, lp_dhcp_first_answer *first, lp_opt43 *o43, bool *has_o43)
{
    lp_event_init(ev, LP_EV_DHCP_ACK, w);
    ev->server = *server;
    ev->server_port = LP_DHCP_SERVER_PORT;
    ev->dhcp_conflict = first != NULL && answer_differs(first, m, buf, w->frame);
    ev->xid = m->xid;
    ev->ntp = (m->present & LP_DHCP_HAS_NTP_SERVERS) != 0;
    *has_o43 = (m->present & LP_DHCP_HAS_VENDOR_INFO) &&
               lp_opt43_parse(buf + m->vendor_info.off, m->vendor_info.len, vendor, o43);
    if (*has_o43 && (o43->present & (1u << LP_O43_WEB_FQDN)))
        ev->name_hash = lp_name_hash((const char *)buf + m->vendor_info.off + o43->sub[LP_O43_WEB_FQDN].off,
                                     o43->sub[LP_O43_WEB_FQDN].len);
    if (m->msg_type == LP_DHCP_NAK) {
        lp_event_detail(ev, "DHCPNAK");
    } else if (*has_o43 && o43->vendor == LP_VENDOR_CPE_OCPHONE) {
        ev->vlan_only = true;
        lp_event_detail(ev, "voice VLAN %u (vendor class CPE-OCPHONE)", o43->vlan_id);
    } else if (*has_o43) {
        provisioning(ev, m, buf, o43);
    } else {
        lp_event_detail(ev, "DHCPACK without option 43: no provisioning URL");
    }
}

void lp_dhcp_no_reply_event(lp_event *ev, const lp_where *w, uint8_t msg_type, lp_vendor vendor, unsigned retries,
                            uint32_t last_frame)
{
    lp_event_init(ev, LP_EV_DHCP_NO_REPLY, w);
    if (retries == 0)
        lp_event_detail(ev, "no reply to this %s (vendor class %s)", dhcp_type_name(msg_type),
                        lp_vendor_name(vendor));
    else
        lp_event_detail(ev, "no reply to this %s (vendor class %s) nor to its %u retries, the last at frame %u",
                        dhcp_type_name(msg_type), lp_vendor_name(vendor), retries, last_frame);
}

/* ---- DNS ---- */

static const char *dns_type_name(uint16_t qtype)
{
    return qtype == LP_DNS_TYPE_A ? "A" : qtype == LP_DNS_TYPE_AAAA ? "AAAA" : "query";
}

void lp_dns_key_of(lp_dns_key *key, const lp_addr *client, uint16_t port, uint16_t id)
{
    memset(key, 0, sizeof *key);
    key->client = *client;
    key->port = port;
    key->id = id;
}

unsigned lp_dns_key_hash(const lp_dns_key *key)
{
    return lp_addr_hash(&key->client) ^ ((unsigned)key->port << 16 | key->id);
}

bool lp_dns_key_equal(const lp_dns_key *a, const lp_dns_key *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

void lp_dns_query_event(lp_event *ev, const lp_where *w, const lp_dns_msg *m)
{
    lp_event_init(ev, LP_EV_DNS_QUERY, w);
    ev->name_hash = lp_name_hash(m->qname, strlen(m->qname));
    lp_event_detail(ev, "%s %s", dns_type_name(m->qtype), m->qname);
}

void lp_dns_answer_event(lp_event *ev, const lp_where *w, const lp_dns_msg *m, lp_site *site)
{
    lp_role role = lp_site_name_role(site, m->qname);
    const char *rcode = lp_dns_rcode_name(m->rcode);
    char a[LP_ADDR_STR_MAX];
    lp_addr first;
    unsigned i;

    if (m->rcode != LP_DNS_RCODE_NOERROR || m->n_addrs == 0) {
        lp_event_init(ev, LP_EV_DNS_FAILURE, w);
        if (m->rcode != LP_DNS_RCODE_NOERROR)
            lp_event_detail(ev, "%s %s: %s", dns_type_name(m->qtype), m->qname, rcode ? rcode : "error");
        else
            lp_event_detail(ev, "%s %s: no address in the answer", dns_type_name(m->qtype), m->qname);
        return;
    }
    lp_event_init(ev, LP_EV_DNS_ANSWER, w);
    for (i = 0; i < m->n_addrs && role != LP_ROLE_NONE; i++) {
        lp_addr addr;

        lp_addr_set(&addr, m->addrs[i].family, m->addrs[i].addr);
        lp_site_add_addr(site, &addr, role);
    }
    lp_addr_set(&first, m->addrs[0].family, m->addrs[0].addr);
    lp_event_detail(ev, "%s %s: %s%s", dns_type_name(m->qtype), m->qname, lp_addr_str(&first, a),
                    m->n_addrs > 1 ? " and more" : "");
}

bool lp_dns_unanswered_event(lp_event *ev, const lp_where *query, const char *qname, uint16_t qtype,
                             double now, bool at_end, bool *failed)
{
    double waited = now - query->t;

    *failed = false;
    if (waited < LP_DNS_ANSWER_WAIT && !at_end)
        return false;
    if (waited < LP_DNS_CUT_OFF)
        return true; /* the capture ended right after it */
    *failed = true;
    lp_event_init(ev, LP_EV_DNS_FAILURE, query);
    ev->waited = waited;
    lp_event_detail(ev, "%s %s: no answer in %.1f s", dns_type_name(qtype), qname, waited);
    return true;
}

/* ---- Web services ---- */

static lp_diag_class class_of(const lp_ws_diag *d)
{
    const lp_diag_info *info;

    if (d->origin == LP_DIAG_FROM_WARNING)
        return LP_DIAG_CLASS_PIN; /* only "InvalidPin" warnings are kept */
    if (!d->has_code || (info = lp_diag_lookup(d->code)) == NULL)
        return LP_DIAG_CLASS_OTHER;
    return info->cls;
}

static const lp_ws_diag *first_where(const lp_ws_response *r, bool (*pred)(const lp_ws_diag *))
{
    size_t i;

    for (i = 0; i < r->n_diag; i++)
        if (pred(&r->diag[i]))
            return &r->diag[i];
    return NULL;
}

static bool is_pin(const lp_ws_diag *d) { return class_of(d) == LP_DIAG_CLASS_PIN; }
static bool is_auth(const lp_ws_diag *d) { return class_of(d) == LP_DIAG_CLASS_AUTH; }
static bool has_code(const lp_ws_diag *d) { return d->has_code; }
static bool has_reason(const lp_ws_diag *d) { return d->reason.len > 0; }

const lp_ws_diag *lp_deciding_diag(const lp_ws_response *r)
{
    bool (*const order[])(const lp_ws_diag *) = { is_pin, is_auth, has_code, has_reason };
    const lp_ws_diag *d = NULL;
    size_t i;

    for (i = 0; i < sizeof order / sizeof order[0] && d == NULL; i++)
        d = first_where(r, order[i]);
    return d;
}

void lp_request_event(lp_event *ev, const lp_where *w, const lp_http_view *v, const lp_ws_request *rq,
                      bool show_pin)
{
    char pin[LP_WS_PIN_MAX + 16];

    lp_event_init(ev, LP_EV_HTTP_REQUEST, w);
    ev->service = rq->service;
    ev->auth = (uint8_t)rq->auth;
    ev->reason = event_text(rq->user_agent.ptr, rq->user_agent.len);
    if (lp_auth_is_password(rq->auth))
        snprintf(pin, sizeof pin, ", %s %s", lp_auth_method_name(rq->auth),
                 rq->has_credentials ? "credentials" : "handshake");
    else if (rq->pin[0] == '\0')
        snprintf(pin, sizeof pin, "%s", rq->has_credentials ? ", with credentials" : "");
    else
        snprintf(pin, sizeof pin, ", PIN %s", show_pin ? rq->pin : LP_PIN_MASK);
    lp_event_detail(ev, "%.*s %.*s%s%.*s%s%s%s", (int)v->method.len, v->method.ptr, (int)v->uri.len, v->uri.ptr,
                    rq->operation.len ? " " : "", (int)rq->operation.len, rq->operation.ptr,
                    rq->user[0] ? " as " : "", rq->user, pin);
    memset(pin, 0, sizeof pin);
}

void lp_certificate_event(lp_event *ev, const lp_where *w, lp_service service)
{
    lp_event_init(ev, LP_EV_CERTIFICATE_ISSUED, w);
    ev->service = service;
    lp_event_detail(ev, "GetAndPublishCert returned the phone's certificate");
}

bool lp_orphan_response_counts(const lp_ws_response *r)
{
    return r->status >= 400 && (r->n_diag > 0 || r->invalid_pin_warning);
}

/* Append one piece of evidence to buf, after ", " when it is not the first. */
static void G_GNUC_PRINTF(3, 4) add_evidence(char *buf, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(buf);
    va_list ap;

    if (n > 0 && n + 2 < cap)
        n += (size_t)snprintf(buf + n, cap - n, ", ");
    va_start(ap, fmt);
    if (n < cap)
        vsnprintf(buf + n, cap - n, fmt, ap);
    va_end(ap);
}

/* What a redirect or a proxy's answer says about itself, where no diagnostic does. */
static const char *answer_reason(lp_resp_kind kind, const lp_ws_response *r)
{
    char text[LP_EVENT_TEXT_MAX], evidence[LP_EVENT_TEXT_MAX] = "";

    if (kind == LP_RESP_REDIRECTED) {
        if (r->location.len > 0)
            snprintf(text, sizeof text, "redirected to %.*s", (int)r->location.len, r->location.ptr);
        else
            snprintf(text, sizeof text, "redirected (no Location)");
    } else if (kind == LP_RESP_PROXY_ERROR) {
        if (r->server.len > 0)
            add_evidence(evidence, sizeof evidence, "Server: %.*s", (int)r->server.len, r->server.ptr);
        if (r->via.len > 0)
            add_evidence(evidence, sizeof evidence, "Via: %.*s", (int)r->via.len, r->via.ptr);
        if (r->arr)
            add_evidence(evidence, sizeof evidence, "X-Powered-By: ARR");
        if (!r->front_end)
            add_evidence(evidence, sizeof evidence, "no X-MS-Server-Fqdn");
        snprintf(text, sizeof text, "answered by a proxy or load balancer, not a front end (%s)", evidence);
    } else if (kind == LP_RESP_SERVER_ERROR && lp_str_istarts(r->server, "Microsoft-HTTPAPI")) {
        snprintf(text, sizeof text, "HTTP.sys answered, not the web service: its IIS application pool is "
                                    "stopped or keeps failing");
    } else {
        return "";
    }
    return event_text(text, strlen(text));
}

void lp_response_event(lp_event *ev, const lp_where *w, lp_service service, const lp_ws_response *r, bool credentials,
                       lp_auth_method auth)
{
    const lp_ws_diag *d = lp_deciding_diag(r);
    const char *what = r->certificate_issued ? ", certificate issued"
                       : r->ticket_issued ? ", web ticket issued" : "";

    lp_event_init(ev, LP_EV_HTTP_RESPONSE, w);
    ev->service = service;
    ev->status = r->status;
    ev->response = lp_verdict_response(r, credentials);
    ev->auth = (uint8_t)auth;
    if (d != NULL) {
        ev->has_diag = d->has_code;
        ev->diag_code = d->code;
        ev->diag_origin = d->origin;
        char reason[LP_EVENT_TEXT_MAX];

        lp_unescape(d->reason.ptr, d->reason.len, reason, sizeof reason);
        ev->reason = event_text(reason, strlen(reason));
    }
    if (d == NULL)
        ev->reason = answer_reason(ev->response, r);
    if (ev->has_diag)
        lp_event_detail(ev, "%u %s: %s %u: %s%s", r->status, lp_resp_kind_name(ev->response),
                        lp_diag_origin_name(ev->diag_origin), ev->diag_code, ev->reason,
                        service == LP_SVC_NONE ? " (its request is not in the capture)" : "");
    else
        lp_event_detail(ev, "%u %s%s%s%s%s", r->status, lp_resp_kind_name(ev->response), what,
                        ev->reason[0] ? ": " : "", ev->reason,
                        service == LP_SVC_NONE ? " (its request is not in the capture)" : "");
}

bool lp_silence_is_no_response(double waited, bool phone_closed)
{
    return phone_closed || waited >= LP_NO_RESPONSE_WAIT;
}

void lp_no_response_event(lp_event *ev, const lp_where *w, lp_service service, double waited, bool phone_closed)
{
    lp_event_init(ev, LP_EV_NO_RESPONSE, w);
    ev->service = service;
    ev->waited = waited;
    ev->phone_closed = phone_closed;
    lp_event_detail(ev, "no response from %s in %.1f s%s", lp_ws_service_name(service), waited,
                    phone_closed ? ", then the phone closed the connection" : "");
}

void lp_sip_request_event(lp_event *ev, const lp_where *w, const char *method, size_t method_len,
                          const char *server)
{
    lp_event_init(ev, LP_EV_SIP_CONNECT, w);
    lp_event_detail(ev, "SIP %.*s to %s (decrypted)", (int)method_len, method, server);
}

void lp_root_chain_event(lp_event *ev, const lp_where *w, unsigned status, uint16_t port)
{
    lp_event_init(ev, LP_EV_ROOT_CHAIN, w);
    ev->service = LP_SVC_CERTPROV;
    ev->status = status;
    if (status != 0)
        lp_event_detail(ev, "root chain: HTTP %u on port %u", status, port);
}

/* The value of header name in a SIP message head, or an empty view. */
static lp_str sip_header(lp_str msg, const char *name)
{
    lp_str line;
    size_t nl, n = strlen(name);

    while ((nl = lp_str_ifind(msg, "\r\n")) < msg.len) {
        msg.ptr += nl + 2;
        msg.len -= nl + 2;
        line.ptr = msg.ptr;
        line.len = lp_str_ifind(msg, "\r\n");
        if (line.len == 0)
            break; /* end of the head */
        if (line.len > n && line.ptr[n] == ':' && lp_str_istarts(line, name)) {
            line.ptr += n + 1;
            line.len -= n + 1;
            while (line.len > 0 && line.ptr[0] == ' ') {
                line.ptr++;
                line.len--;
            }
            return line;
        }
    }
    return (lp_str){ NULL, 0 };
}

bool lp_sip_answer_event(lp_event *ev, const lp_where *w, const uint8_t *msg, size_t len)
{
    lp_str m = { (const char *)msg, len }, cseq, diag;
    unsigned status;

    if (len < 12 || memcmp(msg, "SIP/2.0 ", 8) != 0 || msg[8] < '0' || msg[8] > '9' || msg[9] < '0' ||
        msg[9] > '9' || msg[10] < '0' || msg[10] > '9' || msg[11] != ' ')
        return false;
    status = (unsigned)(msg[8] - '0') * 100 + (unsigned)(msg[9] - '0') * 10 + (unsigned)(msg[10] - '0');
    cseq = sip_header(m, "CSeq");
    if (status < 200 || lp_str_ifind(cseq, "REGISTER") == cseq.len)
        return false;
    lp_event_init(ev, LP_EV_SIP_RESPONSE, w);
    ev->status = status;
    diag = sip_header(m, "ms-diagnostics");
    ev->reason = event_text(diag.ptr != NULL ? diag.ptr : "", diag.len);
    lp_event_detail(ev, "SIP %u to REGISTER (decrypted)%s%s", status, ev->reason[0] ? ": ms-diagnostics " : "",
                    ev->reason);
    return true;
}
