/* Unit tests for tools/json_write.c: the bytes are json-glib's compact
 * output (json-glib is the reference here), except where json-glib 1.6
 * writes invalid JSON, and what it writes parses back to what was given.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "json_write.h"

/* What json-glib writes for the one value b holds. */
static gchar *reference(JsonBuilder *b)
{
    JsonNode *root = json_builder_get_root(b);
    gchar *text = json_to_string(root, FALSE);

    json_node_unref(root);
    json_builder_reset(b);
    return text;
}

/* What json_write writes for [value], value written by add. */
static gchar *written(void (*add)(ps_json *w, gconstpointer value), gconstpointer value)
{
    ps_json w;
    gchar *text;

    ps_json_init(&w);
    ps_json_begin_array(&w);
    add(&w, value);
    ps_json_end_array(&w);
    text = g_strdup(w.buf->str);
    ps_json_free(&w);
    return text;
}

static void add_string(ps_json *w, gconstpointer value)
{
    ps_json_add_string(w, value);
}

static void add_double(ps_json *w, gconstpointer value)
{
    ps_json_add_double(w, *(const double *)value);
}

static void add_int(ps_json *w, gconstpointer value)
{
    ps_json_add_int(w, *(const gint64 *)value);
}

/* Parse text, an array of one value, with json-glib: it must be valid JSON. */
static JsonNode *parsed(const gchar *text)
{
    JsonParser *p = json_parser_new();
    GError *error = NULL;
    JsonNode *node;

    g_assert_true(json_parser_load_from_data(p, text, -1, &error));
    g_assert_no_error(error);
    node = json_array_dup_element(json_node_get_array(json_parser_get_root(p)), 0);
    g_object_unref(p);
    return node;
}

/*
 * Every byte between plain text: json-glib's escapes, and valid JSON that
 * reads back the same. Bytes from 0x80 pass as they are, as json-glib 1.6
 * passes them, valid UTF-8 or not.
 */
static void test_every_byte(void)
{
    JsonBuilder *b = json_builder_new();

    for (int c = 1; c < 256; c++) {
        gchar s[8] = { 'a', (char)c, '"', 'b', '\\', 'c', (char)c, '\0' };
        gchar *mine = written(add_string, s), *theirs;

        json_builder_begin_array(b);
        json_builder_add_string_value(b, s);
        json_builder_end_array(b);
        theirs = reference(b);
        if (c == 0x1f) { /* json-glib 1.6 leaves it raw, which JSON forbids */
            g_assert_cmpstr(mine, ==, "[\"a\\u001f\\\"b\\\\c\\u001f\"]");
        } else if (c >= 0x80) {
            gchar *raw = g_strdup_printf("[\"a%c\\\"b\\\\c%c\"]", c, c);

            g_assert_cmpstr(mine, ==, raw);
            g_free(raw);
        } else {
            g_assert_cmpstr(mine, ==, theirs);
        }
        if (c < 0x80) {
            JsonNode *back = parsed(mine);

            g_assert_cmpstr(json_node_get_string(back), ==, s);
            json_node_unref(back);
        }
        g_free(mine);
        g_free(theirs);
    }
    g_object_unref(b);
}

static void test_numbers(void)
{
    static const double doubles[] = { 0, -0.0, 0.5, -3, 1795615000, 1795615000.0300801, 1e-7, 123456789.125,
                                      1e20, 2.5e-300 };
    static const gint64 ints[] = { 0, 1, -1, 9, 10, 4294967296, G_MININT64, G_MAXINT64 };
    JsonBuilder *b = json_builder_new();

    for (size_t i = 0; i < G_N_ELEMENTS(doubles); i++) {
        gchar *mine = written(add_double, &doubles[i]), *theirs;
        JsonNode *back = parsed(mine);

        json_builder_begin_array(b);
        json_builder_add_double_value(b, doubles[i]);
        json_builder_end_array(b);
        theirs = reference(b);
        if (doubles[i] == 1e20)  /* json-glib 1.6 writes 1e+20.0 */
            g_assert_cmpstr(mine, ==, "[1e+20]");
        else
            g_assert_cmpstr(mine, ==, theirs);
        g_assert_cmpfloat(json_node_get_double(back), ==, doubles[i]);
        json_node_unref(back);
        g_free(mine);
        g_free(theirs);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ints); i++) {
        gchar *mine = written(add_int, &ints[i]), *theirs;

        json_builder_begin_array(b);
        json_builder_add_int_value(b, ints[i]);
        json_builder_end_array(b);
        theirs = reference(b);
        g_assert_cmpstr(mine, ==, theirs);
        g_free(mine);
        g_free(theirs);
    }
    g_object_unref(b);
}

/* Commas and nesting as json-glib puts them, record after record. */
static void test_structure(void)
{
    JsonBuilder *b = json_builder_new();
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    ps_json w;
    gchar *theirs, *twice;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "a");
    json_builder_add_null_value(b);
    json_builder_set_member_name(b, "b");
    json_builder_begin_array(b);
    json_builder_begin_object(b);
    json_builder_end_object(b);
    json_builder_begin_array(b);
    json_builder_end_array(b);
    json_builder_add_boolean_value(b, TRUE);
    json_builder_add_string_value(b, NULL);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "c");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "d");
    json_builder_add_boolean_value(b, FALSE);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "e\n");
    json_builder_add_int_value(b, 5);
    json_builder_end_object(b);
    theirs = reference(b);

    ps_json_init(&w);
    for (int record = 0; record < 2; record++) {
        ps_json_begin_object(&w);
        ps_json_name(&w, "a");
        ps_json_add_null(&w);
        ps_json_name(&w, "b");
        ps_json_begin_array(&w);
        ps_json_begin_object(&w);
        ps_json_end_object(&w);
        ps_json_begin_array(&w);
        ps_json_end_array(&w);
        ps_json_add_bool(&w, true);
        ps_json_add_string(&w, NULL);
        ps_json_end_array(&w);
        ps_json_begin(&w, "c");
        ps_json_bool(&w, "d", false);
        ps_json_end_object(&w);
        ps_json_int(&w, "e\n", 5);
        ps_json_end_object(&w);
        ps_json_write(f, &w);
    }
    ps_json_free(&w);
    fclose(f);
    twice = g_strconcat(theirs, theirs, NULL);
    g_assert_cmpstr(out, ==, twice);
    free(out);
    g_free(twice);
    g_free(theirs);
    g_object_unref(b);
}

/* "%.17g" as json-glib writes it (g_ascii_dtostr), and ".0" when that has no point. */
static void check_like_printf(double d)
{
    char expected[G_ASCII_DTOSTR_BUF_SIZE + 8];
    gchar *mine = written(add_double, &d);

    g_snprintf(expected, sizeof expected, "[");
    g_ascii_dtostr(expected + 1, G_ASCII_DTOSTR_BUF_SIZE, d);
    if (strpbrk(expected, ".eE") == NULL)
        g_strlcat(expected, ".0", sizeof expected);
    g_strlcat(expected, "]", sizeof expected);
    g_assert_cmpstr(mine, ==, expected);
    g_free(mine);
}

/* Capture times are written without printf: the same digits, over the whole range it takes. */
static void test_times(void)
{
    static const double edges[] = {
        1, 1.5, 9.999999999999998, 10, 99999.99999999999, 1e15, 1000000000000000.2, 1000000000000000.25,
        1000000000000000.75, 1000000000000000.5, 4503599627370495.5, 4503599627370496.0, 9007199254740991.0,
        9007199254740992.0, 1795615000, 1795615000.0300801, 4294967295.999999, 0.999999999999, 1e-300, -1,
    };
    GRand *rand = g_rand_new_with_seed(18);

    for (size_t i = 0; i < G_N_ELEMENTS(edges); i++) {
        check_like_printf(edges[i]);
        check_like_printf(nextafter(edges[i], 0));
        check_like_printf(nextafter(edges[i], G_MAXDOUBLE));
    }
    for (int i = 1; i < 16; i++) /* each count of digits before the point, at its ends (quarters are exact) */
        for (double p = pow(10, i), d = p - 2; d < p + 2; d += 0.25)
            check_like_printf(d);
    for (int i = 0; i < 100000; i++) {
        guint32 secs = g_rand_int(rand);
        guint64 bits = (guint64)(1023 + g_rand_int_range(rand, 0, 53)) << 52 |
                       ((guint64)g_rand_int(rand) << 20 ^ g_rand_int(rand));
        double any;

        check_like_printf(secs + g_rand_int_range(rand, 0, 1000000) / 1e6);   /* pcap, microseconds */
        check_like_printf(secs + g_rand_int_range(rand, 0, 1000000000) / 1e9); /* pcapng, nanoseconds */
        memcpy(&any, &bits, sizeof any); /* any double from 1 to 2^53 */
        check_like_printf(any);
    }
    g_rand_free(rand);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json_write/every_byte", test_every_byte);
    g_test_add_func("/json_write/numbers", test_numbers);
    g_test_add_func("/json_write/times", test_times);
    g_test_add_func("/json_write/structure", test_structure);
    return g_test_run();
}
