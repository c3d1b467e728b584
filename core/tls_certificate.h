/* tls_certificate.h - the pool's certificate, as TLS up to 1.2 sends it in
 * the clear, checked the way the phone checks it
 *
 * The certificates are read with GnuTLS: the leaf's names against the FQDN
 * the phone asked for, its dates against the capture's time, its signature
 * and key against today's minimums, and the chain against the CA
 * certificates the phone fetched from the root-chain download.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_TLS_CERTIFICATE_H
#define LP_TLS_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What is wrong with a certificate, as bits of lp_event.cert_problems. */
typedef enum {
    LP_CERT_NAME           = 1u << 0, /* names neither the phone's SNI nor the pool's FQDN */
    LP_CERT_EXPIRED        = 1u << 1, /* at the capture's time */
    LP_CERT_NOT_YET_VALID  = 1u << 2,
    LP_CERT_UNTRUSTED      = 1u << 3, /* not issued by the root chain the phone fetched */
    LP_CERT_WEAK_SIGNATURE = 1u << 4, /* MD5, SHA-1 */
    LP_CERT_WEAK_KEY       = 1u << 5, /* RSA under 2048 bits, or as weak */
    LP_CERT_PHONE_CLOCK    = 1u << 6  /* the phone called it expired (or not yet valid) while it was valid */
} lp_cert_problem;

#define LP_CERT_TEXT 160

/* The leaf certificate's facts, as text made safe to show. */
typedef struct {
    uint8_t  problems;               /* lp_cert_problem bits */
    char     subject[LP_CERT_TEXT];  /* its common name, or "" */
    char     names[LP_CERT_TEXT];    /* its DNS subject alternative names, ", " between them */
    char     issuer[LP_CERT_TEXT];   /* the issuer's common name, or "" */
    char     expected[LP_CERT_TEXT]; /* the name it was checked against, or "" */
    double   not_before, not_after;  /* seconds since the epoch */
    unsigned key_bits;
    char     signature[32];          /* e.g. "RSA-SHA1" */
    bool     chain_checked;          /* the capture had a root chain to check the issuer against */
} lp_cert_facts;

/* The CA certificates of the root-chain download(s) of a capture. */
typedef struct lp_cert_roots lp_cert_roots;

lp_cert_roots *lp_cert_roots_new(void);
void lp_cert_roots_free(lp_cert_roots *r);
/* Add the certificates of a certs-only PKCS#7 (DER or PEM) not held yet; returns how many. */
unsigned lp_cert_roots_add(lp_cert_roots *r, const uint8_t *buf, size_t len);

/*
 * Read a Certificate message's body (TLS 1.3's: with its request context
 * and each entry's extensions) and check its leaf against name ("" for
 * none) at time t, and its chain against roots (none: not checked). False
 * when it holds no certificate.
 */
bool lp_cert_check(const uint8_t *body, size_t len, bool tls13, const char *name, double t,
                   const lp_cert_roots *roots, lp_cert_facts *out);

/* A problem bit's name as the outputs and the plugin's fields give it ("wrong_name", "expired", ...). */
const char *lp_cert_problem_name(lp_cert_problem problem);

/* In words: "the server's certificate expired on 2025-01-31, before the capture; it does not name ...". */
void lp_cert_describe(const lp_cert_facts *c, char *buf, size_t cap);

#endif /* LP_TLS_CERTIFICATE_H */
