/* tls_record.c - TLS record headers and hello messages (RFC 5246, RFC 8446)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_record.h"

#include <string.h>

#define EXT_SERVER_NAME        0
#define EXT_ENCRYPT_THEN_MAC   22
#define EXT_EXTENDED_MASTER    23
#define EXT_SUPPORTED_VERSIONS 43
#define SNI_HOST_NAME          0

/* A bounded reader: every get fails once the buffer runs out. */
typedef struct {
    const uint8_t *p;
    size_t         len, pos;
    bool           short_read;
} reader;

static bool need(reader *r, size_t n)
{
    if (r->len - r->pos < n) {
        r->short_read = true;
        return false;
    }
    return true;
}

static bool get8(reader *r, unsigned *v)
{
    if (!need(r, 1))
        return false;
    *v = r->p[r->pos++];
    return true;
}

static bool get16(reader *r, unsigned *v)
{
    if (!need(r, 2))
        return false;
    *v = (unsigned)r->p[r->pos] << 8 | r->p[r->pos + 1];
    r->pos += 2;
    return true;
}

static bool copy(reader *r, uint8_t *dst, size_t n)
{
    if (!need(r, n))
        return false;
    memcpy(dst, r->p + r->pos, n);
    r->pos += n;
    return true;
}

static bool skip(reader *r, size_t n)
{
    if (!need(r, n))
        return false;
    r->pos += n;
    return true;
}

/* A sub-reader over the next n bytes (cut to what is there). */
static reader sub(reader *r, size_t n)
{
    reader s = { r->p + r->pos, n, 0, false };

    if (r->len - r->pos < n) {
        s.len = r->len - r->pos;
        s.short_read = true;
    }
    r->pos += s.len;
    return s;
}

bool lp_tls_record_parse(const uint8_t *buf, size_t len, lp_tls_record *rec)
{
    if (len < LP_TLS_RECORD_HEADER)
        return false;
    rec->type = buf[0];
    rec->version = (uint16_t)(buf[1] << 8 | buf[2]);
    rec->length = (uint16_t)(buf[3] << 8 | buf[4]);
    return rec->type >= LP_TLS_CT_CHANGE_CIPHER_SPEC && rec->type <= 24 &&
           buf[1] == 3 && buf[2] <= 4 && rec->length <= LP_TLS_RECORD_MAX;
}

/* Open a handshake message of the given type; returns its body reader. */
static bool open_message(const uint8_t *buf, size_t len, unsigned type, reader *body)
{
    reader r = { buf, len, 0, false };
    unsigned t, hi, lo;

    if (!get8(&r, &t) || t != type || !get8(&r, &hi) || !get16(&r, &lo))
        return false;
    *body = sub(&r, (size_t)hi << 16 | lo);
    return true;
}

lp_tls_hs_find lp_tls_handshake_find(const uint8_t *buf, size_t len, uint8_t type, const uint8_t **body,
                                     size_t *body_len)
{
    reader r = { buf, len, 0, false };
    unsigned t, hi, lo;

    while (get8(&r, &t) && get8(&r, &hi) && get16(&r, &lo)) {
        reader m = sub(&r, (size_t)hi << 16 | lo);

        if (m.short_read)
            break;
        if (t == type) {
            *body = m.p;
            *body_len = m.len;
            return LP_TLS_HS_FOUND;
        }
        if (t == LP_TLS_HS_SERVER_DONE || t == LP_TLS_HS_FINISHED)
            return LP_TLS_HS_ABSENT;
    }
    return LP_TLS_HS_PARTIAL;
}

static void read_sni(reader ext, lp_tls_client_hello *ch)
{
    unsigned list_len, name_type, name_len;
    reader list;

    if (!get16(&ext, &list_len))
        return;
    list = sub(&ext, list_len);
    while (get8(&list, &name_type) && get16(&list, &name_len)) {
        if (name_type == SNI_HOST_NAME && need(&list, name_len)) {
            size_t n = name_len < LP_TLS_SNI_MAX - 1 ? name_len : LP_TLS_SNI_MAX - 1;
            size_t i;

            for (i = 0; i < n; i++) /* a host name is printable ASCII; anything else is shown as '?' */
                ch->sni[i] = list.p[list.pos + i] > 0x20 && list.p[list.pos + i] < 0x7f
                                 ? (char)list.p[list.pos + i] : '?';
            ch->sni[n] = '\0';
            return;
        }
        if (!skip(&list, name_len))
            return;
    }
}

/* The version a supported_versions extension names: the ServerHello's choice, or the highest a ClientHello offers. */
static uint16_t listed_version(reader ext, bool one_version)
{
    unsigned n, v, best = 0;

    if (one_version)
        return get16(&ext, &v) ? (uint16_t)v : 0;
    if (!get8(&ext, &n))
        return 0;
    ext = sub(&ext, n);
    while (get16(&ext, &v))
        if ((v & 0x0f0f) != 0x0a0a && v > best) /* GREASE values (RFC 8701) are no version */
            best = v;
    return (uint16_t)best;
}

/* Walk the extensions block; calls back per extension. */
typedef void (*ext_cb)(unsigned type, reader data, void *ctx);

static bool walk_extensions(reader *r, ext_cb cb, void *ctx)
{
    unsigned total, type, len;
    reader exts;

    if (r->pos == r->len)
        return true; /* no extensions at all */
    if (!get16(r, &total))
        return false;
    exts = sub(r, total);
    while (exts.pos < exts.len && get16(&exts, &type) && get16(&exts, &len)) {
        reader data = sub(&exts, len);
        cb(type, data, ctx);
        if (data.short_read)
            break;
    }
    return !exts.short_read && !r->short_read;
}

static void client_ext(unsigned type, reader data, void *ctx)
{
    lp_tls_client_hello *ch = ctx;
    uint16_t v;

    if (type == EXT_SERVER_NAME)
        read_sni(data, ch);
    else if (type == EXT_SUPPORTED_VERSIONS && (v = listed_version(data, false)) != 0)
        ch->max_version = v;
}

/*
 * What both hellos start with: the message header, the version, the random and
 * the session id. False when the message is not of that type; *ok is false when
 * it was cut before the end of these. r stays short_read when the message was
 * cut anywhere.
 */
static bool hello_start(const uint8_t *buf, size_t len, unsigned type, reader *r, uint16_t *version,
                        uint8_t *random, uint8_t *sid, uint8_t *sid_len, bool *ok)
{
    unsigned v = 0, n = 0;

    if (!open_message(buf, len, type, r))
        return false;
    *ok = get16(r, &v) && copy(r, random, LP_TLS_RANDOM_LEN) && get8(r, &n) &&
          (n <= LP_TLS_SESSION_ID_MAX ? copy(r, sid, n) : skip(r, n));
    *sid_len = *ok && n <= LP_TLS_SESSION_ID_MAX ? (uint8_t)n : 0;
    *version = (uint16_t)v;
    return true;
}

static bool read_suites(reader list, lp_tls_client_hello *ch)
{
    ch->n_suites = (uint16_t)(list.len / 2);
    memcpy(ch->suites, list.p, (ch->n_suites < LP_TLS_SUITES_MAX ? ch->n_suites : LP_TLS_SUITES_MAX) * 2u);
    return !list.short_read;
}

bool lp_tls_client_hello_parse(const uint8_t *buf, size_t len, lp_tls_client_hello *ch)
{
    reader r;
    unsigned n;
    bool ok;

    memset(ch, 0, sizeof *ch);
    if (!hello_start(buf, len, LP_TLS_HS_CLIENT_HELLO, &r, &ch->legacy_version, ch->random, ch->session_id,
                     &ch->session_id_len, &ok))
        return false;
    ch->max_version = ch->legacy_version;
    /* cipher suites, compression methods, extensions */
    ch->truncated = !ok || !get16(&r, &n) || !read_suites(sub(&r, n), ch) || !get8(&r, &n) || !skip(&r, n) ||
                    !walk_extensions(&r, client_ext, ch) || r.short_read;
    return true;
}

static void server_ext(unsigned type, reader data, void *ctx)
{
    lp_tls_server_hello *sh = ctx;

    if (type == EXT_SUPPORTED_VERSIONS && listed_version(data, true) == LP_TLS_VERSION_1_3)
        sh->version = LP_TLS_VERSION_1_3;
    else if (type == EXT_EXTENDED_MASTER)
        sh->extended_master_secret = true;
    else if (type == EXT_ENCRYPT_THEN_MAC)
        sh->encrypt_then_mac = true;
}

bool lp_tls_server_hello_parse(const uint8_t *buf, size_t len, lp_tls_server_hello *sh)
{
    reader r;
    unsigned suite = 0;
    bool ok;

    memset(sh, 0, sizeof *sh);
    if (!hello_start(buf, len, LP_TLS_HS_SERVER_HELLO, &r, &sh->version, sh->random, sh->session_id,
                     &sh->session_id_len, &ok))
        return false;
    /* cipher suite, compression method, extensions (supported_versions may raise the version) */
    sh->truncated = !ok || !get16(&r, &suite) || !skip(&r, 1) || !walk_extensions(&r, server_ext, sh) ||
                    r.short_read;
    sh->cipher_suite = (uint16_t)suite;
    return true;
}

#define OTHR LP_TLS_ALERT_CLASS_OTHER
#define CERT LP_TLS_ALERT_CLASS_CERTIFICATE
#define VERS LP_TLS_ALERT_CLASS_VERSION

/* RFC 8446 6 and RFC 5246 7.2; handshake_failure is what SChannel and OpenSSL send when no suite is shared. */
static const struct {
    uint8_t            code;
    const char        *name;
    lp_tls_alert_class cls;
} alerts[] = {
    { 0, "close_notify", OTHR }, { 10, "unexpected_message", OTHR }, { 20, "bad_record_mac", OTHR },
    { 22, "record_overflow", OTHR }, { 40, "handshake_failure", VERS }, { 42, "bad_certificate", CERT },
    { 43, "unsupported_certificate", CERT }, { 44, "certificate_revoked", CERT },
    { 45, "certificate_expired", CERT }, { 46, "certificate_unknown", CERT }, { 47, "illegal_parameter", OTHR },
    { 48, "unknown_ca", CERT }, { 49, "access_denied", OTHR }, { 50, "decode_error", OTHR },
    { 51, "decrypt_error", OTHR }, { 70, "protocol_version", VERS }, { 71, "insufficient_security", VERS },
    { 80, "internal_error", OTHR }, { 86, "inappropriate_fallback", OTHR }, { 90, "user_canceled", OTHR },
    { 109, "missing_extension", OTHR }, { 110, "unsupported_extension", OTHR },
    { 112, "unrecognized_name", OTHR }, { 116, "certificate_required", OTHR },
    { 120, "no_application_protocol", OTHR },
};

#undef OTHR
#undef CERT
#undef VERS

static int alert_index(uint8_t d)
{
    size_t i;

    for (i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
        if (alerts[i].code == d)
            return (int)i;
    return -1;
}

const char *lp_tls_alert_name(uint8_t d)
{
    int i = alert_index(d);

    return i >= 0 ? alerts[i].name : NULL;
}

lp_tls_alert_class lp_tls_alert_class_of(uint8_t d)
{
    int i = alert_index(d);

    return i >= 0 ? alerts[i].cls : LP_TLS_ALERT_CLASS_OTHER;
}

const char *lp_tls_version_name(uint16_t v)
{
    switch (v) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default:     return NULL;
    }
}
