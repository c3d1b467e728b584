/* packet-lyncprov-dns.c - a phone's lookups of the pool and the SIP server
 *
 * Reads the DNS messages Wireshark found with core's parser and makes the
 * same events as pcap-summarize: which lookups belong to a sign-in is
 * decided at the end, when the pool's names are known.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/packet.h>

#include "dns_message.h"
#include "phone_book.h"
#include "pool_site.h"
#include "signin_facts.h"
#include "packet-lyncprov.h"

#define DNS_PORT 53

static int hf_dns_proto = -1;

typedef struct {
    lp_addr  client;
    guint16  port, id;
} query_key;

typedef struct {
    query_key   key;
    const char *name;
    guint16     qtype;
    lp_where    w;
} query;

/* Per file: queries waiting for their answer. */
static GHashTable *pending;

static guint key_hash(gconstpointer p)
{
    const query_key *k = (const query_key *)p;

    return lp_addr_hash(&k->client) ^ ((guint)k->port << 16 | k->id);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(query_key)) == 0;
}

static void dns_init(void)
{
    pending = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
}

static void dns_cleanup(void)
{
    g_hash_table_destroy(pending);
}

static void make_key(query_key *k, const lp_addr *client, guint16 port, guint16 id)
{
    memset(k, 0, sizeof *k);
    k->client = *client;
    k->port = port;
    k->id = id;
}

static void on_query(packet_info *pinfo, const lp_dns_msg *m, const lp_addr *client)
{
    lp_where w = lyncprov_where(pinfo);
    lp_phone_event ev;
    query *q;

    memset(&ev, 0, sizeof ev);
    lp_dns_query_event(&ev.ev, &w, m);
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    if ((ev.name = lyncprov_signin_name(m->qname)) == NULL)
        return;
    lyncprov_signin_host_event(client, lyncprov_src_mac(pinfo), &ev);
    q = g_new0(query, 1);
    make_key(&q->key, client, (guint16)pinfo->srcport, m->id);
    q->name = ev.name;
    q->qtype = m->qtype;
    q->w = w;
    g_hash_table_replace(pending, &q->key, q);
}

static void on_answer(packet_info *pinfo, const lp_dns_msg *m, const lp_addr *client)
{
    lp_where w = lyncprov_where(pinfo);
    lp_phone_event ev;
    query_key k;

    make_key(&k, client, (guint16)pinfo->destport, m->id);
    g_hash_table_remove(pending, &k);
    memset(&ev, 0, sizeof ev);
    lp_dns_answer_event(&ev.ev, &w, m, lyncprov_signin_site());
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    if ((ev.name = lyncprov_signin_name(m->qname)) != NULL)
        lyncprov_signin_host_event(client, NULL, &ev);
}

void lyncprov_dissect_dns(packet_info *pinfo, proto_tree *tree)
{
    GPtrArray *found;
    const field_info *fi;
    lp_dns_msg m;
    lp_addr client;
    lp_site *site = lyncprov_signin_site();

    if (PINFO_FD_VISITED(pinfo) || hf_dns_proto == -1 || pinfo->ptype != PT_UDP ||
        (found = proto_get_finfo_ptr_array(tree, hf_dns_proto)) == NULL || found->len == 0)
        return;
    fi = (const field_info *)g_ptr_array_index(found, 0);
    if (fi->ds_tvb == NULL || fi->length <= 0 || !tvb_bytes_exist(fi->ds_tvb, fi->start, fi->length) ||
        !lp_dns_msg_parse(tvb_get_ptr(fi->ds_tvb, fi->start, fi->length), (size_t)fi->length, &m) ||
        m.qname[0] == '\0')
        return;
    /* Once the pool is named, the rest of the network's lookups are not followed. */
    if (lp_site_has_names(site) && !lp_site_dns_relevant(site, m.qname))
        return;
    if (!m.is_response && pinfo->destport == DNS_PORT && lyncprov_addr(&pinfo->src, &client))
        on_query(pinfo, &m, &client);
    else if (m.is_response && pinfo->srcport == DNS_PORT && lyncprov_addr(&pinfo->dst, &client))
        on_answer(pinfo, &m, &client);
}

static void unanswered(gpointer key _U_, gpointer value, gpointer data _U_)
{
    const query *q = (const query *)value;
    lp_phone_event ev;
    bool failed;

    memset(&ev, 0, sizeof ev);
    lp_dns_unanswered_event(&ev.ev, &q->w, q->name, q->qtype, lyncprov_signin_capture_end(), TRUE, &failed);
    if (!failed)
        return;
    ev.relevance = LP_KEEP_IF_DNS_RELEVANT;
    ev.name = q->name;
    lyncprov_signin_host_event(&q->key.client, NULL, &ev);
}

void lyncprov_dns_finish(void)
{
    g_hash_table_foreach(pending, unanswered, NULL);
}

void lyncprov_dns_wanted_hfids(GArray *wanted)
{
    static const lyncprov_field fields[] = {
        { "dns", &hf_dns_proto },
    };

    lyncprov_want_fields(wanted, fields, G_N_ELEMENTS(fields));
}

void lyncprov_register_dns(void)
{
    register_init_routine(dns_init);
    register_cleanup_routine(dns_cleanup);
}
