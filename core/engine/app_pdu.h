/* app_pdu.h - Wireshark Export PDU records (link type 252): decrypted HTTP
 * and SIP, with the addresses and ports of their original connection
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_PDU_H
#define LP_APP_PDU_H

#include "engine.h"

void lp_pdu_record(lp_engine *ctx, const uint8_t *data, size_t len, const lp_where *w);

#endif /* LP_APP_PDU_H */
