/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for core/safe_text.c. */
#include <string.h>

#include <glib.h>

#include "safe_text.h"

#define STR ((size_t)-1) /* the length of a string without NULs */

static void assert_safe(const char *in, size_t len, size_t cap, const char *want)
{
    char out[256];

    if (len == STR)
        len = strlen(in);
    g_assert_cmpuint(cap, <=, sizeof out);
    g_assert_cmpuint(lp_safe_text(in, len, out, cap), ==, strlen(want));
    g_assert_cmpstr(out, ==, want);
}

static void test_controls(void)
{
    static const char osc[] = "The pin is \x1b]0;owned\x07 invalid\x1b[2J";

    assert_safe(osc, STR, 256, "The pin is \\x1B]0;owned\\a invalid\\x1B[2J");
    assert_safe("a\tb\r\nc\x7f", STR, 256, "a\\tb\\r\\nc\\x7F");
    assert_safe("nul\0in", 6, 256, "nul\\x00in");
}

static void test_utf8(void)
{
    /* Kept: accented letters, the euro sign, a backslash. */
    assert_safe("M\xc3\xbcller \xe2\x82\xac CONTOSO\\user", STR, 256, "M\xc3\xbcller \xe2\x82\xac CONTOSO\\user");
    /* C1 CSI as UTF-8, and as a bare byte (not UTF-8). */
    assert_safe("x\xc2\x9b" "2Jy", STR, 256, "x\\u009B2Jy");
    assert_safe("x\x9b" "2J", STR, 256, "x\\x9B2J");
    /* A right-to-left override and a line separator act on the layout. */
    assert_safe("a\xe2\x80\xae" "b\xe2\x80\xa8", STR, 256, "a\\u202Eb\\u2028");
    /* A sequence cut short at the end, an overlong encoding. */
    assert_safe("ok\xe2\x82", STR, 256, "ok\\xE2\\x82");
    assert_safe("\xc0\xaf", STR, 256, "\\xC0\\xAF");
}

static void test_cut(void)
{
    /* Cut between pieces, with an ellipsis, never inside an escape or a character. */
    assert_safe("abcdefghij", STR, 11, "abcdefghij");
    assert_safe("abcdefghijk", STR, 11, "abcdefg\xe2\x80\xa6");
    assert_safe("abcde\x1b" "fgh", STR, 11, "abcde\xe2\x80\xa6");
    assert_safe("abcd\xc3\xbc\xc3\xbc\xc3\xbc", STR, 11, "abcd\xc3\xbc\xc3\xbc\xc3\xbc");
    assert_safe("abcd\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc", STR, 11, "abcd\xc3\xbc\xe2\x80\xa6");
    assert_safe("abc", STR, 3, "ab");
    assert_safe("abc", STR, 1, "");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/safe_text/controls", test_controls);
    g_test_add_func("/safe_text/utf8", test_utf8);
    g_test_add_func("/safe_text/cut", test_cut);
    return g_test_run();
}
