/* lp_str.c - string view comparisons
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lp_str.h"

#include <string.h>

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool lp_str_ieq(lp_str s, const char *lit)
{
    size_t i, n = strlen(lit);

    if (s.len != n)
        return false;
    for (i = 0; i < n; i++)
        if (lower(s.ptr[i]) != lower(lit[i]))
            return false;
    return true;
}

bool lp_str_istarts(lp_str s, const char *prefix)
{
    size_t n = strlen(prefix);
    lp_str head = { s.ptr, n };

    return s.len >= n && lp_str_ieq(head, prefix);
}

size_t lp_str_ifind(lp_str s, const char *needle)
{
    size_t i, n = strlen(needle);

    if (n == 0 || n > s.len)
        return n == 0 ? 0 : s.len;
    for (i = 0; i + n <= s.len; i++) {
        lp_str at = { s.ptr + i, n };
        if (lp_str_ieq(at, needle))
            return i;
    }
    return s.len;
}
