/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/ms_diagnostics.c: X-Ms-diagnostics, SOAP fault, Warning. */
#include <string.h>

#include <glib.h>

#include "ms_diagnostics.h"

static char *span_text(const char *base, lp_span s)
{
    return g_strndup(base + s.off, s.len);
}

static void assert_span(const char *base, lp_span s, const char *want)
{
    char *got = span_text(base, s);

    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_wrong_pin(void)
{
    static const char v[] = "28003;source=\"POOL\";reason=\"The pin is invalid.\";"
                            "faultcode=\"wsse:FailedAuthentication\"";
    lp_diag d[4];

    g_assert_cmpuint(lp_diag_parse(v, strlen(v), d, 4), ==, 1);
    g_assert_cmpuint(d[0].present, ==, LP_DIAG_HAS_CODE | LP_DIAG_HAS_SOURCE | LP_DIAG_HAS_REASON | LP_DIAG_HAS_FAULT);
    g_assert_cmpuint(d[0].code, ==, 28003);
    g_assert_cmpuint(d[0].problems, ==, 0);
    assert_span(v, d[0].source, "POOL");
    assert_span(v, d[0].reason, "The pin is invalid.");
    assert_span(v, d[0].fault, "wsse:FailedAuthentication");
}

static void test_whitespace_order_extra_and_several(void)
{
    static const char v[] = " 28020 ; reason = \"No valid security token.\" ; x-extra=token ;"
                            "source =\"fe01\" , 1000;reason=\"a, \\\"quoted\\\" one\"";
    lp_diag d[4];
    char buf[64];

    g_assert_cmpuint(lp_diag_parse(v, strlen(v), d, 4), ==, 2);
    g_assert_cmpuint(d[0].code, ==, 28020);
    assert_span(v, d[0].reason, "No valid security token.");
    assert_span(v, d[0].source, "fe01");
    g_assert_false(d[0].present & LP_DIAG_HAS_FAULT);
    g_assert_cmpuint(d[0].problems, ==, 0);
    g_assert_cmpuint(d[1].code, ==, 1000);
    lp_unescape(v + d[1].reason.off, d[1].reason.len, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "a, \"quoted\" one");
}

static void test_malformed(void)
{
    static const char unterminated[] = "28003;reason=\"The pin is inval";
    static const char not_number[] = "abc;reason=\"x\"";
    static const char too_big[] = "99999999999;reason=\"x\"";
    static const char bad_param[] = "28003;reason;=\"x\";junk";
    lp_diag d[2];

    g_assert_cmpuint(lp_diag_parse(unterminated, strlen(unterminated), d, 2), ==, 1);
    g_assert_cmpuint(d[0].problems, ==, LP_DIAG_P_UNTERMINATED);
    assert_span(unterminated, d[0].reason, "The pin is inval");

    g_assert_cmpuint(lp_diag_parse(not_number, strlen(not_number), d, 2), ==, 1);
    g_assert_cmpuint(d[0].problems, ==, LP_DIAG_P_CODE_NOT_NUMBER);
    g_assert_false(d[0].present & LP_DIAG_HAS_CODE);
    assert_span(not_number, d[0].reason, "x");

    g_assert_cmpuint(lp_diag_parse(too_big, strlen(too_big), d, 2), ==, 1);
    g_assert_cmpuint(d[0].problems, ==, LP_DIAG_P_CODE_NOT_NUMBER);

    g_assert_cmpuint(lp_diag_parse(bad_param, strlen(bad_param), d, 2), ==, 1);
    g_assert_cmpuint(d[0].problems, ==, LP_DIAG_P_BAD_PARAMETER);
    g_assert_cmpuint(d[0].code, ==, 28003);

    {
        GString *huge = g_string_new("28003;reason=\"");
        for (int i = 0; i < 2 * LP_DIAG_VALUE_MAX; i++)
            g_string_append_c(huge, 'A');
        g_string_append_c(huge, '"');
        g_assert_cmpuint(lp_diag_parse(huge->str, huge->len, d, 2), ==, 1);
        g_assert_cmpuint(d[0].problems, ==, LP_DIAG_P_TOO_LONG);
        g_assert_cmpuint(d[0].reason.len, ==, 2 * LP_DIAG_VALUE_MAX);
        g_string_free(huge, TRUE);
    }

    g_assert_cmpuint(lp_diag_parse("", 0, d, 2), ==, 0);
    g_assert_cmpstr(lp_diag_problem_str(LP_DIAG_P_UNTERMINATED), ==, "quoted string is not terminated");
}

static void test_every_prefix_is_safe(void)
{
    static const char v[] = "28003;source=\"P\\\"OOL\";reason=\"The pin is invalid.\",28020;faultcode=x";
    size_t n;

    for (n = 0; n <= strlen(v); n++) {
        char *copy = g_memdup2(v, n);
        lp_diag d[1];
        char out[8];

        lp_diag_parse(copy, n, d, 1);
        lp_unescape(copy, n, out, sizeof out);
        g_free(copy);
    }
}

static void test_known_ids(void)
{
    const lp_diag_info *pin = lp_diag_lookup(28003), *token = lp_diag_lookup(28020);

    g_assert_nonnull(pin);
    g_assert_cmpint(pin->cls, ==, LP_DIAG_CLASS_PIN);
    g_assert_nonnull(token);
    g_assert_cmpint(token->cls, ==, LP_DIAG_CLASS_AUTH);
    /* Undocumented ids are never guessed. */
    g_assert_null(lp_diag_lookup(28099));
    g_assert_null(lp_diag_lookup(0));
}

static void test_soap_fault(void)
{
    static const char body[] =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
        "<faultcode xmlns:a=\"urn:x\">a:FailedAuthentication</faultcode>"
        "<faultstring xml:lang=\"en-US\">No valid security token.</faultstring>"
        "<detail><OCSDiagnosticsFault xmlns=\"urn:component:Microsoft.Rtc.WebAuthentication.2010\">"
        "<Ms-Diagnostics-Fault><ErrorId> 28020 </ErrorId><Reason>No valid security token.</Reason>"
        "</Ms-Diagnostics-Fault></OCSDiagnosticsFault></detail></s:Fault></s:Body></s:Envelope>";
    lp_soap_fault f;

    g_assert_true(lp_soap_fault_parse((const guint8 *)body, strlen(body), &f));
    g_assert_cmpuint(f.present, ==, LP_FAULT_HAS_CODE | LP_FAULT_HAS_STRING | LP_FAULT_HAS_ERROR_ID | LP_FAULT_HAS_REASON);
    g_assert_cmpuint(f.error_id, ==, 28020);
    assert_span(body, f.faultcode, "a:FailedAuthentication");
    assert_span(body, f.faultstring, "No valid security token.");
    assert_span(body, f.reason, "No valid security token.");

    g_assert_false(lp_soap_fault_parse((const guint8 *)"<html>500</html>", 16, &f));
}

static void test_warning(void)
{
    static const char v[] = "120 pool01.contoso.test \"InvalidPin\"";
    lp_warning w;

    g_assert_true(lp_warning_parse(v, strlen(v), &w));
    g_assert_cmpuint(w.code, ==, 120);
    assert_span(v, w.agent, "pool01.contoso.test");
    assert_span(v, w.text, "InvalidPin");
    g_assert_false(lp_warning_parse("12 x \"y\"", 8, &w));
    g_assert_false(lp_warning_parse("120 x \"unterminated", 19, &w));
    g_assert_false(lp_warning_parse("120 \"no agent\"", 14, &w));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/diag/wrong-pin", test_wrong_pin);
    g_test_add_func("/diag/whitespace-order-extra-several", test_whitespace_order_extra_and_several);
    g_test_add_func("/diag/malformed", test_malformed);
    g_test_add_func("/diag/every-prefix-safe", test_every_prefix_is_safe);
    g_test_add_func("/diag/known-ids", test_known_ids);
    g_test_add_func("/soap-fault/ocs-diagnostics", test_soap_fault);
    g_test_add_func("/warning/invalid-pin", test_warning);
    return g_test_run();
}
