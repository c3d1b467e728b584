/* dhcp_message.c - walk a BOOTP/DHCP message (RFC 2131, RFC 2132)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dhcp_message.h"

#include <string.h>

#define BOOTP_FIXED_LEN   236
#define BOOTP_COOKIE_LEN  4
#define OPT_PAD           0
#define OPT_END           255
#define OPT_NTP_SERVERS   42
#define OPT_MSG_TYPE      53
#define OPT_VENDOR_CLASS  60
#define OPT_VENDOR_INFO   43
#define OPT_SIP_SERVERS   120

static const uint8_t dhcp_cookie[BOOTP_COOKIE_LEN] = { 0x63, 0x82, 0x53, 0x63 };

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void keep_first(lp_dhcp_msg *msg, unsigned bit, lp_span *dst, size_t off, size_t len)
{
    if (msg->present & bit)
        return;
    msg->present |= bit;
    dst->off = off;
    dst->len = len;
}

bool lp_dhcp_msg_parse(const uint8_t *buf, size_t len, lp_dhcp_msg *msg)
{
    size_t off;

    memset(msg, 0, sizeof *msg);
    if (len < BOOTP_FIXED_LEN + BOOTP_COOKIE_LEN)
        return false;
    if (memcmp(buf + BOOTP_FIXED_LEN, dhcp_cookie, BOOTP_COOKIE_LEN) != 0)
        return false;
    if (buf[0] != LP_BOOTP_REQUEST && buf[0] != LP_BOOTP_REPLY)
        return false;

    msg->op = buf[0];
    msg->chaddr_is_ether = buf[1] == 1 && buf[2] == 6;
    msg->xid = get_be32(buf + 4);
    memcpy(msg->ciaddr, buf + 12, 4);
    memcpy(msg->yiaddr, buf + 16, 4);
    memcpy(msg->chaddr, buf + 28, 6);

    off = BOOTP_FIXED_LEN + BOOTP_COOKIE_LEN;
    while (off < len) {
        uint8_t code = buf[off];
        size_t optlen;

        if (code == OPT_END)
            break;
        if (code == OPT_PAD) {
            off++;
            continue;
        }
        if (len - off < 2 || len - off - 2 < buf[off + 1]) {
            msg->truncated = true;
            break;
        }
        optlen = buf[off + 1];
        off += 2;
        switch (code) {
        case OPT_MSG_TYPE:
            if (optlen == 1 && msg->msg_type == 0)
                msg->msg_type = buf[off];
            break;
        case OPT_VENDOR_CLASS:
            keep_first(msg, LP_DHCP_HAS_VENDOR_CLASS, &msg->vendor_class, off, optlen);
            break;
        case OPT_VENDOR_INFO:
            keep_first(msg, LP_DHCP_HAS_VENDOR_INFO, &msg->vendor_info, off, optlen);
            break;
        case OPT_SIP_SERVERS:
            keep_first(msg, LP_DHCP_HAS_SIP_SERVERS, &msg->sip_servers, off, optlen);
            break;
        case OPT_NTP_SERVERS:
            if (optlen >= 4)
                msg->present |= LP_DHCP_HAS_NTP_SERVERS;
            break;
        default:
            break;
        }
        off += optlen;
    }
    return true;
}
