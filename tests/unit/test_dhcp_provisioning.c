/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/dhcp_provisioning.c: option 43 and option 120. */
#include <string.h>

#include <glib.h>

#include "dhcp_provisioning.h"

/* DHCPUtil.exe -SipServer server.fqdn.company.com (protocol notes). */
static const char dhcputil_opt43_hex[] =
    "010C4D532D55432D436C69656E74" "02056874747073"
    "03177365727665722E6671646E2E636F6D70616E792E636F6D"
    "0403343433" "05252F4365727450726F762F4365727450726F76"
    "6973696F6E696E67536572766963652E737663";
static const char dhcputil_opt120_hex[] =
    "0006736572766572046671646E07636F6D70616E7903636F6D00";

static GByteArray *from_hex(const char *hex)
{
    GByteArray *b = g_byte_array_new();
    size_t i;

    for (i = 0; hex[i] && hex[i + 1]; i += 2) {
        guint8 v = (guint8)(g_ascii_xdigit_value(hex[i]) << 4 | g_ascii_xdigit_value(hex[i + 1]));
        g_byte_array_append(b, &v, 1);
    }
    return b;
}

static void append_sub(GByteArray *b, guint8 code, const char *value)
{
    guint8 hdr[2] = { code, (guint8)strlen(value) };

    g_byte_array_append(b, hdr, 2);
    g_byte_array_append(b, (const guint8 *)value, (guint)strlen(value));
}

static char *sub_text(const lp_opt43 *o, const guint8 *buf, unsigned code)
{
    g_assert_true(o->present & (1u << code));
    return g_strndup((const char *)buf + o->sub[code].off, o->sub[code].len);
}

static void assert_sub(const lp_opt43 *o, const guint8 *buf, unsigned code, const char *want)
{
    char *got = sub_text(o, buf, code);

    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_dhcputil_vector(void)
{
    GByteArray *b = from_hex(dhcputil_opt43_hex);
    lp_opt43 o;
    char url[256];

    g_assert_true(lp_opt43_parse(b->data, b->len, LP_VENDOR_UNKNOWN, &o));
    g_assert_cmpint(o.vendor, ==, LP_VENDOR_MS_UC_CLIENT);
    g_assert_cmpuint(o.problems, ==, 0);
    assert_sub(&o, b->data, LP_O43_UC_IDENTIFIER, "MS-UC-Client");
    assert_sub(&o, b->data, LP_O43_URL_SCHEME, "https");
    assert_sub(&o, b->data, LP_O43_WEB_FQDN, "server.fqdn.company.com");
    assert_sub(&o, b->data, LP_O43_CERTPROV_PATH, "/CertProv/CertProvisioningService.svc");
    g_assert_cmpuint(o.web_port, ==, 443);
    g_assert_true(lp_opt43_certprov_url(&o, b->data, url, sizeof url));
    g_assert_cmpstr(url, ==, "https://server.fqdn.company.com:443/CertProv/CertProvisioningService.svc");
    g_byte_array_free(b, TRUE);
}

/* dnsmasq writes the sub-options in reverse order and ends with 0xFF. */
static void test_reverse_order_pad_end(void)
{
    GByteArray *b = g_byte_array_new();
    const guint8 pad = 0, end = 0xff;
    lp_opt43 o;

    append_sub(b, 5, "/CertProv/CertProvisioningService.svc");
    g_byte_array_append(b, &pad, 1);
    append_sub(b, 4, "443");
    append_sub(b, 3, "pool01.contoso.test");
    append_sub(b, 2, "https");
    append_sub(b, 1, "MS-UC-Client");
    g_byte_array_append(b, &end, 1);
    append_sub(b, 3, "after.end.is.ignored");

    g_assert_true(lp_opt43_parse(b->data, b->len, LP_VENDOR_UNKNOWN, &o));
    g_assert_cmpuint(o.problems, ==, 0);
    assert_sub(&o, b->data, LP_O43_WEB_FQDN, "pool01.contoso.test");
    g_byte_array_free(b, TRUE);
}

static GByteArray *ms_uc(const char *scheme, const char *fqdn, const char *port, const char *path);

/* Cisco IOS 15.1(3)S cuts "option 43 hex" at 90 bytes: an FQDN longer than
 * 23 characters loses the end of sub-option 5. */
static void test_cisco_truncation(void)
{
    GByteArray *b = ms_uc("https", "pool01.emea.contoso.test", "443",
                          "/CertProv/CertProvisioningService.svc");
    lp_opt43 o;
    char url[256];

    g_assert_cmpuint(b->len, ==, 91);
    g_byte_array_set_size(b, 90);
    g_assert_true(lp_opt43_parse(b->data, b->len, LP_VENDOR_UNKNOWN, &o));
    g_assert_cmpuint(o.problems, ==, LP_O43_P_TRUNCATED);
    g_assert_cmpuint(o.truncated_code, ==, LP_O43_CERTPROV_PATH);
    g_assert_cmpuint(o.truncated.off + o.truncated.len, ==, 90);
    g_assert_false(o.present & (1u << LP_O43_CERTPROV_PATH));
    g_assert_false(lp_opt43_certprov_url(&o, b->data, url, sizeof url));
    g_assert_cmpstr(url, ==, "");
    g_byte_array_free(b, TRUE);
}

static lp_opt43 parse_ms_uc(GByteArray *b)
{
    lp_opt43 o;

    g_assert_true(lp_opt43_parse(b->data, b->len, LP_VENDOR_MS_UC_CLIENT, &o));
    g_assert_cmpint(o.vendor, ==, LP_VENDOR_MS_UC_CLIENT);
    return o;
}

static GByteArray *ms_uc(const char *scheme, const char *fqdn, const char *port, const char *path)
{
    GByteArray *b = g_byte_array_new();

    append_sub(b, 1, "MS-UC-Client");
    if (scheme)
        append_sub(b, 2, scheme);
    if (fqdn)
        append_sub(b, 3, fqdn);
    if (port)
        append_sub(b, 4, port);
    if (path)
        append_sub(b, 5, path);
    return b;
}

static void test_inconsistent_values(void)
{
    static const struct {
        const char *scheme, *fqdn, *port, *path;
        unsigned problems;
    } cases[] = {
        { "https", "p.test", "443", "/CertProv/CertProvisioningService.svc", 0 },
        { "HTTPS", "p.test", "4443", "/a.svc", 0 },
        { "http", "p.test", NULL, "/a.svc", 0 },
        { "ftp", "p.test", "443", "/a.svc", LP_O43_P_BAD_SCHEME },
        { "https", "p.test", "44x", "/a.svc", LP_O43_P_PORT_NOT_NUMBER },
        { "https", "p.test", "", "/a.svc", LP_O43_P_PORT_NOT_NUMBER },
        { "https", "p.test", "65536", "/a.svc", LP_O43_P_PORT_NOT_NUMBER },
        { "https", "p.test", "0", "/a.svc", LP_O43_P_PORT_NOT_NUMBER },
        { "https", "p.test", "\x01\xbb", "/a.svc", LP_O43_P_PORT_NOT_NUMBER },
        { "https", "p.test", "443", "CertProv/a.svc", LP_O43_P_BAD_PATH },
        { "https", "p.test", "443", "/CertProv/CertProvisioningSer", LP_O43_P_PATH_NOT_SVC },
        { "https", NULL, "443", "/a.svc", LP_O43_P_MISSING },
        { "https", "p.test", "443", NULL, LP_O43_P_MISSING },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        GByteArray *b = ms_uc(cases[i].scheme, cases[i].fqdn, cases[i].port, cases[i].path);
        lp_opt43 o = parse_ms_uc(b);

        g_test_message("case %zu", i);
        g_assert_cmpuint(o.problems, ==, cases[i].problems);
        g_byte_array_free(b, TRUE);
    }
}

static void test_url_is_cut_to_fit(void)
{
    GByteArray *b = ms_uc("https", "pool01.contoso.test", "443", "/CertProv/CertProvisioningService.svc");
    lp_opt43 o = parse_ms_uc(b);
    char url[16];

    g_assert_true(lp_opt43_certprov_url(&o, b->data, url, sizeof url));
    g_assert_cmpstr(url, ==, "https://pool01.");
    g_assert_false(lp_opt43_certprov_url(&o, b->data, url, 0));
    g_byte_array_free(b, TRUE);
}

static void test_cpe_ocphone_vlan(void)
{
    static const guint8 binary[] = { 10, 2, 0x00, 0x64, 0xff };
    static const guint8 text[] = { 10, 3, '2', '0', '0' };
    static const guint8 zero[] = { 10, 2, 0x00, 0x00 };
    lp_opt43 o;

    g_assert_true(lp_opt43_parse(binary, sizeof binary, LP_VENDOR_UNKNOWN, &o));
    g_assert_cmpint(o.vendor, ==, LP_VENDOR_CPE_OCPHONE);
    g_assert_cmpuint(o.vlan_id, ==, 100);
    g_assert_cmpuint(o.problems, ==, 0);

    g_assert_true(lp_opt43_parse(text, sizeof text, LP_VENDOR_CPE_OCPHONE, &o));
    g_assert_cmpuint(o.vlan_id, ==, 200);

    g_assert_true(lp_opt43_parse(zero, sizeof zero, LP_VENDOR_UNKNOWN, &o));
    g_assert_cmpuint(o.problems, ==, LP_O43_P_BAD_VLAN);
}

static void test_not_lync(void)
{
    /* PXE-style content and garbage are left alone. */
    static const guint8 pxe[] = { 6, 1, 8, 255 };
    static const guint8 junk[] = { 1, 200, 'x' };
    lp_opt43 o;

    g_assert_false(lp_opt43_parse(pxe, sizeof pxe, LP_VENDOR_UNKNOWN, &o));
    g_assert_false(lp_opt43_parse(junk, sizeof junk, LP_VENDOR_UNKNOWN, &o));
    g_assert_false(lp_opt43_parse(NULL, 0, LP_VENDOR_UNKNOWN, &o));
}

static void test_every_truncation_is_safe(void)
{
    GByteArray *full = from_hex(dhcputil_opt43_hex);
    guint n;

    /* Each prefix in its own allocation, so ASan sees any overread. */
    for (n = 0; n <= full->len; n++) {
        guint8 *copy = g_memdup2(full->data, n);
        lp_opt43 o;
        char url[256];

        lp_opt43_parse(copy, n, LP_VENDOR_MS_UC_CLIENT, &o);
        lp_opt43_certprov_url(&o, copy, url, sizeof url);
        g_free(copy);
    }
    g_byte_array_free(full, TRUE);
}

static void test_vendor_class(void)
{
    g_assert_cmpint(lp_vendor_from_class((const guint8 *)"MS-UC-Client", 12), ==, LP_VENDOR_MS_UC_CLIENT);
    g_assert_cmpint(lp_vendor_from_class((const guint8 *)"ms-uc-client", 12), ==, LP_VENDOR_UNKNOWN);
    g_assert_cmpint(lp_vendor_from_class((const guint8 *)"CPE-OCPHONE", 11), ==, LP_VENDOR_CPE_OCPHONE);
    g_assert_cmpint(lp_vendor_from_class((const guint8 *)"MS-UC-Clien", 11), ==, LP_VENDOR_UNKNOWN);
    g_assert_cmpstr(lp_vendor_name(LP_VENDOR_CPE_OCPHONE), ==, "CPE-OCPHONE");
}

static void test_opt120_dhcputil(void)
{
    GByteArray *b = from_hex(dhcputil_opt120_hex);
    lp_opt120 o;

    g_assert_true(lp_opt120_parse(b->data, b->len, &o));
    g_assert_cmpuint(o.encoding, ==, 0);
    g_assert_cmpuint(o.count, ==, 1);
    g_assert_cmpuint(o.problems, ==, 0);
    g_assert_cmpstr(o.server[0].name, ==, "server.fqdn.company.com");
    g_assert_cmpuint(o.server[0].raw.off, ==, 1);
    g_assert_cmpuint(o.server[0].raw.len, ==, b->len - 1);
    g_byte_array_free(b, TRUE);
}

static void test_opt120_ipv4_and_compression(void)
{
    static const guint8 ipv4[] = { 1, 10, 9, 0, 1, 192, 0, 2, 7 };
    /* "a.test", then "b" + pointer to "test" at offset 2 of the list. */
    static const guint8 names[] = { 0, 1, 'a', 4, 't', 'e', 's', 't', 0, 1, 'b', 0xc0, 2 };
    lp_opt120 o;

    g_assert_true(lp_opt120_parse(ipv4, sizeof ipv4, &o));
    g_assert_cmpuint(o.count, ==, 2);
    g_assert_cmpstr(o.server[0].name, ==, "10.9.0.1");
    g_assert_cmpstr(o.server[1].name, ==, "192.0.2.7");

    g_assert_true(lp_opt120_parse(names, sizeof names, &o));
    g_assert_cmpuint(o.count, ==, 2);
    g_assert_cmpstr(o.server[0].name, ==, "a.test");
    g_assert_cmpstr(o.server[1].name, ==, "b.test");
    g_assert_cmpuint(o.problems, ==, 0);
}

static void test_opt120_malformed(void)
{
    static const guint8 loop[] = { 0, 0xc0, 0 };
    static const guint8 past_end[] = { 0, 9, 'a', 'b' };
    static const guint8 ipv4_short[] = { 1, 10, 9, 0 };
    static const guint8 bad_encoding[] = { 7, 0x80, 0x81 };
    static const guint8 plain[] = "sip.contoso.test";
    lp_opt120 o;

    g_assert_false(lp_opt120_parse(loop, sizeof loop, &o));
    g_assert_cmpuint(o.problems, ==, LP_O120_P_BAD_NAME);
    g_assert_false(lp_opt120_parse(past_end, sizeof past_end, &o));
    g_assert_cmpuint(o.problems, ==, LP_O120_P_BAD_NAME);
    g_assert_false(lp_opt120_parse(ipv4_short, sizeof ipv4_short, &o));
    g_assert_cmpuint(o.problems, ==, LP_O120_P_TRUNCATED);
    g_assert_false(lp_opt120_parse(bad_encoding, sizeof bad_encoding, &o));
    g_assert_cmpuint(o.problems, ==, LP_O120_P_BAD_ENCODING);
    g_assert_false(lp_opt120_parse(NULL, 0, &o));
    g_assert_true(lp_opt120_parse(plain, sizeof plain - 1, &o));
    g_assert_cmpuint(o.problems, ==, LP_O120_P_NO_ENCODING);
    g_assert_cmpstr(o.server[0].name, ==, "sip.contoso.test");
}

static void test_opt120_too_many(void)
{
    guint8 buf[1 + 4 * (LP_SIP_MAX_SERVERS + 2)];
    lp_opt120 o;

    memset(buf, 7, sizeof buf);
    buf[0] = 1;
    g_assert_true(lp_opt120_parse(buf, sizeof buf, &o));
    g_assert_cmpuint(o.count, ==, LP_SIP_MAX_SERVERS);
    g_assert_cmpuint(o.problems, ==, LP_O120_P_TOO_MANY);
}

static void test_problem_strings(void)
{
    g_assert_cmpstr(lp_opt43_problem_str(LP_O43_P_PORT_NOT_NUMBER), ==,
                    "web server port (sub-option 4) is not a number from 1 to 65535");
    g_assert_cmpstr(lp_opt43_problem_str(0x8000), ==, "unknown problem");
    g_assert_cmpstr(lp_opt120_problem_str(LP_O120_P_BAD_ENCODING), ==,
                    "encoding byte is neither 0 (names) nor 1 (IPv4)");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/opt43/dhcputil-vector", test_dhcputil_vector);
    g_test_add_func("/opt43/reverse-order-pad-end", test_reverse_order_pad_end);
    g_test_add_func("/opt43/cisco-truncation", test_cisco_truncation);
    g_test_add_func("/opt43/inconsistent-values", test_inconsistent_values);
    g_test_add_func("/opt43/url-cut-to-fit", test_url_is_cut_to_fit);
    g_test_add_func("/opt43/cpe-ocphone-vlan", test_cpe_ocphone_vlan);
    g_test_add_func("/opt43/not-lync", test_not_lync);
    g_test_add_func("/opt43/every-truncation-safe", test_every_truncation_is_safe);
    g_test_add_func("/opt43/vendor-class", test_vendor_class);
    g_test_add_func("/opt120/dhcputil-vector", test_opt120_dhcputil);
    g_test_add_func("/opt120/ipv4-and-compression", test_opt120_ipv4_and_compression);
    g_test_add_func("/opt120/malformed", test_opt120_malformed);
    g_test_add_func("/opt120/too-many", test_opt120_too_many);
    g_test_add_func("/problems/strings", test_problem_strings);
    return g_test_run();
}
