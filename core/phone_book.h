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
    lp_relevance relevance;
    const char  *name;         /* interned name the relevance is judged by */
} lp_phone_event;

typedef struct {
    bool      has_mac;
    uint8_t   mac[6];
    bool      has_ip;
    lp_addr   ip;
    char      user[LP_WS_USER_MAX];
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
 * over one only named in a request body.
 */
void lp_phones_set_user(lp_phone_book *p, const lp_addr *ip, const char *user, bool with_credentials);

/* A name for lp_phone_event.name, made safe to show and kept as long as p; NULL (counted) when the table is full. */
const char *lp_phones_name(lp_phone_book *p, const char *raw);

typedef bool (*lp_event_filter)(const lp_phone_event *ev, void *data);

/*
 * Group hosts into phones, keep the events the filter accepts and sort each
 * phone's events. Returns the phones that have events (owned by p), ordered
 * by their first event.
 */
GPtrArray *lp_phones_finish(lp_phone_book *p, lp_event_filter keep, void *data);

/* After lp_phones_finish(): the phone the host at ip became part of, or NULL. */
const lp_phone *lp_phones_of_host(lp_phone_book *p, const lp_addr *ip);

/* Judge a phone from its events with the core rules: the encrypted inference, then the verdict. */
void lp_phone_judge(lp_phone *phone, double capture_end);

#endif /* LP_PHONE_BOOK_H */
