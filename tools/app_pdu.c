/* app_pdu.c - decrypted PDUs joined to their connection
 *
 * A record names its connection by addresses and ports, so it lands in the
 * same flow as the TLS packets of that connection when both files are read
 * together: the HTTP then replaces the guesses made from record sizes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_pdu.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "app.h"
#include "app_http.h"
#include "export_pdu.h"
#include "signin_facts.h"
#include "tcp_flow.h"

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The phone reached the SIP server when it sends it a request (REGISTER). */
static void sip(ps_ctx *ctx, ps_flow *f, int dir, const uint8_t *p, size_t len, const ps_where *w,
                uint32_t orig_frame)
{
    const uint8_t *sp = memchr(p, ' ', len < 16 ? len : 16);
    char a[PS_ADDR_STR_MAX], server[PS_ADDR_STR_MAX + 8];
    lp_phone_event ev;

    /* METHOD SP sip:... */
    if (dir != PS_C2S || f->sip_reported || sp == NULL || sp == p || (size_t)(sp - p) + 4 > len ||
        g_ascii_strncasecmp((const char *)sp + 1, "sip", 3) != 0)
        return;
    f->sip_reported = true;
    snprintf(server, sizeof server, "%s:%u", ps_addr_str(&f->addr[PS_S2C], a), f->port[PS_S2C]);
    memset(&ev, 0, sizeof ev);
    lp_sip_request_event(&ev.ev, w, (const char *)p, (size_t)(sp - p), server);
    ev.orig_frame = orig_frame;
    ps_app_emit(ctx, f, &ev);
}

void ps_pdu_record(ps_ctx *ctx, const uint8_t *data, size_t len, const ps_where *w)
{
    lp_epdu e;
    ps_http_pdu pdu;
    ps_addr src, dst;
    const uint8_t *p;
    size_t n;
    ps_flow *f;
    int dir;
    bool is_sip, src_is_client;

    if (!lp_epdu_parse(data, len, &e) || e.family == 0 || !e.has_ports || e.port_type != LP_EPDU_PORT_TCP)
        return;
    is_sip = starts_with(e.proto, "sip");
    if (!is_sip && !starts_with(e.proto, "http"))
        return;
    p = data + e.payload_off;
    n = len - e.payload_off;
    lp_addr_set(&src, e.family, e.src);
    lp_addr_set(&dst, e.family, e.dst);
    /* Whoever sends a request is the client; a response comes from the server. */
    src_is_client = !(n >= 7 && (memcmp(p, "HTTP/1.", 7) == 0 || memcmp(p, "SIP/2.0", 7) == 0));
    f = ps_flows_by_endpoints(ctx, &src, e.src_port, &dst, e.dst_port, src_is_client, &dir);
    if (is_sip) {
        sip(ctx, f, dir, p, n, w, e.orig_frame);
        return;
    }
    if (f->decrypted == NULL)
        f->decrypted = ps_http_new();
    pdu.data = p;
    pdu.len = n;
    pdu.orig_frame = e.orig_frame;
    ps_http_record(ctx, f->decrypted, f, dir, &pdu, w);
}
