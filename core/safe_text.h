/* safe_text.h - text from a capture, made safe to show
 *
 * Anyone on the path chooses the strings a capture holds: diagnostics
 * reasons, SOAP faults, user names, URIs, User-Agents, DNS names. Shown
 * raw, an escape sequence sets a terminal's title or clears its screen.
 * Every front end shows such strings through this one rule.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_SAFE_TEXT_H
#define LP_SAFE_TEXT_H

#include <stddef.h>

/*
 * Copy len bytes of s to dst, which holds cap bytes (cap > 0) and is always
 * NUL-terminated, and return the length written. As in Wireshark's
 * format_text(), what a terminal would act on becomes a visible escape:
 * \a \b \t \n \v \f \r, \xHH for the other C0 controls, DEL and each byte
 * that is not UTF-8, and \uHHHH (\UHHHHHHHH) for C1 controls, format
 * characters (bidirectional overrides, zero-width ones) and line and
 * paragraph separators. Other UTF-8 stays as it is; a backslash too, so
 * that DOMAIN\user reads as written. A text too long for dst is cut
 * between characters and ends in an ellipsis.
 */
size_t lp_safe_text(const char *s, size_t len, char *dst, size_t cap);

#endif /* LP_SAFE_TEXT_H */
