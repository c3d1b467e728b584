/* tls_setup.h - the TLS secrets of a run: --keylog, --rsa-key (with
 * --rsa-key-password) and the decryption secrets blocks of pcapng inputs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_TLS_SETUP_H
#define PS_TLS_SETUP_H

#include "tls_conn.h"

/*
 * Fill ring and have the reader add embedded secrets to it. A key log or
 * key that cannot be read is told on stderr and left out: the run goes on
 * with what it has, and infers what it cannot decrypt.
 */
void ps_tls_setup(ps_tls_keyring *ring, const char *keylog, const char *rsa_key, const char *password);
/* Wipes and frees every secret. */
void ps_tls_teardown(ps_tls_keyring *ring);

#endif /* PS_TLS_SETUP_H */
