/* rsa_key.h - the server's RSA private key (PEM, DER or PKCS#12) through
 * GnuTLS, for the premaster secret of TLS_RSA_* key exchange
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_RSA_KEY_H
#define PS_RSA_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ps_rsa_key ps_rsa_key;

/* NULL with *error set (a sentence naming the file) when the key cannot be read. */
ps_rsa_key *ps_rsa_key_load(const char *path, const char *password, char **error);
void ps_rsa_key_free(ps_rsa_key *key);
/* The 48-byte premaster secret out of a ClientKeyExchange's encrypted one; false when it does not decrypt. */
bool ps_rsa_key_premaster(const ps_rsa_key *key, const uint8_t *enc, size_t enc_len, uint8_t premaster[48]);

#endif /* PS_RSA_KEY_H */
