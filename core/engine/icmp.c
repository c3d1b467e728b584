/* icmp.c - destination unreachable (RFC 792, RFC 4443 3.1)
 *
 * The message quotes the IP header and the first 8 bytes of the segment it
 * returns: enough for the TCP ports. A router's or firewall's REJECT is how
 * a phone's connection to the pool can fail without a SYN-ACK or a RST.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "icmp.h"

#include <glib.h>

#include "tcp_flow.h"

#define ICMP_UNREACHABLE        3
#define ICMP_FRAGMENTATION      4 /* a code of it: path MTU discovery, not a refusal */
#define ICMPV6_UNREACHABLE      1
#define ICMP_HEADER             8
#define IPV6_HEADER             40

typedef struct {
    uint8_t     code;
    const char *name;
} code_name;

static const code_name icmp_codes[] = {
    { 0, "network unreachable" }, { 1, "host unreachable" }, { 2, "protocol unreachable" },
    { 3, "port unreachable" }, { 5, "source route failed" }, { 6, "destination network unknown" },
    { 7, "destination host unknown" }, { 9, "network administratively prohibited" },
    { 10, "host administratively prohibited" }, { 11, "network unreachable for type of service" },
    { 12, "host unreachable for type of service" }, { 13, "communication administratively prohibited" },
};

static const code_name icmpv6_codes[] = {
    { 0, "no route to destination" }, { 1, "communication administratively prohibited" },
    { 2, "beyond scope of source address" }, { 3, "address unreachable" }, { 4, "port unreachable" },
    { 5, "source address failed ingress/egress policy" }, { 6, "reject route to destination" },
};

const char *lp_icmp_unreachable_name(uint8_t family, uint8_t code)
{
    const code_name *t = family == 6 ? icmpv6_codes : icmp_codes;
    size_t n = family == 6 ? G_N_ELEMENTS(icmpv6_codes) : G_N_ELEMENTS(icmp_codes);

    for (size_t i = 0; i < n; i++)
        if (t[i].code == code)
            return t[i].name;
    return NULL;
}

/* The quoted packet's TCP endpoints; false when it is not TCP or too short to name them. */
static bool quoted_tcp(uint8_t family, const uint8_t *p, size_t len, lp_addr *src, uint16_t *sport,
                       lp_addr *dst, uint16_t *dport)
{
    size_t hl;

    if (family == 4) {
        if (len < 20 || p[0] >> 4 != 4 || p[9] != LP_IPPROTO_TCP)
            return false;
        hl = (size_t)(p[0] & 0x0f) * 4;
        lp_addr_set(src, 4, p + 12);
        lp_addr_set(dst, 4, p + 16);
    } else {
        if (len < IPV6_HEADER || p[0] >> 4 != 6 || p[6] != LP_IPPROTO_TCP)
            return false; /* extension headers before TCP are not followed */
        hl = IPV6_HEADER;
        lp_addr_set(src, 6, p + 8);
        lp_addr_set(dst, 6, p + 24);
    }
    if (hl < 20 || len < hl + 4)
        return false;
    *sport = (uint16_t)(p[hl] << 8 | p[hl + 1]);
    *dport = (uint16_t)(p[hl + 2] << 8 | p[hl + 3]);
    return true;
}

void lp_icmp_message(lp_engine *ctx, const lp_ip *ip, const lp_where *w)
{
    uint8_t family = ip->src.family, type, code;
    lp_addr src, dst;
    uint16_t sport, dport;

    if (ip->len < ICMP_HEADER)
        return;
    type = ip->payload[0];
    code = ip->payload[1];
    if (family == 4 ? type != ICMP_UNREACHABLE || code == ICMP_FRAGMENTATION : type != ICMPV6_UNREACHABLE)
        return;
    if (quoted_tcp(family, ip->payload + ICMP_HEADER, ip->len - ICMP_HEADER, &src, &sport, &dst, &dport))
        lp_flows_unreachable(ctx, &src, sport, &dst, dport, &ip->src, code, w);
}
