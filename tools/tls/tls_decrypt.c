/* tls_decrypt.c - TLS record protection undone with libgcrypt
 * (RFC 5246 6.2.3, RFC 7366, RFC 5288, RFC 7905, RFC 8446 5.2)
 *
 * Records are decrypted in place, in the buffer the caller framed them in.
 * Every length is checked before the cipher sees it: a record cut short or
 * with a wrong length fails like one with a wrong tag.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_decrypt.h"

#include <string.h>

#include <gcrypt.h>
#include <glib.h>

#include "lp_wipe.h"

#define AEAD_TAG     16
#define GCM_EXPLICIT 8
#define AEAD_NONCE   12
#define CBC_BLOCK    16
#define TLS13        0x0304

static const ps_tls_suite suites[] = {
    { 0x0004, "TLS_RSA_WITH_RC4_128_MD5", PS_KX_RSA, GCRY_CIPHER_ARCFOUR, PS_MODE_STREAM, 16, 0, GCRY_MD_MD5, GCRY_MD_SHA256 },
    { 0x0005, "TLS_RSA_WITH_RC4_128_SHA", PS_KX_RSA, GCRY_CIPHER_ARCFOUR, PS_MODE_STREAM, 16, 0, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", PS_KX_RSA, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", PS_KX_RSA, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", PS_KX_RSA, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA256, GCRY_MD_SHA256 },
    { 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", PS_KX_RSA, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA256, GCRY_MD_SHA256 },
    { 0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA256, GCRY_MD_SHA256 },
    { 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA256, GCRY_MD_SHA256 },
    { 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", PS_KX_RSA, GCRY_CIPHER_AES128, PS_MODE_GCM, 16, 4, 0, GCRY_MD_SHA256 },
    { 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", PS_KX_RSA, GCRY_CIPHER_AES256, PS_MODE_GCM, 32, 4, 0, GCRY_MD_SHA384 },
    { 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_GCM, 16, 4, 0, GCRY_MD_SHA256 },
    { 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_GCM, 32, 4, 0, GCRY_MD_SHA384 },
    { 0x1301, "TLS_AES_128_GCM_SHA256", PS_KX_TLS13, GCRY_CIPHER_AES128, PS_MODE_GCM, 16, 12, 0, GCRY_MD_SHA256 },
    { 0x1302, "TLS_AES_256_GCM_SHA384", PS_KX_TLS13, GCRY_CIPHER_AES256, PS_MODE_GCM, 32, 12, 0, GCRY_MD_SHA384 },
    { 0x1303, "TLS_CHACHA20_POLY1305_SHA256", PS_KX_TLS13, GCRY_CIPHER_CHACHA20, PS_MODE_POLY1305, 32, 12, 0, GCRY_MD_SHA256 },
    { 0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", PS_KX_DH, GCRY_CIPHER_ARCFOUR, PS_MODE_STREAM, 16, 0, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", PS_KX_DH, GCRY_CIPHER_ARCFOUR, PS_MODE_STREAM, 16, 0, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA1, GCRY_MD_SHA256 },
    { 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA256, GCRY_MD_SHA256 },
    { 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA384, GCRY_MD_SHA384 },
    { 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_CBC, 16, 16, GCRY_MD_SHA256, GCRY_MD_SHA256 },
    { 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_CBC, 32, 16, GCRY_MD_SHA384, GCRY_MD_SHA384 },
    { 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_GCM, 16, 4, 0, GCRY_MD_SHA256 },
    { 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_GCM, 32, 4, 0, GCRY_MD_SHA384 },
    { 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", PS_KX_DH, GCRY_CIPHER_AES128, PS_MODE_GCM, 16, 4, 0, GCRY_MD_SHA256 },
    { 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", PS_KX_DH, GCRY_CIPHER_AES256, PS_MODE_GCM, 32, 4, 0, GCRY_MD_SHA384 },
    { 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", PS_KX_DH, GCRY_CIPHER_CHACHA20, PS_MODE_POLY1305, 32, 12, 0, GCRY_MD_SHA256 },
    { 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", PS_KX_DH, GCRY_CIPHER_CHACHA20, PS_MODE_POLY1305, 32, 12, 0, GCRY_MD_SHA256 },
    { 0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", PS_KX_DH, GCRY_CIPHER_CHACHA20, PS_MODE_POLY1305, 32, 12, 0, GCRY_MD_SHA256 },
};

const ps_tls_suite *ps_tls_suite_find(uint16_t id)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(suites); i++)
        if (suites[i].id == id)
            return &suites[i];
    return NULL;
}

struct ps_tls_protection {
    const ps_tls_suite *suite;
    uint16_t            version;
    bool                etm;
    gcry_cipher_hd_t    c;
    gcry_md_hd_t        mac;  /* HMAC with the MAC key (CBC and stream) */
    uint8_t             iv[PS_TLS_IV_MAX];
    uint64_t            seq;
};

static int gcry_mode(ps_tls_mode m)
{
    switch (m) {
    case PS_MODE_CBC:      return GCRY_CIPHER_MODE_CBC;
    case PS_MODE_GCM:      return GCRY_CIPHER_MODE_GCM;
    case PS_MODE_POLY1305: return GCRY_CIPHER_MODE_POLY1305;
    default:               return GCRY_CIPHER_MODE_STREAM;
    }
}

ps_tls_protection *ps_tls_protection_new(const ps_tls_suite *suite, uint16_t version, bool etm,
                                         const ps_tls_key_material *km)
{
    ps_tls_protection *p = g_new0(ps_tls_protection, 1);

    p->suite = suite;
    p->version = version;
    p->etm = etm && suite->mode == PS_MODE_CBC;
    memcpy(p->iv, km->iv, suite->iv_len);
    if (gcry_cipher_open(&p->c, suite->cipher, gcry_mode(suite->mode), 0) != 0 ||
        gcry_cipher_setkey(p->c, km->key, suite->key_len) != 0 ||
        (suite->mode == PS_MODE_CBC && version < 0x0302 && gcry_cipher_setiv(p->c, km->iv, CBC_BLOCK) != 0) ||
        (suite->mac != 0 && (gcry_md_open(&p->mac, suite->mac, GCRY_MD_FLAG_HMAC) != 0 ||
                             gcry_md_setkey(p->mac, km->mac_key, gcry_md_get_algo_dlen(suite->mac)) != 0))) {
        ps_tls_protection_free(p);
        return NULL;
    }
    return p;
}

void ps_tls_protection_free(ps_tls_protection *p)
{
    if (p == NULL)
        return;
    gcry_cipher_close(p->c); /* libgcrypt wipes the key schedule it frees */
    gcry_md_close(p->mac);
    lp_wipe(p, sizeof *p);
    g_free(p);
}

static void put64(uint8_t *b, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        b[i] = (uint8_t)v;
}

/* The MAC of RFC 5246 6.2.3.1 over seq, type, version, length and data; true when it equals expect. */
static bool mac_ok(ps_tls_protection *p, uint8_t type, uint16_t version, const uint8_t *data, size_t len,
                   const uint8_t *expect)
{
    uint8_t head[13];
    size_t mlen = gcry_md_get_algo_dlen(p->suite->mac);

    put64(head, p->seq);
    head[8] = type;
    head[9] = (uint8_t)(version >> 8);
    head[10] = (uint8_t)version;
    head[11] = (uint8_t)(len >> 8);
    head[12] = (uint8_t)len;
    gcry_md_reset(p->mac);
    gcry_md_write(p->mac, head, sizeof head);
    gcry_md_write(p->mac, data, len);
    return memcmp(gcry_md_read(p->mac, p->suite->mac), expect, mlen) == 0;
}

static bool open_cbc(ps_tls_protection *p, uint8_t type, uint16_t version, uint8_t *body, size_t len,
                     uint8_t **plain, size_t *plain_len)
{
    size_t mlen = gcry_md_get_algo_dlen(p->suite->mac), explicit_iv = p->version >= 0x0302 ? CBC_BLOCK : 0;
    size_t clen = p->etm ? len - mlen : len, pad, i;
    uint8_t *data;

    if (len < mlen + CBC_BLOCK || clen % CBC_BLOCK != 0 || clen < explicit_iv + CBC_BLOCK)
        return false;
    /* Encrypt-then-MAC: the MAC covers the ciphertext, before anything is decrypted. */
    if (p->etm && !mac_ok(p, type, version, body, clen, body + clen))
        return false;
    if (explicit_iv && gcry_cipher_setiv(p->c, body, CBC_BLOCK) != 0)
        return false;
    if (gcry_cipher_decrypt(p->c, body + explicit_iv, clen - explicit_iv, NULL, 0) != 0)
        return false;
    data = body + explicit_iv;
    clen -= explicit_iv;
    pad = data[clen - 1];
    if (pad + 1 > clen - (p->etm ? 0 : mlen))
        return false;
    for (i = 0; i < pad; i++)
        if (data[clen - 2 - i] != pad)
            return false;
    clen -= pad + 1;
    if (!p->etm) {
        clen -= mlen;
        if (!mac_ok(p, type, version, data, clen, data + clen))
            return false;
    }
    *plain = data;
    *plain_len = clen;
    return true;
}

static bool open_stream(ps_tls_protection *p, uint8_t type, uint16_t version, uint8_t *body, size_t len,
                        uint8_t **plain, size_t *plain_len)
{
    size_t mlen = gcry_md_get_algo_dlen(p->suite->mac);

    /* The key stream moves on over every byte, even of a record that then fails. */
    if (gcry_cipher_decrypt(p->c, body, len, NULL, 0) != 0 || len < mlen ||
        !mac_ok(p, type, version, body, len - mlen, body + len - mlen))
        return false;
    *plain = body;
    *plain_len = len - mlen;
    return true;
}

static bool open_aead(ps_tls_protection *p, uint8_t *type, uint16_t version, uint8_t *body, size_t len,
                      uint8_t **plain, size_t *plain_len)
{
    bool tls13 = p->version == TLS13;
    size_t skip = 0, clen;
    uint8_t nonce[AEAD_NONCE], aad[13], seq[8];
    size_t aad_len;

    if (p->suite->mode == PS_MODE_GCM && !tls13) {
        /* RFC 5288: 4 bytes of salt from the key block, 8 sent with the record */
        if (len < GCM_EXPLICIT + AEAD_TAG)
            return false;
        memcpy(nonce, p->iv, 4);
        memcpy(nonce + 4, body, GCM_EXPLICIT);
        skip = GCM_EXPLICIT;
    } else {
        /* RFC 7905, RFC 8446 5.3: the IV XOR the sequence number */
        memcpy(nonce, p->iv, AEAD_NONCE);
        put64(seq, p->seq);
        for (int i = 0; i < 8; i++)
            nonce[4 + i] ^= seq[i];
    }
    if (len < skip + AEAD_TAG)
        return false;
    clen = len - skip - AEAD_TAG;
    if (tls13) { /* the additional data is the record header */
        aad[0] = *type;
        aad[1] = (uint8_t)(version >> 8);
        aad[2] = (uint8_t)version;
        aad[3] = (uint8_t)(len >> 8);
        aad[4] = (uint8_t)len;
        aad_len = 5;
    } else {
        put64(aad, p->seq);
        aad[8] = *type;
        aad[9] = (uint8_t)(version >> 8);
        aad[10] = (uint8_t)version;
        aad[11] = (uint8_t)(clen >> 8);
        aad[12] = (uint8_t)clen;
        aad_len = 13;
    }
    if (gcry_cipher_reset(p->c) != 0 || gcry_cipher_setiv(p->c, nonce, AEAD_NONCE) != 0 ||
        gcry_cipher_authenticate(p->c, aad, aad_len) != 0 ||
        gcry_cipher_decrypt(p->c, body + skip, clen, NULL, 0) != 0 ||
        gcry_cipher_checktag(p->c, body + skip + clen, AEAD_TAG) != 0)
        return false;
    if (tls13) { /* TLSInnerPlaintext: content, the real type, zeros */
        while (clen > 0 && body[skip + clen - 1] == 0)
            clen--;
        if (clen == 0)
            return false;
        *type = body[skip + --clen];
    }
    *plain = body + skip;
    *plain_len = clen;
    return true;
}

bool ps_tls_protection_open(ps_tls_protection *p, uint8_t *type, uint16_t version, uint8_t *body, size_t len,
                            uint8_t **plain, size_t *plain_len)
{
    bool ok;

    switch (p->suite->mode) {
    case PS_MODE_CBC:    ok = open_cbc(p, *type, version, body, len, plain, plain_len); break;
    case PS_MODE_STREAM: ok = open_stream(p, *type, version, body, len, plain, plain_len); break;
    default:             ok = open_aead(p, type, version, body, len, plain, plain_len); break;
    }
    if (ok)
        p->seq++;
    return ok;
}

void ps_tls_protection_skip(ps_tls_protection *p)
{
    p->seq++;
}
