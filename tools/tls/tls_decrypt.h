/* tls_decrypt.h - the cipher suites pcap-summarize decrypts, and one
 * direction's record protection: AES-CBC with HMAC (MAC-then-encrypt or
 * RFC 7366 encrypt-then-MAC), RC4 with HMAC, AES-GCM and ChaCha20-Poly1305
 * (TLS 1.2 and 1.3 nonces), all through libgcrypt
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_TLS_DECRYPT_H
#define PS_TLS_DECRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    PS_KX_RSA = 0,  /* the RSA key decrypts the premaster */
    PS_KX_DH,       /* (EC)DHE: only a key log helps */
    PS_KX_TLS13     /* TLS 1.3: traffic secrets from a key log */
} ps_tls_kx;

typedef enum {
    PS_MODE_CBC = 0,
    PS_MODE_STREAM,
    PS_MODE_GCM,
    PS_MODE_POLY1305
} ps_tls_mode;

typedef struct {
    uint16_t    id;
    const char *name;
    ps_tls_kx   kx;
    int         cipher;     /* GCRY_CIPHER_ */
    ps_tls_mode mode;
    uint8_t     key_len;
    uint8_t     iv_len;     /* from the key block: CBC 16 (TLS 1.0), GCM 4, ChaCha20 12; TLS 1.3: 12 */
    int         mac;        /* GCRY_MD_ of the record MAC (CBC and stream); 0 for AEAD */
    int         prf;        /* GCRY_MD_ of the TLS 1.2 PRF, or of TLS 1.3's HKDF */
} ps_tls_suite;

/* The suite of that id, or NULL when it is not one decrypted here. */
const ps_tls_suite *ps_tls_suite_find(uint16_t id);

#define PS_TLS_KEY_MAX 32
#define PS_TLS_IV_MAX  16
#define PS_TLS_MAC_MAX 48

/* One direction's keys, as the key block or TLS 1.3's traffic secret gives them. */
typedef struct {
    uint8_t key[PS_TLS_KEY_MAX];
    uint8_t iv[PS_TLS_IV_MAX];
    uint8_t mac_key[PS_TLS_MAC_MAX];
} ps_tls_key_material;

typedef struct ps_tls_protection ps_tls_protection;

/* version: the negotiated one; etm: RFC 7366 was agreed. NULL when libgcrypt refuses the cipher. */
ps_tls_protection *ps_tls_protection_new(const ps_tls_suite *suite, uint16_t version, bool etm,
                                         const ps_tls_key_material *km);
/* Closes the cipher and wipes the keys. */
void ps_tls_protection_free(ps_tls_protection *p);

/*
 * Decrypt one record (header fields type and version; body of len bytes)
 * in place. On success *plain and *plain_len are the content and *type the
 * real content type (TLS 1.3 hides it inside). False when the record does
 * not authenticate or decrypt (wrong secret, cut or corrupted record); the
 * sequence number then stays, for a TLS 1.3 record to be tried with the
 * other keys, unless ps_tls_protection_skip counts the record as sent.
 */
bool ps_tls_protection_open(ps_tls_protection *p, uint8_t *type, uint16_t version, uint8_t *body, size_t len,
                            uint8_t **plain, size_t *plain_len);
void ps_tls_protection_skip(ps_tls_protection *p);

#endif /* PS_TLS_DECRYPT_H */
