/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/export_pdu.c: the exported_pdu tags of link type 252. */
#include <string.h>

#include <glib.h>

#include "export_pdu.h"

/* What tshark -U "OSI layer 7" writes before a decrypted HTTP request. */
static const guint8 record[] = {
    0x00, 0x0d, 0x00, 0x08, 'h', 't', 't', 'p', '_', 't', 'l', 's',
    0x00, 0x14, 0x00, 0x04, 10, 9, 0, 11,
    0x00, 0x15, 0x00, 0x04, 10, 9, 0, 1,
    0x00, 0x18, 0x00, 0x04, 0, 0, 0, 2,
    0x00, 0x19, 0x00, 0x04, 0, 0, 0xc3, 0xb6,
    0x00, 0x1a, 0x00, 0x04, 0, 0, 0x01, 0xbb,
    0x00, 0x1e, 0x00, 0x04, 0, 0, 0, 15,
    0x00, 0x00, 0x00, 0x00,
    'G', 'E', 'T', ' ', '/',
};

static void test_tags(void)
{
    lp_epdu e;

    g_assert_true(lp_epdu_parse(record, sizeof record, &e));
    g_assert_cmpstr(e.proto, ==, "http_tls");
    g_assert_cmpuint(e.family, ==, 4);
    g_assert_cmpuint(e.src[3], ==, 11);
    g_assert_cmpuint(e.dst[3], ==, 1);
    g_assert_cmpuint(e.port_type, ==, LP_EPDU_PORT_TCP);
    g_assert_true(e.has_ports);
    g_assert_cmpuint(e.src_port, ==, 50102);
    g_assert_cmpuint(e.dst_port, ==, 443);
    g_assert_cmpuint(e.orig_frame, ==, 15);
    g_assert_cmpuint(e.payload_off, ==, sizeof record - 5);
}

static void test_padded_name(void)
{
    static const guint8 sip[] = { 0x00, 0x0c, 0x00, 0x04, 's', 'i', 'p', 0, 0x00, 0x00, 0x00, 0x00 };
    lp_epdu e;

    g_assert_true(lp_epdu_parse(sip, sizeof sip, &e));
    g_assert_cmpstr(e.proto, ==, "sip");
    g_assert_cmpuint(e.family, ==, 0);
    g_assert_cmpuint(e.payload_off, ==, sizeof sip);
}

static void test_malformed(void)
{
    guint8 buf[sizeof record];
    lp_epdu e;
    size_t i;

    /* Cut before the end tag: refused at every length. */
    for (i = 0; i < sizeof record - 5; i++)
        g_assert_false(lp_epdu_parse(record, i, &e));
    /* A tag length past the end. */
    memcpy(buf, record, sizeof buf);
    buf[3] = 0xf0;
    g_assert_false(lp_epdu_parse(buf, sizeof buf, &e));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/export-pdu/tags", test_tags);
    g_test_add_func("/export-pdu/padded-name", test_padded_name);
    g_test_add_func("/export-pdu/malformed", test_malformed);
    return g_test_run();
}
