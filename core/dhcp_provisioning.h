/* dhcp_provisioning.h - Lync provisioning in DHCP option 43 and option 120
 *
 * Option 43 for vendor class MS-UC-Client carries where the phone finds the
 * Certificate Provisioning service; for CPE-OCPHONE it carries a voice VLAN.
 * Option 120 (RFC 3361) names the SIP servers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_DHCP_PROVISIONING_H
#define LP_DHCP_PROVISIONING_H

#include <stdbool.h>
#include "lp_span.h"

typedef enum {
    LP_VENDOR_UNKNOWN = 0,
    LP_VENDOR_MS_UC_CLIENT,
    LP_VENDOR_CPE_OCPHONE
} lp_vendor;

/* Option 43 sub-option codes. */
#define LP_O43_UC_IDENTIFIER 1
#define LP_O43_URL_SCHEME    2
#define LP_O43_WEB_FQDN      3
#define LP_O43_WEB_PORT      4
#define LP_O43_CERTPROV_PATH 5
#define LP_O43_VLAN_ID       10
#define LP_O43_MAX_CODE      10

/* Problems found in option 43, as bits of lp_opt43.problems. */
#define LP_O43_P_TRUNCATED      0x01u /* a sub-option's length runs past the end */
#define LP_O43_P_PORT_NOT_NUMBER 0x02u
#define LP_O43_P_BAD_SCHEME     0x04u /* not http or https */
#define LP_O43_P_BAD_PATH       0x08u /* does not start with '/' */
#define LP_O43_P_PATH_NOT_SVC   0x10u /* does not end in ".svc": often a cut-off path */
#define LP_O43_P_MISSING        0x20u /* FQDN or path absent */
#define LP_O43_P_BAD_VLAN       0x40u /* not 1..4094 */
#define LP_O43_P_COUNT          7

typedef struct {
    lp_vendor vendor;
    uint32_t  present;              /* bit (1 << code) for each sub-option seen */
    lp_span   sub[LP_O43_MAX_CODE + 1];
    uint16_t  web_port;             /* valid when sub-option 4 parsed as a number */
    uint16_t  vlan_id;              /* valid when sub-option 10 present */
    unsigned  problems;
    uint8_t   truncated_code;       /* the sub-option that ran past the end */
    lp_span   truncated;            /* from its code byte to the end of the buffer */
} lp_opt43;

/* The vendor class named by option 60 (exact, case-sensitive match). */
lp_vendor lp_vendor_from_class(const uint8_t *s, size_t len);
const char *lp_vendor_name(lp_vendor vendor);

/*
 * Parse option 43 content. hint is the vendor class of the request when
 * known; without it the class is recognised by content. Returns true when
 * the content is Lync provisioning (out->vendor is then not UNKNOWN).
 */
bool lp_opt43_parse(const uint8_t *buf, size_t len, lp_vendor hint, lp_opt43 *out);

/* A one-line description of a problem bit, for experts and the tool. */
const char *lp_opt43_problem_str(unsigned problem_bit);

/*
 * Write scheme://fqdn[:port]path into dst (NUL-terminated, cut to fit).
 * Returns false when scheme, FQDN or path is missing.
 */
bool lp_opt43_certprov_url(const lp_opt43 *o, const uint8_t *buf, char *dst, size_t cap);

/* Option 120. */
#define LP_SIP_MAX_SERVERS 8
#define LP_SIP_NAME_MAX    256

#define LP_O120_P_BAD_ENCODING 0x01u /* first byte neither 0 nor 1 */
#define LP_O120_P_TRUNCATED    0x02u
#define LP_O120_P_BAD_NAME     0x04u /* label or compression pointer out of range */
#define LP_O120_P_TOO_MANY     0x08u /* more than LP_SIP_MAX_SERVERS: rest ignored */
#define LP_O120_P_NO_ENCODING  0x10u /* plain ASCII name without the encoding byte */
#define LP_O120_P_COUNT        5

typedef struct {
    lp_span raw;                 /* the bytes that encode this server */
    char    name[LP_SIP_NAME_MAX]; /* FQDN or dotted IPv4 */
} lp_sip_server;

typedef struct {
    uint8_t       encoding;
    unsigned      count;
    lp_sip_server server[LP_SIP_MAX_SERVERS];
    unsigned      problems;
} lp_opt120;

/* Parse option 120 content. Returns true when at least one server was read. */
bool lp_opt120_parse(const uint8_t *buf, size_t len, lp_opt120 *out);
const char *lp_opt120_problem_str(unsigned problem_bit);

#endif /* LP_DHCP_PROVISIONING_H */
