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
#include "lp_str.h"
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
    char a[PS_ADDR_STR_MAX];
    ps_event ev;

    /* METHOD SP sip:... */
    if (dir != PS_C2S || f->sip_reported || sp == NULL || sp == p || (size_t)(sp - p) + 4 > len ||
        g_ascii_strncasecmp((const char *)sp + 1, "sip", 3) != 0)
        return;
    f->sip_reported = true;
    ps_event_init(&ev, LP_EV_SIP_CONNECT, w);
    ev.orig_frame = orig_frame;
    ps_event_detail(&ev, "SIP %.*s to %s:%u (decrypted)", (int)(sp - p), (const char *)p,
             ps_addr_str(&f->addr[PS_S2C], a), f->port[PS_S2C]);
    ps_app_emit(ctx, f, &ev);
}

/* The value of header name in a SIP message head (p, len), or an empty view. */
static lp_str sip_header(const uint8_t *p, size_t len, const char *name)
{
    lp_str rest = { (const char *)p, len }, line;
    size_t nl, n = strlen(name);

    while ((nl = lp_str_ifind(rest, "\r\n")) < rest.len) {
        rest.ptr += nl + 2;
        rest.len -= nl + 2;
        line.ptr = rest.ptr;
        line.len = lp_str_ifind(rest, "\r\n");
        if (line.len == 0)
            break; /* end of the head */
        if (line.len > n && line.ptr[n] == ':' && lp_str_istarts(line, name)) {
            line.ptr += n + 1;
            line.len -= n + 1;
            while (line.len > 0 && line.ptr[0] == ' ') {
                line.ptr++;
                line.len--;
            }
            return line;
        }
    }
    return (lp_str){ NULL, 0 };
}

/* The registrar's final answer to REGISTER ("SIP/2.0 403 Forbidden"), with
 * its ms-diagnostics: whether the phone registered. */
static void sip_answer(ps_ctx *ctx, ps_flow *f, int dir, const uint8_t *p, size_t len, const ps_where *w,
                       uint32_t orig_frame)
{
    lp_str cseq, diag;
    unsigned status;
    ps_event ev;

    if (dir != PS_S2C || len < 12 || memcmp(p, "SIP/2.0 ", 8) != 0 ||
        !g_ascii_isdigit(p[8]) || !g_ascii_isdigit(p[9]) || !g_ascii_isdigit(p[10]) || p[11] != ' ')
        return;
    status = (unsigned)(p[8] - '0') * 100 + (unsigned)(p[9] - '0') * 10 + (unsigned)(p[10] - '0');
    cseq = sip_header(p, len, "CSeq");
    if (status < 200 || lp_str_ifind(cseq, "REGISTER") == cseq.len ||
        (orig_frame != 0 && orig_frame == f->sip_answer_frame))
        return;
    f->sip_answer_frame = orig_frame;
    ps_event_init(&ev, LP_EV_SIP_RESPONSE, w);
    ev.orig_frame = orig_frame;
    ev.ev.status = status;
    diag = sip_header(p, len, "ms-diagnostics");
    g_strlcpy(ev.ev.reason, "", sizeof ev.ev.reason);
    if (diag.len > 0) {
        size_t n = diag.len < sizeof ev.ev.reason - 1 ? diag.len : sizeof ev.ev.reason - 1;

        memcpy(ev.ev.reason, diag.ptr, n);
        ev.ev.reason[n] = '\0';
        ps_printable(ev.ev.reason);
    }
    ps_event_detail(&ev, "SIP %u to REGISTER (decrypted)%s%s", status, diag.len ? ": ms-diagnostics " : "",
                    ev.ev.reason);
    ps_app_emit(ctx, f, &ev);
}

void ps_pdu_record(ps_ctx *ctx, const uint8_t *data, size_t len, const ps_where *w)
{
    lp_epdu e;
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
    ps_addr_set(&src, e.family, e.src);
    ps_addr_set(&dst, e.family, e.dst);
    /* Whoever sends a request is the client; a response comes from the server. */
    src_is_client = !(n >= 7 && (memcmp(p, "HTTP/1.", 7) == 0 || memcmp(p, "SIP/2.0", 7) == 0));
    f = ps_flows_by_endpoints(ctx, &src, e.src_port, &dst, e.dst_port, src_is_client, &dir);
    if (is_sip) {
        sip(ctx, f, dir, p, n, w, e.orig_frame);
        sip_answer(ctx, f, dir, p, n, w, e.orig_frame);
        return;
    }
    if (f->decrypted == NULL)
        f->decrypted = ps_http_new();
    ps_http_data(ctx, f->decrypted, f, dir, p, n, w, e.orig_frame, true);
}
