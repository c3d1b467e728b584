/* app_connect.h - a phone's TCP connection to the pool that never opened
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_CONNECT_H
#define LP_APP_CONNECT_H

#include "tcp_flow.h"

/*
 * A connection is over: if the phone's SYNs to a sign-in port of the pool
 * got no SYN-ACK, that is an event (port 80: a failed root-chain download).
 */
void lp_connect_end(lp_engine *ctx, const lp_flow *f);

#endif /* LP_APP_CONNECT_H */
