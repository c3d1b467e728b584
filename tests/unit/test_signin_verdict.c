/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/signin_verdict.c: the rules. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "signin_verdict.h"
#include "tls_certificate.h"
#include "verdict_events.h"

static lp_ws_response response(unsigned status, uint32_t code, bool warning)
{
    lp_ws_response r;

    memset(&r, 0, sizeof r);
    r.status = status;
    r.invalid_pin_warning = warning;
    if (code != 0) {
        r.n_diag = 1;
        r.diag[0].has_code = true;
        r.diag[0].code = code;
    }
    return r;
}

static void test_response_kinds(void)
{
    static const struct {
        unsigned status;
        uint32_t code;
        bool warning, credentials;
        lp_resp_kind want;
    } cases[] = {
        { 200, 0,     false, true,  LP_RESP_OK },
        { 302, 0,     false, false, LP_RESP_REDIRECTED },
        { 307, 0,     false, true,  LP_RESP_REDIRECTED },
        { 304, 0,     false, false, LP_RESP_OK },
        { 401, 0,     false, false, LP_RESP_CHALLENGE },
        /* Even a 28003 is only a challenge when nothing was sent. */
        { 401, 28003, false, false, LP_RESP_CHALLENGE },
        { 401, 28003, false, true,  LP_RESP_PIN_REJECTED },
        { 401, 0,     true,  true,  LP_RESP_PIN_REJECTED },
        { 401, 28099, false, true,  LP_RESP_AUTH_FAILED },
        { 401, 0,     false, true,  LP_RESP_AUTH_FAILED },
        { 403, 28020, false, true,  LP_RESP_AUTH_FAILED },
        { 400, 28020, false, true,  LP_RESP_AUTH_FAILED },
        { 404, 0,     false, true,  LP_RESP_HTTP_ERROR },
        { 500, 28020, false, true,  LP_RESP_SERVER_ERROR },
        /* A gateway error with no front end's header and no Server at all: a proxy. */
        { 503, 0,     false, false, LP_RESP_PROXY_ERROR },
        { 500, 0,     false, false, LP_RESP_SERVER_ERROR },
    };
    size_t i;
    lp_ws_response r;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        r = response(cases[i].status, cases[i].code, cases[i].warning);
        g_test_message("case %zu", i);
        g_assert_cmpint(lp_verdict_response(&r, cases[i].credentials), ==, cases[i].want);
    }
    /* Who sent a 502/503/504: the front end (X-MS-Server-Fqdn, or its HTTP.sys), or a proxy's headers. */
    r = response(502, 0, false);
    r.front_end = true;
    g_assert_cmpint(lp_verdict_response(&r, true), ==, LP_RESP_SERVER_ERROR);
    r.via = (lp_str){ "1.1 lb", 6 };
    g_assert_cmpint(lp_verdict_response(&r, true), ==, LP_RESP_PROXY_ERROR);
    r = response(503, 0, false);
    r.server = (lp_str){ "Microsoft-HTTPAPI/2.0", 21 };
    g_assert_cmpint(lp_verdict_response(&r, true), ==, LP_RESP_SERVER_ERROR);
    r.arr = true;
    g_assert_cmpint(lp_verdict_response(&r, true), ==, LP_RESP_PROXY_ERROR);
    r = response(504, 0, false);
    r.front_end = true;
    r.server = (lp_str){ "nginx", 5 };
    g_assert_cmpint(lp_verdict_response(&r, true), ==, LP_RESP_PROXY_ERROR);
    g_assert_cmpstr(lp_resp_kind_name(LP_RESP_CHALLENGE), ==, "challenge");
    g_assert_cmpstr(lp_resp_kind_name(LP_RESP_OK), ==, "OK");
}

static lp_event http(double t, uint32_t frame, unsigned status, lp_resp_kind kind, uint32_t code,
                     const char *reason)
{
    lp_event e = ev(LP_EV_HTTP_RESPONSE, t, frame);

    e.status = status;
    e.response = kind;
    e.has_diag = code != 0;
    e.diag_code = code;
    e.reason = reason;
    return e;
}

static lp_event dhcp_answer(double t, uint32_t frame, uint8_t server, bool provisioned, bool conflict)
{
    lp_event e = ev(LP_EV_DHCP_ACK, t, frame);
    uint8_t a[4] = { 10, 9, 0, server };

    lp_addr_set(&e.server, 4, a);
    e.xid = 0x44444444;
    e.provisioned = provisioned;
    e.dhcp_conflict = conflict;
    e.detail = provisioned ? "CertProv https://pool01" : "DHCPACK without option 43";
    return e;
}

/* Without a lookup to tell, the phone took the first answer; the other servers' answers do not count. */
static void test_dhcp_conflict_first_answer(void)
{
    lp_event e[] = {
        ev(LP_EV_DHCP_INFORM, 1, 1), dhcp_answer(1.01, 2, 1, true, false), dhcp_answer(1.02, 3, 3, false, true),
        ev(LP_EV_CERTIFICATE_ISSUED, 4, 20), ev(LP_EV_SIP_CONNECT, 5, 25),
    };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    g_assert_true(g_str_has_suffix(cause_text(&v), "; DHCP servers disagree, the phone followed 10.9.0.1 (frame 2)"));
    g_assert_true(g_str_has_prefix(v.advice, "Several DHCP servers answer this phone with different provisioning. "
                                             "It followed 10.9.0.1 (frame 2: CertProv https://pool01); "
                                             "10.9.0.3 (frame 3) gave DHCPACK without option 43."));

    /* The rogue answered first: the phone had no provisioning, whatever the right server said later. */
    e[1].dhcp_conflict = false;
    e[1].provisioned = false;
    e[2].dhcp_conflict = true;
    e[2].provisioned = true;
    lp_verdict_phone(e, 3, 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_NO_PROVISIONING);
    g_assert_cmpuint(v.frame, ==, 2);
}

static void test_signed_in(void)
{
    lp_event e[] = {
        ev(LP_EV_DHCP_INFORM, 1, 1), ev(LP_EV_DHCP_ACK, 1.1, 2),
        http(2, 10, 401, LP_RESP_CHALLENGE, 0, ""), http(3, 12, 200, LP_RESP_OK, 0, ""),
        ev(LP_EV_CERTIFICATE_ISSUED, 4, 20), ev(LP_EV_SIP_CONNECT, 5, 25),
    };
    lp_verdict v;

    e[1].provisioned = true;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    g_assert_cmpuint(v.frame, ==, 25);
    g_assert_cmpstr(cause_text(&v), ==, "SIP TLS connection at frame 25");
}

static void test_wrong_pin(void)
{
    lp_event e[] = {
        http(2, 26, 401, LP_RESP_CHALLENGE, 0, ""),
        http(3, 30, 401, LP_RESP_PIN_REJECTED, 28003, "The pin is invalid."),
    };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 4, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_PIN_REJECTED);
    g_assert_cmpuint(v.frame, ==, 30);
    g_assert_cmpstr(cause_text(&v), ==, "HTTP 401 from WebTicket at frame 30: X-Ms-diagnostics 28003: The pin is invalid.");
    g_assert_nonnull(strstr(v.advice, "Set-CsClientPin"));
}

static void test_lockout_after_wrong_pins(void)
{
    lp_event e[] = {
        http(3, 30, 401, LP_RESP_PIN_REJECTED, 28003, "The pin is invalid."),
        http(4, 34, 401, LP_RESP_PIN_REJECTED, 28003, "The pin is invalid."),
        http(5, 42, 401, LP_RESP_AUTH_FAILED, 28099, "The account is locked."),
    };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 6, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_AUTH_FAILED);
    g_assert_cmpuint(v.frame, ==, 42);
    g_assert_nonnull(strstr(cause_text(&v), "28099: The account is locked. (an id not in the documented table)"));
    /* An undocumented id gets no guessed advice (no PIN unlock): the logs say what it is. */
    g_assert_null(strstr(v.advice, "Unlock-CsClientPin"));
    g_assert_nonnull(strstr(v.advice, "Id 28099 is not documented"));
}

static void test_hung_web_ticket(void)
{
    lp_event e[] = { ev(LP_EV_TLS_HANDSHAKE, 1, 20), ev(LP_EV_NO_RESPONSE, 2, 28) };
    lp_verdict v;

    e[1].waited = 31.2;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 40, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_NO_RESPONSE);
    g_assert_cmpstr(cause_text(&v), ==, "request to WebTicket at frame 28 got no response in 31.2 s");
    g_assert_nonnull(strstr(v.advice, "No response received for Web-Ticket service"));

    /* Cut off by the end of the capture rather than unanswered. */
    e[1].waited = 2.0;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 4, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_INCOMPLETE);
}

static void test_stage_failures(void)
{
    lp_event no_reply[] = { ev(LP_EV_DHCP_INFORM, 1, 1), ev(LP_EV_DHCP_NO_REPLY, 13, 1) };
    lp_event no_43[] = { ev(LP_EV_DHCP_INFORM, 1, 1), ev(LP_EV_DHCP_ACK, 1, 2) };
    lp_event dns[] = { ev(LP_EV_DNS_QUERY, 1, 3), ev(LP_EV_DNS_FAILURE, 1, 4) };
    lp_event tls[] = { ev(LP_EV_TLS_ALERT, 1, 9) };
    lp_event server[] = { http(1, 30, 500, LP_RESP_SERVER_ERROR, 0, "") };
    lp_verdict v;

    no_reply[1].detail = "DHCPINFORM got no reply";
    lp_verdict_phone(no_reply, 2, 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_NO_PROVISIONING);
    g_assert_cmpstr(cause_text(&v), ==, "frame 1: DHCPINFORM got no reply");
    lp_verdict_phone(no_43, 2, 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_NO_PROVISIONING);
    lp_verdict_phone(dns, 2, 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_DNS_FAILURE);
    lp_verdict_phone(tls, 1, 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_TLS_FAILURE);
    lp_verdict_phone(server, 1, 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SERVER_ERROR);
    g_assert_cmpstr(cause_text(&v), ==, "HTTP 500 from WebTicket at frame 30");
}

static void test_later_progress_clears_earlier_stage(void)
{
    /* A retried INFORM that is answered, and a DNS retry that works. */
    lp_event e[] = {
        ev(LP_EV_DHCP_NO_REPLY, 1, 1), ev(LP_EV_DHCP_ACK, 5, 3),
        ev(LP_EV_DNS_FAILURE, 6, 4), ev(LP_EV_DNS_ANSWER, 7, 6),
    };
    /* A wrong PIN is not undone by a later DHCP exchange. */
    lp_event f[] = {
        http(3, 30, 401, LP_RESP_PIN_REJECTED, 28003, "The pin is invalid."),
        ev(LP_EV_DHCP_ACK, 50, 60),
    };
    lp_verdict v;

    e[1].provisioned = true;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 8, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_INCOMPLETE);
    lp_verdict_phone(e, G_N_ELEMENTS(e), 300, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_UNKNOWN);

    f[1].provisioned = true;
    lp_verdict_phone(f, G_N_ELEMENTS(f), 60, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_PIN_REJECTED);
}

static void test_failure_after_success_wins(void)
{
    lp_event e[] = { ev(LP_EV_CERTIFICATE_ISSUED, 1, 10), ev(LP_EV_TLS_ALERT, 2, 12) };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 3, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_TLS_FAILURE);
    lp_verdict_phone(NULL, 0, 3, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_UNKNOWN);
}

static void test_root_chain_explains_tls_failure(void)
{
    lp_event e[] = { ev(LP_EV_DNS_ANSWER, 1, 4), ev(LP_EV_ROOT_CHAIN, 1.2, 6), ev(LP_EV_TLS_ALERT, 1.3, 14) };
    lp_verdict v;

    e[1].detail = "root chain: port 80 refused the connection (RST)";
    e[2].detail = "fatal alert unknown_ca (48)";
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_TLS_FAILURE);
    g_assert_cmpuint(v.frame, ==, 14);
    g_assert_cmpstr(cause_text(&v), ==, "frame 14: fatal alert unknown_ca (48), after the root-chain download failed "
                                 "(frame 6: root chain: port 80 refused the connection (RST))");
    g_assert_nonnull(strstr(v.advice, "port 80"));

    /* A chain that came (200) explains nothing. */
    e[1].status = 200;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_cmpstr(cause_text(&v), ==, "frame 14: fatal alert unknown_ca (48)");
}

static lp_event connect_failed(double t, uint32_t frame, lp_connect_fail how, uint16_t port)
{
    lp_event e = ev(LP_EV_CONNECT_FAILED, t, frame);
    static const uint8_t pool[4] = { 10, 9, 0, 1 };

    e.connect_fail = (uint8_t)how;
    e.server_port = port;
    e.retries = how == LP_CONNECT_UNANSWERED ? 3 : 0;
    lp_addr_set(&e.server, 4, pool);
    e.detail = "web services: what came back";
    return e;
}

static void test_connect_failed(void)
{
    static const struct {
        lp_connect_fail how;
        const char     *advice;
    } cases[] = {
        { LP_CONNECT_UNANSWERED, "Nothing answered the phone's connection to 10.9.0.1 port 443" },
        { LP_CONNECT_RESET, "10.9.0.1 refused the phone's connection to port 443 with a reset" },
        { LP_CONNECT_UNREACHABLE, "A router or firewall answered the phone's connection to 10.9.0.1 port 443" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        lp_event e[] = { ev(LP_EV_DNS_ANSWER, 1, 4), connect_failed(2, 17, cases[i].how, 443) };
        lp_verdict v;

        lp_verdict_phone(e, G_N_ELEMENTS(e), 100, &v);
        g_assert_cmpint(v.outcome, ==, LP_OUT_CONNECT_FAILED);
        g_assert_cmpuint(v.frame, ==, 17);
        g_assert_cmpstr(cause_text(&v), ==, "frame 17: web services: what came back");
        g_assert_true(g_str_has_prefix(v.advice, cases[i].advice));
        g_assert_nonnull(strstr(v.advice, "TCP 443"));
    }
    {
        /* Another connection that opened: the phone went on, the failed one decides nothing. */
        lp_event e[] = { connect_failed(2, 17, LP_CONNECT_UNANSWERED, 443), ev(LP_EV_TLS_HANDSHAKE, 3, 30) };
        lp_verdict v;

        lp_verdict_phone(e, G_N_ELEMENTS(e), 100, &v);
        g_assert_cmpint(v.outcome, !=, LP_OUT_CONNECT_FAILED);
    }
    {
        /* The registrar's port, after the certificate: the SIP stage failed. */
        lp_event e[] = { ev(LP_EV_CERTIFICATE_ISSUED, 1, 70), connect_failed(2, 80, LP_CONNECT_RESET, 5061) };
        lp_verdict v;

        lp_verdict_phone(e, G_N_ELEMENTS(e), 100, &v);
        g_assert_cmpint(v.outcome, ==, LP_OUT_CONNECT_FAILED);
        g_assert_nonnull(strstr(v.advice, "Front End service"));
    }
}

static void test_tls_failure_advice(void)
{
    lp_event e[] = { ev(LP_EV_ROOT_CHAIN, 1.2, 6), ev(LP_EV_TLS_ALERT, 1.3, 21) };
    lp_verdict v;

    e[0].detail = "root chain: 10.9.0.1:80 refused the connection with a reset";
    e[1].detail = "fatal alert protocol_version (70) from the server";
    e[1].tls_fail = LP_TLS_FAIL_VERSION;
    e[1].tls_offered = 0x0301;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_TLS_FAILURE);
    /* A version refusal is not the missing chain's fault. */
    g_assert_cmpstr(cause_text(&v), ==, "frame 21: fatal alert protocol_version (70) from the server");
    g_assert_nonnull(strstr(v.advice, "(the phone offered TLS 1.0 at most)"));
    g_assert_null(strstr(v.advice, "port 80"));
    e[1].tls_fail = LP_TLS_FAIL_OTHER;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_nonnull(strstr(v.advice, "SChannel"));
    e[1].tls_fail = LP_TLS_FAIL_CERTIFICATE;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_nonnull(strstr(v.advice, "port 80"));
}

/* The phone's clock: the advice follows what the DHCP answer it followed gave; a certificate's own problems come first. */
static void test_certificate_advice(void)
{
    lp_event e[] = { ev(LP_EV_DHCP_ACK, 0.1, 2), ev(LP_EV_ROOT_CHAIN, 1.2, 6), ev(LP_EV_TLS_ALERT, 1.3, 23) };
    lp_verdict v;

    e[1].status = 200;
    e[2].detail = "fatal alert certificate_expired (45) from the phone";
    e[2].reason = "the server's certificate was valid at the capture's time";
    e[2].tls_fail = LP_TLS_FAIL_CERTIFICATE;
    e[2].cert_read = true;
    e[2].cert_problems = LP_CERT_PHONE_CLOCK;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_TLS_FAILURE);
    g_assert_cmpstr(cause_text(&v), ==, "frame 23: fatal alert certificate_expired (45) from the phone; "
                                        "the server's certificate was valid at the capture's time");
    g_assert_nonnull(strstr(v.advice, "gave it no NTP servers. Add option 42"));
    e[0].ntp = true;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_nonnull(strstr(v.advice, "although its DHCP answer gave it NTP servers"));
    lp_verdict_phone(e + 1, G_N_ELEMENTS(e) - 1, 2, &v);
    g_assert_nonnull(strstr(v.advice, "Give phones a time source"));
    /* Several problems: each gets its advice, the name before the key. */
    e[2].cert_problems = LP_CERT_NAME | LP_CERT_WEAK_KEY;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_true(strstr(v.advice, "subject alternative name") < strstr(v.advice, "2048 bits"));
    g_assert_null(strstr(v.advice, "clock"));
    /* Nothing wrong with it: what the phone trusts. */
    e[2].cert_problems = 0;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_nonnull(strstr(v.advice, "what the phone trusts"));
}

static lp_event sip_closed(double t, uint32_t frame, double up)
{
    lp_event e = ev(LP_EV_SIP_CLOSED, t, frame);

    e.waited = up;
    e.detail = "the SIP server closed the connection";
    return e;
}

static lp_event sip_answer(double t, uint32_t frame, unsigned status, const char *diag);

/* A registrar that keeps closing: a last connection is no sign-in until it outlasts the closed ones. */
static void test_sip_flap(void)
{
    lp_event e[] = {
        ev(LP_EV_CERTIFICATE_ISSUED, 1, 70), ev(LP_EV_SIP_CONNECT, 2, 80), sip_closed(12, 92, 10),
        ev(LP_EV_SIP_CONNECT, 14, 100), sip_closed(24, 109, 10), ev(LP_EV_SIP_CONNECT, 26, 118),
    };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 30, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIP_REJECTED);
    g_assert_cmpuint(v.frame, ==, 109);
    g_assert_cmpstr(cause_text(&v), ==, "frame 109: the SIP server closed the connection; it closed 2 of the phone's "
                                        "SIP connections, and the one opened at frame 118 had been up 4.0 s when the "
                                        "capture ended");
    /* Up longer than any before it: registered. */
    lp_verdict_phone(e, G_N_ELEMENTS(e), 60, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    /* One close and a connection again: a restart, not a flap. */
    lp_verdict_phone(e, 4, 20, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    /* The last connection closed too. */
    lp_verdict_phone(e, 5, 200, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIP_REJECTED);
    g_assert_cmpuint(v.frame, ==, 109);
    /* A REGISTER's 2xx on the last connection: registered, however short. */
    {
        lp_event r[G_N_ELEMENTS(e) + 1];

        memcpy(r, e, sizeof e);
        r[G_N_ELEMENTS(e)] = sip_answer(27, 120, 200, "");
        lp_verdict_phone(r, G_N_ELEMENTS(r), 30, &v);
        g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    }
    /* Closed after minutes: an idle timeout, no refusal. */
    e[4].waited = 600;
    lp_verdict_phone(e, 5, 700, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
}

static lp_event sip_answer(double t, uint32_t frame, unsigned status, const char *diag)
{
    lp_event e = ev(LP_EV_SIP_RESPONSE, t, frame);

    e.status = status;
    e.reason = diag;
    return e;
}

static void test_register_rejected(void)
{
    lp_event e[] = {
        ev(LP_EV_CERTIFICATE_ISSUED, 1, 70), ev(LP_EV_SIP_CONNECT, 2, 89),
        sip_answer(2.1, 91, 401, ""), sip_answer(2.2, 99, 401, ""), sip_answer(2.3, 107, 401, ""),
        sip_answer(2.4, 111, 403, "4005;reason=\"Destination URI either not enabled for SIP or does not exist\""),
    };
    lp_verdict v;

    lp_verdict_phone(e, G_N_ELEMENTS(e), 3, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIP_REJECTED);
    g_assert_cmpuint(v.frame, ==, 111);
    g_assert_nonnull(strstr(cause_text(&v), "SIP 403 to REGISTER at frame 111: ms-diagnostics 4005;"));
    g_assert_cmpstr(lp_outcome_name(v.outcome), ==, "sip_rejected");

    /* TLS-DSK's 401s are legs of the exchange; the 200 registers, and decides. */
    e[5] = sip_answer(2.4, 111, 200, "");
    lp_verdict_phone(e, G_N_ELEMENTS(e), 3, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    g_assert_cmpuint(v.frame, ==, 111);
    g_assert_cmpstr(cause_text(&v), ==, "REGISTER answered 200 at frame 111");

    /* Readable SIP with no 2xx: a challenge left unanswered is no sign-in. */
    e[5] = sip_answer(2.4, 111, 401, "");
    lp_verdict_phone(e, G_N_ELEMENTS(e), 3, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_INCOMPLETE); /* the capture ends 0.6 s after it */
    lp_verdict_phone(e, G_N_ELEMENTS(e), 60, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIP_REJECTED);
    g_assert_cmpuint(v.frame, ==, 111);
    g_assert_nonnull(strstr(cause_text(&v), "SIP 401 to REGISTER at frame 111, a challenge the client did not answer"));
}

/* Without readable SIP: a certificate alone is no sign-in; a SIP connection opened before it that
 * the registrar did not close is. */
static void test_certificate_without_sip(void)
{
    lp_event e[] = { ev(LP_EV_SIP_CONNECT, 1, 10), ev(LP_EV_CERTIFICATE_ISSUED, 2, 70) };
    lp_verdict v;

    lp_verdict_phone(e + 1, 1, 3, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_INCOMPLETE);
    g_assert_cmpuint(v.frame, ==, 70);
    lp_verdict_phone(e + 1, 1, 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_UNKNOWN);
    g_assert_nonnull(strstr(cause_text(&v), "no SIP connection that stays up"));
    lp_verdict_phone(e, G_N_ELEMENTS(e), 100, &v);
    g_assert_cmpint(v.outcome, ==, LP_OUT_SIGNED_IN);
    g_assert_cmpuint(v.frame, ==, 10);
}

static void test_names(void)
{
    unsigned i;

    for (i = 0; i < LP_OUT_COUNT; i++)
        g_assert_cmpint(lp_outcome_from_name(lp_outcome_name((lp_outcome)i)), ==, i);
    g_assert_cmpint(lp_outcome_from_name("nope"), ==, LP_OUT_COUNT);
    g_assert_cmpstr(lp_event_kind_name(LP_EV_CERTIFICATE_ISSUED), ==, "certificate_issued");
    g_assert_cmpstr(lp_event_kind_name(LP_EV_COUNT), ==, "unknown");
}

/* Signed in, still open, or failed: what the outputs colour and group by. */
static void test_settled(void)
{
    unsigned i;

    g_assert_cmpint(lp_outcome_settled(LP_OUT_SIGNED_IN), ==, LP_SETTLED_OK);
    g_assert_cmpint(lp_outcome_settled(LP_OUT_INCOMPLETE), ==, LP_SETTLED_OPEN);
    g_assert_cmpint(lp_outcome_settled(LP_OUT_UNKNOWN), ==, LP_SETTLED_OPEN);
    for (i = LP_OUT_PIN_REJECTED; i <= LP_OUT_SIP_REJECTED; i++)
        g_assert_cmpint(lp_outcome_settled((lp_outcome)i), ==, LP_SETTLED_FAILED);
}

/* A challenge or an answer the capture cannot show is no refusal; the rest are. */
static void test_refusal(void)
{
    g_assert_false(lp_resp_is_refusal(LP_RESP_OK));
    g_assert_false(lp_resp_is_refusal(LP_RESP_CHALLENGE));
    g_assert_false(lp_resp_is_refusal(LP_RESP_UNSEEN));
    g_assert_true(lp_resp_is_refusal(LP_RESP_PIN_REJECTED));
    g_assert_true(lp_resp_is_refusal(LP_RESP_AUTH_FAILED));
    g_assert_true(lp_resp_is_refusal(LP_RESP_SERVER_ERROR));
    g_assert_true(lp_resp_is_refusal(LP_RESP_HTTP_ERROR));
}

/* As pcap-summarize with an Export PDU file: frame 14 was frame 65 of the original, 6 was 40, 2 was 3. */
typedef struct {
    uint32_t asked[8];
    unsigned n;
} frame_calls;

static uint32_t pdu_frame(void *data, uint32_t frame)
{
    frame_calls *calls = data;

    if (calls->n < G_N_ELEMENTS(calls->asked))
        calls->asked[calls->n++] = frame;
    return frame == 14 ? 65 : frame == 6 ? 40 : frame == 2 ? 3 : frame;
}

/* Every frame a cause names is data: mapped, each of them, not only the first. */
static void test_cause_frames(void)
{
    lp_event e[] = {
        dhcp_answer(0.9, 2, 1, true, false), dhcp_answer(0.95, 3, 3, false, true),
        ev(LP_EV_DNS_ANSWER, 1, 4), ev(LP_EV_ROOT_CHAIN, 1.2, 6), ev(LP_EV_TLS_ALERT, 1.3, 14),
    };
    frame_calls calls = { { 0 }, 0 };
    char buf[LP_CAUSE_MAX + 32];
    lp_verdict v;

    e[3].detail = "root chain: port 80 refused the connection (RST)";
    e[4].detail = "fatal alert unknown_ca (48)";
    lp_verdict_phone(&e[2], 3, 2, &v);
    g_assert_cmpuint(v.n_cause_frames, ==, 2);
    g_assert_cmpuint(v.cause_frames[0], ==, 14);
    g_assert_cmpuint(v.cause_frames[1], ==, 6);
    g_assert_cmpstr(lp_verdict_cause(&v, pdu_frame, &calls, buf, sizeof buf), ==,
                    "frame 65: fatal alert unknown_ca (48), after the root-chain download failed "
                    "(frame 40: root chain: port 80 refused the connection (RST))");
    g_assert_cmpuint(calls.n, ==, 2);
    g_assert_cmpuint(calls.asked[0], ==, 14);
    g_assert_cmpuint(calls.asked[1], ==, 6);

    /* And a third, the DHCP answer the phone followed. */
    lp_verdict_phone(e, G_N_ELEMENTS(e), 2, &v);
    g_assert_cmpuint(v.n_cause_frames, ==, 3);
    g_assert_cmpstr(cause_text(&v), ==, "frame 14: fatal alert unknown_ca (48), after the root-chain download failed "
                                        "(frame 6: root chain: port 80 refused the connection (RST)); "
                                        "DHCP servers disagree, the phone followed 10.9.0.1 (frame 2)");
    g_assert_true(g_str_has_suffix(lp_verdict_cause(&v, pdu_frame, &calls, buf, sizeof buf),
                                   "(frame 40: root chain: port 80 refused the connection (RST)); "
                                   "DHCP servers disagree, the phone followed 10.9.0.1 (frame 3)"));
    g_assert_true(g_str_has_prefix(buf, "frame 65: "));
}

/* Without a mapping a long cause is cut where the text was, even inside a frame number. */
static void test_cause_cut_as_text(void)
{
    char reason[150], want[LP_CAUSE_MAX], buf[LP_CAUSE_MAX + 32];
    lp_event e[] = {
        dhcp_answer(0.9, 4000000002u, 1, true, false), dhcp_answer(0.95, 4000000003u, 3, false, true),
        http(3, 4000000030u, 401, LP_RESP_AUTH_FAILED, 28099, NULL),
    };
    frame_calls calls = { { 0 }, 0 };
    lp_verdict v;
    size_t len;

    memset(reason, 'r', sizeof reason - 1);
    reason[sizeof reason - 1] = '\0';
    e[2].reason = reason;
    lp_verdict_phone(e, G_N_ELEMENTS(e), 4, &v);
    /* What the verdict wrote when its cause was text. */
    snprintf(want, sizeof want, "HTTP %u from %s at frame %u: %s %u: %s%s", 401u, "WebTicket", 4000000030u,
             "X-Ms-diagnostics", 28099u, reason, " (an id not in the documented table)");
    len = strlen(want);
    snprintf(want + len, sizeof want - len, "; DHCP servers disagree, the phone followed %s (frame %u)", "10.9.0.1",
             4000000002u);
    g_assert_cmpuint(strlen(want), ==, LP_CAUSE_MAX - 1);
    g_assert_true(g_str_has_suffix(want, "(frame 40000"));
    g_assert_cmpstr(cause_text(&v), ==, want);
    g_assert_cmpstr(lp_verdict_cause(&v, NULL, NULL, buf, sizeof buf), ==, want);
    /* A mapping may need more room than the text had; the frames are all there. */
    lp_verdict_cause(&v, pdu_frame, &calls, buf, sizeof buf);
    g_assert_true(g_str_has_suffix(buf, "(frame 4000000002)"));
}

/* The text is cut to the buffer, inside a number too, and nothing is written after it. */
static void test_cause_buffer(void)
{
    lp_event e[] = { ev(LP_EV_SIP_CONNECT, 5, 1234567) };
    frame_calls calls = { { 0 }, 0 };
    char buf[40];
    lp_verdict v;

    lp_verdict_phone(e, 1, 100, &v);
    g_assert_cmpstr(cause_text(&v), ==, "SIP TLS connection at frame 1234567");
    memset(buf, 'Z', sizeof buf);
    g_assert_cmpstr(lp_verdict_cause(&v, pdu_frame, &calls, buf, 32), ==, "SIP TLS connection at frame 123");
    g_assert_cmpint(buf[32], ==, 'Z');
    memset(buf, 'Z', sizeof buf);
    g_assert_cmpstr(lp_verdict_cause(&v, NULL, NULL, buf, 8), ==, "SIP TLS");
    g_assert_cmpint(buf[8], ==, 'Z');
    memset(buf, 'Z', sizeof buf);
    g_assert_cmpstr(lp_verdict_cause(&v, NULL, NULL, buf, 1), ==, "");
    g_assert_cmpint(buf[1], ==, 'Z');
    memset(buf, 'Z', sizeof buf);
    g_assert_true(lp_verdict_cause(&v, NULL, NULL, buf, 0) == buf);
    g_assert_cmpint(buf[0], ==, 'Z');
}

/* An event of kind with the fields the rules read, for the per-event result. */
typedef struct {
    lp_event_kind kind;
    lp_resp_kind  response;
    unsigned      status;
    double        waited;
    bool          flag;      /* DHCP_ACK: provisioned; NO_RESPONSE: phone_closed; HTTP_RESPONSE: gave_up */
    bool          vlan_only;
    unsigned      retries;
    lp_result     want;
} result_case;

static const result_case result_cases[] = {
    { LP_EV_DHCP_INFORM,        0, 0, 0, false, false, 0, LP_RESULT_NONE },
    { LP_EV_DHCP_NO_REPLY,      0, 0, 0, false, false, 0, LP_RESULT_FAILURE },
    { LP_EV_DHCP_ACK,           0, 0, 0, true,  false, 0, LP_RESULT_SUCCESS },
    { LP_EV_DHCP_ACK,           0, 0, 0, false, false, 0, LP_RESULT_FAILURE },
    /* The voice VLAN answer is no provisioning answer: the INFORM comes next. */
    { LP_EV_DHCP_ACK,           0, 0, 0, false, true,  0, LP_RESULT_NONE },
    { LP_EV_DNS_QUERY,          0, 0, 0, false, false, 0, LP_RESULT_NONE },
    { LP_EV_DNS_ANSWER,         0, 0, 0, false, false, 0, LP_RESULT_SUCCESS },
    { LP_EV_DNS_FAILURE,        0, 0, 0, false, false, 0, LP_RESULT_FAILURE },
    { LP_EV_TLS_HANDSHAKE,      0, 0, 0, false, false, 0, LP_RESULT_SUCCESS },
    { LP_EV_TLS_ALERT,          0, 0, 0, false, false, 0, LP_RESULT_FAILURE },
    { LP_EV_HTTP_REQUEST,       0, 0, 0, false, false, 0, LP_RESULT_NONE },
    { LP_EV_HTTP_RESPONSE, LP_RESP_OK,           200, 0, false, false, 0, LP_RESULT_SUCCESS },
    { LP_EV_HTTP_RESPONSE, LP_RESP_CHALLENGE,    401, 0, false, false, 0, LP_RESULT_SUCCESS },
    { LP_EV_HTTP_RESPONSE, LP_RESP_PIN_REJECTED, 401, 0, false, false, 0, LP_RESULT_FAILURE },
    { LP_EV_HTTP_RESPONSE, LP_RESP_HTTP_ERROR,   404, 0, false, false, 0, LP_RESULT_FAILURE },
    /* Encrypted: the phone went on (progress), gave up (could be anything), or retried (refusals). */
    { LP_EV_HTTP_RESPONSE, LP_RESP_UNSEEN,       0,   0, false, false, 0, LP_RESULT_SUCCESS },
    { LP_EV_HTTP_RESPONSE, LP_RESP_UNSEEN,       0,   0, true,  false, 0, LP_RESULT_UNKNOWN },
    { LP_EV_HTTP_RESPONSE, LP_RESP_UNSEEN,       0,   0, true,  false, 2, LP_RESULT_FAILURE },
    /* A silence the capture may just have cut off decides nothing; a long one or a close does. */
    { LP_EV_NO_RESPONSE,        0, 0, 2.0,  false, false, 0, LP_RESULT_NONE },
    { LP_EV_NO_RESPONSE,        0, 0, 31.2, false, false, 0, LP_RESULT_FAILURE },
    { LP_EV_NO_RESPONSE,        0, 0, 2.0,  true,  false, 0, LP_RESULT_FAILURE },
    { LP_EV_CERTIFICATE_ISSUED, 0, 0, 0, false, false, 0, LP_RESULT_SUCCESS },
    { LP_EV_SIP_CONNECT,        0, 0, 0, false, false, 0, LP_RESULT_SUCCESS },
    /* Only a 200 brings the chain. */
    { LP_EV_ROOT_CHAIN,         0, 200, 0, false, false, 0, LP_RESULT_SUCCESS },
    { LP_EV_ROOT_CHAIN,         0, 204, 0, false, false, 0, LP_RESULT_FAILURE },
    { LP_EV_ROOT_CHAIN,         0, 0,   0, false, false, 0, LP_RESULT_FAILURE },
    { LP_EV_SIP_RESPONSE,       0, 200, 0, false, false, 0, LP_RESULT_SUCCESS },
    /* TLS-DSK's challenges are legs of the exchange, neither progress nor failure. */
    { LP_EV_SIP_RESPONSE,       0, 401, 0, false, false, 0, LP_RESULT_NONE },
    { LP_EV_SIP_RESPONSE,       0, 407, 0, false, false, 0, LP_RESULT_NONE },
    { LP_EV_SIP_RESPONSE,       0, 403, 0, false, false, 0, LP_RESULT_FAILURE },
};

static lp_event result_event(const result_case *c)
{
    lp_event e = ev(c->kind, 1, 7);

    e.response = c->response;
    e.status = c->status;
    e.waited = c->waited;
    e.provisioned = c->kind == LP_EV_DHCP_ACK && c->flag;
    e.phone_closed = c->kind == LP_EV_NO_RESPONSE && c->flag;
    e.gave_up = c->kind == LP_EV_HTTP_RESPONSE && c->flag;
    e.vlan_only = c->vlan_only;
    e.retries = c->retries;
    return e;
}

static void test_event_result(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(result_cases); i++) {
        lp_event e = result_event(&result_cases[i]);

        g_test_message("case %zu", i);
        g_assert_cmpint(lp_event_result(&e), ==, result_cases[i].want);
    }
}

/*
 * The result is the verdict's own: a phone with that one event failed
 * exactly when its result is a failure, and an unknown one is the verdict's
 * unknown, decided by that event. The root chain decides nothing alone.
 */
static void test_event_result_is_the_verdicts(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(result_cases); i++) {
        lp_event e = result_event(&result_cases[i]);
        lp_result r = lp_event_result(&e);
        lp_verdict v;

        if (e.kind == LP_EV_ROOT_CHAIN)
            continue;
        g_test_message("case %zu", i);
        lp_verdict_phone(&e, 1, 1000, &v);
        g_assert_cmpint(lp_outcome_settled(v.outcome) == LP_SETTLED_FAILED, ==, r == LP_RESULT_FAILURE);
        if (r == LP_RESULT_UNKNOWN)
            g_assert_null(strstr(cause_text(&v), "last seen"));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/verdict/response-kinds", test_response_kinds);
    g_test_add_func("/verdict/signed-in", test_signed_in);
    g_test_add_func("/verdict/wrong-pin", test_wrong_pin);
    g_test_add_func("/verdict/lockout", test_lockout_after_wrong_pins);
    g_test_add_func("/verdict/hung-web-ticket", test_hung_web_ticket);
    g_test_add_func("/verdict/stage-failures", test_stage_failures);
    g_test_add_func("/verdict/progress-clears-earlier-stage", test_later_progress_clears_earlier_stage);
    g_test_add_func("/verdict/failure-after-success", test_failure_after_success_wins);
    g_test_add_func("/verdict/root-chain", test_root_chain_explains_tls_failure);
    g_test_add_func("/verdict/register-rejected", test_register_rejected);
    g_test_add_func("/verdict/certificate-without-sip", test_certificate_without_sip);
    g_test_add_func("/verdict/names", test_names);
    g_test_add_func("/verdict/settled", test_settled);
    g_test_add_func("/verdict/connect-failed", test_connect_failed);
    g_test_add_func("/verdict/tls-failure-advice", test_tls_failure_advice);
    g_test_add_func("/verdict/certificate-advice", test_certificate_advice);
    g_test_add_func("/verdict/sip-flap", test_sip_flap);
    g_test_add_func("/verdict/refusal", test_refusal);
    g_test_add_func("/verdict/dhcp-conflict", test_dhcp_conflict_first_answer);
    g_test_add_func("/verdict/event-result", test_event_result);
    g_test_add_func("/verdict/cause-frames", test_cause_frames);
    g_test_add_func("/verdict/cause-cut-as-text", test_cause_cut_as_text);
    g_test_add_func("/verdict/cause-buffer", test_cause_buffer);
    g_test_add_func("/verdict/event-result-is-the-verdicts", test_event_result_is_the_verdicts);
    return g_test_run();
}
