/* dns_message.h - the question and the answer of a DNS message
 *
 * Enough to tell whether a phone found its pool: the first question, the
 * response code, and the A/AAAA addresses of the answer section.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_DNS_MESSAGE_H
#define LP_DNS_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LP_DNS_PORT      53
#define LP_DNS_NAME_MAX  256
#define LP_DNS_MAX_ADDRS 4

#define LP_DNS_TYPE_A    1
#define LP_DNS_TYPE_AAAA 28

#define LP_DNS_RCODE_NOERROR  0
#define LP_DNS_RCODE_SERVFAIL 2
#define LP_DNS_RCODE_NXDOMAIN 3

typedef struct {
    uint8_t family;           /* 4 or 6 */
    uint8_t addr[16];
} lp_dns_addr;

typedef struct {
    uint16_t    id;
    bool        is_response;
    uint8_t     opcode;
    uint8_t     rcode;
    uint16_t    qdcount, ancount;
    char        qname[LP_DNS_NAME_MAX]; /* first question; empty when none */
    uint16_t    qtype;
    unsigned    n_addrs;      /* A/AAAA records in the answer section (first LP_DNS_MAX_ADDRS) */
    lp_dns_addr addrs[LP_DNS_MAX_ADDRS];
    bool        truncated;    /* the answer section is cut short or malformed */
} lp_dns_msg;

/* Parse a DNS message (the UDP payload). Returns false when it is not one. */
bool lp_dns_msg_parse(const uint8_t *buf, size_t len, lp_dns_msg *msg);

/* "NXDOMAIN", "SERVFAIL", ... or NULL for codes without a common name. */
const char *lp_dns_rcode_name(uint8_t rcode);

#endif /* LP_DNS_MESSAGE_H */
