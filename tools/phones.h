/* phones.h - stage 6: events gathered per phone, and each phone's verdict
 *
 * Events arrive keyed by the host that sent them (its IP) or, for DHCP, by
 * MAC. At the end a host becomes part of the phone whose MAC DHCP tied to
 * its address (or whose MAC its own frames carried); other hosts stand alone,
 * keyed by IP.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_PHONES_H
#define PS_PHONES_H

#include <glib.h>

#include "signin_verdict.h"
#include "summarize.h"

/* Whether an event belongs to a sign-in may only be known at the end, from the pool's names. */
typedef enum {
    PS_KEEP = 0,
    PS_KEEP_IF_DNS_RELEVANT,   /* a lookup: kept if name is the pool's or a Lync well-known one */
    PS_KEEP_IF_POOL            /* TLS seen before the pool was named: kept if name (SNI) is the pool's */
} ps_relevance;

typedef struct {
    lp_event     ev;
    uint32_t     orig_frame;   /* Export PDU: the frame in the original capture; 0 if none */
    ps_relevance relevance;
    const char  *name;         /* interned name the relevance is judged by */
} ps_event;

/* A zeroed event of that kind, seen at w. */
void ps_event_init(ps_event *ev, lp_event_kind kind, const ps_where *w);
/* Replace what is not printable ASCII (bytes of a damaged or hostile capture) by '?'. */
void ps_printable(char *s);
/* Set the text a person reads, cut to fit, printable. */
void ps_event_detail(ps_event *ev, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

typedef struct {
    bool      has_mac;
    uint8_t   mac[6];
    bool      has_ip;
    ps_addr   ip;
    char      user[LP_WS_USER_MAX];
    GArray   *events;          /* ps_event, in time order */
    unsigned  dropped;         /* events beyond the per-phone limit */
    lp_verdict verdict;
} ps_phone;

typedef struct ps_phones ps_phones;

/* What the caps cost is counted in limits. */
ps_phones *ps_phones_new(ps_limits *limits);
void ps_phones_free(ps_phones *p);

/* An event of the host at ip; mac is the source MAC of its frame, or NULL. */
void ps_phones_add(ps_phones *p, const ps_addr *ip, const uint8_t *mac, const ps_event *ev);
/* An event of the phone with this MAC (DHCP); false when the phone cannot be tracked. */
bool ps_phones_add_mac(ps_phones *p, const uint8_t mac[6], const ps_event *ev);
/* DHCP says the phone with this MAC has this address. */
void ps_phones_bind(ps_phones *p, const uint8_t mac[6], const ps_addr *ip);
/*
 * The user a host signs in as: the first one sent with credentials wins
 * over one only named in a request body.
 */
void ps_phones_set_user(ps_phones *p, const ps_addr *ip, const char *user, bool with_credentials);

/* A name for ps_event.name, kept as long as p; NULL (counted) when the table is full. */
const char *ps_phones_name(ps_phones *p, const char *name);

typedef bool (*ps_event_filter)(const ps_event *ev, void *data);

/*
 * Group hosts into phones, keep the events the filter accepts and sort each
 * phone's events. Returns the phones that have events (owned by p), ordered
 * by their first event.
 */
GPtrArray *ps_phones_finish(ps_phones *p, ps_event_filter keep, void *data);

/* Judge a phone from its events with the core rules: the encrypted inference, then the verdict. */
void ps_phone_judge(ps_phone *phone, double capture_end);

#endif /* PS_PHONES_H */
