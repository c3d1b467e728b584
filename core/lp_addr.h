/* lp_addr.h - an IPv4 or IPv6 address as a key, and where something was seen
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_ADDR_H
#define LP_ADDR_H

#include <stdbool.h>
#include <stdint.h>

/* Comparable with memcmp: unused bytes are zero. */
typedef struct {
    uint8_t family; /* 4 or 6 */
    uint8_t a[16];
} lp_addr;

void lp_addr_set(lp_addr *addr, uint8_t family, const uint8_t *bytes);
bool lp_addr_equal(const lp_addr *x, const lp_addr *y);
unsigned lp_addr_hash(const lp_addr *addr);

#define LP_ADDR_STR_MAX 46
/* Dotted or RFC 5952 text ("?" when it cannot be written). */
const char *lp_addr_str(const lp_addr *addr, char buf[LP_ADDR_STR_MAX]);

#define LP_MAC_STR_MAX 18
/* A MAC as Wireshark writes it: 00:04:f2:00:00:02. */
const char *lp_mac_str(const uint8_t mac[6], char buf[LP_MAC_STR_MAX]);

/* Where something was seen: capture file index, 1-based frame number, time (s since the epoch). */
typedef struct {
    unsigned capture;
    uint32_t frame;
    double   t;
} lp_where;

#endif /* LP_ADDR_H */
