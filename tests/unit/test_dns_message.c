/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/dns_message.c and core/dns_name.c. */
#include <string.h>

#include <glib.h>

#include "dns_message.h"
#include "dns_name.h"

/* Query id 0x33d1 for pool01.contoso.test, type A. */
static const guint8 query[] = {
    0x33, 0xd1, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    6, 'p', 'o', 'o', 'l', '0', '1', 7, 'c', 'o', 'n', 't', 'o', 's', 'o', 4, 't', 'e', 's', 't', 0,
    0x00, 0x01, 0x00, 0x01,
};

static GByteArray *response(guint8 rcode, gboolean with_answer)
{
    static const guint8 answer[] = {
        0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 10, 9, 0, 1,
    };
    GByteArray *b = g_byte_array_new();

    g_byte_array_append(b, query, sizeof query);
    b->data[2] = 0x81;
    b->data[3] = 0x80 | rcode;
    if (with_answer) {
        b->data[7] = 1;
        g_byte_array_append(b, answer, sizeof answer);
    }
    return b;
}

static void test_query(void)
{
    lp_dns_msg m;

    g_assert_true(lp_dns_msg_parse(query, sizeof query, &m));
    g_assert_false(m.is_response);
    g_assert_cmphex(m.id, ==, 0x33d1);
    g_assert_cmpstr(m.qname, ==, "pool01.contoso.test");
    g_assert_cmpuint(m.qtype, ==, LP_DNS_TYPE_A);
    g_assert_cmpuint(m.n_addrs, ==, 0);
}

static void test_answer(void)
{
    GByteArray *b = response(0, TRUE);
    lp_dns_msg m;

    g_assert_true(lp_dns_msg_parse(b->data, b->len, &m));
    g_assert_true(m.is_response);
    g_assert_cmpuint(m.rcode, ==, LP_DNS_RCODE_NOERROR);
    g_assert_cmpuint(m.n_addrs, ==, 1);
    g_assert_cmpuint(m.addrs[0].family, ==, 4);
    g_assert_cmpuint(m.addrs[0].addr[3], ==, 1);
    g_assert_false(m.truncated);
    /* The answer cut in its rdata. */
    g_assert_true(lp_dns_msg_parse(b->data, b->len - 2, &m));
    g_assert_true(m.truncated);
    g_assert_cmpuint(m.n_addrs, ==, 0);
    g_byte_array_free(b, TRUE);
}

static void test_failures(void)
{
    GByteArray *b = response(LP_DNS_RCODE_NXDOMAIN, FALSE);
    lp_dns_msg m;

    g_assert_true(lp_dns_msg_parse(b->data, b->len, &m));
    g_assert_cmpuint(m.rcode, ==, LP_DNS_RCODE_NXDOMAIN);
    g_assert_cmpstr(lp_dns_rcode_name(m.rcode), ==, "NXDOMAIN");
    g_assert_cmpstr(lp_dns_rcode_name(LP_DNS_RCODE_SERVFAIL), ==, "SERVFAIL");
    g_assert_null(lp_dns_rcode_name(15));
    g_byte_array_free(b, TRUE);
}

static void test_malformed(void)
{
    guint8 buf[sizeof query];
    lp_dns_msg m;
    size_t i;

    g_assert_false(lp_dns_msg_parse(query, 11, &m));
    /* The question cut anywhere is refused, never read past. */
    for (i = 12; i < sizeof query; i++)
        g_assert_false(lp_dns_msg_parse(query, i, &m));
    /* Two questions: not a phone's lookup. */
    memcpy(buf, query, sizeof query);
    buf[5] = 2;
    g_assert_false(lp_dns_msg_parse(buf, sizeof buf, &m));
    /* A label that runs past the end. */
    memcpy(buf, query, sizeof query);
    buf[12] = 60;
    g_assert_false(lp_dns_msg_parse(buf, sizeof buf, &m));
}

static void test_name_pointers(void)
{
    /* "a.b" at 0, then a pointer to it, then a pointer loop. */
    static const guint8 names[] = { 1, 'a', 1, 'b', 0, 0xc0, 0x00, 0xc0, 0x07 };
    char out[16];

    g_assert_cmpuint(lp_dns_read_name(names, sizeof names, 0, out, sizeof out), ==, 5);
    g_assert_cmpstr(out, ==, "a.b");
    g_assert_cmpuint(lp_dns_read_name(names, sizeof names, 5, out, sizeof out), ==, 7);
    g_assert_cmpstr(out, ==, "a.b");
    g_assert_cmpuint(lp_dns_read_name(names, sizeof names, 7, out, sizeof out), ==, 0);
    /* Does not fit. */
    g_assert_cmpuint(lp_dns_read_name(names, sizeof names, 0, out, 3), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dns/query", test_query);
    g_test_add_func("/dns/answer", test_answer);
    g_test_add_func("/dns/failures", test_failures);
    g_test_add_func("/dns/malformed", test_malformed);
    g_test_add_func("/dns/name-pointers", test_name_pointers);
    return g_test_run();
}
