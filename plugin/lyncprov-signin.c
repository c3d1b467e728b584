/* lyncprov-signin.c - each phone's sign-in, judged as pcap-summarize judges it
 *
 * The parts of the plugin turn what Wireshark dissected into the same
 * lp_events as pcap-summarize, keyed the same way (core's phone book). When
 * the first pass is over, the parts add what only the end can tell (requests
 * never answered, TLS connections as a whole), and core infers what
 * encrypted exchanges were and judges every phone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/to_str.h>
#include <epan/packet.h>
#include <wsutil/wmem/wmem.h>

#include "lp_text.h"
#include "phone_book.h"
#include "pool_site.h"
#include "signin_facts.h"
#include "packet-lyncprov.h"

/* What the capture tells, for the file open now. */
typedef struct {
    lp_phone_book *book;
    lp_site       *site;
    uint64_t       table_full, events_dropped, site_dropped;
    double         capture_end;
    gboolean       finished;
    GPtrArray     *phones;   /* lp_phone, judged, after the end */
    GHashTable    *inferred; /* frame -> lp_event the inference named */
} signin_state;

static signin_state *signin;
/* The frame being dissected, while its parts add events (see ladder_step()). */
static packet_info *dissecting;

static void signin_init(void)
{
    signin = g_new0(signin_state, 1);
    signin->book = lp_phones_new(&signin->table_full, &signin->events_dropped);
    signin->site = lp_site_new(&signin->site_dropped);
    signin->inferred = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
}

static void signin_cleanup(void)
{
    if (signin == NULL)
        return;
    if (signin->phones != NULL)
        g_ptr_array_free(signin->phones, TRUE);
    lp_phones_free(signin->book);
    lp_site_free(signin->site);
    g_hash_table_destroy(signin->inferred);
    g_free(signin);
    signin = NULL;
    lp_text_reset(); /* the events' texts, now that no event is left */
}

lp_where lyncprov_where(const packet_info *pinfo)
{
    lp_where w = { 0, pinfo->num, nstime_to_sec(&pinfo->abs_ts) };

    return w;
}

gboolean lyncprov_addr(const address *a, lp_addr *out)
{
    if (a->type == AT_IPv4 && a->len == 4)
        lp_addr_set(out, 4, (const guint8 *)a->data);
    else if (a->type == AT_IPv6 && a->len == 16)
        lp_addr_set(out, 6, (const guint8 *)a->data);
    else
        return FALSE;
    return TRUE;
}

const guint8 *lyncprov_src_mac(const packet_info *pinfo)
{
    return pinfo->dl_src.type == AT_ETHER && pinfo->dl_src.len == 6 ? (const guint8 *)pinfo->dl_src.data : NULL;
}

lp_site *lyncprov_signin_site(void)
{
    return signin->site;
}

const char *lyncprov_signin_name(const char *name)
{
    return lp_phones_name(signin->book, name);
}

/* An event of the frame being dissected is a step of the ladder; the HTTP part draws its own. */
static void ladder_step(const lp_phone_event *ev)
{
    if (dissecting == NULL || ev->ev.frame != dissecting->num)
        return;
    switch (ev->ev.kind) {
    case LP_EV_DHCP_ACK:
        lyncprov_flow_remember(dissecting,
                               wmem_strdup_printf(dissecting->pool, "DHCP reply: %s", ev->ev.detail));
        break;
    case LP_EV_DHCP_INFORM:
    case LP_EV_TLS_HANDSHAKE:
    case LP_EV_TLS_ALERT:
    case LP_EV_SIP_CONNECT:
    case LP_EV_SIP_RESPONSE:
        lyncprov_flow_remember(dissecting, ev->ev.detail);
        break;
    case LP_EV_DNS_QUERY:
    case LP_EV_DNS_ANSWER:
    case LP_EV_DNS_FAILURE:
        lyncprov_flow_remember(dissecting, wmem_strdup_printf(dissecting->pool, "DNS %s", ev->ev.detail));
        break;
    default:
        break;
    }
}

void lyncprov_signin_host_event(const lp_addr *host, const guint8 *mac, const lp_phone_event *ev)
{
    lp_phones_add(signin->book, host, mac, ev);
    ladder_step(ev);
}

gboolean lyncprov_signin_mac_event(const guint8 mac[6], const lp_phone_event *ev)
{
    ladder_step(ev);
    return lp_phones_add_mac(signin->book, mac, ev);
}

void lyncprov_signin_bind(const guint8 mac[6], const lp_addr *ip)
{
    lp_phones_bind(signin->book, mac, ip);
}

void lyncprov_signin_set_user(const lp_addr *host, const char *user, gboolean with_credentials)
{
    lp_phones_set_user(signin->book, host, user, with_credentials);
}

double lyncprov_signin_capture_end(void)
{
    return signin->capture_end;
}

/* The end-of-capture half of the relevance rules, as in pcap-summarize. */
static bool keep_event(const lp_phone_event *ev, void *site)
{
    if (ev->relevance == LP_KEEP_IF_DNS_RELEVANT)
        return lp_site_dns_relevant(site, ev->name);
    return !lp_site_has_names(site) || lp_site_name_role(site, ev->name) != LP_ROLE_NONE;
}

static void finish(void)
{
    guint i, j;

    lyncprov_dhcp_finish();
    lyncprov_tls_finish();
    lyncprov_http_finish();
    lyncprov_dns_finish();
    signin->finished = TRUE;
    signin->phones = lp_phones_finish(signin->book, keep_event, signin->site);
    for (i = 0; i < signin->phones->len; i++) {
        lp_phone *ph = (lp_phone *)g_ptr_array_index(signin->phones, i);

        lp_phone_judge(ph, signin->capture_end);
        for (j = 0; j < ph->events->len; j++) {
            const lp_event *ev = &g_array_index(ph->events, lp_phone_event, j).ev;

            if (ev->inferred)
                g_hash_table_insert(signin->inferred, GUINT_TO_POINTER(ev->frame), g_memdup2(ev, sizeof *ev));
        }
    }
}

void lyncprov_signin_frame(packet_info *pinfo)
{
    dissecting = NULL;
    if (!PINFO_FD_VISITED(pinfo)) {
        double t = nstime_to_sec(&pinfo->abs_ts);

        dissecting = pinfo;

        if (t > signin->capture_end)
            signin->capture_end = t;
    } else if (!signin->finished) {
        finish();
    }
}

void lyncprov_signin_frame_done(void)
{
    dissecting = NULL;
}

gboolean lyncprov_signin_judged(void)
{
    return signin != NULL && signin->finished;
}

GPtrArray *lyncprov_signin_phones(void)
{
    if (signin == NULL)
        return NULL;
    if (!signin->finished)
        finish();
    return signin->phones;
}

const char *lyncprov_mac_str(const guint8 mac[6], char buf[LYNCPROV_MAC_STR_MAX])
{
    address a;

    set_address(&a, AT_ETHER, 6, mac);
    address_to_str_buf(&a, buf, LYNCPROV_MAC_STR_MAX);
    return buf;
}

const char *lyncprov_phone_of(wmem_allocator_t *pool, const lp_addr *ip)
{
    const lp_phone *ph = signin->finished ? lp_phones_of_host(signin->book, ip) : NULL;
    char buf[LP_ADDR_STR_MAX];

    return wmem_strdup(pool, ph != NULL && ph->has_mac ? lyncprov_mac_str(ph->mac, buf) : lp_addr_str(ip, buf));
}

const lp_event *lyncprov_signin_inferred(guint32 frame)
{
    return signin->finished ? (const lp_event *)g_hash_table_lookup(signin->inferred, GUINT_TO_POINTER(frame))
                            : NULL;
}

void lyncprov_signin_register(void)
{
    register_init_routine(signin_init);
    register_cleanup_routine(signin_cleanup);
}
