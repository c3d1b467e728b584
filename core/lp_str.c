/* lp_str.c - string view comparisons, and the number and quoted-string scanners
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lp_str.h"

#include <string.h>

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool lp_mem_ieq(const char *a, const char *b, size_t n)
{
    size_t i;

    /* Most names come in the case they are compared with. */
    for (i = 0; i < n; i++)
        if (a[i] != b[i] && lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

size_t lp_str_ifind(lp_str s, const char *needle)
{
    size_t i, n = strlen(needle);
    char first;

    if (n == 0 || n > s.len)
        return n == 0 ? 0 : s.len;
    first = lower(needle[0]);
    for (i = 0; i + n <= s.len; i++)
        if (lower(s.ptr[i]) == first && lp_mem_ieq(s.ptr + i + 1, needle + 1, n - 1))
            return i;
    return s.len;
}

size_t lp_skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && lp_is_space(s[i]))
        i++;
    return i;
}

size_t lp_parse_uint(const char *s, size_t len, uint64_t max, uint64_t *v)
{
    uint64_t acc = 0;
    size_t i;

    for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        unsigned digit = (unsigned)(s[i] - '0');

        if (acc > (max - digit) / 10)
            return 0;
        acc = acc * 10 + digit;
    }
    if (i > 0)
        *v = acc;
    return i;
}

size_t lp_quoted_end(const char *s, size_t len, size_t open)
{
    size_t i = open + 1;

    while (i < len && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < len)
            i++;
        i++;
    }
    return i < len ? i : len;
}

uint32_t lp_fnv1a_byte(uint32_t h, uint8_t byte)
{
    return (h ^ byte) * 16777619u;
}

uint32_t lp_fnv1a(uint32_t h, const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        h = lp_fnv1a_byte(h, p[i]);
    return h;
}

uint32_t lp_name_hash(const char *s, size_t len)
{
    uint32_t h = LP_FNV1A_INIT;
    size_t i;

    if (len > 0 && s[len - 1] == '.')
        len--;
    for (i = 0; i < len; i++)
        h = lp_fnv1a_byte(h, (uint8_t)lower(s[i]));
    return h != 0 ? h : 1;
}
