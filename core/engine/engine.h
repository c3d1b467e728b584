/* engine.h - the sign-in engine: frames in, each phone's sign-in events and
 * verdict out
 *
 * A front end hands it link-layer frames (with their time and frame number)
 * and, where it has them, the decrypted application bytes of a connection.
 * The engine owns everything between: IP fragments, TCP reassembly, TLS,
 * HTTP, DHCP, DNS and SIP, the phone book and the verdict. pcap-summarize
 * feeds it from capture files or libpcap, the plugin from what Wireshark
 * dissected.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_ENGINE_H
#define LP_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcp_provisioning.h"
#include "http_message.h"
#include "lp_addr.h"
#include "phone_book.h"
#include "pool_site.h"
#include "tls_certificate.h"
#include "tls_record.h"
#include "web_service.h"

/* Link-layer header types the engine reads (tcpdump.org/linktypes.html; raw IP also as Linux's DLT_RAW). */
enum {
    LP_LINKTYPE_NULL = 0,
    LP_LINKTYPE_ETHERNET = 1,
    LP_LINKTYPE_RAW_DLT = 12,
    LP_LINKTYPE_RAW = 101,
    LP_LINKTYPE_LOOP = 108,
    LP_LINKTYPE_LINUX_SLL = 113,
    LP_LINKTYPE_IPV4 = 228,
    LP_LINKTYPE_IPV6 = 229,
    LP_LINKTYPE_WIRESHARK_UPPER_PDU = 252,
    LP_LINKTYPE_LINUX_SLL2 = 276
};

/* One frame as the capture holds it. */
typedef struct {
    lp_where       where;
    int            linktype;   /* LP_LINKTYPE_ value of its interface (-1: none the engine reads) */
    const uint8_t *data;       /* borrowed: the engine keeps what it needs */
    uint32_t       caplen;
} lp_frame;

/*
 * What the caps on memory cost the report (pcap-summarize(1), LIMITS): each
 * counter says how often a table or budget was full, or how much was passed
 * over because of it. All zero on an ordinary capture.
 */
typedef struct {
    uint64_t flows_evicted;             /* connections ended early to make room for new ones */
    uint64_t phone_table_full;          /* a new phone (MAC) or host (IP) refused: its events are lost */
    uint64_t events_dropped;            /* events beyond a phone's cap, the total cap or the name table */
    uint64_t dhcp_transactions_dropped; /* requests not followed: no dhcp_no_reply for them */
    uint64_t dns_queries_dropped;       /* queries not followed: no dns_failure for them */
    uint64_t fragments_dropped;         /* IP fragments of datagrams that found no room */
    uint64_t http_bytes_skipped;        /* bytes of over-long HTTP heads, or not kept for lack of budget */
    uint64_t buffer_full;               /* the stream buffer budget refused bytes */
    uint64_t site_entries_dropped;      /* pool names or addresses beyond their cap */
} lp_limits;

/*
 * What a record of dir (0 the client) held, decrypted, by its content type
 * inside the encryption: application data, and the handshake messages and
 * alerts that TLS 1.3 encrypts (the server's certificate among them).
 */
typedef void (*lp_tls_plain_sink)(void *data, int dir, uint8_t type, const uint8_t *p, size_t len);

/*
 * TLS decryption, as a front end provides it (pcap-summarize: tools/tls).
 * The engine frames the records and hands them over whole; the keys and the
 * crypto stay with the front end.
 */
typedef struct {
    /* A connection's decryption state, or NULL when the run has no secrets. */
    void *(*conn_new)(void *data);
    void (*conn_free)(void *conn);
    /* Whether whole record bodies are still wanted (false once decryption is decided impossible). */
    bool (*wants_records)(const void *conn);
    /* A whole record of dir; body is decrypted in place. */
    void (*record)(void *conn, int dir, const lp_tls_record *rec, uint8_t *body, size_t len,
                   lp_tls_plain_sink sink, void *sink_data);
    /* Bytes of dir lost to the capture; whole_record: inside one record whose length kept the framing. */
    void (*gap)(void *conn, int dir, bool whole_record);
    bool (*decrypted)(const void *conn);
    /* "decrypted with ...", or "not decrypted: <why>" (NULL while nothing is known). */
    const char *(*note)(const void *conn);
} lp_tls_decryptor;

/* A DHCP message of a phone's sign-in, as the engine paired it. */
typedef struct {
    const lp_where *where;
    const uint8_t  *msg;           /* the DHCP message (in the frame's bytes unless IP fragments made it) */
    size_t          len;
    bool            is_request;
    lp_vendor       vendor;        /* the request's class; a reply's from its request, else its own */
    uint32_t        request_frame; /* the transaction's first request; 0: a reply whose request is not in the capture */
    uint32_t        differs_from;  /* a reply whose options 43/120 differ from the first answer's: that frame */
} lp_dhcp_seen;

/* A web service message, as the engine paired it. */
typedef struct {
    const lp_where       *where;   /* the frame that completed it */
    const lp_addr        *client;  /* the phone */
    uint16_t              client_port;
    const lp_ws_request  *request;  /* a request: what it asks (NULL for a response) */
    const lp_ws_response *response; /* a response (NULL for a request) */
    lp_service            service;  /* LP_SVC_NONE: a response whose request is not in the capture */
    bool                  credentials; /* its request carried them */
    const lp_where       *request_where; /* where its request was (a request: itself); NULL when not in the capture */
    uint32_t              request_id;    /* its request's number in the run (1, 2...); 0 when not in the capture */
} lp_http_seen;

/*
 * What the engine makes, as it makes it: for a front end that draws each
 * message on its own frame (the plugin), or tells as it goes (a live
 * capture). Any may be NULL. Pointers live for the call only.
 */
typedef struct {
    /* Every event as it is made, for the host at host (NULL: an event of the phone with this MAC, e.g. DHCP). */
    void (*event)(void *data, const lp_addr *host, const uint8_t *mac, const lp_phone_event *ev);
    void (*dhcp)(void *data, const lp_dhcp_seen *m);
    void (*http)(void *data, const lp_http_seen *m);
} lp_engine_observer;

typedef struct lp_frags lp_frags;
typedef struct lp_flows lp_flows;
typedef struct lp_dhcp  lp_dhcp;
typedef struct lp_dns   lp_dns;

/* Front ends read phones, site, limits and the counters; the rest is the engine's own. */
typedef struct {
    lp_phone_book *phones;
    lp_site   *site;
    lp_cert_roots *roots;   /* the CAs of the root-chain downloads, for the pool's certificate */
    lp_frags  *frags;
    lp_flows  *flows;
    lp_dhcp   *dhcp;
    lp_dns    *dns;
    bool       show_pin;
    const lp_tls_decryptor *decryptor; /* NULL: no decryption */
    void      *decryptor_data;
    uint64_t   tls_decrypted, tls_undecrypted; /* sign-in connections, when there were secrets */
    uint64_t   gaps, gap_bytes;  /* TCP bytes lost to the capture (reported, not fatal) */
    lp_limits  limits;
    size_t     held;        /* stream bytes copied and kept: out-of-order segments, HTTP messages, TLS hellos */
    GPtrArray *http_buffers; /* idle message buffers (app_http.c), lent to a connection while a message is read */
    uint32_t   http_requests; /* web service requests numbered so far (lp_http_seen.request_id) */
    double     now;         /* time of the packet at hand */
    double     next_sweep;  /* when idle state is looked for next */
    const lp_engine_observer *observer;
    void      *observer_data;
} lp_engine;

void lp_engine_init(lp_engine *e, bool show_pin);
/* Decryption for the run's TLS connections; set before the first frame. */
void lp_engine_set_decryptor(lp_engine *e, const lp_tls_decryptor *d, void *data);
/* Who is told of each event, DHCP and web service message as it is made. */
void lp_engine_set_observer(lp_engine *e, const lp_engine_observer *o, void *data);
/* One frame through link, IP and transport to the applications. */
void lp_engine_frame(lp_engine *e, const lp_frame *frame);
/*
 * What a TLS record of a TCP connection held, as the front end decrypted it,
 * from src to dst, in stream order (the plugin: Wireshark's decrypted TLS),
 * by its inner content type (as lp_tls_plain_sink). Application bytes take
 * the place of the connection's own records.
 */
void lp_engine_plaintext(lp_engine *e, const lp_addr *src, uint16_t sport, const lp_addr *dst, uint16_t dport,
                         uint8_t type, const uint8_t *data, size_t len, const lp_where *w);
/* No frame for a while (live capture): time goes on to now, for idle connections to end. */
void lp_engine_idle(lp_engine *e, double now);
/* The capture ended at end: finish open flows, unanswered DHCP and DNS. */
void lp_engine_finish(lp_engine *e, double end);
void lp_engine_free(lp_engine *e);

/* An event of the host at ip (mac: its frame's source MAC, or NULL), to its phone and the observer. */
void lp_engine_emit(lp_engine *e, const lp_addr *ip, const uint8_t *mac, const lp_phone_event *ev);
/* An event of the phone with this MAC (DHCP); false when the phone cannot be tracked. */
bool lp_engine_emit_mac(lp_engine *e, const uint8_t mac[6], const lp_phone_event *ev);

/*
 * Take n bytes of the budget for held stream bytes; false (and counted)
 * when it is spent. What is taken is given back with lp_engine_release.
 */
bool lp_engine_hold(lp_engine *e, size_t n);
void lp_engine_release(lp_engine *e, size_t n);

/*
 * After lp_engine_finish: the phones grouped, their encrypted exchanges
 * named and each judged, in report order (the array is the caller's, the
 * phones stay the engine's).
 */
GPtrArray *lp_engine_phones(lp_engine *e, double end);

#endif /* LP_ENGINE_H */
