/* tls_keys.c - the TLS PRF and TLS 1.3's HKDF-Expand-Label, both made of
 * libgcrypt HMAC calls: nothing here hashes by itself
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_keys.h"

#include <string.h>

#include <gcrypt.h>

#include "lp_wipe.h"

#define LABEL_MAX  64
#define DIGEST_MAX 64

/* P_hash(secret, label + seed1 + seed2) (RFC 5246 5), XORed into out when xor is set. */
static bool p_hash(int md, const uint8_t *secret, size_t secret_len, const char *label, const uint8_t *seed1,
                   size_t seed1_len, const uint8_t *seed2, size_t seed2_len, uint8_t *out, size_t out_len, bool xor)
{
    gcry_md_hd_t h;
    size_t dlen = gcry_md_get_algo_dlen(md), label_len = strlen(label), done = 0;
    uint8_t a[DIGEST_MAX];

    if (dlen == 0 || dlen > DIGEST_MAX || gcry_md_open(&h, md, GCRY_MD_FLAG_HMAC) != 0)
        return false;
    if (gcry_md_setkey(h, secret, secret_len) != 0) {
        gcry_md_close(h);
        return false;
    }
    /* A(1) = HMAC(secret, seed) */
    gcry_md_write(h, label, label_len);
    gcry_md_write(h, seed1, seed1_len);
    gcry_md_write(h, seed2, seed2_len);
    memcpy(a, gcry_md_read(h, md), dlen);
    while (done < out_len) {
        const uint8_t *block;
        size_t i, n;

        gcry_md_reset(h);
        gcry_md_write(h, a, dlen);
        gcry_md_write(h, label, label_len);
        gcry_md_write(h, seed1, seed1_len);
        gcry_md_write(h, seed2, seed2_len);
        block = gcry_md_read(h, md);
        n = out_len - done < dlen ? out_len - done : dlen;
        for (i = 0; i < n; i++)
            out[done + i] = xor ? out[done + i] ^ block[i] : block[i];
        done += n;
        gcry_md_reset(h);
        gcry_md_write(h, a, dlen);
        memcpy(a, gcry_md_read(h, md), dlen);
    }
    gcry_md_close(h); /* libgcrypt wipes the HMAC state it frees */
    lp_wipe(a, sizeof a);
    return true;
}

bool ps_tls_prf(uint16_t version, int prf_md, const uint8_t *secret, size_t secret_len, const char *label,
                const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
                uint8_t *out, size_t out_len)
{
    size_t half = (secret_len + 1) / 2;

    if (version >= 0x0303)
        return p_hash(prf_md, secret, secret_len, label, seed1, seed1_len, seed2, seed2_len, out, out_len, false);
    /* TLS 1.0/1.1: P_MD5 of the first half XOR P_SHA1 of the second (they share a byte when odd). */
    return p_hash(GCRY_MD_MD5, secret, half, label, seed1, seed1_len, seed2, seed2_len, out, out_len, false) &&
           p_hash(GCRY_MD_SHA1, secret + secret_len - half, half, label, seed1, seed1_len, seed2, seed2_len,
                  out, out_len, true);
}

bool ps_tls13_expand_label(int md, const uint8_t *secret, size_t secret_len, const char *label,
                           const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len)
{
    static const char prefix[] = "tls13 ";
    uint8_t info[2 + 1 + LABEL_MAX + 1 + DIGEST_MAX], t[DIGEST_MAX], counter = 1;
    size_t label_len = sizeof prefix - 1 + strlen(label), info_len, dlen = gcry_md_get_algo_dlen(md), done = 0;
    gcry_md_hd_t h;

    if (label_len > LABEL_MAX || context_len > DIGEST_MAX || dlen == 0 || dlen > DIGEST_MAX ||
        out_len > 255 * dlen)
        return false;
    /* HkdfLabel: uint16 length, opaque label<7..255>, opaque context<0..255> */
    info[0] = (uint8_t)(out_len >> 8);
    info[1] = (uint8_t)out_len;
    info[2] = (uint8_t)label_len;
    memcpy(info + 3, prefix, sizeof prefix - 1);
    memcpy(info + 3 + sizeof prefix - 1, label, strlen(label));
    info[3 + label_len] = (uint8_t)context_len;
    if (context_len > 0)
        memcpy(info + 4 + label_len, context, context_len);
    info_len = 4 + label_len + context_len;
    if (gcry_md_open(&h, md, GCRY_MD_FLAG_HMAC) != 0)
        return false;
    if (gcry_md_setkey(h, secret, secret_len) != 0) {
        gcry_md_close(h);
        return false;
    }
    /* HKDF-Expand: T(i) = HMAC(PRK, T(i-1) | info | i) */
    while (done < out_len) {
        size_t n = out_len - done < dlen ? out_len - done : dlen;

        gcry_md_reset(h);
        if (done > 0)
            gcry_md_write(h, t, dlen);
        gcry_md_write(h, info, info_len);
        gcry_md_write(h, &counter, 1);
        memcpy(t, gcry_md_read(h, md), dlen);
        memcpy(out + done, t, n);
        done += n;
        counter++;
    }
    gcry_md_close(h);
    lp_wipe(t, sizeof t);
    return true;
}
