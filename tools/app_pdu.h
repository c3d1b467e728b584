/* app_pdu.h - Wireshark Export PDU records (link type 252): decrypted HTTP
 * and SIP, with the addresses and ports of their original connection
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_APP_PDU_H
#define PS_APP_PDU_H

#include "pipeline.h"

void ps_pdu_record(ps_ctx *ctx, const uint8_t *data, size_t len, const ps_where *w);

#endif /* PS_APP_PDU_H */
