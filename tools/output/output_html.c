/* output_html.c - one self-contained page for a help-desk ticket: a summary
 * of the phones by outcome, then per phone a ladder diagram in inline SVG
 * (lanes Phone, DHCP, DNS, CertProv, WebTicket, SIP; an arrow per event,
 * the failing step red), the cause, the frame to open and the advice. No
 * script and nothing fetched: the page's policy forbids it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include <string.h>

/* The ladder's geometry, in CSS pixels. */
#define LANE_X0     210
#define LANE_GAP    150
#define LADDER_W    (LANE_X0 + 5 * LANE_GAP + 40)
#define ROW_TOP     56
#define ROW_H       30
#define LABEL_CHARS 96

/* Exact colours, so that a screenshot can be checked (tests/tool/test_html.py). */
#define COLOUR_FAIL   "#e00000"
#define COLOUR_LADDER "#f4f7fa"

typedef enum { LANE_PHONE, LANE_DHCP, LANE_DNS, LANE_CERTPROV, LANE_WEBTICKET, LANE_SIP, LANE_COUNT } lane;

static const char *const lane_names[LANE_COUNT] = { "Phone", "DHCP", "DNS", "CertProv", "WebTicket", "SIP" };

static const char style[] =
    "body{font:14px/1.45 system-ui,sans-serif;color:#1c2833;margin:24px;max-width:1060px}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 8px}"
    ".captures{color:#5d6d7e;margin:0 0 16px}"
    "table.summary{border-collapse:collapse;margin-bottom:24px}"
    "table.summary td,table.summary th{border:1px solid #d5dbe1;padding:3px 10px;text-align:left}"
    "section.phone{border:1px solid #d5dbe1;border-radius:6px;padding:14px 16px;margin-bottom:22px}"
    ".badge{display:inline-block;border-radius:4px;padding:0 8px;color:#fff;font-weight:600}"
    ".ok{background:#1e8449}.failed{background:#a93226}.open{background:#b9770e}"
    "svg.ladder{display:block;margin:6px 0 10px}"
    "svg text{font:11px system-ui,sans-serif;paint-order:stroke;stroke:" COLOUR_LADDER ";stroke-width:3px}"
    "svg text.lane{font-weight:700;font-size:12px}svg text.when{fill:#5d6d7e}"
    "svg .fail text{fill:" COLOUR_FAIL ";font-weight:700}svg .warn text{fill:#af601a}"
    "dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:0}dt{font-weight:600}dd{margin:0}";

static void put_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

static const char *outcome_class(lp_outcome o)
{
    static const char *const classes[] = { "ok", "open", "failed" }; /* by lp_settled */

    return classes[lp_outcome_settled(o)];
}

/* The lane of a web service or SIP: by the event's service, else CertProv (the pool's first). */
static lane service_lane(lp_service s)
{
    return s == LP_SVC_WEBTICKET ? LANE_WEBTICKET : LANE_CERTPROV;
}

/* A TLS handshake or alert belongs to what the connection is for: the next web or SIP event. */
static lane tls_lane(const lp_phone *ph, guint i)
{
    for (guint j = i + 1; j < ph->events->len; j++) {
        const lp_event *ev = &g_array_index(ph->events, lp_phone_event, j).ev;

        switch (ev->kind) {
        case LP_EV_SIP_CONNECT:
        case LP_EV_SIP_RESPONSE:
            return LANE_SIP;
        case LP_EV_HTTP_REQUEST:
        case LP_EV_HTTP_RESPONSE:
        case LP_EV_NO_RESPONSE:
        case LP_EV_CERTIFICATE_ISSUED:
            return service_lane(ev->service);
        default:
            break;
        }
    }
    return LANE_CERTPROV;
}

/* The other end of an event's arrow, and whether it goes to the phone. */
static lane peer(const lp_phone *ph, guint i, bool *to_phone, bool *dashed)
{
    const lp_event *ev = &g_array_index(ph->events, lp_phone_event, i).ev;

    *dashed = ev->kind == LP_EV_DHCP_NO_REPLY || ev->kind == LP_EV_NO_RESPONSE;
    *to_phone = true;
    switch (ev->kind) {
    case LP_EV_DHCP_INFORM:
        *to_phone = false;
        /* fall through */
    case LP_EV_DHCP_ACK:
    case LP_EV_DHCP_NO_REPLY:
        return LANE_DHCP;
    case LP_EV_DNS_QUERY:
        *to_phone = false;
        /* fall through */
    case LP_EV_DNS_ANSWER:
    case LP_EV_DNS_FAILURE:
        return LANE_DNS;
    case LP_EV_TLS_HANDSHAKE:
        *to_phone = false;
        /* fall through */
    case LP_EV_TLS_ALERT:
        return tls_lane(ph, i);
    case LP_EV_HTTP_REQUEST:
        *to_phone = false;
        /* fall through */
    case LP_EV_HTTP_RESPONSE:
    case LP_EV_NO_RESPONSE:
    case LP_EV_CERTIFICATE_ISSUED:
        return service_lane(ev->service);
    case LP_EV_ROOT_CHAIN:
        return LANE_CERTPROV;
    case LP_EV_SIP_CONNECT:
        *to_phone = false;
        /* fall through */
    default:
        return LANE_SIP;
    }
}

/* Events that went wrong on their own (a refusal, silence), drawn orange unless decisive. */
static bool event_failed(const lp_event *ev)
{
    return lp_event_result(ev) == LP_RESULT_FAILURE;
}

static void arrow(FILE *out, const ps_report *r, const lp_phone *ph, guint i, const lp_phone_event *decisive)
{
    const lp_phone_event *e = &g_array_index(ph->events, lp_phone_event, i);
    bool to_phone, dashed, failing = e == decisive && lp_outcome_settled(ph->verdict.outcome) == LP_SETTLED_FAILED;
    lane other = peer(ph, i, &to_phone, &dashed);
    int y = ROW_TOP + (int)i * ROW_H, xa = LANE_X0 + LANE_PHONE * LANE_GAP, xb = LANE_X0 + (int)other * LANE_GAP;
    int x1 = to_phone ? xb : xa, x2 = to_phone ? xa : xb, dir = x2 > x1 ? 1 : -1;
    const char *cls = failing ? "fail" : event_failed(&e->ev) ? "warn" : "step";
    const char *colour = failing ? COLOUR_FAIL : event_failed(&e->ev) ? "#d68910" : "#34495e";
    char when[16], label[LABEL_CHARS + 4];
    ps_location loc;

    ps_time_of_day(e->ev.t, when);
    ps_event_location(r, e, &loc);
    g_strlcpy(label, e->ev.detail, LABEL_CHARS + 1);
    if (strlen(e->ev.detail) > LABEL_CHARS)
        memcpy(label + LABEL_CHARS - 3, "...", 4);
    fprintf(out, "<g class=\"%s\" data-kind=\"%s\" data-frame=\"%u\">", cls, lp_event_kind_name(e->ev.kind),
            loc.frame);
    fprintf(out, "<text class=\"when\" x=\"8\" y=\"%d\">%s</text><text class=\"when\" x=\"104\" y=\"%d\">#%u</text>",
            y + 4, when, y + 4, loc.frame);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s "
            "shape-rendering=\"crispEdges\"/>", x1, y, x2 - dir * 8, y, colour,
            dashed ? " stroke-dasharray=\"6 4\"" : "");
    fprintf(out, "<polygon points=\"%d,%d %d,%d %d,%d\" fill=\"%s\"/>", x2, y, x2 - dir * 9, y - 5, x2 - dir * 9,
            y + 5, colour);
    fprintf(out, "<text x=\"%d\" y=\"%d\">", (x1 < x2 ? x1 : x2) + 8, y - 6);
    fprintf(out, "%s: ", lp_event_kind_name(e->ev.kind));
    put_escaped(out, label);
    fputs("</text></g>\n", out);
}

static void ladder(FILE *out, const ps_report *r, const lp_phone *ph)
{
    const lp_phone_event *decisive = ps_phone_decisive(ph);
    int height = ROW_TOP + (int)ph->events->len * ROW_H;
    guint i;

    fprintf(out, "<svg class=\"ladder\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"sign-in ladder\">\n", LADDER_W, height, LADDER_W, height);
    fprintf(out, "<rect class=\"ground\" width=\"%d\" height=\"%d\" fill=\"" COLOUR_LADDER "\"/>\n", LADDER_W, height);
    for (i = 0; i < LANE_COUNT; i++) {
        int x = LANE_X0 + (int)i * LANE_GAP;

        fprintf(out, "<text class=\"lane\" x=\"%d\" y=\"20\" text-anchor=\"middle\">%s</text>"
                "<line class=\"lane\" x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%d\" stroke=\"#95a5a6\" "
                "shape-rendering=\"crispEdges\"/>\n", x, lane_names[i], x, x, height - 4);
    }
    for (i = 0; i < ph->events->len; i++)
        arrow(out, r, ph, i, decisive);
    fputs("</svg>\n", out);
}

static void phone(FILE *out, const ps_report *r, const lp_phone *ph, guint n)
{
    char mac[LP_MAC_STR_MAX], ip[LP_ADDR_STR_MAX], cause[PS_LOCATION_TEXT_MAX], where[PS_LOCATION_TEXT_MAX];
    const char *m = ps_phone_mac(ph, mac), *a = ps_phone_ip(ph, ip);
    lp_outcome o = ph->verdict.outcome;
    ps_location loc;

    fprintf(out, "<section class=\"phone\" id=\"phone-%u\" data-outcome=\"%s\">\n<h2>", n, lp_outcome_name(o));
    put_escaped(out, m ? m : "-");
    fputs(" &middot; ", out);
    put_escaped(out, a ? a : "-");
    if (ph->user[0] != '\0') {
        fputs(" &middot; user ", out);
        put_escaped(out, ph->user);
    }
    fprintf(out, " <span class=\"badge %s\">%s</span></h2>\n", outcome_class(o), lp_outcome_name(o));
    ladder(out, r, ph);
    ps_phone_cause(r, ph, cause, sizeof cause);
    fputs("<dl><dt>Cause</dt><dd class=\"cause\">", out);
    put_escaped(out, cause);
    if (ph->verdict.frame != 0) {
        ps_phone_location(r, ph, &loc);
        ps_location_text(&loc, where, sizeof where);
        fputs("</dd><dt>Where</dt><dd class=\"where\">", out);
        put_escaped(out, where);
    }
    fputs("</dd><dt>Advice</dt><dd class=\"advice\">", out);
    put_escaped(out, ph->verdict.advice);
    if (ph->dropped > 0)
        fprintf(out, "</dd><dt>Not shown</dt><dd>%u events beyond the per-phone limit", ph->dropped);
    fputs("</dd></dl>\n</section>\n", out);
}

void ps_output_html(FILE *out, const ps_report *r)
{
    unsigned counts[LP_OUT_COUNT] = { 0 };
    guint i;

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
          "<title>Lync phone sign-ins</title>\n<style>", out);
    fputs(style, out);
    fputs("</style></head>\n<body>\n<h1>Lync phone sign-ins</h1>\n<p class=\"captures\">", out);
    for (i = 0; i < r->n_captures; i++) {
        fputs(i ? ", " : "", out);
        put_escaped(out, r->captures[i]);
    }
    fputs("</p>\n", out);
    for (i = 0; i < r->phones->len; i++)
        counts[((const lp_phone *)g_ptr_array_index(r->phones, i))->verdict.outcome]++;
    fprintf(out, "<table class=\"summary\"><tr><th>%u phone%s</th><th>outcome</th></tr>\n", r->phones->len,
            r->phones->len == 1 ? "" : "s");
    for (i = 0; i < LP_OUT_COUNT; i++)
        if (counts[i] != 0)
            fprintf(out, "<tr data-outcome=\"%s\"><td>%u</td><td><span class=\"badge %s\">%s</span></td></tr>\n",
                    lp_outcome_name((lp_outcome)i), counts[i], outcome_class((lp_outcome)i),
                    lp_outcome_name((lp_outcome)i));
    fputs("</table>\n", out);
    for (i = 0; i < r->phones->len; i++)
        phone(out, r, g_ptr_array_index(r->phones, i), i + 1);
    fputs("</body></html>\n", out);
    ps_output_limits_note(stderr, r->limits);
}
