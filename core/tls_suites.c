/* tls_suites.c - cipher suites judged by GnuTLS's own table
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_suites.h"

#include <stdbool.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

static uint8_t offer_of(const uint8_t id[2])
{
    unsigned char cs[2];
    gnutls_kx_algorithm_t kx;
    gnutls_cipher_algorithm_t cipher;
    gnutls_mac_algorithm_t mac;
    gnutls_protocol_t min;

    for (size_t i = 0; gnutls_cipher_suite_info(i, cs, &kx, &cipher, &mac, &min) != NULL; i++) {
        uint8_t offer = 0;

        if (cs[0] != id[0] || cs[1] != id[1])
            continue;
        if (min == GNUTLS_TLS1_3 || kx == GNUTLS_KX_DHE_RSA || kx == GNUTLS_KX_DHE_DSS ||
            kx == GNUTLS_KX_ECDHE_RSA || kx == GNUTLS_KX_ECDHE_ECDSA)
            offer |= LP_SUITES_FORWARD_SECRET;
        if (gnutls_cipher_get_tag_size(cipher) > 0)
            offer |= LP_SUITES_AEAD;
        if (kx == GNUTLS_KX_RSA)
            offer |= LP_SUITES_RSA_KX;
        if ((offer & LP_SUITES_FORWARD_SECRET) && (offer & LP_SUITES_AEAD))
            offer |= LP_SUITES_MODERN;
        return offer;
    }
    return 0;
}

/* TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746), TLS_FALLBACK_SCSV (RFC 7507), GREASE (RFC 8701). */
static bool signalling(const uint8_t id[2])
{
    return (id[0] == 0x00 && id[1] == 0xff) || (id[0] == 0x56 && id[1] == 0x00) ||
           (id[0] == id[1] && (id[0] & 0x0f) == 0x0a);
}

uint8_t lp_tls_suites_offer(const uint8_t *ids, size_t n, uint16_t *suites)
{
    uint8_t offer = 0;

    *suites = 0;
    for (size_t i = 0; i < n; i++) {
        if (signalling(ids + 2 * i))
            continue;
        (*suites)++;
        offer |= offer_of(ids + 2 * i);
    }
    return offer;
}
