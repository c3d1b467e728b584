/* dns_message.c - DNS header, question and answer records (RFC 1035 4.1)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dns_message.h"

#include <string.h>

#include "dns_name.h"

#define HEADER_LEN 12

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

const char *lp_dns_rcode_name(uint8_t rcode)
{
    static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED" };

    return rcode < sizeof names / sizeof names[0] ? names[rcode] : NULL;
}

/* Skip a name without decoding it; 0 when malformed. */
static size_t skip_name(const uint8_t *buf, size_t len, size_t pos)
{
    while (pos < len) {
        uint8_t l = buf[pos];

        if (l == 0)
            return pos + 1;
        if ((l & 0xc0) == 0xc0)
            return pos + 2 <= len ? pos + 2 : 0;
        if ((l & 0xc0) != 0)
            return 0;
        pos += 1 + (size_t)l;
    }
    return 0;
}

static void read_answers(const uint8_t *buf, size_t len, size_t pos, lp_dns_msg *m)
{
    unsigned i;

    for (i = 0; i < m->ancount; i++) {
        uint16_t type, rdlen;

        if ((pos = skip_name(buf, len, pos)) == 0 || len - pos < 10) {
            m->truncated = true;
            return;
        }
        type = be16(buf + pos);
        rdlen = be16(buf + pos + 8);
        pos += 10;
        if (rdlen > len - pos) {
            m->truncated = true;
            return;
        }
        if (m->n_addrs < LP_DNS_MAX_ADDRS &&
            ((type == LP_DNS_TYPE_A && rdlen == 4) || (type == LP_DNS_TYPE_AAAA && rdlen == 16))) {
            lp_dns_addr *a = &m->addrs[m->n_addrs++];

            a->family = type == LP_DNS_TYPE_A ? 4 : 6;
            memcpy(a->addr, buf + pos, rdlen);
        }
        pos += rdlen;
    }
}

bool lp_dns_msg_parse(const uint8_t *buf, size_t len, lp_dns_msg *m)
{
    size_t pos;

    memset(m, 0, sizeof *m);
    if (len < HEADER_LEN)
        return false;
    m->id = be16(buf);
    m->is_response = (buf[2] & 0x80) != 0;
    m->opcode = (buf[2] >> 3) & 0x0f;
    m->rcode = buf[3] & 0x0f;
    m->qdcount = be16(buf + 4);
    m->ancount = be16(buf + 6);
    /* A standard query asks one question; anything else is not a phone's lookup. */
    if (m->opcode != 0 || m->qdcount != 1)
        return false;
    pos = lp_dns_read_name(buf, len, HEADER_LEN, m->qname, sizeof m->qname);
    if (pos == 0 || len - pos < 4)
        return false;
    m->qtype = be16(buf + pos);
    read_answers(buf, len, pos + 4, m);
    return true;
}
