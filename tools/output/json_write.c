/* json_write.c - the streaming JSON writer both JSON outputs share
 *
 * Hand-written instead of json-glib's JsonBuilder and JsonGenerator: those
 * build a tree per record (a node per value, a hash table per object), walk
 * it to write it and free it. On a sign-in-dense capture, a hundred events
 * per phone, that was a third of the run; appending the text straight away
 * costs a fifth of what it did. The bytes are json-glib's compact output
 * (tests/unit/test_json_write.c compares them), with two of its slips made
 * valid JSON: 0x1f is escaped and a double in exponent form gets no ".0".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "json_write.h"

#include <string.h>

void ps_json_init(ps_json *w)
{
    w->buf = g_string_sized_new(4096);
    w->comma = false;
}

void ps_json_free(ps_json *w)
{
    g_string_free(w->buf, TRUE);
    w->buf = NULL;
}

static void separate(ps_json *w)
{
    if (w->comma)
        g_string_append_c(w->buf, ',');
}

/* As json-glib: quote and backslash escaped, control characters and DEL as
 * \b \f \n \r \t or \u00xx, other bytes (UTF-8 or not) as they are. Runs of
 * plain bytes are copied at once. */
static void append_escaped(GString *s, const char *v)
{
    static const char hex[] = "0123456789abcdef";
    const char *run = v, *p;

    for (p = v; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        char esc[7] = { '\\', 0 };
        size_t n = 2;

        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        g_string_append_len(s, run, p - run);
        run = p + 1;
        switch (c) {
        case '"': case '\\': esc[1] = (char)c; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xf];
            n = 6;
        }
        g_string_append_len(s, esc, n);
    }
    g_string_append_len(s, run, p - run);
}

static void append_quoted(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    append_escaped(s, v);
    g_string_append_c(s, '"');
}

static void open_container(ps_json *w, char bracket)
{
    separate(w);
    g_string_append_c(w->buf, bracket);
    w->comma = false;
}

static void close_container(ps_json *w, char bracket)
{
    g_string_append_c(w->buf, bracket);
    w->comma = true;
}

void ps_json_begin_object(ps_json *w)
{
    open_container(w, '{');
}

void ps_json_end_object(ps_json *w)
{
    close_container(w, '}');
}

void ps_json_begin_array(ps_json *w)
{
    open_container(w, '[');
}

void ps_json_end_array(ps_json *w)
{
    close_container(w, ']');
}

void ps_json_name(ps_json *w, const char *name)
{
    separate(w);
    append_quoted(w->buf, name);
    g_string_append_c(w->buf, ':');
    w->comma = false;
}

void ps_json_add_string(ps_json *w, const char *value)
{
    if (value == NULL) {
        ps_json_add_null(w);
        return;
    }
    separate(w);
    append_quoted(w->buf, value);
    w->comma = true;
}

void ps_json_add_null(ps_json *w)
{
    separate(w);
    g_string_append_len(w->buf, "null", 4);
    w->comma = true;
}

/* The decimal digits of u, at least width of them (zeros first), written backwards to end: returns the first. */
static char *digits_before(char *end, guint64 u, int width)
{
    while (width-- > 0 || u != 0) {
        *--end = (char)('0' + u % 10);
        u /= 10;
    }
    return end;
}

/* Digits by hand: printf's format parsing was a visible share of writing a record. */
void ps_json_add_int(ps_json *w, gint64 value)
{
    char digits[24], *p = digits_before(digits + sizeof digits, value < 0 ? -(guint64)value : (guint64)value, 1);

    if (value < 0)
        *--p = '-';
    separate(w);
    g_string_append_len(w->buf, p, digits + sizeof digits - p);
    w->comma = true;
}

#ifdef __SIZEOF_INT128__
/*
 * What "%.17g" writes for 1 <= d < 2^53 (capture times), without printf,
 * which took 0.7 us a number, as long as writing all the rest of an event.
 * d is mant / 2^s exactly (IEEE 754 binary64); its 17 significant digits
 * are d * 10^k rounded to an integer (to even on a tie, as glibc's printf),
 * k = 17 - digits before the point; mant * 10^k < 2^107 is exact in 128
 * bits. It never rounds up to one more digit: the doubles next to a power
 * of ten are farther from it than half the 17th digit. False when d is
 * outside that range.
 */
static bool format_time(double d, char out[G_ASCII_DTOSTR_BUF_SIZE])
{
    static const guint64 pow10[17] = {
        1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000ull,
        100000000000ull, 1000000000000ull, 10000000000000ull, 100000000000000ull, 1000000000000000ull,
        10000000000000000ull
    };
    char digits[24], *end = digits + sizeof digits, *p;
    unsigned __int128 product, rest, half;
    guint64 bits, mant, q, fraction, whole;
    int n = 1, k, s;

    if (!(d >= 1 && d < 9007199254740992.0)) /* also false for NaN */
        return false;
    memcpy(&bits, &d, sizeof bits);
    mant = (bits & ((G_GUINT64_CONSTANT(1) << 52) - 1)) | G_GUINT64_CONSTANT(1) << 52;
    s = 1075 - (int)(bits >> 52 & 0x7ff); /* 0 to 52 */
    whole = (guint64)d;
    while (n < 16 && whole >= pow10[n])
        n++;
    k = 17 - n;
    product = (unsigned __int128)mant * pow10[k];
    q = (guint64)(product >> s);
    if (s > 0) {
        rest = product & (((unsigned __int128)1 << s) - 1);
        half = (unsigned __int128)1 << (s - 1);
        if (rest > half || (rest == half && (q & 1)))
            q++;
    }
    fraction = q % pow10[k];
    while (k > 0 && fraction % 10 == 0) /* %g drops trailing zeros, and the point with them */
        fraction /= 10, k--;
    p = end;
    if (k > 0) {
        p = digits_before(p, fraction, k);
        *--p = '.';
    }
    p = digits_before(p, q / pow10[17 - n], 1);
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return true;
}
#else
static bool format_time(double d, char out[G_ASCII_DTOSTR_BUF_SIZE])
{
    (void)d, (void)out;
    return false;
}
#endif

/* As json-glib: %.17g in the C locale, and ".0" so that it stays a double. */
void ps_json_add_double(ps_json *w, double value)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (!format_time(value, buf))
        g_ascii_dtostr(buf, sizeof buf, value);
    separate(w);
    g_string_append(w->buf, buf);
    if (strpbrk(buf, ".eE") == NULL)
        g_string_append_len(w->buf, ".0", 2);
    w->comma = true;
}

void ps_json_add_bool(ps_json *w, bool value)
{
    separate(w);
    g_string_append(w->buf, value ? "true" : "false");
    w->comma = true;
}

void ps_json_string(ps_json *w, const char *name, const char *value)
{
    ps_json_name(w, name);
    ps_json_add_string(w, value);
}

void ps_json_int(ps_json *w, const char *name, gint64 value)
{
    ps_json_name(w, name);
    ps_json_add_int(w, value);
}

void ps_json_bool(ps_json *w, const char *name, bool value)
{
    ps_json_name(w, name);
    ps_json_add_bool(w, value);
}

void ps_json_begin(ps_json *w, const char *name)
{
    ps_json_name(w, name);
    ps_json_begin_object(w);
}

void ps_json_write(FILE *out, ps_json *w)
{
    fwrite(w->buf->str, 1, w->buf->len, out);
    g_string_truncate(w->buf, 0);
    w->comma = false;
}
