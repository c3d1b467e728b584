/* lp_str.h - a borrowed string view and the comparisons the parsers share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_STR_H
#define LP_STR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *ptr;
    size_t      len;
} lp_str;

/* ASCII case-insensitive comparisons with a NUL-terminated literal. */
bool lp_str_ieq(lp_str s, const char *lit);
bool lp_str_istarts(lp_str s, const char *prefix);
/* Case-insensitive search; returns the offset of needle in s, or s.len. */
size_t lp_str_ifind(lp_str s, const char *needle);

#endif /* LP_STR_H */
