/* tls_suites.h - what the cipher suites of a ClientHello offer, by GnuTLS's
 * table of suites
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_TLS_SUITES_H
#define LP_TLS_SUITES_H

#include <stddef.h>
#include <stdint.h>

/* Bits of what a list of suites offers. */
typedef enum {
    LP_SUITES_FORWARD_SECRET = 1u << 0, /* an (EC)DHE key exchange, or a TLS 1.3 suite */
    LP_SUITES_AEAD           = 1u << 1, /* AES-GCM, AES-CCM, ChaCha20-Poly1305 */
    LP_SUITES_RSA_KX         = 1u << 2, /* the RSA key exchange */
    LP_SUITES_MODERN         = 1u << 3  /* one suite that is both forward secret and AEAD */
} lp_suites;

/*
 * What the n suites (2-byte ids, as the ClientHello lists them) offer, and
 * in *suites how many are suites: the signalling values (renegotiation_info,
 * fallback) and GREASE are not. Unknown suites count but add nothing.
 */
uint8_t lp_tls_suites_offer(const uint8_t *ids, size_t n, uint16_t *suites);

#endif /* LP_TLS_SUITES_H */
