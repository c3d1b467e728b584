/* app_rootchain.h - the root-chain download over plain HTTP (port 80), a
 * sign-in step of its own
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_APP_ROOTCHAIN_H
#define PS_APP_ROOTCHAIN_H

#include "tcp_flow.h"

/* The answer to a CertProv RootChain request (lp_ws_request operation "RootChain"). */
void ps_root_chain_answered(ps_ctx *ctx, const ps_flow *f, unsigned status, const ps_where *w,
                            uint32_t orig_frame);
/* A connection is over: a port-80 connection to the pool that was refused or
 * never answered is a failed root-chain download. */
void ps_root_chain_end(ps_ctx *ctx, const ps_flow *f, const ps_where *end);

#endif /* PS_APP_ROOTCHAIN_H */
