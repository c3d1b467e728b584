/* app_pdu.c - decrypted PDUs joined to their connection
 *
 * A record names its connection by addresses and ports, so it lands in the
 * same flow as the TLS packets of that connection when both files are read
 * together: the HTTP then replaces the guesses made from record sizes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "app_pdu.h"

#include <string.h>

#include <glib.h>

#include "app.h"
#include "app_http.h"
#include "app_sip.h"
#include "export_pdu.h"
#include "tcp_flow.h"

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

void lp_pdu_record(lp_engine *ctx, const uint8_t *data, size_t len, const lp_where *w)
{
    lp_epdu e;
    lp_http_pdu pdu;
    lp_addr src, dst;
    const uint8_t *p;
    size_t n;
    lp_flow *f;
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
    src_is_client = lp_app_sent_by_client(p, n);
    f = lp_flows_by_endpoints(ctx, &src, e.src_port, &dst, e.dst_port, src_is_client, &dir);
    if (f->decrypted_by == LP_DECRYPTED_TLS)
        return;
    f->decrypted_by = LP_DECRYPTED_PDU;
    if (is_sip) {
        lp_sip_message(ctx, f, dir, p, n, w, e.orig_frame);
        return;
    }
    if (f->decrypted == NULL)
        f->decrypted = lp_http_new();
    pdu.data = p;
    pdu.len = n;
    pdu.orig_frame = e.orig_frame;
    lp_http_record(ctx, f->decrypted, f, dir, &pdu, w);
}
