/* app_dhcp.h - DHCP: a phone's INFORM (vendor class), the answer's option 43
 * and 120, and INFORMs that got no answer
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_DHCP_H
#define LP_APP_DHCP_H

#include "engine.h"

lp_dhcp *lp_dhcp_new(void);
void lp_dhcp_free(lp_dhcp *dhcp);
/* A DHCP message from src (the server, for a reply). */
void lp_dhcp_message(lp_engine *ctx, const uint8_t *data, size_t len, const lp_addr *src, const lp_where *w);
/* Report the requests still unanswered. */
void lp_dhcp_finish(lp_engine *ctx);

#endif /* LP_APP_DHCP_H */
