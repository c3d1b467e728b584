/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the server's handshake flight as the engine collects it,
 * its Certificate message checked against a root chain read from the same
 * bytes (a certs-only PKCS#7, DER or PEM), and the facts described.
 */
#include <stddef.h>
#include <stdint.h>

#include "tls_certificate.h"
#include "tls_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_cert_roots *roots = lp_cert_roots_new();
    const uint8_t *body;
    size_t len;
    lp_cert_facts facts;
    char text[1024];

    lp_cert_roots_add(roots, data, size);
    if (lp_tls_handshake_find(data, size, LP_TLS_HS_CERTIFICATE, &body, &len) != LP_TLS_HS_FOUND) {
        body = data;
        len = size;
    }
    for (int tls13 = 0; tls13 < 2; tls13++)
        if (lp_cert_check(body, len, tls13, "pool01.contoso.test", 1.8e9, roots, &facts))
            lp_cert_describe(&facts, text, sizeof text);
    lp_cert_roots_free(roots);
    return 0;
}
