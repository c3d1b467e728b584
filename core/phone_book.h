/* phone_book.h - events gathered per phone, and each phone's verdict
 *
 * Events arrive keyed by the host that sent them (its IP) or, for DHCP, by
 * MAC. At the end a host becomes part of the phone whose MAC DHCP tied to
 * its address (or whose MAC its own frames carried); other hosts stand alone,
 * keyed by IP.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_PHONE_BOOK_H
#define LP_PHONE_BOOK_H

#include <glib.h>

#include "lp_addr.h"
#include "signin_verdict.h"
#include "web_service.h"

/* Whether an event belongs to a sign-in may only be known at the end, from the pool's names. */
typedef enum {
    LP_KEEP = 0,
    LP_KEEP_IF_DNS_RELEVANT,   /* a lookup: kept if name is the pool's or a Lync well-known one */
    LP_KEEP_IF_POOL,           /* TLS seen before the pool was named: kept if name (SNI) is the pool's */
    LP_KEEP_IF_NOT_ALONE       /* taken by its port alone: kept if the phone has other events kept,
                                  and dropped if it would be its host's first */
} lp_relevance;

typedef struct {
    lp_event     ev;
    uint32_t     orig_frame;   /* Export PDU: the frame in the original capture; 0 if none */
    uint32_t     conn;         /* the connection it was seen on (the engine's number), 0 for none */
    lp_relevance relevance;
    const char  *name;         /* interned name the relevance is judged by */
} lp_phone_event;

typedef struct {
    bool      has_mac;
    uint8_t   mac[6];
    bool      has_ip;
    lp_addr   ip;
    char      user[LP_WS_USER_MAX];
    unsigned  users_at_address; /* > 1: one of as many users who sent credentials from one address that
                                   no DHCP tied to a phone (phones behind a NAT, or one phone's retries) */
    GArray   *events;          /* lp_phone_event, in time order */
    unsigned  dropped;         /* events beyond the per-phone limit */
    lp_verdict verdict;
} lp_phone;

typedef struct lp_phone_book lp_phone_book;

/* What the caps cost is counted in *table_full (phones, hosts) and *events_dropped. */
lp_phone_book *lp_phones_new(uint64_t *table_full, uint64_t *events_dropped);
void lp_phones_free(lp_phone_book *p);

/* An event of the host at ip; mac is the source MAC of its frame, or NULL. */
void lp_phones_add(lp_phone_book *p, const lp_addr *ip, const uint8_t *mac, const lp_phone_event *ev);
/* An event of the phone with this MAC (DHCP); false when the phone cannot be tracked. */
bool lp_phones_add_mac(lp_phone_book *p, const uint8_t mac[6], const lp_phone_event *ev);
/* DHCP says the phone with this MAC has this address. */
void lp_phones_bind(lp_phone_book *p, const uint8_t mac[6], const lp_addr *ip);
/*
 * The user a host signs in as: the first one sent with credentials wins
 * over one only named in a request body. Credentials also tie connection
 * conn to the user: an address that sends several users' credentials
 * becomes a phone per user at the end (lp_phones_finish).
 */
void lp_phones_set_user(lp_phone_book *p, const lp_addr *ip, uint32_t conn, const char *user, bool with_credentials);

/* A name for lp_phone_event.name, made safe to show and kept as long as p; NULL (counted) when the table is full. */
const char *lp_phones_name(lp_phone_book *p, const char *raw);

typedef bool (*lp_event_filter)(const lp_phone_event *ev, void *data);

/*
 * Group hosts into phones, keep the events the filter accepts and sort each
 * phone's events. A host that no DHCP tied to a phone and that sent the
 * credentials of several users becomes one phone per user: each with the
 * events of its users' connections, and those of no user's (DNS, the root
 * chain, connections without credentials). Returns the phones that have
 * events (owned by p), ordered by their first event.
 */
GPtrArray *lp_phones_finish(lp_phone_book *p, lp_event_filter keep, void *data);

/* After lp_phones_finish(): the phone the host at ip became part of (the first, when it was split), or NULL. */
const lp_phone *lp_phones_of_host(lp_phone_book *p, const lp_addr *ip);

/* For a phone split by user: what the split means, in words; NULL for any other phone. */
const char *lp_phone_shared_note(const lp_phone *ph, char *buf, size_t cap);

/* Judge a phone from its events with the core rules: the encrypted inference, then the verdict. */
void lp_phone_judge(lp_phone *phone, double capture_end);

#endif /* LP_PHONE_BOOK_H */
