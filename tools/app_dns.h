/* app_dns.h - DNS lookups and their answers or failures
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_APP_DNS_H
#define PS_APP_DNS_H

#include "ip.h"
#include "pipeline.h"

ps_dns *ps_dns_new(void);
void ps_dns_free(ps_dns *dns);
void ps_dns_message(ps_ctx *ctx, const ps_ip *ip, uint16_t sport, uint16_t dport, const uint8_t *data,
                    size_t len, const uint8_t *src_mac, const ps_where *w);
/* Queries unanswered for a while (or, at the end, at all) are failures. */
void ps_dns_expire(ps_ctx *ctx, bool at_end);

#endif /* PS_APP_DNS_H */
