/* app_rootchain.h - the root-chain download over plain HTTP (port 80), a
 * sign-in step of its own
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_ROOTCHAIN_H
#define LP_APP_ROOTCHAIN_H

#include "tcp_flow.h"

/*
 * The answer v to a CertProv RootChain request (lp_ws_request operation
 * "RootChain"): its CA certificates are what the pool's is checked against.
 */
void lp_root_chain_answered(lp_engine *ctx, const lp_flow *f, const lp_http_view *v, const lp_where *w,
                            uint32_t orig_frame);

#endif /* LP_APP_ROOTCHAIN_H */
