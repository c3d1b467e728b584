/* export_pdu.c - Wireshark's exported_pdu TLVs (wsutil/exported_pdu_tlvs.h)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "export_pdu.h"

#include <string.h>

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void copy_name(char *dst, const uint8_t *v, size_t len)
{
    size_t n = len < LP_EPDU_NAME_MAX - 1 ? len : LP_EPDU_NAME_MAX - 1;

    memcpy(dst, v, n); /* NUL padding, if any, ends the string early */
    dst[n] = '\0';
}

static void take_addr(lp_epdu *e, uint8_t family, bool src, const uint8_t *v, size_t len)
{
    size_t want = family == 4 ? 4 : 16;

    if (len != want)
        return;
    e->family = family;
    memcpy(src ? e->src : e->dst, v, want);
}

static void take_tag(lp_epdu *e, unsigned tag, const uint8_t *v, size_t len)
{
    switch (tag) {
    case LP_EPDU_TAG_DISSECTOR_NAME:
    case LP_EPDU_TAG_HEUR_NAME:
        copy_name(e->proto, v, len);
        break;
    case LP_EPDU_TAG_IPV4_SRC:
    case LP_EPDU_TAG_IPV4_DST:
        take_addr(e, 4, tag == LP_EPDU_TAG_IPV4_SRC, v, len);
        break;
    case LP_EPDU_TAG_IPV6_SRC:
    case LP_EPDU_TAG_IPV6_DST:
        take_addr(e, 6, tag == LP_EPDU_TAG_IPV6_SRC, v, len);
        break;
    case LP_EPDU_TAG_PORT_TYPE:
        if (len == 4)
            e->port_type = be32(v);
        break;
    case LP_EPDU_TAG_SRC_PORT:
    case LP_EPDU_TAG_DST_PORT:
        if (len == 4) {
            e->has_ports = true;
            *(tag == LP_EPDU_TAG_SRC_PORT ? &e->src_port : &e->dst_port) = (uint16_t)be32(v);
        }
        break;
    case LP_EPDU_TAG_ORIG_FNO:
        if (len == 4)
            e->orig_frame = be32(v);
        break;
    default:
        break;
    }
}

bool lp_epdu_parse(const uint8_t *buf, size_t len, lp_epdu *e)
{
    size_t pos = 0;

    memset(e, 0, sizeof *e);
    while (len - pos >= 4) {
        unsigned tag = (unsigned)buf[pos] << 8 | buf[pos + 1];
        size_t vlen = (size_t)buf[pos + 2] << 8 | buf[pos + 3];

        pos += 4;
        if (tag == LP_EPDU_TAG_END) {
            /* The end tag's length is 0 in practice; honour it if not. */
            if (vlen > len - pos)
                return false;
            e->payload_off = pos + vlen;
            return true;
        }
        if (vlen > len - pos)
            return false;
        take_tag(e, tag, buf + pos, vlen);
        /* Writers pad string values to 4 bytes and count the padding in the length. */
        pos += vlen;
    }
    return false;
}
