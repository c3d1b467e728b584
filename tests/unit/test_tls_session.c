/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include <glib.h>

#include "tls_session.h"

/* A TLS 1.3 ClientHello and ServerHello, as small as they come. */
static const uint8_t client_hello[] = {
    1, 0, 0, 41, 0x03, 0x03, [6 ... 37] = 0x11, 0, 0, 2, 0x13, 0x02, 1, 0,
};
static const uint8_t server_hello[] = {
    2, 0, 0, 46, 0x03, 0x03, [6 ... 37] = 0x22, 0, 0x13, 0x02, 0, 0, 6, 0x00, 0x2b, 0, 2, 0x03, 0x04,
};
static const uint8_t expired[] = { 2, 45 };

static void keep(void *data, lp_event *ev)
{
    *(lp_event *)data = *ev;
}

static void record(lp_tls_session *s, int dir, uint8_t type, const uint8_t *body, uint16_t len, uint32_t frame)
{
    lp_tls_record rec = { type, 0x0303, len };
    lp_where w = { 0, frame, frame / 10.0 };

    lp_tls_session_record(s, dir, &rec, body, len, &w);
}

/* The phone's alert after the server's flight, told encrypted and decrypted in either order. */
static lp_event failed_handshake(bool decrypted_first)
{
    lp_tls_session s;
    lp_where w = { 0, 25, 2.5 };
    lp_tls_close c = { LP_DIR_PHONE, false, false, { 0, 27, 2.7 }, { 0, 30, 3.0 }, false, false, NULL, NULL };
    lp_event ev;

    lp_tls_session_init(&s);
    record(&s, LP_DIR_PHONE, LP_TLS_CT_HANDSHAKE, client_hello, sizeof client_hello, 19);
    record(&s, LP_DIR_SERVER, LP_TLS_CT_HANDSHAKE, server_hello, sizeof server_hello, 21);
    if (decrypted_first)
        lp_tls_session_alert_decrypted(&s, LP_DIR_PHONE, expired, sizeof expired, &w);
    record(&s, LP_DIR_PHONE, LP_TLS_CT_APPLICATION_DATA, NULL, 19, 25); /* an encrypted alert's size */
    if (!decrypted_first)
        lp_tls_session_alert_decrypted(&s, LP_DIR_PHONE, expired, sizeof expired, &w);
    memset(&ev, 0, sizeof ev);
    g_assert_false(lp_tls_session_events(&s, LP_ROLE_WEB, "pool01.contoso.test:443", &c, keep, &ev));
    lp_tls_session_clear(&s);
    return ev;
}

static void test_decrypted_alert(void)
{
    for (int first = 0; first < 2; first++) {
        lp_event ev = failed_handshake(first);

        g_assert_cmpint(ev.kind, ==, LP_EV_TLS_ALERT);
        g_assert_cmpuint(ev.frame, ==, 25);
        g_assert_cmpint(ev.tls_fail, ==, LP_TLS_FAIL_CERTIFICATE);
        g_assert_cmpstr(ev.detail, ==, "fatal alert certificate_expired (45) from the phone during the handshake "
                                       "with pool01.contoso.test:443");
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tls-session/decrypted-alert", test_decrypted_alert);
    return g_test_run();
}
