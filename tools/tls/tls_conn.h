/* tls_conn.h - decrypting one TLS connection: the hellos and the key
 * exchange read from the clear handshake, the secret found (key log,
 * embedded secrets, RSA key, a resumed session), the keys derived, and
 * each record opened
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_TLS_CONN_H
#define PS_TLS_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "rsa_key.h"
#include "tls_record.h"
#include "tls_secrets.h"

/* Where secrets come from in a run (either may be NULL). */
typedef struct {
    ps_tls_secrets   *secrets;
    const ps_rsa_key *rsa;
} ps_tls_keyring;

typedef struct ps_tls_conn ps_tls_conn;

ps_tls_conn *ps_tls_conn_new(const ps_tls_keyring *ring);
/* Wipes the keys. */
void ps_tls_conn_free(ps_tls_conn *c);
/* Whether whole record bodies are still wanted (false once decryption is decided impossible). */
bool ps_tls_conn_wants_records(const ps_tls_conn *c);
/* A whole record of dir (0 the client); body is decrypted in place. */
void ps_tls_conn_record(ps_tls_conn *c, int dir, const lp_tls_record *rec, uint8_t *body, size_t len,
                        lp_tls_plain_sink sink, void *data);
/* Bytes of dir lost to the capture; whole_record: inside one record whose length kept the framing. */
void ps_tls_conn_gap(ps_tls_conn *c, int dir, bool whole_record);
/* Whether some application data was decrypted. */
bool ps_tls_conn_decrypted(const ps_tls_conn *c);
/* "decrypted with ...", or "not decrypted: <why>" (NULL while nothing is known, e.g. no handshake). */
const char *ps_tls_conn_note(const ps_tls_conn *c);

/* The engine's decryption: its data is a ps_tls_keyring, and a connection gets none while the ring is empty. */
extern const lp_tls_decryptor ps_tls_decryptor;

#endif /* PS_TLS_CONN_H */
