/* app_sip.h - decrypted SIP of a connection to the registrar: the phone's
 * request (it reached the SIP server) and the answer to REGISTER
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_SIP_H
#define LP_APP_SIP_H

#include "tcp_flow.h"

/* One decrypted SIP message of dir (from an Export PDU record or a TLS record); orig_frame 0 when none. */
void lp_sip_message(lp_engine *ctx, lp_flow *f, int dir, const uint8_t *p, size_t len, const lp_where *w,
                    uint32_t orig_frame);

#endif /* LP_APP_SIP_H */
