/* phone_book.c - hosts, MACs, and their merge into phones
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "phone_book.h"

#include <stdio.h>
#include <string.h>

#include "encrypted_inference.h"
#include "safe_text.h"
#include "signin_facts.h"

/* A phone's sign-in has tens of events; a busy host is cut off here. */
#define MAX_EVENTS 1024
/* Events kept before it is known whether they belong to a sign-in. */
#define MAX_TENTATIVE 64
/*
 * Phones by MAC, and hosts by IP address, each: a large site's phones with
 * room to spare. A phone that only DHCP shows costs about 2.7 KB in all.
 */
#define MAX_PHONES 65536
/* Events kept over all phones (416 bytes each): 10,000 sign-ins need 150,000. */
#define MAX_EVENTS_TOTAL (1u << 19)
/* Distinct names (DNS questions, TLS SNI) the relevance rules judge at the end. */
#define MAX_NAMES 65536

typedef struct {
    lp_addr  ip;
    bool     has_mac, mac_conflict;
    uint8_t  mac[6];
    bool     bound;         /* DHCP gave this address to the phone with MAC bound_mac */
    guint64  bound_mac;
    char     user[LP_WS_USER_MAX];
    bool     user_from_credentials;
    GHashTable *conn_users; /* connection -> the user (a kept name) whose credentials it carried */
    GArray  *events;
    unsigned dropped, tentative;
    lp_phone *phone;        /* the phone it became part of (lp_phones_finish) */
} host;

typedef struct {
    guint64   key;
    lp_phone *phone;
} mac_rec;

struct lp_phone_book {
    GHashTable *hosts;    /* lp_addr -> host */
    GHashTable *macs;     /* guint64 -> mac_rec */
    GHashTable *names;    /* the names events are judged by, owned here */
    GPtrArray  *phones;   /* every lp_phone made, owned here */
    size_t      n_events; /* events held by hosts and phones */
    uint64_t   *table_full;     /* counters of what the caps cost */
    uint64_t   *events_dropped;
};

static guint64 mac_key(const uint8_t mac[6])
{
    guint64 k = 0;
    unsigned i;

    for (i = 0; i < 6; i++)
        k = k << 8 | mac[i];
    return k;
}

static guint addr_hash(gconstpointer a)
{
    return lp_addr_hash(a);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
    return lp_addr_equal(a, b);
}

static void host_free(gpointer p)
{
    host *h = p;

    if (h->events != NULL)
        g_array_free(h->events, TRUE);
    if (h->conn_users != NULL)
        g_hash_table_destroy(h->conn_users);
    g_free(h);
}

static lp_phone *phone_new(void)
{
    lp_phone *ph = g_new0(lp_phone, 1);

    ph->events = g_array_new(FALSE, FALSE, sizeof(lp_phone_event));
    return ph;
}

static void phone_free(gpointer p)
{
    lp_phone *ph = p;

    g_array_free(ph->events, TRUE);
    g_free(ph);
}

lp_phone_book *lp_phones_new(uint64_t *table_full, uint64_t *events_dropped)
{
    lp_phone_book *p = g_new0(lp_phone_book, 1);

    p->hosts = g_hash_table_new_full(addr_hash, addr_equal, NULL, host_free);
    p->macs = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
    p->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->phones = g_ptr_array_new_with_free_func(phone_free);
    p->table_full = table_full;
    p->events_dropped = events_dropped;
    return p;
}

void lp_phones_free(lp_phone_book *p)
{
    if (p == NULL)
        return;
    g_hash_table_destroy(p->hosts);
    g_hash_table_destroy(p->macs);
    g_hash_table_destroy(p->names);
    g_ptr_array_free(p->phones, TRUE);
    g_free(p);
}

/* Whether a table may take one more phone or host; a refusal is counted. */
static bool room(lp_phone_book *p, GHashTable *table)
{
    if (g_hash_table_size(table) < MAX_PHONES)
        return true;
    (*p->table_full)++;
    return false;
}

/* The host at ip, made if there is room; NULL when not. */
static host *host_get(lp_phone_book *p, const lp_addr *ip)
{
    host *h = g_hash_table_lookup(p->hosts, ip);

    if (h == NULL && room(p, p->hosts)) {
        h = g_new0(host, 1);
        h->ip = *ip;
        g_hash_table_insert(p->hosts, &h->ip, h);
    }
    return h;
}

/* The phone with this MAC, made if there is room; NULL when not. */
static mac_rec *mac_get(lp_phone_book *p, const uint8_t mac[6])
{
    guint64 k = mac_key(mac);
    mac_rec *m = g_hash_table_lookup(p->macs, &k);

    if (m == NULL && room(p, p->macs)) {
        m = g_new0(mac_rec, 1);
        m->key = k;
        m->phone = phone_new();
        m->phone->has_mac = true;
        memcpy(m->phone->mac, mac, 6);
        g_ptr_array_add(p->phones, m->phone);
        g_hash_table_insert(p->macs, &m->key, m);
    }
    return m;
}

/* Append within the limits; counts what is dropped. */
static void append(lp_phone_book *p, GArray *a, unsigned *dropped, const lp_phone_event *ev)
{
    if (a->len >= MAX_EVENTS || p->n_events >= MAX_EVENTS_TOTAL) {
        (*dropped)++;
        (*p->events_dropped)++;
        return;
    }
    g_array_append_val(a, *ev);
    p->n_events++;
}

void lp_phones_add(lp_phone_book *p, const lp_addr *ip, const uint8_t *mac, const lp_phone_event *ev)
{
    /* Taken by its port alone, an event joins a host that others made: many hosts seen only so fill no book. */
    host *h = ev->relevance == LP_KEEP_IF_NOT_ALONE ? g_hash_table_lookup(p->hosts, ip) : host_get(p, ip);

    if (h == NULL)
        return;
    if (mac != NULL) {
        if (!h->has_mac) {
            h->has_mac = true;
            memcpy(h->mac, mac, 6);
        } else if (memcmp(h->mac, mac, 6) != 0) {
            h->mac_conflict = true; /* behind a router: the MAC is not the phone's */
        }
    }
    if (ev->relevance != LP_KEEP && h->tentative++ >= MAX_TENTATIVE) {
        h->dropped++;
        return;
    }
    if (h->events == NULL)
        h->events = g_array_new(FALSE, FALSE, sizeof(lp_phone_event));
    append(p, h->events, &h->dropped, ev);
}

bool lp_phones_add_mac(lp_phone_book *p, const uint8_t mac[6], const lp_phone_event *ev)
{
    mac_rec *m = mac_get(p, mac);

    if (m == NULL)
        return false;
    append(p, m->phone->events, &m->phone->dropped, ev);
    return true;
}

void lp_phones_bind(lp_phone_book *p, const uint8_t mac[6], const lp_addr *ip)
{
    mac_rec *m = mac_get(p, mac);
    host *h;

    if (m == NULL || (h = host_get(p, ip)) == NULL)
        return;
    m->phone->has_ip = true;
    m->phone->ip = *ip;
    h->bound = true;
    h->bound_mac = m->key;
}

void lp_phones_set_user(lp_phone_book *p, const lp_addr *ip, uint32_t conn, const char *user, bool with_credentials)
{
    host *h = host_get(p, ip);
    const char *kept;

    if (h == NULL)
        return;
    if (with_credentials && conn != 0 && (kept = lp_phones_name(p, user)) != NULL) {
        if (h->conn_users == NULL)
            h->conn_users = g_hash_table_new(g_direct_hash, g_direct_equal);
        if (g_hash_table_size(h->conn_users) < MAX_EVENTS)
            g_hash_table_insert(h->conn_users, GUINT_TO_POINTER(conn), (gpointer)kept);
    }
    if (h->user[0] == '\0' || (with_credentials && !h->user_from_credentials)) {
        lp_safe_text(user, strlen(user), h->user, sizeof h->user);
        h->user_from_credentials = with_credentials;
    }
}

const char *lp_phones_name(lp_phone_book *p, const char *raw)
{
    char name[1024]; /* a DNS name or an SNI, with room for its escapes */
    const char *kept;

    lp_safe_text(raw, strlen(raw), name, sizeof name);
    kept = g_hash_table_lookup(p->names, name);

    if (kept != NULL)
        return kept;
    if (g_hash_table_size(p->names) >= MAX_NAMES) {
        (*p->events_dropped)++;
        return NULL;
    }
    kept = g_strdup(name);
    g_hash_table_insert(p->names, (char *)kept, (char *)kept);
    return kept;
}

/* The phone a host belongs to: by DHCP binding, else by its own MAC if DHCP knows it. */
static lp_phone *owner(lp_phone_book *p, const host *h)
{
    mac_rec *m = NULL;

    if (h->bound) {
        m = g_hash_table_lookup(p->macs, &h->bound_mac);
    } else if (h->has_mac && !h->mac_conflict) {
        guint64 k = mac_key(h->mac);
        m = g_hash_table_lookup(p->macs, &k);
    }
    return m != NULL ? m->phone : NULL;
}

static gint by_time(gconstpointer a, gconstpointer b)
{
    const lp_event *x = &((const lp_phone_event *)a)->ev, *y = &((const lp_phone_event *)b)->ev;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->capture != y->capture)
        return x->capture < y->capture ? -1 : 1;
    if (x->frame != y->frame)
        return x->frame < y->frame ? -1 : 1;
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

static gint by_first_event(gconstpointer a, gconstpointer b)
{
    const lp_phone *x = *(lp_phone *const *)a, *y = *(lp_phone *const *)b;

    return by_time(&g_array_index(x->events, lp_phone_event, 0), &g_array_index(y->events, lp_phone_event, 0));
}

static void keep_relevant(lp_phone *ph, lp_event_filter keep, void *data)
{
    guint i, o = 0, others = 0;

    for (i = 0; i < ph->events->len; i++) {
        lp_phone_event *e = &g_array_index(ph->events, lp_phone_event, i);

        if (e->relevance == LP_KEEP_IF_NOT_ALONE || e->relevance == LP_KEEP || keep(e, data)) {
            others += e->relevance != LP_KEEP_IF_NOT_ALONE;
            g_array_index(ph->events, lp_phone_event, o++) = *e;
        }
    }
    if (others == 0) /* nothing else says the host is a phone signing in */
        o = 0;
    g_array_set_size(ph->events, o);
}

/* How many hosts (IP addresses) each source MAC carried: a router's carries many. */
static GHashTable *hosts_per_mac(lp_phone_book *p)
{
    GHashTable *count = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, p->hosts);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        const host *h = value;
        guint64 k;

        if (!h->has_mac)
            continue;
        k = mac_key(h->mac);
        g_hash_table_replace(count, g_memdup2(&k, sizeof k),
                             GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(count, &k)) + 1));
    }
    return count;
}

/* A host's own MAC: one address only ever came from it (a router's carries several). */
static bool own_mac(const host *h, GHashTable *count)
{
    guint64 k;

    if (!h->has_mac || h->mac_conflict)
        return false;
    k = mac_key(h->mac);
    return GPOINTER_TO_UINT(g_hash_table_lookup(count, &k)) == 1;
}

/* The users whose credentials the host sent, each once. */
static GPtrArray *host_users(const host *h)
{
    GPtrArray *users = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;

    if (h->conn_users == NULL)
        return users;
    g_hash_table_iter_init(&it, h->conn_users);
    while (g_hash_table_iter_next(&it, NULL, &value))
        if (!g_ptr_array_find(users, value, NULL))
            g_ptr_array_add(users, value);
    return users;
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The user whose credentials the event's connection carried, or NULL. */
static const char *user_of(const host *h, const lp_phone_event *e)
{
    return e->conn != 0 ? g_hash_table_lookup(h->conn_users, GUINT_TO_POINTER(e->conn)) : NULL;
}

static bool sip_step(const lp_event *ev)
{
    return ev->kind == LP_EV_SIP_CONNECT || ev->kind == LP_EV_SIP_RESPONSE || ev->kind == LP_EV_SIP_CLOSED ||
           ((ev->kind == LP_EV_CONNECT_FAILED || ev->kind == LP_EV_TLS_ALERT) && ev->server_port == LP_PORT_SIP_TLS);
}

/* Whether an event of no user's may be this user's: by whether the user got a certificate (split_by_user). */
static bool shared_fits(const lp_event *ev, bool certified, bool any_certificate)
{
    if (sip_step(ev))
        return certified || !any_certificate;
    return !certified || lp_event_result(ev) != LP_RESULT_FAILURE;
}

static bool got_certificate(const host *h, const char *user)
{
    for (guint i = 0; i < h->events->len; i++) {
        const lp_phone_event *e = &g_array_index(h->events, lp_phone_event, i);

        if (e->ev.kind == LP_EV_CERTIFICATE_ISSUED && (user == NULL ? user_of(h, e) != NULL : user_of(h, e) == user))
            return true;
    }
    return false;
}

/*
 * Several users' credentials from one address no DHCP tied to a phone:
 * phones behind a NAT (or one phone's retries as another user). A phone
 * per user, with its connections' events and those of no user's, by what
 * they can be: SIP comes after a certificate, so SIP of no user's goes to
 * the users that got one (all, when none did); another failure of no
 * user's, to those that got none. A refused user is never made signed in,
 * nor a signed-in one failed, by another's connections.
 */
static bool split_by_user(lp_phone_book *p, host *h, GHashTable *macs)
{
    GPtrArray *users = host_users(h);
    bool any_certificate;
    guint u, i;

    g_ptr_array_sort(users, by_name); /* the same order in every run */
    if (users->len < 2) {
        g_ptr_array_free(users, TRUE);
        return false;
    }
    any_certificate = got_certificate(h, NULL);
    for (u = 0; u < users->len; u++) {
        const char *user = g_ptr_array_index(users, u);
        bool certified = got_certificate(h, user);
        lp_phone *ph = phone_new();

        g_ptr_array_add(p->phones, ph);
        if (u == 0)
            h->phone = ph;
        if (own_mac(h, macs)) {
            ph->has_mac = true;
            memcpy(ph->mac, h->mac, 6);
        }
        ph->has_ip = true;
        ph->ip = h->ip;
        g_strlcpy(ph->user, user, sizeof ph->user);
        ph->users_at_address = users->len;
        ph->dropped = h->dropped;
        for (i = 0; i < h->events->len; i++) {
            const lp_phone_event *e = &g_array_index(h->events, lp_phone_event, i);
            const char *of = user_of(h, e);

            if (of == user || (of == NULL && shared_fits(&e->ev, certified, any_certificate)))
                g_array_append_val(ph->events, *e);
        }
    }
    g_ptr_array_free(users, TRUE);
    g_array_free(h->events, TRUE);
    h->events = NULL;
    return true;
}

GPtrArray *lp_phones_finish(lp_phone_book *p, lp_event_filter keep, void *data)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTable *macs = hosts_per_mac(p);
    GHashTableIter it;
    gpointer value;
    guint i;

    g_hash_table_iter_init(&it, p->hosts);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        host *h = value;
        lp_phone *ph;

        if (h->events == NULL)
            continue;
        ph = owner(p, h);
        if (ph == NULL && split_by_user(p, h, macs))
            continue;
        if (ph == NULL) {
            ph = phone_new();
            g_ptr_array_add(p->phones, ph);
            if (own_mac(h, macs)) {
                ph->has_mac = true;
                memcpy(ph->mac, h->mac, 6);
            }
        }
        if (!ph->has_ip || (ph->ip.family == 6 && h->ip.family == 4)) {
            ph->has_ip = true;
            ph->ip = h->ip;
        }
        h->phone = ph;
        if (ph->user[0] == '\0')
            g_strlcpy(ph->user, h->user, sizeof ph->user);
        if (ph->events->len < h->events->len) {
            /* Copy the smaller array into the larger (sorted below): no second copy of a busy host. */
            GArray *fewer = ph->events;

            ph->events = h->events;
            h->events = fewer;
        }
        g_array_append_vals(ph->events, h->events->data, h->events->len);
        ph->dropped += h->dropped;
        g_array_free(h->events, TRUE);
        h->events = NULL;
    }
    for (i = 0; i < p->phones->len; i++) {
        lp_phone *ph = g_ptr_array_index(p->phones, i);

        keep_relevant(ph, keep, data);
        if (ph->events->len == 0)
            continue;
        g_array_sort(ph->events, by_time);
        g_ptr_array_add(out, ph);
    }
    g_hash_table_destroy(macs);
    g_ptr_array_sort(out, by_first_event);
    return out;
}

const lp_phone *lp_phones_of_host(lp_phone_book *p, const lp_addr *ip)
{
    const host *h = g_hash_table_lookup(p->hosts, ip);

    return h != NULL ? h->phone : NULL;
}

void lp_phone_judge(lp_phone *ph, double capture_end)
{
    lp_event *evs = g_new(lp_event, ph->events->len);
    guint i;

    for (i = 0; i < ph->events->len; i++)
        evs[i] = g_array_index(ph->events, lp_phone_event, i).ev;
    lp_infer_encrypted(evs, ph->events->len, capture_end);
    lp_verdict_phone(evs, ph->events->len, capture_end, &ph->verdict);
    /* The inference named the services: the timeline shows them. */
    for (i = 0; i < ph->events->len; i++)
        g_array_index(ph->events, lp_phone_event, i).ev = evs[i];
    g_free(evs);
}

const char *lp_phone_shared_note(const lp_phone *ph, char *buf, size_t cap)
{
    char ip[LP_ADDR_STR_MAX];

    if (ph->users_at_address < 2)
        return NULL;
    snprintf(buf, cap, "one of %u users whose credentials came from %s (phones behind a NAT, or one phone "
             "signing in as each): judged by its own connections", ph->users_at_address, lp_addr_str(&ph->ip, ip));
    return buf;
}
