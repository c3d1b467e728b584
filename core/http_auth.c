/* http_auth.c - Authorization and WWW-Authenticate values: scheme, NTLM leg, user
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "http_auth.h"

#include <string.h>
#include <glib.h>

static const char *const method_names[LP_AUTH_COUNT] = {
    "none", "PIN", "NTLM", "Negotiate", "other",
};

const char *lp_auth_method_name(lp_auth_method method)
{
    return (unsigned)method < LP_AUTH_COUNT ? method_names[method] : "?";
}

bool lp_auth_is_password(lp_auth_method method)
{
    return method == LP_AUTH_NTLM || method == LP_AUTH_NEGOTIATE;
}

static const struct {
    const char    *scheme;
    lp_auth_method method;
} schemes[] = {
    { "Basic", LP_AUTH_PIN },
    { "NTLM", LP_AUTH_NTLM },
    { "Negotiate", LP_AUTH_NEGOTIATE },
};

/* Room for the part of a token that is read: an AUTHENTICATE_MESSAGE's names lie well inside it. */
#define TOKEN_MAX 1536

static const uint8_t ntlm_signature[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
    return le16(p) | le16(p + 2) << 16;
}

/* The NTLM message inside a token: at its start, or wrapped in SPNEGO's DER. */
static const uint8_t *find_ntlm(const uint8_t *tok, size_t n, size_t *len)
{
    size_t i;

    for (i = 0; i + 12 <= n; i++) {
        if (tok[i] == 'N' && memcmp(tok + i, ntlm_signature, sizeof ntlm_signature) == 0) {
            *len = n - i;
            return tok + i;
        }
    }
    return NULL;
}

/* A field (length, room, offset) of an AUTHENTICATE_MESSAGE, checked against the message. */
static bool field(const uint8_t *m, size_t n, size_t at, const uint8_t **p, size_t *len)
{
    uint32_t l, off;

    if (at + 8 > n)
        return false;
    l = le16(m + at);
    off = le32(m + at + 4);
    if (off > n || l > n - off)
        return false;
    *p = m + off;
    *len = l;
    return true;
}

/* Append a name, UTF-16LE (NEGOTIATE_UNICODE) or OEM bytes, as UTF-8. */
static size_t append_name(char *out, size_t used, size_t cap, const uint8_t *p, size_t len, bool unicode)
{
    size_t i = 0;

    while (i < len && used + 7 < cap) {
        gunichar c;

        if (!unicode) {
            c = p[i] < 0x80 ? p[i] : '?';
            i++;
        } else {
            if (i + 2 > len)
                break;
            c = le16(p + i);
            i += 2;
            if (c >= 0xd800 && c < 0xdc00 && i + 2 <= len && le16(p + i) >= 0xdc00 && le16(p + i) < 0xe000) {
                c = 0x10000 + ((c - 0xd800) << 10) + (le16(p + i) - 0xdc00);
                i += 2;
            } else if (c >= 0xd800 && c < 0xe000) {
                c = '?';
            }
        }
        used += (size_t)g_unichar_to_utf8(c, out + used);
    }
    out[used] = '\0';
    return used;
}

static void authenticate_user(const uint8_t *m, size_t n, lp_http_auth *out)
{
    const uint8_t *domain, *user;
    size_t domain_len, user_len, used = 0;
    bool unicode = n < 64 || (le32(m + 60) & 1) != 0; /* NTLMSSP_NEGOTIATE_UNICODE */

    if (!field(m, n, 28, &domain, &domain_len) || !field(m, n, 36, &user, &user_len) || user_len == 0)
        return;
    if (domain_len > 0) {
        used = append_name(out->user, used, sizeof out->user, domain, domain_len, unicode);
        if (used + 1 < sizeof out->user) {
            out->user[used++] = '\\';
            out->user[used] = '\0';
        }
    }
    append_name(out->user, used, sizeof out->user, user, user_len, unicode);
}

static void read_token(lp_str b64, lp_http_auth *out)
{
    uint8_t tok[TOKEN_MAX];
    size_t n, len;
    int state = 0;
    unsigned save = 0;
    const uint8_t *m;

    if (b64.len > (sizeof tok - 3) / 3 * 4)
        b64.len = (sizeof tok - 3) / 3 * 4;
    n = g_base64_decode_step(b64.ptr, b64.len, tok, &state, &save);
    m = find_ntlm(tok, n, &len);
    if (m == NULL)
        return;
    out->ntlm_type = (uint8_t)(le32(m + 8) <= LP_NTLM_AUTHENTICATE ? le32(m + 8) : 0);
    if (out->ntlm_type == LP_NTLM_AUTHENTICATE)
        authenticate_user(m, len, out);
}

void lp_http_auth_parse(lp_str value, lp_http_auth *out)
{
    size_t i, n;

    memset(out, 0, sizeof *out);
    i = lp_skip_space(value.ptr, value.len, 0);
    for (n = i; n < value.len && !lp_is_space(value.ptr[n]); n++)
        ;
    if (n == i)
        return;
    out->method = LP_AUTH_OTHER;
    for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
        if (n - i == strlen(schemes[k].scheme) && lp_mem_ieq(value.ptr + i, schemes[k].scheme, n - i))
            out->method = schemes[k].method;
    }
    if (out->method != LP_AUTH_NTLM && out->method != LP_AUTH_NEGOTIATE)
        return;
    i = lp_skip_space(value.ptr, value.len, n);
    if (i == value.len)
        return;
    out->token = true;
    read_token((lp_str){ value.ptr + i, value.len - i }, out);
}

bool lp_http_auth_is_credentials(const lp_http_auth *a)
{
    switch (a->method) {
    case LP_AUTH_NONE:
        return false;
    case LP_AUTH_NTLM:
    case LP_AUTH_NEGOTIATE:
        /* A bare scheme sends nothing; NTLM proves nothing before its AUTHENTICATE_MESSAGE. */
        return a->token && (a->ntlm_type == 0 ? a->method == LP_AUTH_NEGOTIATE
                                              : a->ntlm_type == LP_NTLM_AUTHENTICATE);
    default:
        return true;
    }
}
