/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/dhcp_message.c: the BOOTP/DHCP option walk. */
#include <string.h>

#include <glib.h>

#include "dhcp_message.h"

#define FIXED 236

/* A DHCPINFORM from 10.9.0.11 / 00:04:f2:00:00:01 with the given options. */
static GByteArray *inform(const guint8 *options, guint len)
{
    static const guint8 cookie[] = { 0x63, 0x82, 0x53, 0x63 };
    GByteArray *b = g_byte_array_sized_new(FIXED + 4 + len);
    guint8 fixed[FIXED];

    memset(fixed, 0, sizeof fixed);
    fixed[0] = 1;
    fixed[1] = 1;
    fixed[2] = 6;
    fixed[4] = 0x12, fixed[5] = 0x34, fixed[6] = 0x56, fixed[7] = 0x78;
    fixed[12] = 10, fixed[13] = 9, fixed[14] = 0, fixed[15] = 11;
    fixed[28] = 0x00, fixed[29] = 0x04, fixed[30] = 0xf2, fixed[33] = 0x01;
    g_byte_array_append(b, fixed, sizeof fixed);
    g_byte_array_append(b, cookie, sizeof cookie);
    g_byte_array_append(b, options, len);
    return b;
}

static void test_inform(void)
{
    static const guint8 opts[] = {
        53, 1, 8,
        0, 0,
        60, 12, 'M', 'S', '-', 'U', 'C', '-', 'C', 'l', 'i', 'e', 'n', 't',
        55, 3, 1, 43, 120,
        60, 3, 'x', 'y', 'z',
        255, 99
    };
    static const guint8 mac[] = { 0x00, 0x04, 0xf2, 0x00, 0x00, 0x01 };
    GByteArray *b = inform(opts, sizeof opts);
    lp_dhcp_msg m;

    g_assert_true(lp_dhcp_msg_parse(b->data, b->len, &m));
    g_assert_cmpuint(m.op, ==, LP_BOOTP_REQUEST);
    g_assert_cmpuint(m.msg_type, ==, LP_DHCP_INFORM);
    g_assert_cmphex(m.xid, ==, 0x12345678);
    g_assert_true(m.chaddr_is_ether);
    g_assert_cmpmem(m.chaddr, 6, mac, 6);
    g_assert_cmpuint(m.ciaddr[3], ==, 11);
    g_assert_cmpuint(m.present, ==, LP_DHCP_HAS_VENDOR_CLASS);
    /* The first option 60 wins. */
    g_assert_cmpuint(m.vendor_class.len, ==, 12);
    g_assert_cmpmem(b->data + m.vendor_class.off, 12, "MS-UC-Client", 12);
    g_assert_false(m.truncated);
    g_byte_array_free(b, TRUE);
}

static void test_reply_options(void)
{
    static const guint8 opts[] = {
        53, 1, 5,
        43, 3, 10, 1, 7,
        120, 2, 1, 9,
        42, 4, 10, 9, 0, 1,
        42, 0,             /* a repeat without an address adds nothing */
    };
    GByteArray *b = inform(opts, sizeof opts);
    lp_dhcp_msg m;

    b->data[0] = LP_BOOTP_REPLY;
    g_assert_true(lp_dhcp_msg_parse(b->data, b->len, &m));
    g_assert_cmpuint(m.msg_type, ==, LP_DHCP_ACK);
    g_assert_cmpuint(m.present, ==, LP_DHCP_HAS_VENDOR_INFO | LP_DHCP_HAS_SIP_SERVERS | LP_DHCP_HAS_NTP_SERVERS);
    g_assert_cmpuint(m.vendor_info.off, ==, FIXED + 4 + 5);
    g_assert_cmpuint(m.vendor_info.len, ==, 3);
    g_assert_cmpuint(m.sip_servers.len, ==, 2);
    g_byte_array_free(b, TRUE);
}

static void test_truncated_option(void)
{
    static const guint8 opts[] = { 53, 1, 8, 60, 40, 'M', 'S' };
    GByteArray *b = inform(opts, sizeof opts);
    lp_dhcp_msg m;

    g_assert_true(lp_dhcp_msg_parse(b->data, b->len, &m));
    g_assert_true(m.truncated);
    g_assert_cmpuint(m.msg_type, ==, LP_DHCP_INFORM);
    g_assert_cmpuint(m.present, ==, 0);
    g_byte_array_free(b, TRUE);
}

static void test_not_dhcp(void)
{
    static const guint8 opts[] = { 255 };
    GByteArray *b = inform(opts, sizeof opts);
    lp_dhcp_msg m;
    guint n;

    b->data[FIXED] = 0; /* no magic cookie: plain BOOTP or something else */
    g_assert_false(lp_dhcp_msg_parse(b->data, b->len, &m));
    b->data[FIXED] = 0x63;
    b->data[0] = 3;
    g_assert_false(lp_dhcp_msg_parse(b->data, b->len, &m));
    b->data[0] = 1;
    for (n = 0; n < FIXED + 4; n++) {
        guint8 *copy = g_memdup2(b->data, n);

        g_assert_false(lp_dhcp_msg_parse(copy, n, &m));
        g_free(copy);
    }
    g_byte_array_free(b, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dhcp-message/inform", test_inform);
    g_test_add_func("/dhcp-message/reply-options", test_reply_options);
    g_test_add_func("/dhcp-message/truncated-option", test_truncated_option);
    g_test_add_func("/dhcp-message/not-dhcp", test_not_dhcp);
    return g_test_run();
}
