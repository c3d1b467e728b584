/* lp_str.h - a borrowed string view and the comparisons the parsers share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_STR_H
#define LP_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *ptr;
    size_t      len;
} lp_str;

/* Whether n bytes of a and b are equal, ignoring ASCII case. */
bool lp_mem_ieq(const char *a, const char *b, size_t n);
/*
 * ASCII case-insensitive comparisons with a NUL-terminated literal. Inline,
 * so that a literal's length is known where it is compared: most
 * comparisons on the hot path end at the length test.
 */
static inline bool lp_str_ieq(lp_str s, const char *lit)
{
    size_t n = strlen(lit);

    return s.len == n && lp_mem_ieq(s.ptr, lit, n);
}

static inline bool lp_str_istarts(lp_str s, const char *prefix)
{
    size_t n = strlen(prefix);

    return s.len >= n && lp_mem_ieq(s.ptr, prefix, n);
}

/* Case-insensitive search; returns the offset of needle in s, or s.len. */
size_t lp_str_ifind(lp_str s, const char *needle);

/* Whitespace as the parsed formats mean it: SP, HTAB, CR, LF. */
static inline bool lp_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The offset of the first byte at or after i that is not whitespace (len when none). */
size_t lp_skip_space(const char *s, size_t len, size_t i);

/*
 * Decimal digits at the start of s (len bytes at most) as a number no
 * larger than max, like wsutil's ws_strtou but bounded by a length.
 * Returns how many digits were read; 0 when there is none or the number
 * exceeds max (*v is then left alone).
 */
size_t lp_parse_uint(const char *s, size_t len, uint64_t max, uint64_t *v);

/*
 * The closing quote of the quoted-string opening at s[open] (RFC 9110
 * 5.6.4: a backslash escapes the next byte). Returns its offset, or len
 * when the string is not terminated.
 */
size_t lp_quoted_end(const char *s, size_t len, size_t open);

/*
 * FNV-1a: the hash of the tables and digests here, which need spread, not
 * strength. Start from LP_FNV1A_INIT.
 */
#define LP_FNV1A_INIT 2166136261u
uint32_t lp_fnv1a_byte(uint32_t h, uint8_t byte);
uint32_t lp_fnv1a(uint32_t h, const uint8_t *p, size_t len);

/*
 * A DNS name's hash for comparing names: ASCII case and a trailing dot
 * ignored (RFC 4343). Never 0, so that 0 can mean "no name".
 */
uint32_t lp_name_hash(const char *s, size_t len);

#endif /* LP_STR_H */
