/* app_dhcp.h - DHCP: a phone's INFORM (vendor class), the answer's option 43
 * and 120, and INFORMs that got no answer
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_APP_DHCP_H
#define PS_APP_DHCP_H

#include "pipeline.h"

ps_dhcp *ps_dhcp_new(void);
void ps_dhcp_free(ps_dhcp *dhcp);
/* A DHCP message from src (the server, for a reply). */
void ps_dhcp_message(ps_ctx *ctx, const uint8_t *data, size_t len, const ps_addr *src, const ps_where *w);
/* Report the requests still unanswered. */
void ps_dhcp_finish(ps_ctx *ctx);

#endif /* PS_APP_DHCP_H */
