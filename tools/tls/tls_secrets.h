/* tls_secrets.h - the TLS secrets of a run, by client random: NSS key log
 * lines from --keylog and from pcapng decryption-secrets blocks, and the
 * master secrets of full handshakes by session id (for the RSA key's
 * resumed sessions)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_TLS_SECRETS_H
#define PS_TLS_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls_record.h"

#define PS_TLS_SECRET_MAX 48

/* TLS 1.3 traffic secrets a key log line can give. */
typedef enum {
    PS_TLS13_CLIENT_HS = 0,
    PS_TLS13_SERVER_HS,
    PS_TLS13_CLIENT_AP,  /* CLIENT_TRAFFIC_SECRET_0 */
    PS_TLS13_SERVER_AP,
    PS_TLS13_COUNT
} ps_tls13_secret;

typedef struct {
    uint8_t random[LP_TLS_RANDOM_LEN];
    bool    has_master;
    uint8_t master[PS_TLS_SECRET_MAX];
    uint8_t tls13_len[PS_TLS13_COUNT]; /* 0: not given */
    uint8_t tls13[PS_TLS13_COUNT][PS_TLS_SECRET_MAX];
} ps_tls_secret;

typedef struct ps_tls_secrets ps_tls_secrets;

ps_tls_secrets *ps_tls_secrets_new(void);
/* Wipes every secret. */
void ps_tls_secrets_free(ps_tls_secrets *s);
/* Key log text (NSS format), a line at a time; returns the lines taken. Other lines are ignored. */
unsigned ps_tls_secrets_add_keylog(ps_tls_secrets *s, const char *text, size_t len);
/* A key log file; false with *error set when it cannot be read or has no secret at all. */
bool ps_tls_secrets_load_keylog(ps_tls_secrets *s, const char *path, char **error);
const ps_tls_secret *ps_tls_secrets_find(const ps_tls_secrets *s, const uint8_t random[LP_TLS_RANDOM_LEN]);
/* A master secret derived here (RSA key), kept for a session id the server may resume. */
void ps_tls_secrets_keep_session(ps_tls_secrets *s, const uint8_t *sid, size_t sid_len,
                                 const uint8_t master[PS_TLS_SECRET_MAX]);
const uint8_t *ps_tls_secrets_session(const ps_tls_secrets *s, const uint8_t *sid, size_t sid_len);
/* Whether any secret at all is known (nothing to try otherwise). */
bool ps_tls_secrets_any(const ps_tls_secrets *s);

#endif /* PS_TLS_SECRETS_H */
