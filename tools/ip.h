/* ip.h - stage 3: IPv4 (with fragment reassembly) and IPv6
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_IP_H
#define PS_IP_H

#include "summarize.h"

#define PS_IPPROTO_TCP 6
#define PS_IPPROTO_UDP 17

typedef struct {
    ps_addr        src, dst;
    uint8_t        proto;
    const uint8_t *payload;
    size_t         len;       /* bytes at hand */
    size_t         wire_len;  /* bytes the header announces; more than len when snaplen cut it */
} ps_ip;

typedef struct ps_frags ps_frags;

/* Fragments that find no room are counted in limits. */
ps_frags *ps_frags_new(ps_limits *limits);
void ps_frags_free(ps_frags *f);
/* Drop datagrams whose fragments stopped coming. */
void ps_frags_expire(ps_frags *f, double now);

/*
 * Decode an IP packet. Returns true when out holds a transport payload: that
 * of an unfragmented packet (borrowed from p), or of a datagram that this
 * fragment completed (held by f until the next call).
 */
bool ps_ip_decode(ps_frags *f, uint16_t ethertype, const uint8_t *p, size_t len, double t, ps_ip *out);

#endif /* PS_IP_H */
