/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/web_service.c: requests and responses of CertProv/WebTicket. */
#include <string.h>

#include <glib.h>

#include "web_service.h"

typedef struct {
    lp_http_head head;
} parsed;

static const lp_http_view *parse(parsed *p, const char *msg)
{
    g_assert_cmpint(lp_http_parse_head((const guint8 *)msg, strlen(msg), &p->head), ==, LP_HTTP_HEAD_OK);
    return &p->head.view;
}

static void assert_str(lp_str s, const char *want)
{
    char *got = g_strndup(s.ptr, s.len);

    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_service_of_uri(void)
{
    static const struct {
        const char *uri;
        lp_service  service;
    } cases[] = {
        { "/CertProv/CertProvisioningService.svc", LP_SVC_CERTPROV },
        { "/certprov/certprovisioningservice.svc/mex", LP_SVC_CERTPROV },
        { "https://pool01.contoso.test:443/CertProv/CertProvisioningService.svc", LP_SVC_CERTPROV },
        { "/WebTicket/WebTicketService.svc/Auth", LP_SVC_WEBTICKET },
        { "/WEBTICKET/oauthtoken", LP_SVC_WEBTICKET },
        { "/index.html", LP_SVC_NONE },
        { "https://evil.test/?/CertProv/x", LP_SVC_NONE },
        { "", LP_SVC_NONE },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        lp_str uri = { cases[i].uri, strlen(cases[i].uri) };
        g_assert_cmpint(lp_ws_service_of_uri(uri), ==, cases[i].service);
    }
    g_assert_cmpstr(lp_ws_service_name(LP_SVC_WEBTICKET), ==, "WebTicket");
}

static void test_issue_token_with_pin(void)
{
    /* base64("1234:123456") */
    static const char msg[] =
        "POST /WebTicket/WebTicketService.svc/pin HTTP/1.1\r\n"
        "SOAPAction: \"http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue\"\r\n"
        "Authorization: Basic MTIzNDoxMjM0NTY=\r\n\r\n"
        "<s:Envelope><s:Body><wst:RequestSecurityToken/></s:Body></s:Envelope>";
    parsed p;
    lp_ws_request r;

    g_assert_true(lp_ws_classify_request(parse(&p, msg), &r));
    g_assert_cmpint(r.service, ==, LP_SVC_WEBTICKET);
    assert_str(r.endpoint, "/pin");
    assert_str(r.operation, "IssueToken");
    g_assert_true(r.has_credentials);
    g_assert_cmpstr(r.user, ==, "1234");
    g_assert_cmpstr(r.pin, ==, "123456");
}

static void test_operation_sources(void)
{
    static const char body_only[] =
        "POST /WebTicket/WebTicketService.svc HTTP/1.1\r\n\r\n"
        "<?xml version=\"1.0\"?><s:Envelope><s:Header/><s:Body>"
        "<RequestSecurityToken><Claims><auth:Value>sip:1234@contoso.test</auth:Value></Claims>"
        "</RequestSecurityToken></s:Body></s:Envelope>";
    static const char soap12[] =
        "POST /CertProv/CertProvisioningService.svc HTTP/1.1\r\n"
        "Content-Type: application/soap+xml; charset=utf-8; "
        "action=\"http://schemas.microsoft.com/OCS/AuthWebServices/GetAndPublishCert\"\r\n\r\n";
    static const char mex[] = "GET /CertProv/CertProvisioningService.svc/mex HTTP/1.1\r\n\r\n";
    /* The root-chain download: any other GET of CertProv (its suffix is not documented). */
    static const char root_chain[] = "GET /CertProv/CertProvisioningService.svc/certchain HTTP/1.1\r\n\r\n";
    static const char webticket_get[] = "GET /WebTicket/WebTicketService.svc/certchain HTTP/1.1\r\n\r\n";
    static const char unknown_action[] =
        "POST /CertProv/CertProvisioningService.svc HTTP/1.1\r\nSOAPAction: \"urn:x/y/Frobnicate\"\r\n\r\n";
    parsed p;
    lp_ws_request r;

    g_assert_true(lp_ws_classify_request(parse(&p, body_only), &r));
    assert_str(r.operation, "IssueToken");
    g_assert_false(r.has_credentials);
    g_assert_cmpstr(r.user, ==, "sip:1234@contoso.test");
    g_assert_cmpstr(r.pin, ==, "");

    g_assert_true(lp_ws_classify_request(parse(&p, soap12), &r));
    g_assert_cmpint(r.service, ==, LP_SVC_CERTPROV);
    assert_str(r.operation, "GetAndPublishCert");

    g_assert_true(lp_ws_classify_request(parse(&p, mex), &r));
    assert_str(r.operation, "mex");
    assert_str(r.endpoint, "/mex");

    g_assert_true(lp_ws_classify_request(parse(&p, root_chain), &r));
    assert_str(r.operation, "RootChain");
    g_assert_true(lp_ws_classify_request(parse(&p, webticket_get), &r));
    g_assert_cmpuint(r.operation.len, ==, 0);

    g_assert_true(lp_ws_classify_request(parse(&p, unknown_action), &r));
    assert_str(r.operation, "Frobnicate");
}

static void test_identity_in_body(void)
{
    static const char cert[] =
        "POST /CertProv/CertProvisioningService.svc HTTP/1.1\r\n\r\n"
        "<s:Envelope><s:Body><GetAndPublishCert xmlns=\"http://schemas.microsoft.com/OCS/AuthWebServices/\" "
        "DeviceId=\"{0}\" Entity=\"1234@contoso.test\"/></s:Body></s:Envelope>";
    /* /Auth: Username = base64("CONTOSO\\alice") */
    static const char auth[] =
        "POST /WebTicket/WebTicketService.svc/Auth HTTP/1.1\r\n\r\n"
        "<s:Envelope><s:Header><wsse:Security><wsse:UsernameToken>"
        "<wsse:Username>Q09OVE9TT1xhbGljZQ==</wsse:Username><wsse:Password>c2VjcmV0</wsse:Password>"
        "</wsse:UsernameToken></wsse:Security></s:Header><s:Body><wst:RequestSecurityToken/></s:Body></s:Envelope>";
    static const char bad_basic[] =
        "POST /WebTicket/WebTicketService.svc/pin HTTP/1.1\r\nAuthorization: Basic !!!\r\n\r\n";
    parsed p;
    lp_ws_request r;

    g_assert_true(lp_ws_classify_request(parse(&p, cert), &r));
    g_assert_cmpstr(r.user, ==, "1234@contoso.test");
    g_assert_false(r.has_credentials);

    g_assert_true(lp_ws_classify_request(parse(&p, auth), &r));
    g_assert_cmpstr(r.user, ==, "CONTOSO\\alice");
    g_assert_true(r.has_credentials);
    g_assert_cmpstr(r.pin, ==, "");

    g_assert_true(lp_ws_classify_request(parse(&p, bad_basic), &r));
    g_assert_true(r.has_credentials);
    g_assert_cmpstr(r.user, ==, "");
}

static void test_not_lync(void)
{
    parsed p;
    lp_ws_request r;

    g_assert_false(lp_ws_classify_request(parse(&p, "GET /favicon.ico HTTP/1.1\r\n\r\n"), &r));
}

static void test_wrong_pin_response(void)
{
    static const char msg[] =
        "HTTP/1.1 401 Unauthorized\r\n"
        "WWW-Authenticate: Basic realm=\"LYNC\"\r\n"
        "X-Ms-diagnostics: 28003;source=\"pool01.contoso.test\";reason=\"The pin is invalid.\";"
        "faultcode=\"wsse:FailedAuthentication\"\r\n"
        "Warning: 120 pool01.contoso.test \"InvalidPin\"\r\n\r\n"
        "<html>401 - Unauthorized: Access is denied due to invalid credentials.</html>";
    parsed p;
    lp_ws_response r;

    lp_ws_parse_response(parse(&p, msg), &r);
    g_assert_cmpuint(r.status, ==, 401);
    g_assert_true(r.challenge);
    g_assert_true(r.invalid_pin_warning);
    g_assert_cmpuint(r.n_diag, ==, 2);
    g_assert_cmpint(r.diag[0].origin, ==, LP_DIAG_FROM_HEADER);
    g_assert_cmpuint(r.diag[0].code, ==, 28003);
    assert_str(r.diag[0].reason, "The pin is invalid.");
    assert_str(r.diag[0].source, "pool01.contoso.test");
    assert_str(r.diag[0].fault, "wsse:FailedAuthentication");
    g_assert_cmpint(r.diag[1].origin, ==, LP_DIAG_FROM_WARNING);
    assert_str(r.diag[1].reason, "InvalidPin");
    g_assert_false(r.diag[1].has_code);
}

static void test_server_fault_and_successes(void)
{
    static const char fault[] =
        "HTTP/1.1 500 Internal Server Error\r\n\r\n"
        "<s:Envelope><s:Body><s:Fault><faultcode>a:InternalServiceFault</faultcode>"
        "<faultstring>boom</faultstring><detail><OCSDiagnosticsFault><Ms-Diagnostics-Fault>"
        "<ErrorId>28020</ErrorId><Reason>No valid security token.</Reason>"
        "</Ms-Diagnostics-Fault></OCSDiagnosticsFault></detail></s:Fault></s:Body></s:Envelope>";
    static const char ticket[] =
        "HTTP/1.1 200 OK\r\n\r\n<s:Envelope><s:Body><wst:RequestSecurityTokenResponse>"
        "<saml:Assertion AssertionID=\"a\"/></wst:RequestSecurityTokenResponse></s:Body></s:Envelope>";
    static const char cert[] =
        "HTTP/1.1 200 OK\r\n\r\n<s:Envelope><s:Body><GetAndPublishCertResponse><RequestSecurityTokenResponse>"
        "<RequestedSecurityToken><BinarySecurityToken>MIIB</BinarySecurityToken></RequestedSecurityToken>"
        "</RequestSecurityTokenResponse></GetAndPublishCertResponse></s:Body></s:Envelope>";
    parsed p;
    lp_ws_response r;

    lp_ws_parse_response(parse(&p, fault), &r);
    g_assert_cmpuint(r.n_diag, ==, 1);
    g_assert_cmpint(r.diag[0].origin, ==, LP_DIAG_FROM_SOAP_FAULT);
    g_assert_cmpuint(r.diag[0].code, ==, 28020);
    assert_str(r.diag[0].reason, "No valid security token.");
    assert_str(r.diag[0].fault, "a:InternalServiceFault");

    lp_ws_parse_response(parse(&p, ticket), &r);
    g_assert_true(r.ticket_issued);
    g_assert_false(r.certificate_issued);

    lp_ws_parse_response(parse(&p, cert), &r);
    g_assert_false(r.ticket_issued);
    g_assert_true(r.certificate_issued);
}

static void test_many_diagnostics_are_capped(void)
{
    GString *s = g_string_new("HTTP/1.1 401 Unauthorized\r\n");
    parsed p;
    lp_ws_response r;
    int i;

    for (i = 0; i < LP_WS_MAX_DIAG + 3; i++)
        g_string_append_printf(s, "X-Ms-diagnostics: %d;reason=\"r\"\r\n", 1000 + i);
    g_string_append(s, "\r\n");
    lp_ws_parse_response(parse(&p, s->str), &r);
    g_assert_cmpuint(r.n_diag, ==, LP_WS_MAX_DIAG);
    g_string_free(s, TRUE);
}

static void test_extension(void)
{
    static const struct {
        const char *user, *extension;
    } cases[] = {
        { "1234", "1234" },
        { "1234@contoso.test", "1234" },
        { "sip:1234@contoso.test", "1234" },
        { "SIP:1234@contoso.test", "1234" },
        { "CONTOSO\\1234", "1234" },
        { "tel:+14255550100;ext=1234", "1234" },
        { "tel:+14255550100", "+14255550100" },
        { "", "" },
    };
    char out[LP_WS_USER_MAX], tiny[3];
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        lp_ws_extension(cases[i].user, out, sizeof out);
        g_assert_cmpstr(out, ==, cases[i].extension);
    }
    lp_ws_extension("sip:1234@contoso.test", tiny, sizeof tiny);
    g_assert_cmpstr(tiny, ==, "12");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ws/service-of-uri", test_service_of_uri);
    g_test_add_func("/ws/extension", test_extension);
    g_test_add_func("/ws/issue-token-with-pin", test_issue_token_with_pin);
    g_test_add_func("/ws/operation-sources", test_operation_sources);
    g_test_add_func("/ws/identity-in-body", test_identity_in_body);
    g_test_add_func("/ws/not-lync", test_not_lync);
    g_test_add_func("/ws/wrong-pin-response", test_wrong_pin_response);
    g_test_add_func("/ws/server-fault-and-successes", test_server_fault_and_successes);
    g_test_add_func("/ws/many-diagnostics-capped", test_many_diagnostics_are_capped);
    return g_test_run();
}
