/* ip.h - stage 3: IPv4 (with fragment reassembly) and IPv6
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_IP_H
#define LP_IP_H

#include <stddef.h>

#include "engine.h"

#define LP_IPPROTO_ICMP   1
#define LP_IPPROTO_TCP    6
#define LP_IPPROTO_UDP    17
#define LP_IPPROTO_ICMPV6 58

typedef struct {
    lp_addr        src, dst;
    uint8_t        proto;
    const uint8_t *payload;
    size_t         len;       /* bytes at hand */
    size_t         wire_len;  /* bytes the header announces; more than len when snaplen cut it */
} lp_ip;

typedef struct lp_frags lp_frags;

/* Fragments that find no room are counted in limits. */
lp_frags *lp_frags_new(lp_limits *limits);
void lp_frags_free(lp_frags *f);
/* Drop datagrams whose fragments stopped coming. */
void lp_frags_expire(lp_frags *f, double now);

/*
 * Decode an IP packet. Returns true when out holds a transport payload: that
 * of an unfragmented packet (borrowed from p), or of a datagram that this
 * fragment completed (held by f until the next call).
 */
bool lp_ip_decode(lp_frags *f, uint16_t ethertype, const uint8_t *p, size_t len, double t, lp_ip *out);

#endif /* LP_IP_H */
