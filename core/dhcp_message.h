/* dhcp_message.h - the parts of a BOOTP/DHCP message a Lync phone cares about
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_DHCP_MESSAGE_H
#define LP_DHCP_MESSAGE_H

#include <stdbool.h>
#include "lp_span.h"

/* Clients send from 68 to 67, servers answer from 67 (RFC 2131 4.1). */
#define LP_DHCP_SERVER_PORT 67
#define LP_DHCP_CLIENT_PORT 68

#define LP_BOOTP_REQUEST 1
#define LP_BOOTP_REPLY   2

/* Option 53 message types (RFC 2132 9.6) that matter here. */
#define LP_DHCP_DISCOVER 1
#define LP_DHCP_OFFER    2
#define LP_DHCP_REQUEST  3
#define LP_DHCP_ACK      5
#define LP_DHCP_NAK      6
#define LP_DHCP_INFORM   8

/* Bits of lp_dhcp_msg.present. */
#define LP_DHCP_HAS_VENDOR_CLASS 0x01u /* option 60 */
#define LP_DHCP_HAS_VENDOR_INFO  0x02u /* option 43 */
#define LP_DHCP_HAS_SIP_SERVERS  0x04u /* option 120 */
#define LP_DHCP_HAS_NTP_SERVERS  0x08u /* option 42, with one address or more */

typedef struct {
    uint8_t  op;
    uint32_t xid;
    uint8_t  chaddr[6];    /* valid when htype is Ethernet */
    bool     chaddr_is_ether;
    uint8_t  ciaddr[4];
    uint8_t  yiaddr[4];
    uint8_t  msg_type;     /* option 53; 0 when absent (plain BOOTP) */
    unsigned present;
    lp_span  vendor_class; /* option 60 value */
    lp_span  vendor_info;  /* option 43 value */
    lp_span  sip_servers;  /* option 120 value */
    bool     truncated;    /* an option ran past the end of the buffer */
} lp_dhcp_msg;

/*
 * Parse a BOOTP message with the DHCP magic cookie (the UDP payload).
 * Returns false when buf is not such a message; options up to a truncation
 * are still reported. Only the first instance of a repeated option is kept
 * (RFC 3396 concatenation is not done).
 */
bool lp_dhcp_msg_parse(const uint8_t *buf, size_t len, lp_dhcp_msg *msg);

#endif /* LP_DHCP_MESSAGE_H */
