/* safe_text.c - text from a capture, made safe to show
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "safe_text.h"

#include <string.h>

#include <glib.h>

#define ELLIPSIS     "\xe2\x80\xa6"
#define ELLIPSIS_LEN 3

static const struct {
    char c;
    char name;
} c_escapes[] = {
    { '\a', 'a' }, { '\b', 'b' }, { '\t', 't' }, { '\n', 'n' }, { '\v', 'v' }, { '\f', 'f' }, { '\r', 'r' },
};

/* Code points a terminal or a text layout acts on instead of showing. */
static gboolean acts(gunichar c)
{
    switch (g_unichar_type(c)) {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
        return TRUE;
    default:
        return FALSE;
    }
}

/* What s[*i] shows as, in piece (at most 11 bytes); *i moves past it. Returns the piece's length. */
static size_t next_piece(const char *s, size_t len, size_t *i, char piece[12])
{
    unsigned char b = (unsigned char)s[*i];
    gunichar c;
    size_t n;

    if (b >= 0x20 && b < 0x7f) {
        piece[0] = (char)b;
        (*i)++;
        return 1;
    }
    if (b < 0x80) {
        (*i)++;
        for (size_t k = 0; k < G_N_ELEMENTS(c_escapes); k++)
            if (c_escapes[k].c == (char)b) {
                piece[0] = '\\';
                piece[1] = c_escapes[k].name;
                return 2;
            }
        return (size_t)g_snprintf(piece, 12, "\\x%02X", b);
    }
    c = g_utf8_get_char_validated(s + *i, (gssize)(len - *i));
    if (c == (gunichar)-1 || c == (gunichar)-2) { /* not UTF-8, or cut short */
        (*i)++;
        return (size_t)g_snprintf(piece, 12, "\\x%02X", b);
    }
    n = (size_t)g_unichar_to_utf8(c, NULL);
    if (acts(c)) {
        *i += n;
        return (size_t)g_snprintf(piece, 12, c > 0xffff ? "\\U%08X" : "\\u%04X", (unsigned)c);
    }
    memcpy(piece, s + *i, n);
    *i += n;
    return n;
}

size_t lp_safe_text(const char *s, size_t len, char *dst, size_t cap)
{
    size_t i = 0, pos = 0, mark = 0; /* mark: the last end that leaves room for the ellipsis */
    char piece[12];

    while (i < len) {
        size_t n = next_piece(s, len, &i, piece);

        if (pos + n > cap - 1) {
            if (cap - 1 >= ELLIPSIS_LEN) { /* else too small for one: just cut */
                memcpy(dst + mark, ELLIPSIS, ELLIPSIS_LEN);
                pos = mark + ELLIPSIS_LEN;
            }
            break;
        }
        memcpy(dst + pos, piece, n);
        pos += n;
        if (pos + ELLIPSIS_LEN <= cap - 1)
            mark = pos;
    }
    dst[pos] = '\0';
    return pos;
}
