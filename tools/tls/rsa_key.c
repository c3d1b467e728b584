/* rsa_key.c - the server's RSA key, read and used by GnuTLS
 *
 * A PEM or DER key (PKCS#1 or PKCS#8, encrypted with the password or not)
 * or a PKCS#12 bundle. GnuTLS keeps the key; only the premaster secret
 * comes out, and it is wiped by the caller after use.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rsa_key.h"

#include <glib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "lp_wipe.h"

struct ps_rsa_key {
    gnutls_privkey_t key;
};

/* PKCS#12, DER or PEM: the private key it holds. */
static int from_pkcs12(const gnutls_datum_t *data, const char *password, gnutls_x509_privkey_t *out)
{
    gnutls_pkcs12_t p12;
    gnutls_x509_crt_t *chain = NULL;
    unsigned chain_len = 0, i;
    int ret;

    if ((ret = gnutls_pkcs12_init(&p12)) < 0)
        return ret;
    ret = gnutls_pkcs12_import(p12, data, GNUTLS_X509_FMT_DER, 0);
    if (ret < 0)
        ret = gnutls_pkcs12_import(p12, data, GNUTLS_X509_FMT_PEM, 0);
    if (ret >= 0 && password != NULL)
        ret = gnutls_pkcs12_verify_mac(p12, password);
    if (ret >= 0)
        ret = gnutls_pkcs12_simple_parse(p12, password, out, &chain, &chain_len, NULL, NULL, NULL, 0);
    for (i = 0; i < chain_len; i++)
        gnutls_x509_crt_deinit(chain[i]);
    gnutls_free(chain);
    gnutls_pkcs12_deinit(p12);
    return ret;
}

static char *fail(const char *path, const char *what, int ret)
{
    return g_strdup_printf("--rsa-key %s: %s (%s)", path, what, gnutls_strerror(ret));
}

ps_rsa_key *ps_rsa_key_load(const char *path, const char *password, char **error)
{
    gnutls_datum_t data = { NULL, 0 };
    gnutls_x509_privkey_t x509;
    gnutls_privkey_t key;
    ps_rsa_key *k;
    int ret;

    if ((ret = gnutls_load_file(path, &data)) < 0) {
        *error = fail(path, "cannot be read", ret);
        return NULL;
    }
    if ((ret = gnutls_x509_privkey_init(&x509)) < 0) {
        gnutls_free(data.data);
        *error = fail(path, "no memory", ret);
        return NULL;
    }
    ret = gnutls_x509_privkey_import2(x509, &data, GNUTLS_X509_FMT_PEM, password, 0);
    if (ret < 0)
        ret = gnutls_x509_privkey_import2(x509, &data, GNUTLS_X509_FMT_DER, password, 0);
    if (ret < 0) {
        gnutls_x509_privkey_deinit(x509);
        x509 = NULL;
        ret = from_pkcs12(&data, password, &x509);
    }
    lp_wipe(data.data, data.size);
    gnutls_free(data.data);
    if (ret < 0) {
        *error = fail(path, ret == GNUTLS_E_MAC_VERIFY_FAILED || ret == GNUTLS_E_DECRYPTION_FAILED
                                ? password != NULL ? "wrong password" : "encrypted: give --rsa-key-password"
                                : "not a private key in PEM, DER or PKCS#12", ret);
        return NULL;
    }
    if (gnutls_x509_privkey_get_pk_algorithm(x509) != GNUTLS_PK_RSA) {
        gnutls_x509_privkey_deinit(x509);
        *error = g_strdup_printf("--rsa-key %s: not an RSA key", path);
        return NULL;
    }
    if ((ret = gnutls_privkey_init(&key)) < 0) {
        gnutls_x509_privkey_deinit(x509);
        *error = fail(path, "cannot be used", ret);
        return NULL;
    }
    if ((ret = gnutls_privkey_import_x509(key, x509, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE)) < 0) {
        gnutls_privkey_deinit(key);
        gnutls_x509_privkey_deinit(x509);
        *error = fail(path, "cannot be used", ret);
        return NULL;
    }
    k = g_new0(ps_rsa_key, 1);
    k->key = key;
    return k;
}

void ps_rsa_key_free(ps_rsa_key *k)
{
    if (k == NULL)
        return;
    gnutls_privkey_deinit(k->key);
    g_free(k);
}

bool ps_rsa_key_premaster(const ps_rsa_key *k, const uint8_t *enc, size_t enc_len, uint8_t premaster[48])
{
    gnutls_datum_t in = { (unsigned char *)enc, (unsigned)enc_len }, out = { NULL, 0 };
    bool ok;

    if (enc_len == 0 || enc_len > 1024 || gnutls_privkey_decrypt_data(k->key, 0, &in, &out) < 0)
        return false;
    ok = out.size == 48;
    if (ok)
        memcpy(premaster, out.data, 48);
    lp_wipe(out.data, out.size);
    gnutls_free(out.data);
    return ok;
}
