/* app.h - stage 5: what a TCP stream carries (TLS, HTTP), decided from its
 * first bytes, and the hand-off to that protocol's reader
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_H
#define LP_APP_H

#include "tcp_flow.h"

/* In-order bytes of one direction; w is the segment that carried them. */
void lp_app_data(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *data, size_t len, const lp_where *w);
/* Whether an application message (HTTP or SIP) was sent by the client: it is not a response. */
bool lp_app_sent_by_client(const uint8_t *data, size_t len);
/* Decrypted application bytes of one direction: HTTP to the web services, else SIP. */
void lp_app_plaintext(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *data, size_t len, const lp_where *w);
/* What a TLS record of one direction held, decrypted, by its inner content type (lp_tls_plain_sink). */
void lp_app_decrypted(lp_engine *ctx, lp_flow *f, int dir, uint8_t type, const uint8_t *data, size_t len,
                      const lp_where *w);
/* missing bytes of one direction will never come (capture loss, snaplen). */
void lp_app_gap(lp_engine *ctx, lp_flow *f, int dir, size_t missing);
/* An event of the connection's client (the phone). */
void lp_app_emit(lp_engine *ctx, const lp_flow *f, const lp_phone_event *ev);
/* The connection is over: emit what is still pending and free the readers. */
void lp_app_end(lp_engine *ctx, lp_flow *f, const lp_where *end);

#endif /* LP_APP_H */
