/* http_body.h - an HTTP body as the web service rules read it: inflated
 * when its Content-Encoding is gzip or deflate
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_HTTP_BODY_H
#define LP_HTTP_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "http_message.h"

/*
 * If v's (de-chunked) body is gzip or deflate encoded, inflate up to max
 * bytes, point v's body at them and return the buffer (the caller
 * g_free()s it); otherwise leave v as it is and return NULL. A body cut
 * short or damaged gives what could be inflated.
 */
uint8_t *lp_http_body_decode(lp_http_view *v, size_t max);

#endif /* LP_HTTP_BODY_H */
