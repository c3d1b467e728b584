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
/* Bytes of one direction of a clear-text stream. */
void ps_http_data(ps_ctx *ctx, ps_http *http, ps_flow *f, int dir, const uint8_t *data, size_t len,
                  const ps_where *w);

/* A decrypted PDU of one direction, from an Export PDU record. */
typedef struct {
    const uint8_t *data;
    size_t         len;
    uint32_t       orig_frame; /* the frame it was exported from; 0 when not known */
} ps_http_pdu;

void ps_http_record(ps_ctx *ctx, ps_http *http, ps_flow *f, int dir, const ps_http_pdu *pdu,
                    const ps_where *w);
void ps_http_gap(ps_http *http, int dir, size_t missing);
/* Finish messages cut by the end, and report requests that got no response. */
void ps_http_end(ps_ctx *ctx, ps_http *http, ps_flow *f, const ps_where *end);

#endif /* PS_APP_HTTP_H */
