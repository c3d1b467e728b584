/* tls_certificate.c - the pool's certificate read and checked with GnuTLS
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_certificate.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>

#include "safe_text.h"

/* A pool's chain is the leaf and an intermediate or two; a root chain, a few CAs. */
#define CHAIN_MAX 8
#define ROOTS_MAX 16
#define SAN_MAX   16

struct lp_cert_roots {
    gnutls_x509_crt_t crt[ROOTS_MAX];
    unsigned          n;
};

lp_cert_roots *lp_cert_roots_new(void)
{
    return g_new0(lp_cert_roots, 1);
}

void lp_cert_roots_free(lp_cert_roots *r)
{
    if (r == NULL)
        return;
    for (unsigned i = 0; i < r->n; i++)
        gnutls_x509_crt_deinit(r->crt[i]);
    g_free(r);
}

static bool known(const lp_cert_roots *r, gnutls_x509_crt_t crt)
{
    for (unsigned i = 0; i < r->n; i++)
        if (gnutls_x509_crt_equals(r->crt[i], crt))
            return true;
    return false;
}

static bool crt_import(gnutls_x509_crt_t *crt, const uint8_t *der, size_t len)
{
    gnutls_datum_t d = { (unsigned char *)der, (unsigned)len };

    if (len > UINT32_MAX || gnutls_x509_crt_init(crt) < 0)
        return false;
    if (gnutls_x509_crt_import(*crt, &d, GNUTLS_X509_FMT_DER) == 0)
        return true;
    gnutls_x509_crt_deinit(*crt);
    return false;
}

unsigned lp_cert_roots_add(lp_cert_roots *r, const uint8_t *buf, size_t len)
{
    gnutls_datum_t d = { (unsigned char *)buf, (unsigned)len };
    gnutls_pkcs7_t p7;
    unsigned added = 0;
    int n;

    if (len == 0 || len > UINT32_MAX || gnutls_pkcs7_init(&p7) < 0)
        return 0;
    if (gnutls_pkcs7_import(p7, &d, GNUTLS_X509_FMT_DER) < 0 && gnutls_pkcs7_import(p7, &d, GNUTLS_X509_FMT_PEM) < 0) {
        gnutls_pkcs7_deinit(p7);
        return 0;
    }
    n = gnutls_pkcs7_get_crt_count(p7);
    for (int i = 0; i < n && r->n < ROOTS_MAX; i++) {
        gnutls_datum_t der;

        if (gnutls_pkcs7_get_crt_raw2(p7, (unsigned)i, &der) < 0)
            continue;
        if (crt_import(&r->crt[r->n], der.data, der.size)) {
            if (known(r, r->crt[r->n])) { /* the same chain downloaded again */
                gnutls_x509_crt_deinit(r->crt[r->n]);
            } else {
                r->n++;
                added++;
            }
        }
        gnutls_free(der.data);
    }
    gnutls_pkcs7_deinit(p7);
    return added;
}

static uint32_t be24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* The certificates of a certificate_list, leaf first; how many were read. */
static unsigned read_chain(const uint8_t *body, size_t len, bool tls13, gnutls_x509_crt_t *chain)
{
    size_t off = 0, end;
    unsigned n = 0;

    if (tls13) { /* certificate_request_context */
        if (len < 1)
            return 0;
        off = 1 + (size_t)body[0];
    }
    if (len < off + 3)
        return 0;
    end = off + 3 + be24(body + off);
    off += 3;
    if (end > len)
        end = len; /* cut short: what is whole is read */
    while (n < CHAIN_MAX && off + 3 <= end) {
        size_t cl = be24(body + off);

        off += 3;
        if (cl > end - off || !crt_import(&chain[n], body + off, cl))
            break;
        n++;
        off += cl;
        if (tls13) { /* the entry's extensions */
            if (end - off < 2)
                break;
            off += 2 + ((size_t)body[off] << 8 | body[off + 1]);
        }
    }
    return n;
}

/* A common name of the DN (subject or issuer), made safe to show. */
static void common_name(gnutls_x509_crt_t crt, bool issuer, char *out, size_t cap)
{
    char raw[256];
    size_t size = sizeof raw;
    int rc = issuer ? gnutls_x509_crt_get_issuer_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, raw, &size)
                    : gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, raw, &size);

    out[0] = '\0';
    if (rc == 0)
        lp_safe_text(raw, strnlen(raw, sizeof raw), out, cap);
}

static void dns_names(gnutls_x509_crt_t crt, char *out, size_t cap)
{
    size_t used = 0;

    out[0] = '\0';
    for (unsigned i = 0; i < SAN_MAX; i++) {
        char raw[256];
        size_t size = sizeof raw;
        int type = gnutls_x509_crt_get_subject_alt_name(crt, i, raw, &size, NULL);

        if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            break;
        if (type != GNUTLS_SAN_DNSNAME || used + 3 >= cap)
            continue;
        if (used > 0) {
            memcpy(out + used, ", ", 3);
            used += 2;
        }
        used += lp_safe_text(raw, strnlen(raw, size < sizeof raw ? size : sizeof raw), out + used, cap - used);
    }
}

/* Weak by today's rules, as GnuTLS judges them for certificates. */
static void strength(gnutls_x509_crt_t crt, lp_cert_facts *out)
{
    int sign = gnutls_x509_crt_get_signature_algorithm(crt);
    unsigned bits = 0;
    int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
    const char *name = gnutls_sign_get_name((gnutls_sign_algorithm_t)sign);

    g_strlcpy(out->signature, name != NULL ? name : "unknown", sizeof out->signature);
    out->key_bits = bits;
    if (sign > 0 && !gnutls_sign_is_secure2((gnutls_sign_algorithm_t)sign, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS))
        out->problems |= LP_CERT_WEAK_SIGNATURE;
    if (pk > 0 && bits > 0 && gnutls_pk_bits_to_sec_param((gnutls_pk_algorithm_t)pk, bits) < GNUTLS_SEC_PARAM_MEDIUM)
        out->problems |= LP_CERT_WEAK_KEY;
}

/*
 * Whether the chain leads to a CA of the root chain; its own weaknesses and
 * dates are told apart. A trust list puts a chain sent out of order in order.
 */
static bool trusted(gnutls_x509_crt_t *chain, unsigned n, const lp_cert_roots *roots)
{
    gnutls_x509_trust_list_t list;
    unsigned status = 0;
    unsigned flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
                     GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |
                     GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5 | GNUTLS_VERIFY_ALLOW_X509_V1_CA_CRT;
    int rc;

    if (gnutls_x509_trust_list_init(&list, 0) < 0)
        return false;
    /* The roots stay the caller's: the list is deinitialized without them. */
    rc = gnutls_x509_trust_list_add_cas(list, roots->crt, roots->n, 0);
    if (rc >= 0)
        rc = gnutls_x509_trust_list_verify_crt2(list, chain, n, NULL, 0, flags, &status, NULL);
    gnutls_x509_trust_list_deinit(list, 0);
    return rc >= 0 &&
           !(status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_CA));
}

bool lp_cert_check(const uint8_t *body, size_t len, bool tls13, const char *name, double t,
                   const lp_cert_roots *roots, lp_cert_facts *out)
{
    gnutls_x509_crt_t chain[CHAIN_MAX];
    unsigned n = read_chain(body, len, tls13, chain);
    gnutls_x509_crt_t leaf;
    time_t from, to;

    memset(out, 0, sizeof *out);
    if (n == 0)
        return false;
    leaf = chain[0];
    common_name(leaf, false, out->subject, sizeof out->subject);
    common_name(leaf, true, out->issuer, sizeof out->issuer);
    dns_names(leaf, out->names, sizeof out->names);
    lp_safe_text(name, strlen(name), out->expected, sizeof out->expected);
    if (name[0] != '\0' && !gnutls_x509_crt_check_hostname2(leaf, name, 0))
        out->problems |= LP_CERT_NAME;
    from = gnutls_x509_crt_get_activation_time(leaf);
    to = gnutls_x509_crt_get_expiration_time(leaf);
    out->not_before = (double)from;
    out->not_after = (double)to;
    /* (time_t)-1: unreadable, or notAfter 99991231235959Z (no end): nothing to judge by. */
    if (to != (time_t)-1 && t > out->not_after)
        out->problems |= LP_CERT_EXPIRED;
    else if (from != (time_t)-1 && t < out->not_before)
        out->problems |= LP_CERT_NOT_YET_VALID;
    strength(leaf, out);
    out->chain_checked = roots != NULL && roots->n > 0;
    if (out->chain_checked && !trusted(chain, n, roots))
        out->problems |= LP_CERT_UNTRUSTED;
    for (unsigned i = 0; i < n; i++)
        gnutls_x509_crt_deinit(chain[i]);
    return true;
}

static const struct {
    lp_cert_problem problem;
    const char     *name;
} problem_names[] = {
    { LP_CERT_NAME, "wrong_name" }, { LP_CERT_EXPIRED, "expired" }, { LP_CERT_NOT_YET_VALID, "not_yet_valid" },
    { LP_CERT_UNTRUSTED, "untrusted" }, { LP_CERT_WEAK_SIGNATURE, "weak_signature" },
    { LP_CERT_WEAK_KEY, "weak_key" }, { LP_CERT_PHONE_CLOCK, "phone_clock" },
};

const char *lp_cert_problem_name(lp_cert_problem problem)
{
    for (size_t i = 0; i < G_N_ELEMENTS(problem_names); i++)
        if (problem_names[i].problem == problem)
            return problem_names[i].name;
    return NULL;
}

static void day(double t, char *buf, size_t cap)
{
    time_t s = (time_t)t;
    struct tm tm;

    if (gmtime_r(&s, &tm) == NULL || strftime(buf, cap, "%Y-%m-%d", &tm) == 0)
        g_strlcpy(buf, "?", cap);
}

/* One clause per problem, most telling first; "looks right" when there is none. */
void lp_cert_describe(const lp_cert_facts *c, char *buf, size_t cap)
{
    GString *s = g_string_new("the server's certificate");
    const char *sep = " ";
    char from[32], to[32];

    day(c->not_before, from, sizeof from);
    day(c->not_after, to, sizeof to);
    if (c->problems & LP_CERT_PHONE_CLOCK) {
        g_string_append_printf(s, "%swas valid at the capture's time (%s to %s): the phone's clock is wrong", sep,
                               from, to);
        sep = "; it ";
    }
    if (c->problems & LP_CERT_EXPIRED) {
        g_string_append_printf(s, "%sexpired on %s, before the capture", sep, to);
        sep = "; it ";
    }
    if (c->problems & LP_CERT_NOT_YET_VALID) {
        g_string_append_printf(s, "%sis valid only from %s, after the capture", sep, from);
        sep = "; it ";
    }
    if (c->problems & LP_CERT_NAME) {
        g_string_append_printf(s, "%sdoes not name %s (it names %s)", sep, c->expected,
                               c->names[0] != '\0' ? c->names : c->subject[0] != '\0' ? c->subject : "no host");
        sep = "; it ";
    }
    if (c->problems & LP_CERT_UNTRUSTED) {
        g_string_append_printf(s, "%swas issued by %s, which is not in the root chain the phone fetched", sep,
                               c->issuer[0] != '\0' ? c->issuer : "a CA without a CN");
        sep = "; it ";
    }
    if (c->problems & LP_CERT_WEAK_SIGNATURE) {
        g_string_append_printf(s, "%sis signed with %s", sep, c->signature);
        sep = "; it ";
    }
    if (c->problems & LP_CERT_WEAK_KEY)
        g_string_append_printf(s, "%shas a %u-bit key", sep, c->key_bits);
    if (c->problems == 0)
        g_string_append_printf(s, " (%s, issued by %s) looks right: its names, dates%s and key%s",
                               c->subject[0] != '\0' ? c->subject : "no CN", c->issuer[0] != '\0' ? c->issuer : "no CN",
                               c->chain_checked ? ", issuer" : "",
                               c->chain_checked ? "" : " (its issuer unchecked: no root-chain download in the capture)");
    g_strlcpy(buf, s->str, cap);
    g_string_free(s, TRUE);
}
