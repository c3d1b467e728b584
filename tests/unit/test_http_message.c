/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/http_message.c and core/xml_scan.c. */
#include <string.h>

#include <glib.h>

#include "http_message.h"
#include "xml_scan.h"

static void assert_str(lp_str s, const char *want)
{
    g_assert_cmpint((int)s.len, ==, (int)strlen(want));
    g_assert_true(memcmp(s.ptr, want, s.len) == 0);
}

static void test_request_head(void)
{
    static const char msg[] =
        "POST /WebTicket/WebTicketService.svc/pin HTTP/1.1\r\n"
        "Host: pool01.contoso.test\r\n"
        "Content-Type: text/xml; charset=utf-8\r\n"
        "SOAPAction:  \"http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue\" \r\n"
        "Content-Length: 5\r\n"
        "\r\n"
        "<a/>x";
    lp_http_head h;

    g_assert_cmpint(lp_http_parse_head((const guint8 *)msg, strlen(msg), &h), ==, LP_HTTP_HEAD_OK);
    g_assert_true(h.view.is_request);
    assert_str(h.view.method, "POST");
    assert_str(h.view.uri, "/WebTicket/WebTicketService.svc/pin");
    g_assert_cmpuint(h.view.n_headers, ==, 4);
    assert_str(*lp_http_header(&h.view, "soapaction"),
               "\"http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue\"");
    g_assert_null(lp_http_header(&h.view, "Authorization"));
    g_assert_true(h.has_length);
    g_assert_cmpuint(h.content_length, ==, 5);
    g_assert_cmpuint(h.view.body_len, ==, 5);
    g_assert_cmpuint(h.head_len, ==, strlen(msg) - 5);
}

static void test_response_head(void)
{
    static const char msg[] = "HTTP/1.1 401 Unauthorized\nTransfer-Encoding: chunked\n\n";
    lp_http_head h;

    g_assert_cmpint(lp_http_parse_head((const guint8 *)msg, strlen(msg), &h), ==, LP_HTTP_HEAD_OK);
    g_assert_false(h.view.is_request);
    g_assert_cmpuint(h.view.status, ==, 401);
    g_assert_true(h.chunked);
    g_assert_false(h.has_length);
}

static void test_incomplete_and_not_http(void)
{
    static const char partial[] = "GET /CertProv/CertProvisioningService.svc/mex HTTP/1.1\r\nHost: x\r\n";
    static const char *const junk[] = {
        "\x16\x03\x01\x02\x10\x01\r\n", "get / HTTP/1.1\r\n\r\n", "GET /\r\n\r\n",
        "HTTP/1.1 4x1 No\r\n\r\n", "SSH-2.0-OpenSSH\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
    };
    lp_http_head h;
    size_t i, n;

    g_assert_cmpint(lp_http_parse_head((const guint8 *)partial, strlen(partial), &h), ==,
                    LP_HTTP_HEAD_INCOMPLETE);
    for (i = 0; i < G_N_ELEMENTS(junk); i++)
        g_assert_cmpint(lp_http_parse_head((const guint8 *)junk[i], strlen(junk[i]), &h), ==,
                        LP_HTTP_HEAD_NOT_HTTP);
    for (n = 0; n < strlen(partial); n++) {
        guint8 *copy = g_memdup2(partial, n);
        g_assert_cmpint(lp_http_parse_head(copy, n, &h), !=, LP_HTTP_HEAD_OK);
        g_free(copy);
    }
}

static void test_too_many_headers(void)
{
    GString *s = g_string_new("HTTP/1.1 200 OK\r\n");
    lp_http_head h;
    int i;

    for (i = 0; i < LP_HTTP_MAX_HEADERS + 5; i++)
        g_string_append_printf(s, "X-H%d: %d\r\n", i, i);
    g_string_append(s, "Content-Length: 0\r\n\r\n");
    g_assert_cmpint(lp_http_parse_head((const guint8 *)s->str, s->len, &h), ==, LP_HTTP_HEAD_OK);
    g_assert_true(h.too_many_headers);
    g_assert_cmpuint(h.view.n_headers, ==, LP_HTTP_MAX_HEADERS);
    g_assert_true(h.has_length); /* framing is still read */
    g_string_free(s, TRUE);
}

static void test_split_header_line(void)
{
    static const char line[] = "X-Ms-diagnostics: 28003;reason=\"a:b\"\r\n";
    lp_header hd;

    g_assert_true(lp_http_split_header(line, strlen(line), &hd));
    assert_str(hd.name, "X-Ms-diagnostics");
    assert_str(hd.value, "28003;reason=\"a:b\"");
    g_assert_false(lp_http_split_header(": x", 3, &hd));
    g_assert_false(lp_http_split_header("no colon", 8, &hd));
}

static void test_str_helpers(void)
{
    lp_str s = { "Basic MTIzNA==", 14 };

    g_assert_true(lp_str_istarts(s, "basic "));
    g_assert_false(lp_str_istarts(s, "Basic MTIzNA==x"));
    g_assert_cmpuint(lp_str_ifind(s, "mtiz"), ==, 6);
    g_assert_cmpuint(lp_str_ifind(s, "zzz"), ==, s.len);
}

static void test_xml_scan(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?><!-- <Body> in a comment -->"
        "<s:Envelope xmlns:s=\"e\"><s:Header><a:Action>x</a:Action></s:Header>"
        "<s:Body><GetAndPublishCert xmlns=\"http://schemas.microsoft.com/OCS/AuthWebServices/\" "
        "DeviceId='{1}' Entity=\"1234@contoso.test\"><wst:RequestSecurityToken/>"
        "<wsse:BinarySecurityToken ValueType=\"a>b\">MIIB</wsse:BinarySecurityToken>"
        "</GetAndPublishCert></s:Body></s:Envelope>";
    lp_span s;

    g_assert_true(lp_xml_operation((const guint8 *)xml, strlen(xml), &s));
    g_assert_cmpint(s.len, ==, strlen("GetAndPublishCert"));
    g_assert_true(memcmp(xml + s.off, "GetAndPublishCert", s.len) == 0);
    g_assert_true(lp_xml_attribute((const guint8 *)xml, strlen(xml), "GetAndPublishCert", "Entity", &s));
    g_assert_true(memcmp(xml + s.off, "1234@contoso.test", s.len) == 0);
    g_assert_true(lp_xml_attribute((const guint8 *)xml, strlen(xml), "GetAndPublishCert", "DeviceId", &s));
    g_assert_cmpuint(s.len, ==, 3);
    g_assert_false(lp_xml_attribute((const guint8 *)xml, strlen(xml), "GetAndPublishCert", "Missing", &s));
    g_assert_true(lp_xml_element_text((const guint8 *)xml, strlen(xml), "BinarySecurityToken", &s));
    g_assert_true(memcmp(xml + s.off, "MIIB", s.len) == 0 && s.len == 4);
    g_assert_true(lp_xml_element_text((const guint8 *)xml, strlen(xml), "RequestSecurityToken", &s));
    g_assert_cmpuint(s.len, ==, 0);
    g_assert_false(lp_xml_element_text((const guint8 *)xml, strlen(xml), "Fault", &s));
}

static void test_xml_every_prefix_is_safe(void)
{
    static const char xml[] = "<s:Envelope><s:Body><!-- c --><x:Op a=\"1\" b='2'>t</x:Op></s:Body></s:Envelope>";
    size_t n;

    for (n = 0; n <= strlen(xml); n++) {
        guint8 *copy = g_memdup2(xml, n);
        lp_span s;

        lp_xml_operation(copy, n, &s);
        lp_xml_attribute(copy, n, "Op", "b", &s);
        lp_xml_element_text(copy, n, "Op", &s);
        g_free(copy);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/http/request-head", test_request_head);
    g_test_add_func("/http/response-head", test_response_head);
    g_test_add_func("/http/incomplete-and-not-http", test_incomplete_and_not_http);
    g_test_add_func("/http/too-many-headers", test_too_many_headers);
    g_test_add_func("/http/split-header-line", test_split_header_line);
    g_test_add_func("/http/str-helpers", test_str_helpers);
    g_test_add_func("/xml/scan", test_xml_scan);
    g_test_add_func("/xml/every-prefix-safe", test_xml_every_prefix_is_safe);
    return g_test_run();
}
