/* summarize.h - what every stage of pcap-summarize shares: where a packet
 * came from, addresses, and the command-line settings
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_SUMMARIZE_H
#define PS_SUMMARIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where something was seen: capture file index, 1-based frame number, time. */
typedef struct {
    unsigned capture;
    uint32_t frame;
    double   t;
} ps_where;

/* An IPv4 or IPv6 address, comparable with memcmp (unused bytes are zero). */
typedef struct {
    uint8_t family; /* 4 or 6 */
    uint8_t a[16];
} ps_addr;

#define PS_ADDR_STR_MAX 46
#define PS_MAC_STR_MAX  18

void ps_addr_set(ps_addr *addr, uint8_t family, const uint8_t *bytes);
bool ps_addr_equal(const ps_addr *x, const ps_addr *y);
unsigned ps_addr_hash(const ps_addr *addr);
/* Dotted or RFC 5952 text. */
const char *ps_addr_str(const ps_addr *addr, char buf[PS_ADDR_STR_MAX]);
const char *ps_mac_str(const uint8_t mac[6], char buf[PS_MAC_STR_MAX]);

/* Ports a phone's web services and SIP server use when nothing else says. */
#define PS_PORT_HTTPS       443
#define PS_PORT_HTTPS_EXT   4443
#define PS_PORT_SIP_TLS     5061

#endif /* PS_SUMMARIZE_H */
