/* app_http.h - HTTP/1.x messages of the Lync web services, in clear text on
 * a TCP stream or decrypted in Export PDU records
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_HTTP_H
#define LP_APP_HTTP_H

#include "tcp_flow.h"

lp_http *lp_http_new(void);
void lp_http_free(lp_engine *ctx, lp_http *http);
/* Whether bytes start an HTTP request or status line. */
bool lp_http_starts_message(const uint8_t *data, size_t len);
/* Bytes of one direction of a clear-text stream. */
void lp_http_data(lp_engine *ctx, lp_http *http, lp_flow *f, int dir, const uint8_t *data, size_t len,
                  const lp_where *w);

/* A decrypted PDU of one direction, from an Export PDU record. */
typedef struct {
    const uint8_t *data;
    size_t         len;
    uint32_t       orig_frame; /* the frame it was exported from; 0 when not known */
} lp_http_pdu;

void lp_http_record(lp_engine *ctx, lp_http *http, lp_flow *f, int dir, const lp_http_pdu *pdu,
                    const lp_where *w);
void lp_http_gap(lp_http *http, int dir, size_t missing);
/* Finish messages cut by the end, and report requests that got no response. */
void lp_http_end(lp_engine *ctx, lp_http *http, lp_flow *f, const lp_where *end);

#endif /* LP_APP_HTTP_H */
