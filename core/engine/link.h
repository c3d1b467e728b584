/* link.h - stage 2: from a link-layer frame to its network-layer payload
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_LINK_H
#define LP_LINK_H

#include <stddef.h>

#include "lp_addr.h"

#define LP_ETHERTYPE_IPV4 0x0800
#define LP_ETHERTYPE_IPV6 0x86dd

typedef enum {
    LP_LINK_NONE = 0,  /* not IP, unknown link type, or cut short */
    LP_LINK_IP,        /* l3 holds an IPv4 or IPv6 packet (see ethertype) */
    LP_LINK_EXPORT_PDU /* l3 holds an Export PDU record (link type 252) */
} lp_link_kind;

typedef struct {
    lp_link_kind   kind;
    uint16_t       ethertype;
    const uint8_t *l3;
    size_t         l3_len;
    bool           has_src_mac;
    uint8_t        src_mac[6];
} lp_link;

/* Decode one frame of the given DLT_ link type. */
void lp_link_decode(int linktype, const uint8_t *data, size_t len, lp_link *out);

#endif /* LP_LINK_H */
