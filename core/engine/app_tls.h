/* app_tls.h - TLS: the handshake, alerts, and the sizes and times of
 * application data per direction; with secrets, the decrypted HTTP and SIP
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_TLS_H
#define LP_APP_TLS_H

#include "tcp_flow.h"

lp_tls *lp_tls_new(lp_engine *ctx);
void lp_tls_free(lp_engine *ctx, lp_tls *tls);
void lp_tls_data(lp_engine *ctx, lp_tls *tls, lp_flow *f, int dir, const uint8_t *data, size_t len,
                 const lp_where *w);
void lp_tls_gap(lp_engine *ctx, lp_tls *tls, int dir, size_t missing);
/* A decrypted handshake or alert record of dir (TLS 1.3 encrypts them): the server's certificate, the alert's code. */
void lp_tls_decrypted(lp_engine *ctx, lp_tls *tls, lp_flow *f, int dir, uint8_t type, const uint8_t *data,
                      size_t len, const lp_where *w);
/* Emit the connection's events (handshake, alert, SIP connection, encrypted exchanges). */
void lp_tls_end(lp_engine *ctx, lp_tls *tls, lp_flow *f, const lp_where *end);

#endif /* LP_APP_TLS_H */
