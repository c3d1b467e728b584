/* Unit tests for the facts both front ends share (core/signin_facts.c),
 * the encrypted inference (core/encrypted_inference.c) and the TLS
 * session (core/tls_session.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "encrypted_inference.h"
#include "signin_facts.h"
#include "tls_session.h"

static const uint8_t MAC_A[6] = { 0x00, 0x04, 0xf2, 0, 0, 1 };
static const uint8_t MAC_B[6] = { 0x00, 0x04, 0xf2, 0, 0, 2 };

/* A message with its options in buf: option 60 (vendor class) and 43 as given. */
typedef struct {
    lp_dhcp_msg msg;
    uint8_t     buf[128];
} dhcp_fixture;

static void dhcp_msg(dhcp_fixture *f, uint8_t op, uint8_t type, const uint8_t mac[6], const char *vendor_class,
                     const uint8_t *o43, size_t o43_len)
{
    size_t off = 0;

    memset(f, 0, sizeof *f);
    f->msg.op = op;
    f->msg.xid = 0x1658e1bf;
    f->msg.msg_type = type;
    f->msg.chaddr_is_ether = TRUE;
    memcpy(f->msg.chaddr, mac, 6);
    if (vendor_class != NULL) {
        f->msg.present |= LP_DHCP_HAS_VENDOR_CLASS;
        f->msg.vendor_class.off = off;
        f->msg.vendor_class.len = strlen(vendor_class);
        memcpy(f->buf + off, vendor_class, f->msg.vendor_class.len);
        off += f->msg.vendor_class.len;
    }
    if (o43 != NULL) {
        f->msg.present |= LP_DHCP_HAS_VENDOR_INFO;
        f->msg.vendor_info.off = off;
        f->msg.vendor_info.len = o43_len;
        memcpy(f->buf + off, o43, o43_len);
    }
}

static void test_dhcp_key(void)
{
    dhcp_fixture a, b;
    lp_dhcp_key ka, kb;

    dhcp_msg(&a, LP_BOOTP_REQUEST, LP_DHCP_INFORM, MAC_A, "MS-UC-Client", NULL, 0);
    dhcp_msg(&b, LP_BOOTP_REPLY, LP_DHCP_ACK, MAC_A, NULL, NULL, 0);
    lp_dhcp_key_of(&a.msg, &ka);
    lp_dhcp_key_of(&b.msg, &kb);
    g_assert_true(lp_dhcp_key_equal(&ka, &kb));
    g_assert_cmpuint(lp_dhcp_key_hash(&ka), ==, lp_dhcp_key_hash(&kb));
    /* Two phones may pick the same xid. */
    dhcp_msg(&b, LP_BOOTP_REPLY, LP_DHCP_ACK, MAC_B, NULL, NULL, 0);
    lp_dhcp_key_of(&b.msg, &kb);
    g_assert_false(lp_dhcp_key_equal(&ka, &kb));
}

static void test_phone_requests(void)
{
    dhcp_fixture f;

    dhcp_msg(&f, LP_BOOTP_REQUEST, LP_DHCP_INFORM, MAC_A, "MS-UC-Client", NULL, 0);
    g_assert_cmpint(lp_dhcp_vendor(&f.msg, f.buf), ==, LP_VENDOR_MS_UC_CLIENT);
    g_assert_true(lp_dhcp_is_phone_request(&f.msg, LP_VENDOR_MS_UC_CLIENT));
    f.msg.msg_type = LP_DHCP_REQUEST;
    g_assert_true(lp_dhcp_is_phone_request(&f.msg, LP_VENDOR_MS_UC_CLIENT));
    f.msg.msg_type = LP_DHCP_DISCOVER;
    g_assert_false(lp_dhcp_is_phone_request(&f.msg, LP_VENDOR_MS_UC_CLIENT));
    dhcp_msg(&f, LP_BOOTP_REQUEST, LP_DHCP_INFORM, MAC_A, "PXEClient:Arch:00000", NULL, 0);
    g_assert_cmpint(lp_dhcp_vendor(&f.msg, f.buf), ==, LP_VENDOR_UNKNOWN);
    g_assert_false(lp_dhcp_is_phone_request(&f.msg, LP_VENDOR_UNKNOWN));
}

static void test_answers(void)
{
    dhcp_fixture f;

    dhcp_msg(&f, LP_BOOTP_REPLY, LP_DHCP_ACK, MAC_A, NULL, NULL, 0);
    g_assert_true(lp_dhcp_is_answer(&f.msg));
    f.msg.msg_type = LP_DHCP_NAK;
    g_assert_true(lp_dhcp_is_answer(&f.msg));
    f.msg.msg_type = LP_DHCP_OFFER;
    g_assert_false(lp_dhcp_is_answer(&f.msg));
    g_assert_true(lp_dhcp_expects_reply(LP_VENDOR_MS_UC_CLIENT));
    g_assert_false(lp_dhcp_expects_reply(LP_VENDOR_CPE_OCPHONE));
}

static void test_answer_vendor(void)
{
    /* A PXE menu prompt is sub-option 10, like CPE-OCPHONE's VLAN id. */
    static const uint8_t pxe[] = { 10, 4, 0, 'B', 'o', 'o', 6, 1, 8, 255 };
    static const uint8_t uc[] = { 1, 12, 'M', 'S', '-', 'U', 'C', '-', 'C', 'l', 'i', 'e', 'n', 't' };
    dhcp_fixture f;

    dhcp_msg(&f, LP_BOOTP_REPLY, LP_DHCP_ACK, MAC_A, NULL, pxe, sizeof pxe);
    g_assert_cmpint(lp_dhcp_answer_vendor(LP_VENDOR_UNKNOWN, &f.msg, f.buf), ==, LP_VENDOR_UNKNOWN);
    g_assert_cmpint(lp_dhcp_answer_vendor(LP_VENDOR_CPE_OCPHONE, &f.msg, f.buf), ==, LP_VENDOR_CPE_OCPHONE);
    dhcp_msg(&f, LP_BOOTP_REPLY, LP_DHCP_ACK, MAC_A, "CPE-OCPHONE", pxe, sizeof pxe);
    g_assert_cmpint(lp_dhcp_answer_vendor(LP_VENDOR_UNKNOWN, &f.msg, f.buf), ==, LP_VENDOR_CPE_OCPHONE);
    dhcp_msg(&f, LP_BOOTP_REPLY, LP_DHCP_ACK, MAC_A, NULL, uc, sizeof uc);
    g_assert_cmpint(lp_dhcp_answer_vendor(LP_VENDOR_UNKNOWN, &f.msg, f.buf), ==, LP_VENDOR_MS_UC_CLIENT);
}

static void test_no_reply_text(void)
{
    lp_where w = { 0, 1, 10.0 };
    lp_event ev;

    lp_dhcp_no_reply_event(&ev, &w, LP_DHCP_INFORM, LP_VENDOR_MS_UC_CLIENT, 0, 1);
    g_assert_cmpint(ev.kind, ==, LP_EV_DHCP_NO_REPLY);
    g_assert_cmpstr(ev.detail, ==, "no reply to this DHCPINFORM (vendor class MS-UC-Client)");
    lp_dhcp_no_reply_event(&ev, &w, LP_DHCP_INFORM, LP_VENDOR_MS_UC_CLIENT, 2, 9);
    g_assert_nonnull(strstr(ev.detail, "nor to its 2 retries, the last at frame 9"));
}

static lp_ws_response response(unsigned status, const char *diag)
{
    lp_ws_response r;

    memset(&r, 0, sizeof r);
    r.status = status;
    lp_ws_add_diag_header(&r, (lp_str){ diag, strlen(diag) });
    return r;
}

static void test_deciding_diag(void)
{
    lp_ws_response r = response(401, "28020;reason=\"Final handshake failed\",28003;reason=\"The pin is invalid.\"");
    lp_where w = { 0, 40, 3.0 };
    const lp_ws_diag *d;
    lp_event ev;

    g_assert_cmpuint(r.n_diag, ==, 2);
    d = lp_deciding_diag(&r);
    g_assert_nonnull(d);
    g_assert_cmpuint(d->code, ==, 28003);
    lp_response_event(&ev, &w, LP_SVC_WEBTICKET, &r, TRUE, LP_AUTH_PIN);
    g_assert_cmpint(ev.response, ==, LP_RESP_PIN_REJECTED);
    g_assert_cmpuint(ev.diag_code, ==, 28003);
    g_assert_cmpstr(ev.reason, ==, "The pin is invalid.");
    g_assert_cmpstr(ev.detail, ==, "401 PIN rejected: X-Ms-diagnostics 28003: The pin is invalid.");

    /* An undocumented id alone still decides what is quoted. */
    r = response(500, "28999;reason=\"Something new\"");
    g_assert_cmpuint(lp_deciding_diag(&r)->code, ==, 28999);
    r = response(500, "");
    g_assert_null(lp_deciding_diag(&r));
}

static void test_silence(void)
{
    g_assert_false(lp_silence_is_no_response(0.05, FALSE));
    g_assert_false(lp_silence_is_no_response(LP_NO_RESPONSE_WAIT - 0.1, FALSE));
    g_assert_true(lp_silence_is_no_response(LP_NO_RESPONSE_WAIT, FALSE));
    /* The phone gave up: its own evidence, whatever the wait. */
    g_assert_true(lp_silence_is_no_response(0.5, TRUE));
}

static void test_request_text_masks_pin(void)
{
    lp_where w = { 0, 38, 2.0 };
    lp_http_view v;
    lp_ws_request rq;
    lp_event ev;

    memset(&v, 0, sizeof v);
    memset(&rq, 0, sizeof rq);
    v.method = (lp_str){ "POST", 4 };
    v.uri = (lp_str){ "/WebTicket/WebTicketService.svc", 31 };
    rq.service = LP_SVC_WEBTICKET;
    rq.operation = (lp_str){ "IssueToken", 10 };
    rq.has_credentials = TRUE;
    strcpy(rq.user, "1234");
    strcpy(rq.pin, "123456");
    lp_request_event(&ev, &w, &v, &rq, FALSE);
    g_assert_cmpstr(ev.detail, ==, "POST /WebTicket/WebTicketService.svc IssueToken as 1234, PIN " LP_PIN_MASK);
    lp_request_event(&ev, &w, &v, &rq, TRUE);
    g_assert_nonnull(strstr(ev.detail, "PIN 123456"));
}

static lp_event encrypted(lp_event_kind kind, double t, uint32_t frame, uint32_t bytes)
{
    lp_where w = { 0, frame, t };
    lp_event e;

    lp_event_init(&e, kind, &w);
    e.encrypted = TRUE;
    e.bytes = bytes;
    e.response = kind == LP_EV_HTTP_RESPONSE ? LP_RESP_UNSEEN : LP_RESP_OK;
    return e;
}

static void test_inference(void)
{
    lp_event e[] = {
        encrypted(LP_EV_HTTP_REQUEST, 1.0, 16, 300),   /* CertProv mex */
        encrypted(LP_EV_HTTP_RESPONSE, 1.1, 18, 4000),
        encrypted(LP_EV_HTTP_REQUEST, 1.2, 20, 300),   /* WebTicket mex */
        encrypted(LP_EV_HTTP_RESPONSE, 1.3, 22, 5000),
        encrypted(LP_EV_HTTP_REQUEST, 1.4, 24, 1500),  /* IssueToken */
        encrypted(LP_EV_HTTP_RESPONSE, 1.5, 26, 900),
        encrypted(LP_EV_HTTP_REQUEST, 1.6, 28, 1560),  /* IssueToken with credentials */
        encrypted(LP_EV_HTTP_RESPONSE, 1.7, 30, 900),
    };

    e[7].client_closed = TRUE;
    lp_infer_encrypted(e, G_N_ELEMENTS(e), 10.0);
    g_assert_cmpint(e[0].service, ==, LP_SVC_CERTPROV);
    g_assert_cmpint(e[2].service, ==, LP_SVC_WEBTICKET);
    g_assert_cmpint(e[4].service, ==, LP_SVC_WEBTICKET);
    g_assert_nonnull(strstr(e[4].detail, "IssueToken (inferred)"));
    g_assert_nonnull(strstr(e[6].detail, "IssueToken with credentials (inferred)"));
    g_assert_true(e[7].inferred);
    /* It closed after the answer to its credentials and did nothing more for long. */
    g_assert_true(e[7].gave_up);
    g_assert_false(e[5].gave_up);
}

static void test_inference_cut_off(void)
{
    lp_event e[] = {
        encrypted(LP_EV_HTTP_REQUEST, 1.0, 16, 300),
        encrypted(LP_EV_HTTP_RESPONSE, 1.1, 18, 4000),
    };

    /* Closing a kept-alive connection before the certificate step says at once that it stopped. */
    e[1].client_closed = TRUE;
    lp_infer_encrypted(e, G_N_ELEMENTS(e), 1.2);
    g_assert_true(e[1].gave_up);
    /* Still open when the capture ends right after: nothing to tell yet. */
    e[1].gave_up = FALSE;
    e[1].client_closed = FALSE;
    lp_infer_encrypted(e, G_N_ELEMENTS(e), 1.2);
    g_assert_false(e[1].gave_up);
}

typedef struct {
    lp_event ev[8];
    unsigned n;
} sink;

static void collect(void *data, lp_event *ev)
{
    sink *s = data;

    g_assert_cmpuint(s->n, <, G_N_ELEMENTS(s->ev));
    s->ev[s->n++] = *ev;
}

static void record(lp_tls_session *s, int dir, uint8_t type, uint16_t length, uint32_t frame, double t)
{
    lp_tls_record rec = { type, 0x0303, length };
    lp_where w = { 0, frame, t };

    lp_tls_session_record(s, dir, &rec, NULL, 0, &w);
}

static void test_tls_session(void)
{
    lp_tls_session s;
    lp_tls_close c;
    sink out = { .n = 0 };

    lp_tls_session_init(&s);
    record(&s, LP_DIR_PHONE, LP_TLS_CT_CHANGE_CIPHER_SPEC, 1, 12, 1.0);
    record(&s, LP_DIR_SERVER, LP_TLS_CT_CHANGE_CIPHER_SPEC, 1, 14, 1.1);
    record(&s, LP_DIR_PHONE, LP_TLS_CT_APPLICATION_DATA, 500, 16, 1.2);
    record(&s, LP_DIR_PHONE, LP_TLS_CT_APPLICATION_DATA, 100, 17, 1.2); /* the same request */
    record(&s, LP_DIR_SERVER, LP_TLS_CT_APPLICATION_DATA, 800, 18, 1.3);
    record(&s, LP_DIR_PHONE, LP_TLS_CT_APPLICATION_DATA, 1500, 20, 1.4);
    memset(&c, 0, sizeof c);
    c.closed_by = LP_DIR_PHONE;
    c.closed.frame = 30;
    c.closed.t = 4.4;
    c.end.t = 60.0;
    g_assert_false(lp_tls_session_events(&s, LP_ROLE_WEB, "pool01.contoso.test:443", &c, collect, &out));
    g_assert_cmpuint(out.n, ==, 5);
    g_assert_cmpint(out.ev[0].kind, ==, LP_EV_TLS_HANDSHAKE);
    g_assert_cmpuint(out.ev[0].frame, ==, 14);
    g_assert_cmpint(out.ev[1].kind, ==, LP_EV_HTTP_REQUEST);
    g_assert_cmpuint(out.ev[1].bytes, ==, 600);
    g_assert_cmpuint(out.ev[1].frame, ==, 17);
    g_assert_cmpint(out.ev[2].kind, ==, LP_EV_HTTP_RESPONSE);
    g_assert_cmpuint(out.ev[2].bytes, ==, 800);
    g_assert_cmpint(out.ev[4].kind, ==, LP_EV_NO_RESPONSE);
    g_assert_true(out.ev[4].phone_closed);
    g_assert_cmpfloat_with_epsilon(out.ev[4].waited, 3.0, 1e-9);
    /* The SIP server's connection is told once, and that the phone closed it. */
    out.n = 0;
    g_assert_true(lp_tls_session_events(&s, LP_ROLE_SIP, "sip.contoso.test:5061", &c, collect, &out));
    g_assert_cmpint(out.ev[0].kind, ==, LP_EV_SIP_CONNECT);
    g_assert_cmpuint(out.n, ==, 2);
    g_assert_cmpint(out.ev[1].kind, ==, LP_EV_SIP_CLOSED);
    g_assert_true(out.ev[1].phone_closed);
    g_assert_cmpint(lp_event_result(&out.ev[1]), ==, LP_RESULT_NONE);
    lp_tls_session_clear(&s);
}

static void test_tls_alert(void)
{
    static const uint8_t unknown_ca[2] = { LP_TLS_ALERT_FATAL, 48 };
    lp_tls_record rec = { LP_TLS_CT_ALERT, 0x0303, 2 };
    lp_where w = { 0, 11, 1.0 };
    lp_tls_session s;
    lp_tls_close c;
    sink out = { .n = 0 };

    lp_tls_session_init(&s);
    record(&s, LP_DIR_PHONE, LP_TLS_CT_HANDSHAKE, 0, 8, 0.9);
    lp_tls_session_record(&s, LP_DIR_PHONE, &rec, unknown_ca, sizeof unknown_ca, &w);
    s.hello[LP_DIR_PHONE] = TRUE;
    memset(&c, 0, sizeof c);
    c.closed_by = -1;
    lp_tls_session_events(&s, LP_ROLE_WEB, "pool01.contoso.test:443", &c, collect, &out);
    g_assert_cmpuint(out.n, ==, 1);
    g_assert_cmpint(out.ev[0].kind, ==, LP_EV_TLS_ALERT);
    g_assert_nonnull(strstr(out.ev[0].detail, "fatal alert unknown_ca (48) from the phone"));
    lp_tls_session_clear(&s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/facts/dhcp-key", test_dhcp_key);
    g_test_add_func("/facts/phone-requests", test_phone_requests);
    g_test_add_func("/facts/answers", test_answers);
    g_test_add_func("/facts/answer-vendor", test_answer_vendor);
    g_test_add_func("/facts/no-reply-text", test_no_reply_text);
    g_test_add_func("/facts/deciding-diag", test_deciding_diag);
    g_test_add_func("/facts/silence", test_silence);
    g_test_add_func("/facts/request-text-masks-pin", test_request_text_masks_pin);
    g_test_add_func("/inference/sign-in", test_inference);
    g_test_add_func("/inference/cut-off", test_inference_cut_off);
    g_test_add_func("/tls-session/exchanges", test_tls_session);
    g_test_add_func("/tls-session/alert", test_tls_alert);
    return g_test_run();
}
