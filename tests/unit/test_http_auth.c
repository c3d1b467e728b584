/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/http_auth.c: schemes, NTLM legs and the AUTHENTICATE_MESSAGE's user. */
#include <string.h>

#include <glib.h>

#include "http_auth.h"

/* NTLM's three legs as pidgin-sipe and the lab sent them (captures/sipe-signin.pcapng, frames 65, 73, 79). */
static const char negotiate[] = "NTLM TlRMTVNTUAABAAAABYKIogAAAAAoAAAAAAAAACgAAAAFASgKAAAADw==";
static const char challenge[] =
    "NTLM TlRMTVNTUAACAAAADgAOADgAAAAFgoki3A4du/yjvh8AAAAAAAAAAHAAcABGAAAABgOAJQAAAA9DAE8ATgBUAE8AUwBPAAIADgBDAE8A"
    "TgBUAE8AUwBPAAEACABGAEUAMAAxAAQAGABjAG8AbgB0AG8AcwBvAC4AdABlAHMAdAADACIAZgBlADAAMQAuAGMAbwBuAHQAbwBzAG8ALgB0"
    "AGUAcwB0AAcACABQUl8ZwYbdAQAAAAA=";
static const char authenticate[] =
    "NTLM TlRMTVNTUAADAAAAGAAYAGQAAACgAKAAfAAAAA4ADgBIAAAACgAKAFYAAAAEAAQAYAAAAAAAAAAcAQAABYKIIgUBKAoAAAAPQwBPAE4A"
    "VABPAFMATwBhAGwAaQBjAGUAVgBNAPK/Ve6Nj4MQsBfdHuPgHw1F3Atw6p+JNp0GuWgd1MchceXuhYrKerQBAQAAAAAAAFBSXxnBht0BRdwL"
    "cOqfiTYAAAAAAgAOAEMATwBOAFQATwBTAE8AAQAIAEYARQAwADEABAAYAGMAbwBuAHQAbwBzAG8ALgB0AGUAcwB0AAMAIgBmAGUAMAAxAC4A"
    "YwBvAG4AdABvAHMAbwAuAHQAZQBzAHQABwAIAFBSXxnBht0BAAAAAAAAAAA=";

static lp_http_auth parse(const char *value)
{
    lp_http_auth a;

    lp_http_auth_parse((lp_str){ value, strlen(value) }, &a);
    return a;
}

static void test_ntlm_legs(void)
{
    lp_http_auth a = parse("NTLM");

    g_assert_cmpint(a.method, ==, LP_AUTH_NTLM);
    g_assert_false(a.token);
    g_assert_false(lp_http_auth_is_credentials(&a));
    a = parse(negotiate);
    g_assert_true(a.token);
    g_assert_cmpuint(a.ntlm_type, ==, LP_NTLM_NEGOTIATE);
    g_assert_false(lp_http_auth_is_credentials(&a));
    a = parse(challenge);
    g_assert_cmpuint(a.ntlm_type, ==, LP_NTLM_CHALLENGE);
    g_assert_cmpstr(a.user, ==, "");
    a = parse(authenticate);
    g_assert_cmpuint(a.ntlm_type, ==, LP_NTLM_AUTHENTICATE);
    g_assert_true(lp_http_auth_is_credentials(&a));
    g_assert_cmpstr(a.user, ==, "CONTOSO\\alice");
    g_assert_true(lp_auth_is_password(a.method));
    g_assert_cmpstr(lp_auth_method_name(a.method), ==, "NTLM");
}

static void test_other_schemes(void)
{
    lp_http_auth a = parse("Basic MTIzNDo2NTQzMjE=");

    g_assert_cmpint(a.method, ==, LP_AUTH_PIN);
    g_assert_true(lp_http_auth_is_credentials(&a));
    g_assert_false(lp_auth_is_password(a.method));
    g_assert_cmpint(parse("basic realm=\"LYNC\"").method, ==, LP_AUTH_PIN); /* schemes are case-insensitive */
    a = parse("Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==");
    g_assert_cmpint(a.method, ==, LP_AUTH_NEGOTIATE);
    g_assert_cmpuint(a.ntlm_type, ==, 0); /* Kerberos: a token that is credentials */
    g_assert_true(lp_http_auth_is_credentials(&a));
    g_assert_cmpint(parse("Bearer abc").method, ==, LP_AUTH_OTHER);
    g_assert_cmpint(parse("").method, ==, LP_AUTH_NONE);
    g_assert_cmpint(parse("   ").method, ==, LP_AUTH_NONE);
}

/* NTLMSSP, type 3, then fields that point past the end or hold odd UTF-16. */
static char *authenticate_with(const guint8 *fields, gsize len)
{
    guint8 m[96] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3 };
    char *b64, *value;

    memcpy(m + 12, fields, MIN(len, sizeof m - 12));
    b64 = g_base64_encode(m, sizeof m);
    value = g_strconcat("NTLM ", b64, NULL);
    g_free(b64);
    return value;
}

static void test_malformed(void)
{
    /* Domain (16 bytes at 90, past the 96-byte end) and user: no user, no crash. */
    static const guint8 past_end[] = { [16] = 16, 0, 16, 0, 90, 0, 0, 0, [24] = 4, 0, 4, 0, 64, 0, 0, 0,
                                       [48] = 1, 0, 0, 0 };
    /* User: a lone high surrogate, then "A"; unicode flag set. */
    static const guint8 surrogate[] = { [24] = 4, 0, 4, 0, 64, 0, 0, 0, [48] = 1, 0, 0, 0, [52] = 0x00, 0xd8, 'A', 0 };
    lp_http_auth a;
    char *v;

    v = authenticate_with(past_end, sizeof past_end);
    a = parse(v);
    g_assert_cmpuint(a.ntlm_type, ==, LP_NTLM_AUTHENTICATE);
    g_assert_cmpstr(a.user, ==, "");
    g_free(v);
    v = authenticate_with(surrogate, sizeof surrogate);
    a = parse(v);
    g_assert_cmpstr(a.user, ==, "?A");
    g_free(v);
    /* Not base64, or NTLMSSP too short for its type: an NTLM leg of no known type, no credentials. */
    a = parse("NTLM !!!!");
    g_assert_true(a.token);
    g_assert_cmpuint(a.ntlm_type, ==, 0);
    g_assert_false(lp_http_auth_is_credentials(&a));
    a = parse("NTLM TlRMTVNTUAA=");
    g_assert_cmpuint(a.ntlm_type, ==, 0);
    /* A token far longer than what is read: its start is decoded, the rest left. */
    {
        char *padding = g_strnfill(8000, 'A');

        v = g_strconcat(negotiate, padding, NULL);
        a = parse(v);
        g_assert_cmpuint(a.ntlm_type, ==, LP_NTLM_NEGOTIATE);
        g_free(padding);
        g_free(v);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/http_auth/ntlm-legs", test_ntlm_legs);
    g_test_add_func("/http_auth/other-schemes", test_other_schemes);
    g_test_add_func("/http_auth/malformed", test_malformed);
    return g_test_run();
}
