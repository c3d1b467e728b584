/* signin_verdict.c - from facts to a verdict, cause and advice
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "signin_verdict.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "signin_facts.h"
#include "tls_certificate.h"
#include "tls_record.h"
#include "tls_suites.h"

/* A phone whose last packet is this close to the end of the capture was still busy. */
#define INCOMPLETE_WINDOW 30.0
/* A client answers the registrar's challenge at once: unanswered this long, it stopped (seconds). */
#define REGISTER_ANSWER_WAIT 5.0

static const char *const outcome_names[LP_OUT_COUNT] = {
    "signed_in", "pin_rejected", "auth_failed", "no_response", "server_error", "http_error",
    "proxy_error", "redirected", "no_provisioning", "dns_failure", "connect_failed", "tls_failure", "sip_rejected", "incomplete", "unknown",
};

static const char *const event_names[LP_EV_COUNT] = {
    "dhcp_inform", "dhcp_ack", "dhcp_no_reply", "dns_query", "dns_answer", "dns_failure",
    "tls_handshake", "tls_alert", "http_request", "http_response", "no_response",
    "certificate_issued", "sip_connect", "root_chain", "sip_response", "connect_failed", "one_direction",
    "sip_closed",
};

static const char *const resp_kind_names[LP_RESP_COUNT] = {
    "OK", "challenge", "PIN rejected", "authentication failed", "server error", "HTTP error",
    "proxy error", "redirected", "not visible (encrypted)",
};

/* What to do, per outcome; a documented diagnostic id may say better. */
static const char *const outcome_advice[LP_OUT_COUNT] = {
    "Nothing to fix: the phone got its certificate and reached the SIP server.",
    "Check the extension and PIN; reset the PIN in the Lync Control Panel or with Set-CsClientPin.",
    "The server refused the credentials for another reason than a wrong PIN: check that the user "
    "is enabled for PIN authentication, and unlock the PIN (Unlock-CsClientPin) if it was locked "
    "after repeated failures.",
    NULL, /* no_response: names the service, see describe_failure() */
    "The web service failed: read the Lync Server event log on the front end that answered "
    "(e.g. the data store is unavailable when the certificate is published), then retry.",
    "The web server refused the request's URL or method, not the credentials: check the CertProv "
    "path of DHCP option 43 sub-option 5, that the front end's IIS serves the /CertProv and /WebTicket "
    "virtual directories, and the reverse proxy's publishing rules for them.",
    "A reverse proxy or load balancer answered for the pool: it could not reach a front end. Check "
    "its publishing rule for the web services FQDN and its health check, that the front ends' "
    "external web site (port 4443) answers from the proxy and that the proxy trusts its "
    "certificate, and the proxy's own log (IIS ARR: Failed Request Tracing).",
    "A web proxy or login portal redirected the request instead of passing it to the web "
    "service (the cause says where to): exempt the pool's web services FQDN from the proxy or "
    "portal, or set the phone's network to reach the pool directly.",
    "Give the phone its provisioning: DHCP option 43 for vendor class MS-UC-Client and option 120 "
    "(DHCPUtil.exe / DHCPConfigScript.bat, or Lync's own DHCP), a DHCP relay to that server, and "
    "on Cisco IOS 'option ext 43' (plain 'option 43 hex' cuts long values).",
    "Create the DNS record for the pool's web services FQDN (option 43 sub-option 3) and check the "
    "DNS servers the phone uses.",
    NULL, /* connect_failed: names the port and what came back, see connect_advice() */
    "The phone rejected the web server's certificate: make the phone trust the issuing root CA, "
    "check the certificate's names and validity dates, and the phone's clock (NTP).",
    "The registrar refused the REGISTER after the certificate was issued: read its ms-diagnostics; "
    "check that the user is enabled for SIP and homed on this pool (Get-CsUser).",
    "The capture ends while the phone is still signing in: capture from before the phone starts "
    "until it shows signed in or an error.",
    "Nothing on the wire explains why the phone stopped: read the phone's own log (e.g. Polycom "
    "module 'tickt').",
};

/* A refused user name and password: the account, not a PIN. */
static const char *const password_advice =
    "The server refused the user name and password: check the user name and domain the client "
    "signs in with, that the password is current (not expired, not changed since the client saved "
    "it), and whether Active Directory locked the account after repeated failures "
    "(Get-ADUser -Properties LockedOut); the user must be enabled for Lync (Get-CsUser).";

/* A capture of the phone's direction only: what it cannot show is no failure. */
static const char *const one_direction_advice =
    "The capture holds only what the phone sent, not the answers: capture both directions (a mirror "
    "session of both directions of the phone's switch port, or on the phone's own link, and tcpdump "
    "without a direction filter), then judge again.";

static const char *const signed_in_without_sip_advice =
    "The phone got its certificate, but the capture shows no SIP connection to the registrar that "
    "stays up, so it cannot tell whether the phone registered: capture its connection to the SIP "
    "server (TLS, port 5061) too, until the phone shows signed in or an error.";

/* What desk phones put in their User-Agent (their firmware's, and the lab's emulator): any other
 * client that signs in with user and password and never with a PIN is a desktop client. */
static const char *const phone_agents[] = {
    "Polycom", "Yealink", "AudioCodes", "OCPhone", "Phone Edition", "Snom", "Crestron", "Mitel", "Cisco",
    "lyncprov-lab-phone",
};

static bool phone_agent(const char *ua)
{
    for (size_t i = 0; i < G_N_ELEMENTS(phone_agents); i++)
        if (lp_str_ifind((lp_str){ ua, strlen(ua) }, phone_agents[i]) < strlen(ua))
            return true;
    return false;
}

/* Readable SIP whose last answer to REGISTER was a challenge. */
static const char *const register_stalled_advice =
    "The client did not finish the registrar's authentication (TLS-DSK with the certificate CertProv "
    "issued): check that the registrar trusts the CA that issues the client certificates, and the "
    "certificate's validity; the client's log says why it stopped.";

/* An encrypted answer after which the phone gave up: what can and cannot be told. */
static const char *const unseen_advice =
    "The answer is encrypted: it was a refusal (wrong or locked PIN, user not enabled) or a server "
    "fault. To read it, capture with the TLS keys (SSLKEYLOGFILE; editcap --inject-secrets), export "
    "the decrypted HTTP with tshark -U \"OSI layer 7\" and give that file to pcap-summarize as well, "
    "or read the phone's log.";
static const char *const unseen_retry_advice =
    "A phone sends its credentials again after an answer only when they were refused: check the "
    "extension and PIN (Set-CsClientPin) and unlock the PIN (Unlock-CsClientPin). A decrypted capture "
    "shows the server's X-Ms-diagnostics reason.";

/* Sign-in stages, in order: progress at a stage clears failures up to it. */
enum { STAGE_DHCP = 1, STAGE_DNS, STAGE_TLS, STAGE_HTTP, STAGE_SIP, STAGE_REGISTER };

/* sip_rejected when the registrar closed the connection instead of answering. */
static const char *const sip_closed_advice =
    "The registrar closes the phone's SIP connections on TCP 5061: read the Front End's Lync Server event "
    "log (SIP stack, TLS) and check the certificate it presents on 5061, the Front-End service, and any "
    "load balancer or firewall in front of 5061 (its idle timeout, SSL offload, TCP resets).";

/* A TLS failure after a failed root-chain download: the phone had no chain to trust. */
static const char *const root_chain_advice =
    "The phone could not download the CA chain over plain HTTP (port 80) before TLS, so it could not "
    "trust the pool's certificate: open TCP 80 from the phones to the pool's web services "
    "(CAHandlerInternalAnonUri, /CertProv/CertProvisioningService.svc), then retry.";

const char *lp_outcome_name(lp_outcome outcome)
{
    return (unsigned)outcome < LP_OUT_COUNT ? outcome_names[outcome] : "unknown";
}

lp_settled lp_outcome_settled(lp_outcome outcome)
{
    if (outcome == LP_OUT_SIGNED_IN)
        return LP_SETTLED_OK;
    return outcome == LP_OUT_INCOMPLETE || outcome == LP_OUT_UNKNOWN ? LP_SETTLED_OPEN : LP_SETTLED_FAILED;
}

lp_outcome lp_outcome_from_name(const char *name)
{
    unsigned i;

    for (i = 0; i < LP_OUT_COUNT; i++)
        if (strcmp(outcome_names[i], name) == 0)
            return (lp_outcome)i;
    return LP_OUT_COUNT;
}

const char *lp_event_kind_name(lp_event_kind kind)
{
    return (unsigned)kind < LP_EV_COUNT ? event_names[kind] : "unknown";
}

const char *lp_resp_kind_name(lp_resp_kind kind)
{
    return (unsigned)kind < LP_RESP_COUNT ? resp_kind_names[kind] : "error";
}

bool lp_resp_is_refusal(lp_resp_kind kind)
{
    return kind != LP_RESP_OK && kind != LP_RESP_CHALLENGE && kind != LP_RESP_UNSEEN;
}

static lp_diag_class diag_class(const lp_ws_response *resp)
{
    lp_diag_class cls = LP_DIAG_CLASS_OTHER;
    size_t i;

    if (resp->invalid_pin_warning)
        return LP_DIAG_CLASS_PIN;
    for (i = 0; i < resp->n_diag; i++) {
        const lp_diag_info *info;

        if (!resp->diag[i].has_code || (info = lp_diag_lookup(resp->diag[i].code)) == NULL)
            continue;
        if (info->cls == LP_DIAG_CLASS_PIN)
            return LP_DIAG_CLASS_PIN;
        if (info->cls == LP_DIAG_CLASS_AUTH)
            cls = LP_DIAG_CLASS_AUTH;
    }
    return cls;
}

static bool is_redirect(unsigned status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/*
 * A gateway's 5xx that a proxy's headers mark, or that comes without the
 * X-MS-Server-Fqdn of a front end and without Microsoft's Server header. A
 * front end's own IIS or HTTP.sys (Microsoft-HTTPAPI: its 503 when the
 * application pool is stopped) sends none of the front end's headers, and
 * is the web service failing, not a proxy.
 */
static bool from_proxy(const lp_ws_response *resp)
{
    if (resp->status != 502 && resp->status != 503 && resp->status != 504)
        return false;
    return lp_ws_proxy_headers(resp) || (!resp->front_end && resp->server.len == 0);
}

lp_resp_kind lp_verdict_response(const lp_ws_response *resp, bool request_had_credentials)
{
    if (is_redirect(resp->status))
        return LP_RESP_REDIRECTED;
    if (resp->status < 400)
        return LP_RESP_OK;
    if (from_proxy(resp))
        return LP_RESP_PROXY_ERROR;
    if (resp->status >= 500)
        return LP_RESP_SERVER_ERROR;
    if (resp->status == 401 || resp->status == 403) {
        if (!request_had_credentials || (resp->status == 401 && resp->auth_continues))
            return LP_RESP_CHALLENGE;
        return diag_class(resp) == LP_DIAG_CLASS_PIN ? LP_RESP_PIN_REJECTED : LP_RESP_AUTH_FAILED;
    }
    return diag_class(resp) == LP_DIAG_CLASS_AUTH ? LP_RESP_AUTH_FAILED : LP_RESP_HTTP_ERROR;
}

typedef struct {
    bool            failed;
    int             stage;
    lp_outcome      outcome;
    const lp_event *event;
} failure;

static void fail(failure *f, int stage, lp_outcome outcome, const lp_event *ev)
{
    f->failed = true;
    f->stage = stage;
    f->outcome = outcome;
    f->event = ev;
}

static void progress(failure *f, int stage)
{
    if (f->failed && f->stage <= stage)
        f->failed = false;
}

static lp_outcome response_outcome(lp_resp_kind kind)
{
    switch (kind) {
    case LP_RESP_PIN_REJECTED: return LP_OUT_PIN_REJECTED;
    case LP_RESP_AUTH_FAILED:  return LP_OUT_AUTH_FAILED;
    case LP_RESP_HTTP_ERROR:   return LP_OUT_HTTP_ERROR;
    case LP_RESP_PROXY_ERROR:  return LP_OUT_PROXY_ERROR;
    case LP_RESP_REDIRECTED:   return LP_OUT_REDIRECTED;
    default:                   return LP_OUT_SERVER_ERROR;
    }
}

/* A SIP connection the registrar closes sooner than this was refused (seconds). */
#define LP_SIP_CLOSE_QUICK 60.0

/* What one event does to the sign-in, judged alone. */
typedef struct {
    enum { STEP_NONE = 0, STEP_PROGRESS, STEP_FAIL } does;
    int        stage;
    lp_outcome outcome;   /* STEP_FAIL */
} step;

static step step_progress(int stage)
{
    return (step){ STEP_PROGRESS, stage, LP_OUT_SIGNED_IN };
}

static step step_fail(int stage, lp_outcome outcome)
{
    return (step){ STEP_FAIL, stage, outcome };
}

/*
 * The rule of each event, for the verdict and lp_event_result(). What needs
 * the other events (the DHCP answer the phone followed, the root chain
 * behind a TLS failure) is the verdict's own.
 */
static step judge(const lp_event *ev)
{
    static const step none = { STEP_NONE, 0, LP_OUT_UNKNOWN };

    switch (ev->kind) {
    case LP_EV_DHCP_NO_REPLY:
        return step_fail(STAGE_DHCP, LP_OUT_NO_PROVISIONING);
    case LP_EV_DHCP_ACK:
        if (ev->vlan_only)
            return none; /* the VLAN step: the provisioning INFORM comes next */
        return ev->provisioned ? step_progress(STAGE_DHCP) : step_fail(STAGE_DHCP, LP_OUT_NO_PROVISIONING);
    case LP_EV_DNS_ANSWER:
        return step_progress(STAGE_DNS);
    case LP_EV_DNS_FAILURE:
        return step_fail(STAGE_DNS, LP_OUT_DNS_FAILURE);
    case LP_EV_TLS_HANDSHAKE:
        return step_progress(STAGE_TLS);
    case LP_EV_TLS_ALERT:
        return step_fail(STAGE_TLS, LP_OUT_TLS_FAILURE);
    case LP_EV_CONNECT_FAILED:
        return step_fail(ev->server_port == LP_PORT_SIP_TLS ? STAGE_SIP : STAGE_TLS, LP_OUT_CONNECT_FAILED);
    case LP_EV_HTTP_RESPONSE:
        if (ev->response == LP_RESP_UNSEEN && ev->gave_up)
            /* Retries after answers mean refusals; one answer alone could be anything. */
            return step_fail(STAGE_HTTP, ev->retries > 0 ? LP_OUT_AUTH_FAILED : LP_OUT_UNKNOWN);
        if (lp_resp_is_refusal(ev->response))
            return step_fail(STAGE_HTTP, response_outcome(ev->response));
        return step_progress(STAGE_HTTP);
    case LP_EV_NO_RESPONSE:
        return lp_silence_is_no_response(ev->waited, ev->phone_closed) ? step_fail(STAGE_HTTP, LP_OUT_NO_RESPONSE)
                                                                       : none;
    case LP_EV_CERTIFICATE_ISSUED:
    case LP_EV_SIP_CONNECT:
        return step_progress(STAGE_SIP);
    case LP_EV_SIP_CLOSED:
        /* The phone's own close; minutes up, then closed: an idle timeout. Neither is a refusal. */
        return !ev->phone_closed && ev->waited < LP_SIP_CLOSE_QUICK ? step_fail(STAGE_SIP, LP_OUT_SIP_REJECTED)
                                                                    : none;
    case LP_EV_SIP_RESPONSE:
        /* Challenges (401/407) are TLS-DSK's normal legs; 2xx registers (the first
         * since the certificate decides, lp_verdict_phone()); the rest is final. */
        if (ev->status >= 200 && ev->status < 300)
            return step_progress(STAGE_REGISTER);
        if (ev->status >= 300 && ev->status != 401 && ev->status != 407)
            return step_fail(STAGE_REGISTER, LP_OUT_SIP_REJECTED);
        return none;
    default:
        return none; /* requests and queries (their answers say), the root chain (see root_chain_failed) */
    }
}

/* Only a 200 brings the CA chain: a refused port 80 (status 0) or any other answer leaves the phone without it. */
static bool root_chain_failed(const lp_event *ev)
{
    return ev->status != 200;
}

lp_result lp_event_result(const lp_event *ev)
{
    step s;

    if (ev->kind == LP_EV_ROOT_CHAIN)
        return root_chain_failed(ev) ? LP_RESULT_FAILURE : LP_RESULT_SUCCESS;
    s = judge(ev);
    switch (s.does) {
    case STEP_PROGRESS:
        return LP_RESULT_SUCCESS;
    case STEP_FAIL:
        return lp_outcome_settled(s.outcome) == LP_SETTLED_FAILED ? LP_RESULT_FAILURE : LP_RESULT_UNKNOWN;
    default:
        return LP_RESULT_NONE;
    }
}

/* In a cause template, the place of the next of its frames: no event's text holds it (lp_safe_text). */
#define FRAME "\x1f"

/*
 * Append to the cause template what fmt says, with FRAME once for frame. A
 * template is never longer than its text (a marker for at least one digit),
 * so the text cut to LP_CAUSE_MAX is the same as when the cause was text.
 */
static void G_GNUC_PRINTF(3, 4) cause_add(lp_verdict *out, uint32_t frame, const char *fmt, ...)
{
    size_t len = strlen(out->cause_template);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(out->cause_template + len, sizeof out->cause_template - len, fmt, ap);
    va_end(ap);
    if (strstr(fmt, FRAME) != NULL && out->n_cause_frames < LP_CAUSE_FRAMES_MAX)
        out->cause_frames[out->n_cause_frames++] = frame;
}

const char *lp_verdict_cause(const lp_verdict *v, lp_frame_map map, void *data, char *buf, size_t cap)
{
    const char *t;
    size_t len = 0;
    unsigned k = 0;

    if (cap == 0)
        return buf;
    if (map == NULL && cap > LP_CAUSE_MAX)
        cap = LP_CAUSE_MAX; /* cut where the verdict's own text is */
    for (t = v->cause_template; *t != '\0' && len + 1 < cap; t++) {
        uint32_t frame;
        int w;

        if (*t != FRAME[0]) {
            buf[len++] = *t;
            continue;
        }
        if (k == v->n_cause_frames)
            continue;
        frame = v->cause_frames[k++];
        w = snprintf(buf + len, cap - len, "%u", map != NULL ? map(data, frame) : frame);
        len += MIN((size_t)w, cap - len - 1); /* w counts what did not fit too */
    }
    buf[len] = '\0';
    return buf;
}

/* What to check when a connection never opened: it depends on what came back, and names the port. */
static void connect_advice(const lp_event *ev, lp_verdict *out)
{
    const char *service = ev->server_port == LP_PORT_SIP_TLS ? "the Front End service (SIP over TLS)"
                                                               : "the front ends' IIS web site";
    unsigned port = ev->server_port;
    char addr[LP_ADDR_STR_MAX];

    lp_addr_str(&ev->server, addr);
    switch (ev->connect_fail) {
    case LP_CONNECT_RESET:
        snprintf(out->advice, sizeof out->advice,
                 "%s refused the phone's connection to port %u with a reset: nothing listens there, or a "
                 "firewall rejects it. Check that DNS gives the pool's address (or its load balancer's), "
                 "that %s runs and listens on port %u, and the firewall rules for TCP %u.",
                 addr, port, service, port, port);
        break;
    case LP_CONNECT_UNREACHABLE:
        snprintf(out->advice, sizeof out->advice,
                 "A router or firewall answered the phone's connection to %s port %u with ICMP destination "
                 "unreachable (the cause names it and why): allow TCP %u from the phones' network to the "
                 "pool on it, or fix the route to the pool.",
                 addr, port, port);
        break;
    default:
        snprintf(out->advice, sizeof out->advice,
                 "Nothing answered the phone's connection to %s port %u: a firewall or ACL on the way drops "
                 "it, or no host has that address (a stale DNS record, a load balancer's virtual IP that is "
                 "down). Allow TCP %u from the phones' network to the pool, check the address DNS gives for "
                 "it, and capture on the pool's side to see whether the SYNs arrive.",
                 addr, port, port);
        break;
    }
}

/*
 * A refusal of a phone that offered TLS 1.2 is about its suites: those a
 * hardened pool keeps (ECDHE, AES-GCM) may be missing from its list.
 */
static bool suites_advice(const lp_event *ev, lp_verdict *out)
{
    bool pfs = ev->tls_suites & LP_SUITES_FORWARD_SECRET, aead = ev->tls_suites & LP_SUITES_AEAD;
    const char *version = lp_tls_version_name(ev->tls_offered);

    if (ev->tls_offered < LP_TLS_VERSION_1_2 || ev->tls_n_suites == 0 || version == NULL)
        return false;
    snprintf(out->advice, sizeof out->advice,
             "The phone offered %s, and a Lync pool speaks TLS 1.2, so the refusal is most likely about its "
             "cipher suites: of the %u it offered, %s. "
             "Allow a suite the phone has on the front ends and on any reverse proxy in front of them (Windows: "
             "the SChannel cipher suite order, e.g. after IIS Crypto's \"Best Practices\"), or update the "
             "phone's firmware to one with ECDHE and AES-GCM suites.",
             version, ev->tls_n_suites,
             !pfs && !aead                             ? "none has forward secrecy (ECDHE or DHE) or AES-GCM"
             : !pfs                                    ? "none has forward secrecy (ECDHE or DHE)"
             : !aead                                   ? "none uses AES-GCM or ChaCha20"
             : !(ev->tls_suites & LP_SUITES_MODERN)    ? "none is both forward secret and AES-GCM or ChaCha20"
                                                       : "some are ECDHE with AES-GCM: compare them with the server's list");
    return true;
}

/* What to check when a handshake failed, by what it failed on; the certificate's own advice is the outcome's. */
static void tls_advice(const lp_event *ev, lp_verdict *out)
{
    const char *offered = lp_tls_version_name(ev->tls_offered);

    if (ev->tls_fail == LP_TLS_FAIL_VERSION && suites_advice(ev, out))
        return;
    if (ev->tls_fail == LP_TLS_FAIL_VERSION)
        snprintf(out->advice, sizeof out->advice,
                 "The phone and the server share no TLS version or cipher suite%s%s%s: this is not about "
                 "certificates. Allow the phone's version and suites on the front ends and on any reverse "
                 "proxy in front of them (Windows: SChannel's protocol settings, e.g. TLS 1.0 turned off), "
                 "or update the phone's firmware to one that offers TLS 1.2.",
                 offered ? " (the phone offered " : "", offered ? offered : "", offered ? " at most)" : "");
    else if (ev->tls_fail == LP_TLS_FAIL_OTHER)
        snprintf(out->advice, sizeof out->advice,
                 "The TLS handshake failed on something other than the certificate or the version (the cause "
                 "names the alert and who sent it): read the System event log (SChannel) of the front end or "
                 "reverse proxy that answered, and the phone's log.");
}

/* What to do about each thing wrong with the pool's certificate, most telling first. */
static const struct {
    lp_cert_problem problem;
    const char     *advice;
} cert_advice_table[] = {
    { LP_CERT_PHONE_CLOCK, NULL }, /* by what DHCP gave it: clock_advice() */
    { LP_CERT_EXPIRED, "Renew the pool's web services certificate (Deployment Wizard: Request, then Assign, for "
                       "the internal and external web services) on every front end." },
    { LP_CERT_NOT_YET_VALID, "The certificate is not valid yet: check the clocks of the issuing CA and of the "
                             "front ends, or wait for its start date." },
    { LP_CERT_NAME, "Reissue the web services certificate with the FQDN the phone used (DHCP option 43 "
                    "sub-option 3, the name the cause gives) as a subject alternative name, or make option 43 "
                    "name an FQDN the certificate holds." },
    { LP_CERT_UNTRUSTED, "The certificate's chain does not lead to a CA of the root chain the phone downloaded: "
                         "publish the issuing CA's chain at the CertProv root-chain URL, or make the phone trust "
                         "the CA that issued the pool's certificate." },
    { LP_CERT_WEAK_SIGNATURE, "Reissue the certificate signed with SHA-256: current phone firmware refuses SHA-1 "
                              "and MD5 signatures." },
    { LP_CERT_WEAK_KEY, "Reissue the certificate with an RSA key of 2048 bits or more." },
};

/* The phone's clock is wrong: where it should get the time from, by what the DHCP answer it followed gave. */
static const char *clock_advice(const lp_event *dhcp_answer)
{
    if (dhcp_answer != NULL && dhcp_answer->ntp)
        return "The certificate was valid at the capture's time, yet the phone called it expired: the phone's "
               "clock is wrong, although its DHCP answer gave it NTP servers (option 42). Check that the phone "
               "reaches them (UDP 123) and that they keep good time, and the phone's time zone and time "
               "settings, then restart it.";
    if (dhcp_answer != NULL)
        return "The certificate was valid at the capture's time, yet the phone called it expired: the phone's "
               "clock is wrong, and its DHCP answer gave it no NTP servers. Add option 42 (NTP servers) and "
               "option 2 (the time offset) to the phones' scope, or set an NTP server in their configuration, "
               "then restart the phone.";
    return "The certificate was valid at the capture's time, yet the phone called it expired: the phone's clock "
           "is wrong. Give phones a time source (DHCP option 42, NTP servers, and option 2, the time offset, in "
           "their scope; or an NTP server in their configuration), then restart the phone.";
}

/* Advice from the certificate itself, when it was read. */
static void cert_advice(const lp_event *ev, const lp_event *dhcp_answer, lp_verdict *out)
{
    size_t used = 0;

    out->advice[0] = '\0';
    for (size_t i = 0; i < G_N_ELEMENTS(cert_advice_table); i++) {
        const char *advice = cert_advice_table[i].advice;

        if (!(ev->cert_problems & cert_advice_table[i].problem))
            continue;
        if (advice == NULL)
            advice = clock_advice(dhcp_answer);
        used += (size_t)snprintf(out->advice + used, used < sizeof out->advice ? sizeof out->advice - used : 0,
                                 "%s%s", used > 0 ? " " : "", advice);
    }
    if (used == 0)
        snprintf(out->advice, sizeof out->advice,
                 "The pool's certificate looks right (its names, dates%s and strength%s): check what the "
                 "phone trusts (its root chain download, its own CA list), its clock, and its log for its reason.",
                 ev->cert_chain_checked ? ", issuer" : "",
                 ev->cert_chain_checked ? "" : "; its issuer is unchecked without a root-chain download in the capture");
}

/* What the phone did before the failure that its cause and advice may need. */
typedef struct {
    const lp_event *root_chain;  /* its last root-chain download */
    const lp_event *dhcp_answer; /* the last DHCP answer it followed */
    unsigned        sip_closes;  /* SIP connections the registrar closed */
    double          longest_sip; /* the longest of them was up this long */
    const lp_event *last_sip_close;
    const lp_event *sip_open;    /* a SIP connection still open at the end, not yet up that long */
    double          capture_end;
} seen_before;

/* Seconds a SIP connection must outlast the registrar's closes before it counts. */
#define SIP_UP_MARGIN 5.0

static void sip_closed(seen_before *seen, const lp_event *ev)
{
    if (ev->waited >= LP_SIP_CLOSE_QUICK)
        return; /* an idle timeout (judge()) */
    seen->sip_closes++;
    seen->last_sip_close = ev;
    if (ev->waited > seen->longest_sip)
        seen->longest_sip = ev->waited;
}

static void describe_failure(const failure *f, const seen_before *seen, lp_verdict *out)
{
    const lp_event *ev = f->event;
    const lp_diag_info *info = ev->has_diag ? lp_diag_lookup(ev->diag_code) : NULL;

    out->outcome = f->outcome;
    out->frame = ev->frame;
    if (outcome_advice[f->outcome] != NULL)
        snprintf(out->advice, sizeof out->advice, "%s", outcome_advice[f->outcome]);
    switch (ev->kind) {
    case LP_EV_NO_RESPONSE:
        cause_add(out, ev->frame, "request to %s at frame " FRAME " got no response in %.1f s%s%s",
                  lp_ws_service_name(ev->service), ev->waited,
                  ev->phone_closed ? ", then the phone closed the connection" : "",
                  ev->inferred ? " (encrypted: service inferred from the order of the requests)" : "");
        snprintf(out->advice, sizeof out->advice,
                 "The %s web service accepts connections but does not answer: check and restart it "
                 "(its application pool / IIS site) on the pool's front ends. Test-CsPhoneBootstrap "
                 "shows \"No response received for Web-Ticket service\" for this.",
                 lp_ws_service_name(ev->service));
        break;
    case LP_EV_HTTP_RESPONSE:
        if (ev->response == LP_RESP_UNSEEN) {
            if (ev->retries > 0)
                cause_add(out, ev->frame,
                          "encrypted: the phone sent its credentials to %s again %u time(s) after an "
                          "answer, then gave up after the answer at frame " FRAME " (refusals inferred from the retries)",
                          lp_ws_service_name(ev->service), ev->retries);
            else
                cause_add(out, ev->frame,
                          "encrypted: %s answered at frame " FRAME ", then the phone closed the connection and went "
                          "no further (no certificate request, no SIP connection)",
                          lp_ws_service_name(ev->service));
            snprintf(out->advice, sizeof out->advice, "%s", ev->retries > 0 ? unseen_retry_advice : unseen_advice);
            break;
        }
        if (ev->has_diag)
            cause_add(out, ev->frame, "HTTP %u from %s at frame " FRAME ": %s %u: %s%s",
                      ev->status, lp_ws_service_name(ev->service),
                      lp_diag_origin_name(ev->diag_origin), ev->diag_code,
                      ev->reason[0] ? ev->reason : "(no reason given)",
                      info == NULL ? " (an id not in the documented table)" : "");
        else if (f->outcome == LP_OUT_AUTH_FAILED && lp_auth_is_password(ev->auth))
            cause_add(out, ev->frame, "HTTP %u from %s at frame " FRAME ": the %s credentials were refused",
                      ev->status, lp_ws_service_name(ev->service), lp_auth_method_name(ev->auth));
        else
            cause_add(out, ev->frame, "HTTP %u from %s at frame " FRAME "%s%s",
                      ev->status, lp_ws_service_name(ev->service), ev->reason[0] ? ": " : "", ev->reason);
        if (f->outcome == LP_OUT_AUTH_FAILED && lp_auth_is_password(ev->auth) && info == NULL)
            snprintf(out->advice, sizeof out->advice, "%s", password_advice);
        else if (info != NULL)
            snprintf(out->advice, sizeof out->advice, "%s", info->advice);
        else if (ev->has_diag)
            snprintf(out->advice, sizeof out->advice,
                     "Id %u is not documented, so its meaning is not guessed: look for it in the event log "
                     "and the logs (OCSLogger, WebInfrastructure) of the front end that answered, at that time.",
                     ev->diag_code);
        break;
    case LP_EV_SIP_RESPONSE:
        cause_add(out, ev->frame, "SIP %u to REGISTER at frame " FRAME "%s%s", ev->status,
                  ev->reason[0] ? ": ms-diagnostics " : "", ev->reason);
        break;
    case LP_EV_SIP_CLOSED:
        if (seen->sip_closes > 1)
            cause_add(out, ev->frame, "frame " FRAME ": %s; it closed %u of the phone's SIP connections", ev->detail,
                      seen->sip_closes);
        else
            cause_add(out, ev->frame, "frame " FRAME ": %s", ev->detail);
        if (seen->sip_open != NULL)
            cause_add(out, seen->sip_open->frame, ", and the one opened at frame " FRAME " had been up %.1f s when the "
                      "capture ended", seen->capture_end - seen->sip_open->t);
        snprintf(out->advice, sizeof out->advice, "%s", sip_closed_advice);
        break;
    case LP_EV_CONNECT_FAILED:
        cause_add(out, ev->frame, "frame " FRAME ": %s", ev->detail);
        connect_advice(ev, out);
        break;
    default:
        if (ev->kind == LP_EV_TLS_ALERT && ev->tls_fail != LP_TLS_FAIL_CERTIFICATE) {
            cause_add(out, ev->frame, "frame " FRAME ": %s", ev->detail);
            tls_advice(ev, out);
        } else if (ev->kind == LP_EV_TLS_ALERT && ev->cert_read && (ev->cert_problems & ~LP_CERT_UNTRUSTED)) {
            cause_add(out, ev->frame, "frame " FRAME ": %s; %s", ev->detail, ev->reason);
            cert_advice(ev, seen->dhcp_answer, out);
        } else if (ev->kind == LP_EV_TLS_ALERT && seen->root_chain != NULL && root_chain_failed(seen->root_chain)) {
            cause_add(out, ev->frame, "frame " FRAME ": %.80s, after the root-chain download failed ", ev->detail);
            cause_add(out, seen->root_chain->frame, "(frame " FRAME ": %.80s)", seen->root_chain->detail);
            snprintf(out->advice, sizeof out->advice, "%s", root_chain_advice);
        } else if (ev->kind == LP_EV_TLS_ALERT && ev->cert_read) {
            cause_add(out, ev->frame, "frame " FRAME ": %s; %s", ev->detail, ev->reason);
            cert_advice(ev, seen->dhcp_answer, out);
        } else {
            cause_add(out, ev->frame, "frame " FRAME ": %s", ev->detail);
        }
        break;
    }
}

/* Whether DHCP servers gave different answers to the request of transaction xid. */
static bool dhcp_servers_disagree(const lp_event *events, size_t n, uint32_t xid)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (events[i].kind == LP_EV_DHCP_ACK && events[i].xid == xid && events[i].dhcp_conflict)
            return true;
    return false;
}

/*
 * The answer to transaction xid that the phone acted on: the one whose web
 * server name it looked up next, else the first (a client takes the first
 * answer it gets).
 */
static const lp_event *followed_answer(const lp_event *events, size_t n, uint32_t xid)
{
    const lp_event *first = NULL;
    size_t i, j;

    for (i = 0; i < n && first == NULL; i++)
        if (events[i].kind == LP_EV_DHCP_ACK && events[i].xid == xid)
            first = &events[i];
    for (; i < n; i++) {
        if (events[i].kind != LP_EV_DNS_QUERY)
            continue;
        for (j = 0; j < n; j++)
            if (events[j].kind == LP_EV_DHCP_ACK && events[j].xid == xid && events[j].name_hash != 0 &&
                events[j].name_hash == events[i].name_hash)
                return &events[j];
    }
    return first;
}

/*
 * The answers of the other servers are ignored: a phone acts on one answer.
 * Each transaction's followed answer (NULL when its servers agree) is worked
 * out once and kept in *followed by xid: the verdict asks for every answer,
 * and a crafted capture can hold hundreds of them per phone.
 */
static bool ignored_answer(const lp_event *events, size_t n, const lp_event *ev, GHashTable **followed)
{
    gpointer key = GUINT_TO_POINTER(ev->xid), f;

    if (*followed == NULL)
        *followed = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (!g_hash_table_lookup_extended(*followed, key, NULL, &f)) {
        f = (gpointer)(dhcp_servers_disagree(events, n, ev->xid) ? followed_answer(events, n, ev->xid) : NULL);
        g_hash_table_insert(*followed, key, f);
    }
    return f != NULL && f != (gpointer)ev;
}

static const char *server_str(const lp_event *ev, char buf[LP_ADDR_STR_MAX])
{
    return ev->server.family != 0 ? lp_addr_str(&ev->server, buf) : "?";
}

/*
 * Put the servers' disagreement before the verdict's advice: whatever
 * failed next (often DNS for a name only the stale scope gives), its root
 * is the DHCP server that should not have answered.
 */
static void describe_dhcp_conflict(const lp_event *events, size_t n, lp_verdict *out)
{
    const lp_event *followed = NULL;
    char advice[sizeof out->advice], addr[LP_ADDR_STR_MAX];
    size_t i, len;

    for (i = 0; i < n && followed == NULL; i++)
        if (events[i].kind == LP_EV_DHCP_ACK && events[i].dhcp_conflict)
            followed = followed_answer(events, n, events[i].xid);
    if (followed == NULL)
        return;
    cause_add(out, followed->frame, "; DHCP servers disagree, the phone followed %s (frame " FRAME ")",
              server_str(followed, addr));
    len = (size_t)snprintf(advice, sizeof advice,
                           "Several DHCP servers answer this phone with different provisioning. It followed "
                           "%s (frame %u: %s)", server_str(followed, addr), followed->frame, followed->detail);
    for (i = 0; i < n && len < sizeof advice; i++) {
        const lp_event *ev = &events[i];

        if (ev->kind == LP_EV_DHCP_ACK && ev->xid == followed->xid && ev != followed)
            len += (size_t)snprintf(advice + len, sizeof advice - len, "; %s (frame %u) gave %s",
                                    server_str(ev, addr), ev->frame, ev->detail);
    }
    if (len < sizeof advice)
        len += (size_t)snprintf(advice + len, sizeof advice - len,
                                ". Remove the stale or rogue scope so that one server answers vendor class "
                                "MS-UC-Client with options 43 and 120. ");
    if (len < sizeof advice)
        g_strlcpy(advice + len, out->advice, sizeof advice - len);
    memcpy(out->advice, advice, sizeof advice);
}

/* A failure that is only silence: in a capture of one direction, the answer may be what is missing. */
static bool silence(const lp_event *ev)
{
    switch (ev->kind) {
    case LP_EV_DHCP_NO_REPLY:
    case LP_EV_NO_RESPONSE:
        return true;
    case LP_EV_DNS_FAILURE:
        return ev->waited > 0;
    case LP_EV_CONNECT_FAILED:
        return ev->connect_fail == LP_CONNECT_UNANSWERED;
    default:
        return false;
    }
}

void lp_verdict_phone(const lp_event *events, size_t n, double capture_end, lp_verdict *out)
{
    failure f = { 0 };
    const lp_event *success = NULL, *one_way = NULL, *registered = NULL, *sip_answer = NULL, *sip_up = NULL;
    const lp_event *stalled = NULL, *unregistered = NULL;
    const lp_event *left = NULL; /* the phone closed its SIP connection, and opened none after */
    const lp_event *registration = NULL; /* the first 2xx to REGISTER since the last certificate */
    lp_auth_method method = LP_AUTH_NONE; /* how the phone asked for its web ticket */
    const char *agent = "";               /* the User-Agent of its last request that authenticated */
    bool pin = false;                     /* it asked with a PIN */
    seen_before seen = { .capture_end = capture_end };
    GHashTable *followed = NULL; /* xid -> the answer the phone followed (ignored_answer) */
    size_t i;

    memset(out, 0, sizeof *out);
    for (i = 0; i < n && one_way == NULL; i++)
        if (events[i].kind == LP_EV_ONE_DIRECTION)
            one_way = &events[i];
    for (i = 0; i < n; i++) {
        const lp_event *ev = &events[i];
        step s = judge(ev);

        if (ev->kind == LP_EV_DHCP_ACK && ignored_answer(events, n, ev, &followed))
            continue; /* a server the phone did not follow */
        if (one_way != NULL && silence(ev))
            continue;
        if (s.does == STEP_PROGRESS)
            progress(&f, s.stage);
        else if (s.does == STEP_FAIL)
            fail(&f, s.stage, s.outcome, ev);
        if (ev->kind == LP_EV_ROOT_CHAIN)
            seen.root_chain = ev;
        else if (ev->kind == LP_EV_DHCP_ACK)
            seen.dhcp_answer = ev;
        if (ev->kind == LP_EV_CERTIFICATE_ISSUED || ev->kind == LP_EV_SIP_CONNECT)
            success = ev;
        if (ev->kind == LP_EV_CERTIFICATE_ISSUED)
            registration = NULL;
        else if (ev->kind == LP_EV_HTTP_REQUEST && ev->auth != LP_AUTH_NONE) {
            method = (lp_auth_method)ev->auth;
            agent = ev->reason != NULL ? ev->reason : "";
            pin |= method == LP_AUTH_PIN;
        }
        if (ev->kind == LP_EV_SIP_CONNECT) {
            sip_up = ev;
            left = NULL;
        } else if (ev->kind == LP_EV_SIP_CLOSED && ev->phone_closed) {
            left = ev;
        } else if (ev->kind == LP_EV_SIP_CLOSED) {
            sip_closed(&seen, ev);
            if (ev->waited < LP_SIP_CLOSE_QUICK)
                sip_up = NULL; /* refused; after minutes up, an idle timeout of a connection that served */
        } else if (ev->kind == LP_EV_SIP_RESPONSE) {
            sip_answer = ev;
            if (ev->status >= 200 && ev->status < 300) {
                registered = ev;
                if (registration == NULL)
                    registration = ev; /* not a later refresh or the unregistering at sign-off */
            }
        }
    }
    /*
     * A registrar that keeps closing: a connection open at the end is no
     * sign-in until it outlasts the others, or a REGISTER on it got its 2xx.
     */
    if (seen.sip_closes > 1 && !f.failed && success != NULL && success->kind == LP_EV_SIP_CONNECT &&
        (registered == NULL || registered->t < success->t) &&
        capture_end - success->t < seen.longest_sip + SIP_UP_MARGIN) {
        seen.sip_open = success;
        fail(&f, STAGE_SIP, LP_OUT_SIP_REJECTED, seen.last_sip_close);
        success = NULL;
    }
    /*
     * Signed in takes, where the SIP can be read, a 2xx to REGISTER (the
     * REGISTERs before the certificate are the same registration's first
     * legs); where it cannot, a SIP connection that is still up, whether it
     * opened before the certificate (a client that asked the registrar first) or after.
     */
    if (success != NULL && (!f.failed || f.event->t < success->t)) {
        if (sip_answer != NULL && registration != NULL)
            success = registration;
        else if (sip_answer != NULL)
            stalled = sip_answer;
        else if (sip_up != NULL)
            success = sip_up;
        else
            unregistered = success;
        if (stalled != NULL || unregistered != NULL)
            success = NULL;
    }

    if (f.failed && (success == NULL || f.event->t > success->t)) {
        describe_failure(&f, &seen, out);
    } else if (success != NULL) {
        out->outcome = LP_OUT_SIGNED_IN;
        out->frame = success->frame;
        if (success->kind == LP_EV_SIP_RESPONSE)
            cause_add(out, success->frame, "REGISTER answered %u at frame " FRAME, success->status);
        else
            cause_add(out, success->frame, "SIP TLS connection at frame " FRAME);
        snprintf(out->advice, sizeof out->advice, "%s", outcome_advice[LP_OUT_SIGNED_IN]);
    } else if (stalled != NULL || unregistered != NULL) {
        const lp_event *last = stalled != NULL ? stalled : unregistered;

        if (stalled != NULL)
            out->outcome = left != NULL || capture_end - last->t >= REGISTER_ANSWER_WAIT ? LP_OUT_SIP_REJECTED
                                                                                    : LP_OUT_INCOMPLETE;
        else
            out->outcome = capture_end - last->t < INCOMPLETE_WINDOW ? LP_OUT_INCOMPLETE : LP_OUT_UNKNOWN;
        out->frame = last->frame;
        if (stalled != NULL) {
            cause_add(out, last->frame, "SIP %u to REGISTER at frame " FRAME ", a challenge the client did not "
                      "answer: it never registered", last->status);
            if (left != NULL)
                cause_add(out, left->frame, "; it closed its SIP connection at frame " FRAME);
            snprintf(out->advice, sizeof out->advice, "%s", register_stalled_advice);
        } else {
            cause_add(out, last->frame, "certificate issued at frame " FRAME "; no SIP connection that stays up "
                      "in the capture");
            snprintf(out->advice, sizeof out->advice, "%s", signed_in_without_sip_advice);
        }
    } else if (one_way != NULL) {
        out->outcome = LP_OUT_UNKNOWN;
        out->frame = one_way->frame;
        cause_add(out, one_way->frame, "frame " FRAME ": %s", one_way->detail);
        snprintf(out->advice, sizeof out->advice, "%s", one_direction_advice);
    } else if (n > 0) {
        const lp_event *last = &events[n - 1];
        double idle = capture_end - last->t;

        out->outcome = idle < INCOMPLETE_WINDOW ? LP_OUT_INCOMPLETE : LP_OUT_UNKNOWN;
        out->frame = last->frame;
        cause_add(out, last->frame, "last seen: %s at frame " FRAME ", %.1f s before the capture ends",
                  lp_event_kind_name(last->kind), idle);
        snprintf(out->advice, sizeof out->advice, "%s", outcome_advice[out->outcome]);
    } else {
        out->outcome = LP_OUT_UNKNOWN;
        snprintf(out->cause_template, sizeof out->cause_template, "no sign-in traffic seen");
        snprintf(out->advice, sizeof out->advice, "%s", outcome_advice[LP_OUT_UNKNOWN]);
    }
    if (followed != NULL)
        g_hash_table_destroy(followed);
    /* How it signed in, where the cause does not say it already (a refused password names its method). */
    if (lp_auth_is_password(method) &&
        !(out->outcome == LP_OUT_AUTH_FAILED && f.event != NULL && lp_auth_is_password(f.event->auth)))
        cause_add(out, 0, "; user and password (%s)", lp_auth_method_name(method));
    if (!pin && lp_auth_is_password(method) && agent[0] != '\0' && !phone_agent(agent))
        cause_add(out, 0, "; a desktop client (%s), not a desk phone", agent);
    describe_dhcp_conflict(events, n, out);
}
