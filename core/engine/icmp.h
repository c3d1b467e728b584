/* icmp.h - stage 4: ICMP and ICMPv6 destination unreachable, for the TCP
 * connection whose segment it returns
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_ICMP_H
#define LP_ICMP_H

#include "ip.h"

/* An ICMP (ip->proto LP_IPPROTO_ICMP) or ICMPv6 message. */
void lp_icmp_message(lp_engine *ctx, const lp_ip *ip, const lp_where *w);
/* "port unreachable", "communication administratively prohibited", ...; NULL for unknown codes. */
const char *lp_icmp_unreachable_name(uint8_t family, uint8_t code);

#endif /* LP_ICMP_H */
