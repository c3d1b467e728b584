/* app_dns.h - DNS lookups and their answers or failures
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_APP_DNS_H
#define LP_APP_DNS_H

#include "ip.h"
#include "engine.h"

lp_dns *lp_dns_new(void);
void lp_dns_free(lp_dns *dns);
void lp_dns_message(lp_engine *ctx, const lp_ip *ip, uint16_t sport, uint16_t dport, const uint8_t *data,
                    size_t len, const uint8_t *src_mac, const lp_where *w);
/* Queries unanswered for a while (or, at the end, at all) are failures. */
void lp_dns_expire(lp_engine *ctx, bool at_end);

#endif /* LP_APP_DNS_H */
