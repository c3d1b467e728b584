/* tls_record.h - what a TLS connection shows without its keys
 *
 * Record headers, the ClientHello's server name (SNI) and offered versions,
 * the version the ServerHello chose, and alerts sent in the clear.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_TLS_RECORD_H
#define LP_TLS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LP_TLS_RECORD_HEADER 5
/* RFC 8446 5.2: a ciphertext record is at most 2^14 + 256 bytes; TLS 1.2 allows 2^14 + 2048. */
#define LP_TLS_RECORD_MAX    (16384 + 2048)

#define LP_TLS_CT_CHANGE_CIPHER_SPEC 20
#define LP_TLS_CT_ALERT              21
#define LP_TLS_CT_HANDSHAKE          22
#define LP_TLS_CT_APPLICATION_DATA   23

#define LP_TLS_HS_CLIENT_HELLO 1
#define LP_TLS_HS_SERVER_HELLO 2
#define LP_TLS_HS_CERTIFICATE  11
#define LP_TLS_HS_SERVER_DONE  14
#define LP_TLS_HS_FINISHED     20

#define LP_TLS_VERSION_1_2 0x0303
#define LP_TLS_VERSION_1_3 0x0304

typedef struct {
    uint8_t  type;
    uint16_t version;
    uint16_t length;
} lp_tls_record;

/* Read a record header; false when the 5 bytes cannot start a TLS record. */
bool lp_tls_record_parse(const uint8_t *buf, size_t len, lp_tls_record *rec);

#define LP_TLS_SNI_MAX 256
#define LP_TLS_SUITES_MAX 256 /* more than any client lists */
#define LP_TLS_RANDOM_LEN     32
#define LP_TLS_SESSION_ID_MAX 32

typedef struct {
    uint16_t legacy_version;
    uint8_t  random[LP_TLS_RANDOM_LEN];
    uint8_t  session_id[LP_TLS_SESSION_ID_MAX];
    uint8_t  session_id_len;
    uint16_t max_version;           /* the highest offered: supported_versions when present, else legacy_version */
    uint16_t n_suites;              /* cipher suites offered; the first LP_TLS_SUITES_MAX are in suites */
    uint8_t  suites[2 * LP_TLS_SUITES_MAX];
    char     sni[LP_TLS_SNI_MAX];   /* host_name; empty when absent */
    bool     truncated;             /* the message was cut before its end */
} lp_tls_client_hello;

typedef struct {
    uint16_t version;               /* supported_versions when present, else legacy_version */
    uint8_t  random[LP_TLS_RANDOM_LEN];
    uint8_t  session_id[LP_TLS_SESSION_ID_MAX];
    uint8_t  session_id_len;
    uint16_t cipher_suite;
    bool     extended_master_secret; /* RFC 7627 */
    bool     encrypt_then_mac;       /* RFC 7366 */
    bool     truncated;
} lp_tls_server_hello;

/*
 * Parse a handshake message (4-byte header included) from the start of a
 * handshake record's content. buf may be cut short: what was read is kept
 * and truncated is set. Return false when it is not that message type.
 */
bool lp_tls_client_hello_parse(const uint8_t *buf, size_t len, lp_tls_client_hello *ch);
bool lp_tls_server_hello_parse(const uint8_t *buf, size_t len, lp_tls_server_hello *sh);

typedef enum {
    LP_TLS_HS_ABSENT = 0, /* the flight ended (ServerHelloDone, or TLS 1.3's Finished) without it */
    LP_TLS_HS_PARTIAL,    /* not there whole yet: more records may bring it */
    LP_TLS_HS_FOUND
} lp_tls_hs_find;

/*
 * Find the message of this type among the handshake messages that buf
 * holds back to back (the content of consecutive handshake records); on
 * FOUND, *body and *body_len are its body.
 */
lp_tls_hs_find lp_tls_handshake_find(const uint8_t *buf, size_t len, uint8_t type, const uint8_t **body,
                                     size_t *body_len);

#define LP_TLS_ALERT_WARNING 1
#define LP_TLS_ALERT_FATAL   2
#define LP_TLS_ALERT_CERTIFICATE_EXPIRED 45

/* RFC 8446 6: "bad_certificate", "unknown_ca", ...; NULL for unknown codes. */
const char *lp_tls_alert_name(uint8_t description);

/* What an alert is about, for the advice. */
typedef enum {
    LP_TLS_ALERT_CLASS_OTHER = 0,
    LP_TLS_ALERT_CLASS_CERTIFICATE, /* bad_certificate, certificate_expired, unknown_ca, ... */
    LP_TLS_ALERT_CLASS_VERSION      /* protocol_version, handshake_failure, insufficient_security: no common version or suite */
} lp_tls_alert_class;

lp_tls_alert_class lp_tls_alert_class_of(uint8_t description);
/* "TLS 1.2", "TLS 1.3", ...; NULL for unknown values. */
const char *lp_tls_version_name(uint16_t version);

#endif /* LP_TLS_RECORD_H */
