/* dhcp_provisioning.c - decode Lync option 43 (MS-UC-Client, CPE-OCPHONE)
 * and option 120 (RFC 3361)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dhcp_provisioning.h"
#include "dns_name.h"

#include <stdio.h>
#include <string.h>

#include "lp_str.h"

#define MS_UC_CLIENT "MS-UC-Client"
#define CPE_OCPHONE  "CPE-OCPHONE"

typedef struct {
    unsigned    bit;
    const char *text;
} problem_text;

static const problem_text opt43_problems[] = {
    { LP_O43_P_TRUNCATED,       "sub-option length runs past the end of option 43" },
    { LP_O43_P_PORT_NOT_NUMBER, "web server port (sub-option 4) is not a number from 1 to 65535" },
    { LP_O43_P_BAD_SCHEME,      "URL scheme (sub-option 2) is neither http nor https" },
    { LP_O43_P_BAD_PATH,        "CertProv path (sub-option 5) does not start with '/'" },
    { LP_O43_P_PATH_NOT_SVC,    "CertProv path (sub-option 5) does not end in .svc" },
    { LP_O43_P_MISSING,         "web server FQDN (3) or CertProv path (5) is missing" },
    { LP_O43_P_BAD_VLAN,        "VLAN ID (sub-option 10) is not from 1 to 4094" },
    { 0, NULL }
};

static const problem_text opt120_problems[] = {
    { LP_O120_P_BAD_ENCODING, "encoding byte is neither 0 (names) nor 1 (IPv4)" },
    { LP_O120_P_TRUNCATED,    "server list is cut short" },
    { LP_O120_P_BAD_NAME,     "bad DNS label or compression pointer" },
    { LP_O120_P_TOO_MANY,     "too many servers; the rest are ignored" },
    { LP_O120_P_NO_ENCODING,  "plain text name without the RFC 3361 encoding byte" },
    { 0, NULL }
};

static const char *problem_lookup(const problem_text *table, unsigned bit)
{
    for (; table->text != NULL; table++)
        if (table->bit == bit)
            return table->text;
    return "unknown problem";
}

const char *lp_opt43_problem_str(unsigned problem_bit)
{
    return problem_lookup(opt43_problems, problem_bit);
}

const char *lp_opt120_problem_str(unsigned problem_bit)
{
    return problem_lookup(opt120_problems, problem_bit);
}

static bool bytes_equal(const uint8_t *s, size_t len, const char *lit)
{
    return len == strlen(lit) && memcmp(s, lit, len) == 0;
}

static bool bytes_iequal(const uint8_t *s, size_t len, const char *lit)
{
    return lp_str_ieq((lp_str){ (const char *)s, len }, lit);
}

lp_vendor lp_vendor_from_class(const uint8_t *s, size_t len)
{
    if (bytes_equal(s, len, MS_UC_CLIENT))
        return LP_VENDOR_MS_UC_CLIENT;
    if (bytes_equal(s, len, CPE_OCPHONE))
        return LP_VENDOR_CPE_OCPHONE;
    return LP_VENDOR_UNKNOWN;
}

const char *lp_vendor_name(lp_vendor vendor)
{
    switch (vendor) {
    case LP_VENDOR_MS_UC_CLIENT: return MS_UC_CLIENT;
    case LP_VENDOR_CPE_OCPHONE:  return CPE_OCPHONE;
    default:                     return "unknown";
    }
}

static bool has(const lp_opt43 *o, unsigned code)
{
    return (o->present & (1u << code)) != 0;
}

/* Port is ASCII text per DHCPUtil; a binary port is a known field mistake. */
static bool parse_port(const uint8_t *s, size_t len, uint16_t *port)
{
    uint64_t v;

    if (len == 0 || lp_parse_uint((const char *)s, len, 65535, &v) != len || v == 0)
        return false;
    *port = (uint16_t)v;
    return true;
}

static bool ends_with_svc(const uint8_t *s, size_t len)
{
    return len >= 4 && bytes_iequal(s + len - 4, 4, ".svc");
}

static void check_ms_uc_client(const uint8_t *buf, lp_opt43 *o)
{
    const lp_span *scheme = &o->sub[LP_O43_URL_SCHEME];
    const lp_span *port = &o->sub[LP_O43_WEB_PORT];
    const lp_span *path = &o->sub[LP_O43_CERTPROV_PATH];

    if (has(o, LP_O43_URL_SCHEME) &&
        !bytes_iequal(buf + scheme->off, scheme->len, "https") &&
        !bytes_iequal(buf + scheme->off, scheme->len, "http"))
        o->problems |= LP_O43_P_BAD_SCHEME;
    if (has(o, LP_O43_WEB_PORT) && !parse_port(buf + port->off, port->len, &o->web_port))
        o->problems |= LP_O43_P_PORT_NOT_NUMBER;
    if (has(o, LP_O43_CERTPROV_PATH)) {
        if (path->len == 0 || buf[path->off] != '/')
            o->problems |= LP_O43_P_BAD_PATH;
        if (!ends_with_svc(buf + path->off, path->len))
            o->problems |= LP_O43_P_PATH_NOT_SVC;
    }
    /* A truncated sub-option already explains what is missing. */
    if ((!has(o, LP_O43_WEB_FQDN) || !has(o, LP_O43_CERTPROV_PATH)) &&
        !(o->problems & LP_O43_P_TRUNCATED))
        o->problems |= LP_O43_P_MISSING;
}

static void check_cpe_ocphone(const uint8_t *buf, lp_opt43 *o)
{
    const lp_span *vlan = &o->sub[LP_O43_VLAN_ID];

    if (!has(o, LP_O43_VLAN_ID))
        return;
    /* Two bytes big-endian is the usual encoding; accept text as well. */
    if (vlan->len == 2)
        o->vlan_id = (uint16_t)(buf[vlan->off] << 8 | buf[vlan->off + 1]);
    else if (!parse_port(buf + vlan->off, vlan->len, &o->vlan_id))
        o->vlan_id = 0;
    if (o->vlan_id < 1 || o->vlan_id > 4094)
        o->problems |= LP_O43_P_BAD_VLAN;
}

static lp_vendor recognise(const uint8_t *buf, const lp_opt43 *o, lp_vendor hint)
{
    const lp_span *id = &o->sub[LP_O43_UC_IDENTIFIER];

    if (has(o, LP_O43_UC_IDENTIFIER) &&
        lp_vendor_from_class(buf + id->off, id->len) == LP_VENDOR_MS_UC_CLIENT)
        return LP_VENDOR_MS_UC_CLIENT;
    if (hint != LP_VENDOR_UNKNOWN)
        return hint;
    if (has(o, LP_O43_VLAN_ID) && (o->present & 0x3eu) == 0)
        return LP_VENDOR_CPE_OCPHONE;
    return LP_VENDOR_UNKNOWN;
}

bool lp_opt43_parse(const uint8_t *buf, size_t len, lp_vendor hint, lp_opt43 *o)
{
    size_t off = 0;

    memset(o, 0, sizeof *o);
    while (off < len) {
        uint8_t code = buf[off];
        size_t sublen;

        if (code == 255)
            break;
        if (code == 0) {
            off++;
            continue;
        }
        if (len - off < 2 || len - off - 2 < buf[off + 1]) {
            o->problems |= LP_O43_P_TRUNCATED;
            o->truncated_code = code;
            o->truncated.off = off;
            o->truncated.len = len - off;
            break;
        }
        sublen = buf[off + 1];
        if (code <= LP_O43_MAX_CODE && !has(o, code)) {
            o->present |= 1u << code;
            o->sub[code].off = off + 2;
            o->sub[code].len = sublen;
        }
        off += 2 + sublen;
    }

    o->vendor = recognise(buf, o, hint);
    if (o->vendor == LP_VENDOR_MS_UC_CLIENT)
        check_ms_uc_client(buf, o);
    else if (o->vendor == LP_VENDOR_CPE_OCPHONE)
        check_cpe_ocphone(buf, o);
    return o->vendor != LP_VENDOR_UNKNOWN;
}

bool lp_opt43_certprov_url(const lp_opt43 *o, const uint8_t *buf, char *dst, size_t cap)
{
    const lp_span *scheme = &o->sub[LP_O43_URL_SCHEME];
    const lp_span *fqdn = &o->sub[LP_O43_WEB_FQDN];
    const lp_span *port = &o->sub[LP_O43_WEB_PORT];
    const lp_span *path = &o->sub[LP_O43_CERTPROV_PATH];

    if (cap == 0)
        return false;
    dst[0] = '\0';
    if (!has(o, LP_O43_URL_SCHEME) || !has(o, LP_O43_WEB_FQDN) || !has(o, LP_O43_CERTPROV_PATH))
        return false;
    if (has(o, LP_O43_WEB_PORT))
        snprintf(dst, cap, "%.*s://%.*s:%.*s%.*s",
                 (int)scheme->len, (const char *)buf + scheme->off,
                 (int)fqdn->len, (const char *)buf + fqdn->off,
                 (int)port->len, (const char *)buf + port->off,
                 (int)path->len, (const char *)buf + path->off);
    else
        snprintf(dst, cap, "%.*s://%.*s%.*s",
                 (int)scheme->len, (const char *)buf + scheme->off,
                 (int)fqdn->len, (const char *)buf + fqdn->off,
                 (int)path->len, (const char *)buf + path->off);
    return true;
}

static bool all_printable(const uint8_t *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] < 0x21 || s[i] > 0x7e)
            return false;
    return len > 0;
}

static void add_server(lp_opt120 *o, size_t off, size_t len)
{
    o->server[o->count].raw.off = off;
    o->server[o->count].raw.len = len;
    o->count++;
}

bool lp_opt120_parse(const uint8_t *buf, size_t len, lp_opt120 *o)
{
    const uint8_t *list;
    size_t list_len, off = 0;

    memset(o, 0, sizeof *o);
    if (len == 0) {
        o->problems |= LP_O120_P_TRUNCATED;
        return false;
    }
    o->encoding = buf[0];
    list = buf + 1;
    list_len = len - 1;

    if (o->encoding == 1) {
        for (off = 0; off + 4 <= list_len; off += 4) {
            if (o->count == LP_SIP_MAX_SERVERS) {
                o->problems |= LP_O120_P_TOO_MANY;
                break;
            }
            snprintf(o->server[o->count].name, LP_SIP_NAME_MAX, "%u.%u.%u.%u",
                     list[off], list[off + 1], list[off + 2], list[off + 3]);
            add_server(o, off + 1, 4);
        }
        if (list_len % 4 != 0 || list_len == 0)
            o->problems |= LP_O120_P_TRUNCATED;
    } else if (o->encoding == 0) {
        while (off < list_len) {
            size_t next;

            if (o->count == LP_SIP_MAX_SERVERS) {
                o->problems |= LP_O120_P_TOO_MANY;
                break;
            }
            /* Pointers count from the start of the list, after the encoding byte (RFC 3361 3.1). */
            next = lp_dns_read_name(list, list_len, off, o->server[o->count].name, LP_SIP_NAME_MAX);
            if (next == 0) {
                o->problems |= LP_O120_P_BAD_NAME;
                break;
            }
            add_server(o, off + 1, next - off);
            off = next;
        }
        if (list_len == 0)
            o->problems |= LP_O120_P_TRUNCATED;
    } else if (all_printable(buf, len)) {
        /* Seen in the wild: the bare FQDN, without the encoding byte. */
        o->problems |= LP_O120_P_NO_ENCODING;
        snprintf(o->server[0].name, LP_SIP_NAME_MAX, "%.*s", (int)(len < LP_SIP_NAME_MAX ? len : LP_SIP_NAME_MAX - 1), (const char *)buf);
        add_server(o, 0, len);
    } else {
        o->problems |= LP_O120_P_BAD_ENCODING;
    }
    return o->count > 0;
}
