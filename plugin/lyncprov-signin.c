/* lyncprov-signin.c - each phone's sign-in, judged by core's engine
 *
 * On the first pass every frame goes to the engine (core/engine), with the
 * TLS that Wireshark decrypted: the engine does the reassembly, the pairing
 * and the events, as it does for pcap-summarize. It tells the parts what it
 * paired (DHCP, web service messages), and they keep that per frame to draw
 * on every pass. When the first pass is over, the engine judges the phones.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/to_str.h>
#include <epan/packet.h>
#include <wsutil/wmem/wmem.h>

#include "engine.h"
#include "lp_text.h"
#include "phone_book.h"
#include "signin_facts.h"
#include "packet-lyncprov.h"

/* What the capture tells, for the file open now. */
typedef struct {
    lp_engine      engine;
    double         capture_end;
    gboolean       finished;
    GPtrArray     *phones;   /* lp_phone, judged, after the end */
    GHashTable    *inferred; /* frame -> lp_event the inference named */
    GHashTable    *failures; /* frame -> lyncprov_failure */
    GByteArray    *drawn;    /* a bit per frame that has lyncprov items: most frames need no lookup */
    /* The frame being fed, while the engine tells about it. */
    packet_info   *pinfo;
    const guint8  *bytes;
    guint          len;
} signin_state;

static signin_state *signin;

/* An event of the frame being fed is a step of the ladder; the HTTP part draws its own. */
static void ladder_step(packet_info *dissecting, const lp_phone_event *ev)
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
    case LP_EV_CONNECT_FAILED:
    case LP_EV_SIP_CONNECT:
    case LP_EV_SIP_CLOSED:
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

static void on_event(void *data, const lp_addr *host _U_, const guint8 *mac _U_, const lp_phone_event *ev)
{
    const signin_state *s = (const signin_state *)data;

    ladder_step(s->pinfo, ev);
    if (ev->ev.kind == LP_EV_DHCP_NO_REPLY)
        lyncprov_dhcp_no_reply(ev->ev.frame);
    else if (ev->ev.kind == LP_EV_NO_RESPONSE && lp_event_result(&ev->ev) == LP_RESULT_FAILURE)
        lyncprov_http_no_response(ev->ev.frame);
}

static void on_dhcp(void *data, const lp_dhcp_seen *m)
{
    const signin_state *s = (const signin_state *)data;

    /* Drawn on the frame's own bytes; a message put together from IP fragments is not drawn. */
    if (s->pinfo == NULL || m->msg < s->bytes || m->msg + m->len > s->bytes + s->len)
        return;
    lyncprov_dhcp_seen(s->pinfo, (guint)(m->msg - s->bytes), m);
}

static void on_http(void *data _U_, const lp_http_seen *m)
{
    lyncprov_http_seen(m);
}

static const lp_engine_observer observer = { on_event, on_dhcp, on_http };

static void signin_init(void)
{
    signin = g_new0(signin_state, 1);
    lp_engine_init(&signin->engine, lyncprov_http_show_pin());
    lp_engine_set_observer(&signin->engine, &observer, signin);
    signin->inferred = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    signin->failures = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    signin->drawn = g_byte_array_new();
}

static void signin_cleanup(void)
{
    if (signin == NULL)
        return;
    if (signin->phones != NULL)
        g_ptr_array_free(signin->phones, TRUE);
    lp_engine_free(&signin->engine);
    g_hash_table_destroy(signin->inferred);
    g_hash_table_destroy(signin->failures);
    g_byte_array_unref(signin->drawn);
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

/* A failed connection or handshake, or an answer to REGISTER, kept to be drawn on its frame. */
static void keep_failure(const lp_phone *ph, const lp_event *ev)
{
    lyncprov_failure *f;

    if (ev->kind != LP_EV_SIP_RESPONSE &&
        ((ev->kind != LP_EV_CONNECT_FAILED && ev->kind != LP_EV_TLS_ALERT && ev->kind != LP_EV_SIP_CLOSED) ||
         lp_event_result(ev) != LP_RESULT_FAILURE))
        return;
    f = g_new0(lyncprov_failure, 1);
    f->ev = *ev;
    if (ph->has_mac)
        lyncprov_mac_str(ph->mac, f->phone);
    else
        lp_addr_str(&ph->ip, f->phone);
    g_hash_table_insert(signin->failures, GUINT_TO_POINTER(ev->frame), f);
    lyncprov_signin_draws(ev->frame);
}

static void finish(void)
{
    guint i, j;

    lp_engine_finish(&signin->engine, signin->capture_end);
    signin->finished = TRUE;
    signin->phones = lp_engine_phones(&signin->engine, signin->capture_end);
    for (i = 0; i < signin->phones->len; i++) {
        const lp_phone *ph = (const lp_phone *)g_ptr_array_index(signin->phones, i);

        for (j = 0; j < ph->events->len; j++) {
            const lp_event *ev = &g_array_index(ph->events, lp_phone_event, j).ev;

            if (ev->inferred) {
                g_hash_table_insert(signin->inferred, GUINT_TO_POINTER(ev->frame), g_memdup2(ev, sizeof *ev));
                lyncprov_signin_draws(ev->frame);
            }
            keep_failure(ph, ev);
        }
    }
}

void lyncprov_signin_draws(guint32 frame)
{
    guint byte = frame / 8;

    if (byte >= signin->drawn->len) {
        guint from = signin->drawn->len;

        g_byte_array_set_size(signin->drawn, MAX(byte + 1, from * 2));
        memset(signin->drawn->data + from, 0, signin->drawn->len - from);
    }
    signin->drawn->data[byte] |= (guint8)(1u << (frame % 8));
}

gboolean lyncprov_signin_drawn(guint32 frame)
{
    guint byte = frame / 8;

    return byte < signin->drawn->len && (signin->drawn->data[byte] & (1u << (frame % 8))) != 0;
}

static void feed_frame(void *data, int linktype, const guint8 *bytes, size_t len)
{
    signin_state *s = (signin_state *)data;
    lp_frame f = { lyncprov_where(s->pinfo), linktype, bytes, (guint32)len };

    s->bytes = bytes;
    s->len = (guint)len;
    lp_engine_frame(&s->engine, &f);
}

static void feed_plaintext(void *data, const lp_addr *src, guint16 sport, const lp_addr *dst, guint16 dport,
                           guint8 type, const guint8 *bytes, size_t len)
{
    signin_state *s = (signin_state *)data;
    lp_where w = lyncprov_where(s->pinfo);

    lp_engine_plaintext(&s->engine, src, sport, dst, dport, type, bytes, len, &w);
}

static const lyncprov_feed_sink feed = { feed_frame, feed_plaintext };

void lyncprov_signin_frame(tvbuff_t *tvb, packet_info *pinfo)
{
    double t;

    if (PINFO_FD_VISITED(pinfo)) {
        if (!signin->finished)
            finish();
        return;
    }
    t = nstime_to_sec(&pinfo->abs_ts);
    if (t > signin->capture_end)
        signin->capture_end = t;
    signin->pinfo = pinfo;
    lyncprov_feed_packet(tvb, pinfo, &feed, signin);
    signin->pinfo = NULL;
    signin->bytes = NULL;
    signin->len = 0;
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
    const lp_phone *ph = signin->finished ? lp_phones_of_host(signin->engine.phones, ip) : NULL;
    char buf[LP_ADDR_STR_MAX];

    return wmem_strdup(pool, ph != NULL && ph->has_mac ? lyncprov_mac_str(ph->mac, buf) : lp_addr_str(ip, buf));
}

const lp_event *lyncprov_signin_inferred(guint32 frame)
{
    return signin->finished ? (const lp_event *)g_hash_table_lookup(signin->inferred, GUINT_TO_POINTER(frame))
                            : NULL;
}

const lyncprov_failure *lyncprov_signin_failure(guint32 frame)
{
    return signin->finished ? (const lyncprov_failure *)g_hash_table_lookup(signin->failures, GUINT_TO_POINTER(frame))
                            : NULL;
}

void lyncprov_signin_register(void)
{
    register_init_routine(signin_init);
    register_cleanup_routine(signin_cleanup);
}
