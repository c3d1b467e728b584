/* tls_session.h - a TLS connection of a sign-in seen from outside: its
 * handshake, its alerts, and its application data grouped into exchanges
 *
 * The front ends frame the records (pcap-summarize from the TCP stream,
 * the plugin from Wireshark's TLS records) and hand each whole record
 * here; the events of the connection come out at its end.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_TLS_SESSION_H
#define LP_TLS_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lp_addr.h"
#include "pool_site.h"
#include "signin_verdict.h"
#include "tls_certificate.h"
#include "tls_record.h"

/* Directions of a connection. */
#define LP_DIR_PHONE  0 /* what the phone (the client) sent */
#define LP_DIR_SERVER 1

/* A sign-in makes a few exchanges per connection; more are folded into the last. */
#define LP_TLS_MAX_EXCHANGES 32

/* A burst of records from the phone (a request) and the burst from the server that follows. */
typedef struct {
    uint32_t req_bytes, resp_bytes;
    lp_where req, resp;     /* where the last record of the burst completed */
    bool     answered;
} lp_tls_exchange;

typedef struct {
    bool     hello[2];      /* ClientHello / ServerHello read */
    bool     hs_seen[2];    /* the first handshake record of the side came */
    bool     ccs[2];        /* the side sent ChangeCipherSpec: its records are encrypted now */
    uint16_t version;       /* chosen by the ServerHello */
    uint16_t offered;       /* the highest the ClientHello offered */
    uint16_t n_suites;      /* the cipher suites it offered */
    uint8_t  suites;        /* what they offer (lp_suites) */
    lp_where hello_w;       /* where the ClientHello's record completed */
    char     sni[LP_TLS_SNI_MAX];
    bool     complete, midstream;
    lp_where complete_w;
    struct {
        bool     seen, encrypted;
        int      dir;
        uint8_t  level, desc;
        lp_where w;
    } alert;
    bool     client_alert_after; /* the phone sent an (encrypted) alert after the handshake */
    bool     ended_by_alert;     /* an alert after the handshake (close_notify) ended the connection first: */
    int      ended_dir;          /* ... sent by this side, */
    lp_where ended_w;            /* ... there (before either side's FIN, or with none) */
    unsigned n_ex, cap_ex;
    lp_tls_exchange *ex;         /* grown as exchanges come: most connections have none or a few */
} lp_tls_session;

void lp_tls_session_init(lp_tls_session *s);
void lp_tls_session_clear(lp_tls_session *s);
/*
 * A whole record sent by dir, completed at w. body holds as much of its
 * content as the caller kept (the hello needs its first few kilobytes, an
 * alert its two bytes); it may be shorter than rec->length, or NULL.
 */
void lp_tls_session_record(lp_tls_session *s, int dir, const lp_tls_record *rec,
                           const uint8_t *body, size_t body_len, const lp_where *w);
/*
 * A decrypted alert record of dir (TLS 1.3 encrypts them): its code takes
 * the place of the encrypted alert's, whichever the front end told first.
 */
void lp_tls_session_alert_decrypted(lp_tls_session *s, int dir, const uint8_t *body, size_t len, const lp_where *w);
/* Whether the first handshake record of dir is still to come (its body is worth keeping). */
bool lp_tls_session_wants_hello(const lp_tls_session *s, int dir);

/* How the TCP connection under the session ended. */
typedef struct {
    int      closed_by;     /* -1 while open, else the direction that sent the first FIN/RST */
    bool     reset;         /* that was a RST */
    bool     one_way;       /* the capture holds only the phone's side: the server's silence says nothing */
    lp_where closed;
    lp_where end;           /* the end of the capture */
    bool     decrypted;     /* its HTTP is known decrypted: no guesses from sizes */
    bool     sip_reported;  /* a SIP connection of this connection was already told */
    const char *decryption; /* the front end's word on decrypting it ("decrypted with ..."), or NULL */
    const lp_cert_facts *cert; /* the server's certificate, checked, or NULL when it was not read */
} lp_tls_close;

typedef void (*lp_event_sink)(void *data, lp_event *ev);

/*
 * The events of a finished connection in role (a web service or the SIP
 * server) to server ("name:port"): the handshake or its failure, and for a
 * web service the encrypted exchanges. Returns whether a SIP connection was
 * told.
 */
bool lp_tls_session_events(const lp_tls_session *s, lp_role role, const char *server,
                           const lp_tls_close *c, lp_event_sink sink, void *data);

#endif /* LP_TLS_SESSION_H */
