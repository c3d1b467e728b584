/* export_pdu.h - Wireshark "Export PDU" records (link type 252)
 *
 * tshark -U "OSI layer 7" writes each decrypted PDU behind big-endian TLVs
 * (2-byte tag, 2-byte length that counts the value's padding) ended by tag 0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_EXPORT_PDU_H
#define LP_EXPORT_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LP_EPDU_TAG_END               0
#define LP_EPDU_TAG_DISSECTOR_NAME    12
#define LP_EPDU_TAG_HEUR_NAME         13
#define LP_EPDU_TAG_IPV4_SRC          20
#define LP_EPDU_TAG_IPV4_DST          21
#define LP_EPDU_TAG_IPV6_SRC          22
#define LP_EPDU_TAG_IPV6_DST          23
#define LP_EPDU_TAG_PORT_TYPE         24
#define LP_EPDU_TAG_SRC_PORT          25
#define LP_EPDU_TAG_DST_PORT          26
#define LP_EPDU_TAG_ORIG_FNO          30

#define LP_EPDU_PORT_TCP 2
#define LP_EPDU_PORT_UDP 3
#define LP_EPDU_NAME_MAX 64

typedef struct {
    char     proto[LP_EPDU_NAME_MAX]; /* dissector or heuristic name, e.g. "http", "sip" */
    uint8_t  family;                  /* 4 or 6; 0 when no address tag */
    uint8_t  src[16], dst[16];
    uint32_t port_type;
    uint16_t src_port, dst_port;
    bool     has_ports;
    uint32_t orig_frame;              /* 0 when absent */
    size_t   payload_off;             /* the PDU follows the end tag */
} lp_epdu;

/* Parse the tags. Returns false when they are malformed or never end. */
bool lp_epdu_parse(const uint8_t *buf, size_t len, lp_epdu *out);

#endif /* LP_EXPORT_PDU_H */
