/* app_tls.h - TLS: the handshake, alerts, and the sizes and times of
 * application data per direction; with secrets, the decrypted HTTP and SIP
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_APP_TLS_H
#define PS_APP_TLS_H

#include "tcp_flow.h"

ps_tls *ps_tls_new(ps_ctx *ctx);
void ps_tls_free(ps_ctx *ctx, ps_tls *tls);
void ps_tls_data(ps_ctx *ctx, ps_tls *tls, ps_flow *f, int dir, const uint8_t *data, size_t len,
                 const ps_where *w);
void ps_tls_gap(ps_ctx *ctx, ps_tls *tls, int dir, size_t missing);
/* Emit the connection's events (handshake, alert, SIP connection, encrypted exchanges). */
void ps_tls_end(ps_ctx *ctx, ps_tls *tls, ps_flow *f, const ps_where *end);

#endif /* PS_APP_TLS_H */
