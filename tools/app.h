/* app.h - stage 5: what a TCP stream carries (TLS, HTTP), decided from its
 * first bytes, and the hand-off to that protocol's reader
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_APP_H
#define PS_APP_H

#include "tcp_flow.h"

/* In-order bytes of one direction; w is the segment that carried them. */
void ps_app_data(ps_ctx *ctx, ps_flow *f, int dir, const uint8_t *data, size_t len, const ps_where *w);
/* missing bytes of one direction will never come (capture loss, snaplen). */
void ps_app_gap(ps_ctx *ctx, ps_flow *f, int dir, size_t missing);
/* An event of the connection's client (the phone). */
void ps_app_emit(ps_ctx *ctx, const ps_flow *f, const lp_phone_event *ev);
/* The connection is over: emit what is still pending and free the readers. */
void ps_app_end(ps_ctx *ctx, ps_flow *f, const ps_where *end);

#endif /* PS_APP_H */
