/* tls_keys.h - TLS key derivation composed from libgcrypt's HMAC: the
 * TLS 1.0/1.1 and 1.2 PRF (RFC 2246 5, RFC 5246 5), the master secret
 * (with RFC 7627's extended form) and TLS 1.3's HKDF-Expand-Label
 * (RFC 8446 7.1, RFC 5869)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_TLS_KEYS_H
#define PS_TLS_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PS_TLS_MASTER_LEN 48

/*
 * PRF(secret, label, seed1 + seed2) into out. prf_md is the PRF hash of
 * TLS 1.2 (a GCRY_MD_ value); versions before 1.2 use MD5 and SHA-1.
 */
bool ps_tls_prf(uint16_t version, int prf_md, const uint8_t *secret, size_t secret_len, const char *label,
                const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
                uint8_t *out, size_t out_len);

/* HKDF-Expand-Label(secret, "tls13 " + label, context, out_len) with hash md. */
bool ps_tls13_expand_label(int md, const uint8_t *secret, size_t secret_len, const char *label,
                           const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len);

#endif /* PS_TLS_KEYS_H */
