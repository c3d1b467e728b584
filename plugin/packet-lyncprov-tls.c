/* packet-lyncprov-tls.c - TLS connections of a sign-in, and how TCP closed them
 *
 * Hands each TLS record Wireshark found (its raw header and, for the hellos
 * and alerts, its first bytes) to core's TLS session, the same as
 * pcap-summarize does from the stream. At the end of the capture each
 * connection gives its events: the handshake, the alert that broke it, the
 * SIP connection, and, when its HTTP could not be read, the sizes of its
 * exchanges for the inference.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/packet.h>

#include "phone_book.h"
#include "pool_site.h"
#include "signin_facts.h"
#include "tls_session.h"
#include "lyncprov_compat.h"
#include "packet-lyncprov.h"

#define TCP_FIN 0x001
#define TCP_SYN 0x002
#define TCP_RST 0x004
#define TCP_ACK 0x010
/* The root-chain download (plain HTTP) comes before TLS. */
#define HTTP_PORT 80

static int hf_tcp_stream = -1;
static int hf_tcp_flags = -1;
static int hf_tls_content_type = -1;
static int hf_tls_opaque_type = -1;
static int hf_sip_method = -1;

/* The first FIN or RST of a TCP connection. */
typedef struct {
    lp_addr  closer;
    guint16  closer_port;
    lp_where w;
} tcp_close;

typedef struct {
    lp_addr        phone, server;
    guint16        phone_port, server_port;
    gboolean       has_mac;
    guint8         mac[6];
    gboolean       decrypted;   /* its HTTP was read: the exchanges are known, not guessed */
    gboolean       sip_reported; /* a decrypted SIP request told the phone reached the SIP server */
    lp_tls_session s;
} tls_conn;

/* A phone's connection attempt, to tell a port that never answered. */
typedef struct {
    lp_addr  client, server;
    guint16  client_port, server_port;
    gboolean answered;      /* the server's SYN-ACK came */
} tcp_open;

/* Per file: TCP stream -> tcp_close, tcp_open and tls_conn. */
static GHashTable *closes;
static GHashTable *opens;
static GHashTable *conns;

static void tls_conn_free(gpointer p)
{
    tls_conn *c = (tls_conn *)p;

    lp_tls_session_clear(&c->s);
    g_free(c);
}

static void tls_init(void)
{
    closes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    opens = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    conns = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, tls_conn_free);
}

static void tls_cleanup(void)
{
    g_hash_table_destroy(closes);
    g_hash_table_destroy(opens);
    g_hash_table_destroy(conns);
}

/* The value of the last hf field of this frame (the innermost TCP). */
static gboolean last_uint(proto_tree *tree, int hf, guint32 *v)
{
    GPtrArray *a = hf != -1 ? proto_get_finfo_ptr_array(tree, hf) : NULL;

    if (a == NULL || a->len == 0)
        return FALSE;
    *v = fvalue_get_uinteger(LP_FI_FVALUE((const field_info *)g_ptr_array_index(a, a->len - 1)));
    return TRUE;
}

gboolean lyncprov_tcp_stream(proto_tree *tree, guint32 *stream)
{
    return last_uint(tree, hf_tcp_stream, stream);
}

gboolean lyncprov_tcp_closed(guint32 stream, const lp_addr *by, guint16 by_port, gboolean *closed_by_it,
                             lp_where *w)
{
    const tcp_close *c = (const tcp_close *)g_hash_table_lookup(closes, GUINT_TO_POINTER(stream));

    if (c == NULL)
        return FALSE;
    *closed_by_it = c->closer_port == by_port && lp_addr_equal(&c->closer, by);
    *w = c->w;
    return TRUE;
}

void lyncprov_tls_mark_decrypted(guint32 stream)
{
    tls_conn *c = (tls_conn *)g_hash_table_lookup(conns, GUINT_TO_POINTER(stream));

    if (c != NULL)
        c->decrypted = TRUE;
}

static gboolean is_server_port(guint16 port)
{
    return port == LP_PORT_HTTPS || port == LP_PORT_HTTPS_EXT || port == LP_PORT_SIP_TLS;
}

/* Who is the phone: the sender of a ClientHello, else the side away from the server's port. */
static tls_conn *conn_of(packet_info *pinfo, guint32 stream, const lp_tls_record *rec, const guint8 *body,
                         gsize body_len)
{
    tls_conn *c = (tls_conn *)g_hash_table_lookup(conns, GUINT_TO_POINTER(stream));
    gboolean sender_is_phone;
    lp_addr src, dst;

    if (c != NULL || !lyncprov_addr(&pinfo->src, &src) || !lyncprov_addr(&pinfo->dst, &dst))
        return c;
    if (rec->type == LP_TLS_CT_HANDSHAKE && body_len > 0)
        sender_is_phone = body[0] == LP_TLS_HS_CLIENT_HELLO;
    else
        sender_is_phone = !is_server_port((guint16)pinfo->srcport) || is_server_port((guint16)pinfo->destport);
    c = g_new0(tls_conn, 1);
    c->phone = sender_is_phone ? src : dst;
    c->server = sender_is_phone ? dst : src;
    c->phone_port = (guint16)(sender_is_phone ? pinfo->srcport : pinfo->destport);
    c->server_port = (guint16)(sender_is_phone ? pinfo->destport : pinfo->srcport);
    lp_tls_session_init(&c->s);
    g_hash_table_insert(conns, GUINT_TO_POINTER(stream), c);
    return c;
}

/*
 * The records of the frame. Their content type is the first byte of the
 * record header, so its field locates the raw header and body (FT_NONE
 * record items are not kept for a postdissector).
 */
static GPtrArray *fields_of(proto_tree *tree, int hf)
{
    return hf != -1 ? proto_get_finfo_ptr_array(tree, hf) : NULL;
}

/*
 * The next record header of the frame: TLS 1.3 names the type of an
 * encrypted record opaque_type, the others content_type; both lists are in
 * wire order, and merged by offset so the session sees them in that order.
 */
static const field_info *next_record(GPtrArray *types, guint *i, GPtrArray *opaque, guint *j)
{
    const field_info *a = types != NULL && *i < types->len ? (const field_info *)g_ptr_array_index(types, *i) : NULL;
    const field_info *b = opaque != NULL && *j < opaque->len ? (const field_info *)g_ptr_array_index(opaque, *j) : NULL;

    if (a != NULL && (b == NULL || a->ds_tvb != b->ds_tvb || a->start < b->start)) {
        (*i)++;
        return a;
    }
    if (b != NULL)
        (*j)++;
    return b;
}

static void tls_records(packet_info *pinfo, proto_tree *tree, guint32 stream)
{
    GPtrArray *types = fields_of(tree, hf_tls_content_type), *opaque = fields_of(tree, hf_tls_opaque_type);
    lp_where w = lyncprov_where(pinfo);
    const guint8 *mac = lyncprov_src_mac(pinfo);
    const field_info *fi;
    guint i = 0, j = 0;

    while ((fi = next_record(types, &i, opaque, &j)) != NULL) {
        const guint8 *p;
        gint avail;
        gsize body_len;
        lp_tls_record rec;
        tls_conn *c;
        int dir;

        if (fi->ds_tvb == NULL || !tvb_bytes_exist(fi->ds_tvb, fi->start, LP_TLS_RECORD_HEADER))
            continue;
        avail = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
        p = tvb_get_ptr(fi->ds_tvb, fi->start, avail);
        if (!lp_tls_record_parse(p, (size_t)avail, &rec))
            continue;
        body_len = MIN((gsize)rec.length, (gsize)avail - LP_TLS_RECORD_HEADER);
        if ((c = conn_of(pinfo, stream, &rec, p + LP_TLS_RECORD_HEADER, body_len)) == NULL)
            continue;
        dir = (guint16)pinfo->srcport == c->phone_port ? LP_DIR_PHONE : LP_DIR_SERVER;
        if (dir == LP_DIR_PHONE && mac != NULL && !c->has_mac) {
            c->has_mac = TRUE;
            memcpy(c->mac, mac, 6);
        }
        lp_tls_session_record(&c->s, dir, &rec, p + LP_TLS_RECORD_HEADER, body_len, &w);
    }
}

/* A request the phone sent the SIP server, read out of TLS that Wireshark decrypted. */
static void sip_request(packet_info *pinfo, proto_tree *tree, guint32 stream)
{
    GPtrArray *methods = hf_sip_method != -1 ? proto_get_finfo_ptr_array(tree, hf_sip_method) : NULL;
    tls_conn *c = (tls_conn *)g_hash_table_lookup(conns, GUINT_TO_POINTER(stream));
    const field_info *fi;
    lp_where w = lyncprov_where(pinfo);
    lp_phone_event ev;
    char ip[LP_ADDR_STR_MAX], server[80];

    if (methods == NULL || methods->len == 0 || c == NULL || c->sip_reported ||
        (guint16)pinfo->srcport != c->phone_port)
        return;
    fi = (const field_info *)g_ptr_array_index(methods, 0);
    if (fi->ds_tvb == NULL || fi->length <= 0 || !tvb_bytes_exist(fi->ds_tvb, fi->start, fi->length))
        return;
    c->sip_reported = TRUE;
    g_snprintf(server, sizeof server, "%s:%u", lp_addr_str(&c->server, ip), c->server_port);
    memset(&ev, 0, sizeof ev);
    lp_sip_request_event(&ev.ev, &w, (const char *)tvb_get_ptr(fi->ds_tvb, fi->start, fi->length),
                         (size_t)fi->length, server);
    lyncprov_signin_host_event(&c->phone, c->has_mac ? c->mac : NULL, &ev);
}

/* Connection attempts to port 80, and whether the server answered them. */
static void note_open(packet_info *pinfo, guint32 stream, guint32 flags)
{
    tcp_open *o;

    if (!(flags & TCP_SYN))
        return; /* most packets: no lookup */
    o = (tcp_open *)g_hash_table_lookup(opens, GUINT_TO_POINTER(stream));
    if (flags & TCP_ACK) {
        if (o != NULL)
            o->answered = TRUE;
        return;
    }
    if (o != NULL || pinfo->destport != HTTP_PORT)
        return;
    o = g_new0(tcp_open, 1);
    if (!lyncprov_addr(&pinfo->src, &o->client) || !lyncprov_addr(&pinfo->dst, &o->server)) {
        g_free(o);
        return;
    }
    o->client_port = (guint16)pinfo->srcport;
    o->server_port = (guint16)pinfo->destport;
    g_hash_table_insert(opens, GUINT_TO_POINTER(stream), o);
}

void lyncprov_dissect_tcp(packet_info *pinfo, proto_tree *tree)
{
    guint32 stream, flags;
    lp_addr src;

    if (PINFO_FD_VISITED(pinfo) || !lyncprov_tcp_stream(tree, &stream))
        return;
    if (!last_uint(tree, hf_tcp_flags, &flags))
        flags = 0;
    note_open(pinfo, stream, flags);
    if ((flags & (TCP_FIN | TCP_RST)) &&
        !g_hash_table_contains(closes, GUINT_TO_POINTER(stream)) && lyncprov_addr(&pinfo->src, &src)) {
        tcp_close *c = g_new0(tcp_close, 1);

        c->closer = src;
        c->closer_port = (guint16)pinfo->srcport;
        c->w = lyncprov_where(pinfo);
        g_hash_table_insert(closes, GUINT_TO_POINTER(stream), c);
    }
    tls_records(pinfo, tree, stream);
    sip_request(pinfo, tree, stream);
}

typedef struct {
    const tls_conn *c;
} sink_data;

static void emit(void *data, lp_event *lev)
{
    const tls_conn *c = ((const sink_data *)data)->c;
    lp_phone_event ev;

    memset(&ev, 0, sizeof ev);
    ev.ev = *lev;
    lyncprov_signin_host_event(&c->phone, c->has_mac ? c->mac : NULL, &ev);
}

static void conn_events(gpointer key, gpointer value, gpointer data _U_)
{
    const tls_conn *c = (const tls_conn *)value;
    lp_tls_close end;
    sink_data d = { c };
    char server[LP_TLS_SNI_MAX + 8];
    lp_role role = lp_site_connection_role(lyncprov_signin_site(), c->s.sni, &c->server, c->server_port);
    gboolean by_phone;

    memset(&end, 0, sizeof end);
    end.closed_by = -1;
    if (lyncprov_tcp_closed(GPOINTER_TO_UINT(key), &c->phone, c->phone_port, &by_phone, &end.closed))
        end.closed_by = by_phone ? LP_DIR_PHONE : LP_DIR_SERVER;
    end.end.t = lyncprov_signin_capture_end();
    end.decrypted = c->decrypted;
    end.sip_reported = c->sip_reported;
    if (c->s.sni[0] != '\0') {
        g_snprintf(server, sizeof server, "%s:%u", c->s.sni, c->server_port);
    } else {
        char ip[LP_ADDR_STR_MAX];

        g_snprintf(server, sizeof server, "%s:%u", lp_addr_str(&c->server, ip), c->server_port);
    }
    lp_tls_session_events(&c->s, role, server, &end, emit, &d);
}

/*
 * A phone's connection to the pool's port 80 that the server refused or
 * never answered: the root chain could not be downloaded, which explains a
 * TLS failure that follows (as pcap-summarize's app_rootchain.c says it).
 */
static void unanswered_open(gpointer key, gpointer value, gpointer data _U_)
{
    const tcp_open *o = (const tcp_open *)value;
    lp_where end = { 0, 0, lyncprov_signin_capture_end() }, closed;
    gboolean by_client, refused;
    lp_phone_event ev;

    if (o->answered ||
        lp_site_connection_role(lyncprov_signin_site(), "", &o->server, LP_PORT_HTTPS) != LP_ROLE_WEB)
        return;
    refused = lyncprov_tcp_closed(GPOINTER_TO_UINT(key), &o->client, o->client_port, &by_client, &closed) &&
              !by_client;
    memset(&ev, 0, sizeof ev);
    lp_root_chain_event(&ev.ev, refused ? &closed : &end, 0, o->server_port,
                        refused ? "refused the connection (RST)" : "never answered the connection");
    lyncprov_signin_host_event(&o->client, NULL, &ev);
}

void lyncprov_tls_finish(void)
{
    g_hash_table_foreach(conns, conn_events, NULL);
    g_hash_table_foreach(opens, unanswered_open, NULL);
}

void lyncprov_tls_wanted_hfids(GArray *wanted)
{
    static const lyncprov_field fields[] = {
        { "tcp.stream", &hf_tcp_stream },
        { "tcp.flags",  &hf_tcp_flags },
        { "tls.record.content_type", &hf_tls_content_type },
        { "tls.record.opaque_type",  &hf_tls_opaque_type },
        { "sip.Method",              &hf_sip_method },
    };

    lyncprov_want_fields(wanted, fields, G_N_ELEMENTS(fields));
}

void lyncprov_register_tls(void)
{
    register_init_routine(tls_init);
    register_cleanup_routine(tls_cleanup);
}
