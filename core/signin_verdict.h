/* signin_verdict.h - the rules: what a response means, and how a phone's
 * sign-in ended
 *
 * Every rule that turns facts into a verdict lives here (and only here):
 * what counts as the normal 401 challenge, which failure wins, when silence
 * is "no response", what to tell the user.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_SIGNIN_VERDICT_H
#define LP_SIGNIN_VERDICT_H

#include <stdbool.h>
#include <stdint.h>
#include "lp_addr.h"
#include "web_service.h"

/* One web service response, judged alone. */
typedef enum {
    LP_RESP_OK = 0,
    LP_RESP_CHALLENGE,     /* 401 to a request without credentials, or an NTLM/Negotiate leg: a normal step */
    LP_RESP_PIN_REJECTED,
    LP_RESP_AUTH_FAILED,
    LP_RESP_SERVER_ERROR,
    LP_RESP_HTTP_ERROR,    /* 4xx other than 401/403: the URL, not the credentials */
    LP_RESP_PROXY_ERROR,   /* 502/503/504 from a proxy or load balancer, not the front end */
    LP_RESP_REDIRECTED,    /* 301/302/303/307/308: a web proxy or portal, not the service */
    LP_RESP_UNSEEN,        /* answered, but the capture cannot show how (TLS without keys) */
    LP_RESP_COUNT
} lp_resp_kind;

lp_resp_kind lp_verdict_response(const lp_ws_response *resp, bool request_had_credentials);
/* The one vocabulary of results (plugin field labels, stats tree, README, the tool's details). */
const char *lp_resp_kind_name(lp_resp_kind kind);
/* The server refused or failed (PIN, authentication, server or HTTP error): not OK, a challenge, or unseen. */
bool lp_resp_is_refusal(lp_resp_kind kind);

/* The contract's outcome vocabulary. */
typedef enum {
    LP_OUT_SIGNED_IN = 0,
    LP_OUT_PIN_REJECTED,
    LP_OUT_AUTH_FAILED,
    LP_OUT_NO_RESPONSE,
    LP_OUT_SERVER_ERROR,
    LP_OUT_HTTP_ERROR,
    LP_OUT_PROXY_ERROR,
    LP_OUT_REDIRECTED,
    LP_OUT_NO_PROVISIONING,
    LP_OUT_DNS_FAILURE,
    LP_OUT_CONNECT_FAILED, /* the phone's TCP connection to the pool never opened */
    LP_OUT_TLS_FAILURE,
    LP_OUT_SIP_REJECTED,   /* a decrypted final non-2xx to REGISTER */
    LP_OUT_INCOMPLETE,
    LP_OUT_UNKNOWN,
    LP_OUT_COUNT
} lp_outcome;

const char *lp_outcome_name(lp_outcome outcome);
/* Parse a name of the vocabulary; returns LP_OUT_COUNT when unknown. */
lp_outcome lp_outcome_from_name(const char *name);

/* What an outcome says of the sign-in: it worked, it is still open (the capture ends first, or shows none), or it failed. */
typedef enum {
    LP_SETTLED_OK = 0,
    LP_SETTLED_OPEN,
    LP_SETTLED_FAILED
} lp_settled;

lp_settled lp_outcome_settled(lp_outcome outcome);

/* The contract's event kinds. */
typedef enum {
    LP_EV_DHCP_INFORM = 0,
    LP_EV_DHCP_ACK,
    LP_EV_DHCP_NO_REPLY,
    LP_EV_DNS_QUERY,
    LP_EV_DNS_ANSWER,
    LP_EV_DNS_FAILURE,
    LP_EV_TLS_HANDSHAKE,
    LP_EV_TLS_ALERT,
    LP_EV_HTTP_REQUEST,
    LP_EV_HTTP_RESPONSE,
    LP_EV_NO_RESPONSE,
    LP_EV_CERTIFICATE_ISSUED,
    LP_EV_SIP_CONNECT,
    LP_EV_ROOT_CHAIN,         /* the CA chain download over plain HTTP (port 80) before TLS */
    LP_EV_SIP_RESPONSE,       /* a decrypted registrar answer to REGISTER */
    LP_EV_CONNECT_FAILED,     /* a TCP connection to the web services or the registrar that never opened */
    LP_EV_ONE_DIRECTION,      /* a connection of which the capture holds only the phone's side */
    LP_EV_SIP_CLOSED,         /* the SIP server (or, phone_closed, the phone) closed the phone's TLS connection
                                 (waited: how long it was up) */
    LP_EV_COUNT
} lp_event_kind;

const char *lp_event_kind_name(lp_event_kind kind);

/* CONNECT_FAILED: what came back for the phone's SYNs. */
typedef enum {
    LP_CONNECT_UNANSWERED = 0, /* nothing: dropped on the way, or no host has the address */
    LP_CONNECT_RESET,          /* a RST: nothing listens on the port, or a firewall rejects */
    LP_CONNECT_UNREACHABLE     /* an ICMP destination unreachable, from a router or firewall */
} lp_connect_fail;

/* TLS_ALERT: what the handshake failed on, which decides the advice. */
typedef enum {
    LP_TLS_FAIL_CERTIFICATE = 0, /* the phone refused the server's certificate (a certificate alert, an
                                    encrypted alert, or it closed after the server's hello) */
    LP_TLS_FAIL_VERSION,         /* no common version or suite: the alert says so, or the server ended or
                                    ignored the handshake at the phone's ClientHello */
    LP_TLS_FAIL_OTHER            /* an alert of another kind */
} lp_tls_fail;

/* The longest detail or reason an event keeps. */
#define LP_EVENT_TEXT_MAX 160

typedef struct {
    lp_event_kind kind;
    uint32_t      frame;
    double        t;          /* seconds since the epoch */
    unsigned      capture;    /* index of the capture file */
    /* What the verdict reads, by kind (fields ordered to pack: a dense capture holds millions): */
    lp_service    service;       /* HTTP_*, NO_RESPONSE */
    lp_resp_kind  response;      /* HTTP_RESPONSE */
    lp_diag_origin diag_origin;  /* HTTP_RESPONSE: where diag_code was found */
    unsigned      status;        /* HTTP_RESPONSE, SIP_RESPONSE; ROOT_CHAIN: HTTP status, 0 when port 80
                                    refused or never answered */
    uint32_t      diag_code;
    const char   *reason;        /* HTTP_RESPONSE, SIP_RESPONSE: the server's reason; TLS_ALERT: what the
                                    server's certificate shows (cert_read); HTTP_REQUEST: its User-Agent;
                                    or "" (lp_text) */
    double        waited;        /* NO_RESPONSE: seconds from request to end of evidence;
                                    DNS_FAILURE: seconds without an answer, 0 for an answer that failed;
                                    CONNECT_FAILED: from the first SYN to the last or to the refusal;
                                    SIP_CLOSED: from the end of the handshake to the server's close */
    uint32_t      xid;           /* DHCP_ACK: the transaction it answers */
    uint32_t      name_hash;     /* DHCP_ACK: the web FQDN it gave; DNS_QUERY: the name asked
                                    (lp_name_hash); 0 when none */
    lp_addr       server;        /* the other end: DHCP or DNS server, web service, registrar (family 0: none) */
    uint16_t      server_port;   /* its port, 0 when none */
    bool          provisioned;   /* DHCP_ACK: option 43 gave a CertProv URL */
    bool          vlan_only;     /* DHCP_ACK: a CPE-OCPHONE answer (voice VLAN), not provisioning */
    bool          dhcp_conflict; /* DHCP_ACK: its options 43/120 differ from the first answer's */
    bool          ntp;           /* DHCP_ACK: it gave NTP servers (option 42) */
    bool          has_diag;      /* HTTP_RESPONSE: diag_code is set */
    bool          phone_closed;  /* NO_RESPONSE: the phone closed the connection without an answer;
                                    SIP_CLOSED: the phone closed it, not the registrar */
    uint8_t       connect_fail;  /* CONNECT_FAILED: lp_connect_fail */
    uint8_t       auth;          /* HTTP_*: lp_auth_method of the request (for a response: of its request) */
    uint8_t       tls_fail;      /* TLS_ALERT: lp_tls_fail */
    uint16_t      tls_offered;   /* TLS_ALERT: the highest version the phone offered, 0 when not seen */
    uint16_t      tls_n_suites;  /* TLS_ALERT: the cipher suites it offered, 0 when not seen */
    uint8_t       tls_suites;    /* TLS_ALERT: what they offer (lp_suites) */
    uint8_t       cert_problems; /* TLS_ALERT (certificate): lp_cert_problem bits of the server's certificate */
    bool          cert_read;     /* TLS_ALERT: the server's certificate was read (cert_problems says what is wrong) */
    bool          cert_chain_checked; /* TLS_ALERT: ... and its issuer checked against a root-chain download */
    /* Encrypted sign-ins, seen as TLS record sizes only (the inputs of lp_infer_encrypted()): */
    bool          encrypted;     /* HTTP_*, NO_RESPONSE: an exchange of TLS application data */
    bool          client_closed; /* HTTP_RESPONSE: the phone closed the connection after it */
    /* ... and what the inference made of them: */
    bool          inferred;      /* HTTP_*, NO_RESPONSE: service guessed from the order of the requests */
    bool          gave_up;       /* HTTP_RESPONSE (UNSEEN): the phone closed the connection after
                                    this answer and went no further (no certificate, no SIP) */
    uint32_t      bytes;         /* HTTP_REQUEST, HTTP_RESPONSE: its application data bytes */
    unsigned      retries;       /* HTTP_RESPONSE (UNSEEN): credentials re-sent after an answer;
                                    CONNECT_FAILED: SYNs sent again */
    const char   *detail;        /* what the user reads, or "" (lp_text) */
} lp_event;

/* How one event went for the sign-in: ECS's event.outcome, the HTML ladder's colours. */
typedef enum {
    LP_RESULT_NONE = 0,   /* it decides nothing alone: requests, queries, the voice VLAN answer, SIP
                             challenges, a silence too short to be no response */
    LP_RESULT_SUCCESS,    /* progress: an answer the phone went on from, a 401 challenge, the root chain */
    LP_RESULT_FAILURE,
    LP_RESULT_UNKNOWN     /* a failure the capture cannot name: an encrypted answer the phone gave up after */
} lp_result;

/*
 * An event judged alone by the verdict's rules (a failed root-chain download
 * is a failure, though only a TLS failure after it decides). The verdict
 * also leaves out the answers of DHCP servers the phone did not follow,
 * which only its other events tell.
 */
lp_result lp_event_result(const lp_event *ev);

/* Room for a cause without a mapping (lp_verdict_cause), its end included. */
#define LP_CAUSE_MAX 320
/* The frames a cause names: the decisive one, a failed root chain's, the followed DHCP answer's. */
#define LP_CAUSE_FRAMES_MAX 3

typedef struct {
    lp_outcome outcome;
    uint32_t   frame;            /* the decisive event's frame, 0 when none */
    /* The cause with a marker for each frame it names: read it with lp_verdict_cause(). */
    char       cause_template[LP_CAUSE_MAX];
    uint32_t   cause_frames[LP_CAUSE_FRAMES_MAX];  /* those frames, in the order the text names them */
    unsigned   n_cause_frames;
    char       advice[1024];      /* room for the DHCP servers' answers when they disagree */
} lp_verdict;

/* A frame of the capture judged as the reader finds it (e.g. the original frame of an Export PDU record). */
typedef uint32_t (*lp_frame_map)(void *data, uint32_t frame);

/*
 * The cause as text in buf, cut to cap, each frame it names through map.
 * Without one (NULL) it is the verdict's own: the frames as judged, cut to
 * LP_CAUSE_MAX. Returns buf.
 */
const char *lp_verdict_cause(const lp_verdict *v, lp_frame_map map, void *data, char *buf, size_t cap);

/*
 * Judge a phone from its events in time order. capture_end is the time of
 * the last packet of the capture: a phone still busy near it is incomplete.
 */
void lp_verdict_phone(const lp_event *events, size_t n, double capture_end, lp_verdict *out);

#endif /* LP_SIGNIN_VERDICT_H */
