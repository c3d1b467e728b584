/* app_http.h - HTTP/1.x messages of the Lync web services, in clear text on
 * a TCP stream or decrypted in Export PDU records
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_APP_HTTP_H
#define PS_APP_HTTP_H

#include "tcp_flow.h"

ps_http *ps_http_new(void);
void ps_http_free(ps_ctx *ctx, ps_http *http);
/* Whether bytes start an HTTP request or status line. */
bool ps_http_starts_message(const uint8_t *data, size_t len);
/*
 * Bytes of one direction. orig_frame is the Export PDU's original frame (0
 * otherwise); record_start says the bytes begin a PDU, where a new message
 * may start even if the previous one looks unfinished.
 */
void ps_http_data(ps_ctx *ctx, ps_http *http, ps_flow *f, int dir, const uint8_t *data, size_t len,
                  const ps_where *w, uint32_t orig_frame, bool record_start);
void ps_http_gap(ps_http *http, int dir, size_t missing);
/* Finish messages cut by the end, and report requests that got no response. */
void ps_http_end(ps_ctx *ctx, ps_http *http, ps_flow *f, const ps_where *end);

#endif /* PS_APP_HTTP_H */
