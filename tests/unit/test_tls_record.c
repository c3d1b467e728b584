/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/tls_record.c: record headers, hellos, alert names. */
#include <string.h>

#include <glib.h>

#include "tls_record.h"
#include "tls_suites.h"

static void put16(GByteArray *b, guint v)
{
    guint8 x[2] = { (guint8)(v >> 8), (guint8)v };

    g_byte_array_append(b, x, 2);
}

/* A ClientHello handshake message with SNI host and supported_versions 1.3, 1.2. */
static GByteArray *client_hello(const char *host)
{
    GByteArray *b = g_byte_array_new(), *ext = g_byte_array_new();
    guint8 zero[32] = { 0 };
    static const guint8 versions[] = { 0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03 };
    size_t n = strlen(host);
    guint8 hdr[4];

    put16(ext, 0);              /* server_name */
    put16(ext, (guint)n + 5);
    put16(ext, (guint)n + 3);
    g_byte_array_append(ext, (const guint8 *)"\0", 1);
    put16(ext, (guint)n);
    g_byte_array_append(ext, (const guint8 *)host, (guint)n);
    g_byte_array_append(ext, versions, sizeof versions);

    g_byte_array_append(b, (const guint8 *)"\x01\0\0\0", 4); /* length patched below */
    put16(b, 0x0303);
    g_byte_array_append(b, zero, 32);
    g_byte_array_append(b, (const guint8 *)"\0", 1);        /* session id */
    put16(b, 2);
    put16(b, 0x009d);
    g_byte_array_append(b, (const guint8 *)"\x01\0", 2);    /* compression */
    put16(b, ext->len);
    g_byte_array_append(b, ext->data, ext->len);
    hdr[0] = 1;
    hdr[1] = (guint8)((b->len - 4) >> 16);
    hdr[2] = (guint8)((b->len - 4) >> 8);
    hdr[3] = (guint8)(b->len - 4);
    memcpy(b->data, hdr, 4);
    g_byte_array_free(ext, TRUE);
    return b;
}

static void test_record_header(void)
{
    static const guint8 hs[] = { 22, 3, 1, 0x02, 0x00 };
    static const guint8 big[] = { 23, 3, 3, 0xff, 0xff };
    static const guint8 http[] = { 'G', 'E', 'T', ' ', '/' };
    lp_tls_record r;

    g_assert_true(lp_tls_record_parse(hs, sizeof hs, &r));
    g_assert_cmpuint(r.type, ==, LP_TLS_CT_HANDSHAKE);
    g_assert_cmphex(r.version, ==, 0x0301);
    g_assert_cmpuint(r.length, ==, 512);
    g_assert_false(lp_tls_record_parse(hs, 4, &r));
    g_assert_false(lp_tls_record_parse(big, sizeof big, &r));
    g_assert_false(lp_tls_record_parse(http, sizeof http, &r));
}

static void test_client_hello(void)
{
    GByteArray *b = client_hello("pool01.contoso.test");
    lp_tls_client_hello ch;
    guint cut;

    g_assert_true(lp_tls_client_hello_parse(b->data, b->len, &ch));
    g_assert_false(ch.truncated);
    g_assert_cmpstr(ch.sni, ==, "pool01.contoso.test");
    g_assert_cmphex(ch.max_version, ==, LP_TLS_VERSION_1_3);
    g_assert_cmphex(ch.legacy_version, ==, 0x0303);
    /* Cut anywhere: no read past the end, and the cut is reported. */
    for (cut = 0; cut < b->len; cut++) {
        if (lp_tls_client_hello_parse(b->data, cut, &ch))
            g_assert_true(ch.truncated);
    }
    /* A ServerHello parser refuses it. */
    {
        lp_tls_server_hello sh;
        g_assert_false(lp_tls_server_hello_parse(b->data, b->len, &sh));
    }
    g_byte_array_free(b, TRUE);
}

static void test_server_hello(void)
{
    GByteArray *b = g_byte_array_new();
    guint8 zero[32] = { 0 };
    static const guint8 sv[] = { 0x00, 0x06, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04 };
    lp_tls_server_hello sh;

    g_byte_array_append(b, (const guint8 *)"\x02\0\0\x2e", 4);
    put16(b, 0x0303);
    g_byte_array_append(b, zero, 32);
    g_byte_array_append(b, (const guint8 *)"\0", 1);
    put16(b, 0x1301);
    g_byte_array_append(b, (const guint8 *)"\0", 1);
    g_byte_array_append(b, sv, sizeof sv);
    g_assert_true(lp_tls_server_hello_parse(b->data, b->len, &sh));
    g_assert_false(sh.truncated);
    g_assert_cmphex(sh.version, ==, LP_TLS_VERSION_1_3);
    /* Without its extensions it is TLS 1.2. */
    b->data[3] = 0x26;
    g_assert_true(lp_tls_server_hello_parse(b->data, b->len - sizeof sv, &sh));
    g_assert_cmphex(sh.version, ==, LP_TLS_VERSION_1_2);
    g_byte_array_free(b, TRUE);
}

static void test_names(void)
{
    g_assert_cmpstr(lp_tls_alert_name(48), ==, "unknown_ca");
    g_assert_cmpstr(lp_tls_alert_name(42), ==, "bad_certificate");
    g_assert_null(lp_tls_alert_name(200));
    g_assert_cmpint(lp_tls_alert_class_of(70), ==, LP_TLS_ALERT_CLASS_VERSION);
    g_assert_cmpint(lp_tls_alert_class_of(40), ==, LP_TLS_ALERT_CLASS_VERSION);
    g_assert_cmpint(lp_tls_alert_class_of(45), ==, LP_TLS_ALERT_CLASS_CERTIFICATE);
    g_assert_cmpint(lp_tls_alert_class_of(80), ==, LP_TLS_ALERT_CLASS_OTHER);
    g_assert_cmpint(lp_tls_alert_class_of(200), ==, LP_TLS_ALERT_CLASS_OTHER);
    g_assert_cmpstr(lp_tls_version_name(0x0303), ==, "TLS 1.2");
    g_assert_null(lp_tls_version_name(0x7f1c));
}

/* Suites by GnuTLS's table; signalling values and GREASE are no suites. */
static void test_suites(void)
{
    static const uint8_t legacy[] = { 0x00, 0x2f, 0x00, 0x35, 0x00, 0xff };
    static const uint8_t modern[] = { 0x0a, 0x0a, 0x13, 0x01, 0xc0, 0x2f, 0x00, 0x2f, 0x56, 0x00, 0xfe, 0xfe };
    static const uint8_t mixed[] = { 0xc0, 0x13, 0x00, 0x9c }; /* ECDHE with CBC, RSA with GCM: neither both */
    uint16_t n;

    g_assert_cmpuint(lp_tls_suites_offer(legacy, 3, &n), ==, LP_SUITES_RSA_KX);
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpuint(lp_tls_suites_offer(modern, 6, &n), ==,
                     LP_SUITES_FORWARD_SECRET | LP_SUITES_AEAD | LP_SUITES_RSA_KX | LP_SUITES_MODERN);
    g_assert_cmpuint(n, ==, 4); /* 0x1301, 0xc02f, 0x002f and the unknown 0xfefe */
    g_assert_cmpuint(lp_tls_suites_offer(mixed, 2, &n), ==,
                     LP_SUITES_FORWARD_SECRET | LP_SUITES_AEAD | LP_SUITES_RSA_KX);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tls/record-header", test_record_header);
    g_test_add_func("/tls/client-hello", test_client_hello);
    g_test_add_func("/tls/server-hello", test_server_hello);
    g_test_add_func("/tls/names", test_names);
    g_test_add_func("/tls/suites", test_suites);
    return g_test_run();
}
