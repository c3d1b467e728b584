/* link.c - Ethernet (802.1Q, QinQ), Linux cooked v1/v2, raw IP, BSD
 * loopback/null and Wireshark's upper-PDU link type
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "link.h"

#include <string.h>

#include "engine.h"

#define ETHERTYPE_VLAN     0x8100
#define ETHERTYPE_QINQ     0x88a8
#define ETHERTYPE_QINQ_OLD 0x9100
#define MAX_VLAN_TAGS      4
#define ARPHRD_ETHER       1

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* Skip VLAN tags after an EtherType at p[-2..-1]; sets out to the IP payload. */
static void by_ethertype(uint16_t type, const uint8_t *p, size_t len, lp_link *out)
{
    unsigned tags = 0;

    while ((type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) &&
           tags++ < MAX_VLAN_TAGS) {
        if (len < 4)
            return;
        type = be16(p + 2);
        p += 4;
        len -= 4;
    }
    if (type != LP_ETHERTYPE_IPV4 && type != LP_ETHERTYPE_IPV6)
        return;
    out->kind = LP_LINK_IP;
    out->ethertype = type;
    out->l3 = p;
    out->l3_len = len;
}

/* Raw IP: the version nibble says which. */
static void by_version(const uint8_t *p, size_t len, lp_link *out)
{
    if (len == 0)
        return;
    if (p[0] >> 4 == 4)
        by_ethertype(LP_ETHERTYPE_IPV4, p, len, out);
    else if (p[0] >> 4 == 6)
        by_ethertype(LP_ETHERTYPE_IPV6, p, len, out);
}

static void ethernet(const uint8_t *p, size_t len, lp_link *out)
{
    if (len < 14)
        return;
    out->has_src_mac = true;
    memcpy(out->src_mac, p + 6, 6);
    by_ethertype(be16(p + 12), p + 14, len - 14, out);
}

/* The sender's hardware address of a cooked header, when it is a MAC. */
static void cooked_mac(uint16_t hatype, size_t addr_len, const uint8_t *addr, lp_link *out)
{
    if (hatype == ARPHRD_ETHER && addr_len == 6) {
        out->has_src_mac = true;
        memcpy(out->src_mac, addr, 6);
    }
}

static void sll(const uint8_t *p, size_t len, lp_link *out)
{
    if (len < 16)
        return;
    cooked_mac(be16(p + 2), be16(p + 4), p + 6, out);
    by_ethertype(be16(p + 14), p + 16, len - 16, out);
}

static void sll2(const uint8_t *p, size_t len, lp_link *out)
{
    if (len < 20)
        return;
    cooked_mac(be16(p + 8), p[11], p + 12, out);
    by_ethertype(be16(p), p + 20, len - 20, out);
}

/*
 * BSD loopback: a 4-byte address family in the writer's byte order (NULL) or
 * big-endian (LOOP). AF_INET6 is 10, 24, 28 or 30 depending on the system,
 * so the IP version nibble is the reliable sign.
 */
static void null_loop(const uint8_t *p, size_t len, lp_link *out)
{
    if (len < 4)
        return;
    by_version(p + 4, len - 4, out);
}

void lp_link_decode(int linktype, const uint8_t *data, size_t len, lp_link *out)
{
    memset(out, 0, sizeof *out);
    switch (linktype) {
    case LP_LINKTYPE_ETHERNET:
        ethernet(data, len, out);
        break;
    case LP_LINKTYPE_LINUX_SLL:
        sll(data, len, out);
        break;
    case LP_LINKTYPE_LINUX_SLL2:
        sll2(data, len, out);
        break;
    case LP_LINKTYPE_RAW:
    case LP_LINKTYPE_RAW_DLT:
    case LP_LINKTYPE_IPV4:
    case LP_LINKTYPE_IPV6:
        by_version(data, len, out);
        break;
    case LP_LINKTYPE_NULL:
    case LP_LINKTYPE_LOOP:
        null_loop(data, len, out);
        break;
    case LP_LINKTYPE_WIRESHARK_UPPER_PDU:
        out->kind = LP_LINK_EXPORT_PDU;
        out->l3 = data;
        out->l3_len = len;
        break;
    default:
        break;
    }
}
