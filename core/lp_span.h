/* lp_span.h - a byte range inside a caller's buffer
 *
 * Parsers in core/ never copy or allocate: they describe where things are,
 * so that the plugin can highlight the bytes and the tool can borrow them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_SPAN_H
#define LP_SPAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t off;
    size_t len;
} lp_span;

#endif /* LP_SPAN_H */
