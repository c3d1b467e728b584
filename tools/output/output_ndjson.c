/* output_ndjson.c - one JSON object per line with Elastic Common Schema names,
 * for a SIEM (Elastic, Splunk) or jq: an "event" record per event in time
 * order, then a "phone" record per phone with its verdict. The project's own
 * fields are under "lyncprov". Every field is listed in pcap-summarize(1),
 * NDJSON, and checked by tests/tool/ndjson.schema.json.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include <string.h>
#include <time.h>

#include "json_write.h"

#define ECS_VERSION "8.11.0"

/* RFC 3339 in UTC with microseconds: 2026-11-26T08:00:00.123456Z. */
static void timestamp(double t, char buf[40])
{
    gint64 us = t > 0 && t < 253402300800.0 ? (gint64)(t * 1e6 + 0.5) : 0;
    time_t s = (time_t)(us / G_USEC_PER_SEC);
    struct tm tm;
    size_t n;

    gmtime_r(&s, &tm);
    n = strftime(buf, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, 40 - n, ".%06dZ", (int)(us % G_USEC_PER_SEC));
}

/* ECS event.category: what the event is about. */
static const char *category(const lp_event *ev)
{
    switch (ev->kind) {
    case LP_EV_HTTP_REQUEST:
    case LP_EV_HTTP_RESPONSE:
    case LP_EV_NO_RESPONSE:
    case LP_EV_ROOT_CHAIN:
        return "web";
    case LP_EV_CERTIFICATE_ISSUED:
        return "authentication";
    default:
        return "network";
    }
}

static const char *event_outcome(const lp_event *ev)
{
    static const char *const names[] = { NULL, "success", "failure", "unknown" }; /* by lp_result */

    return names[lp_event_result(ev)];
}

static const char *phone_outcome(lp_outcome o)
{
    static const char *const names[] = { "success", "unknown", "failure" }; /* by lp_settled */

    return names[lp_outcome_settled(o)];
}

/* source.*, user.name: the phone's, on every record of it. MAC in ECS form, 00-04-F2-00-00-02. */
static void add_phone_fields(ps_json *w, const lp_phone *ph)
{
    char mac[LP_MAC_STR_MAX], ip[LP_ADDR_STR_MAX];

    ps_json_begin(w, "source");
    if (ps_phone_mac(ph, mac) != NULL) {
        for (char *c = mac; *c; c++)
            *c = *c == ':' ? '-' : g_ascii_toupper(*c);
        ps_json_string(w, "mac", mac);
    }
    if (ps_phone_ip(ph, ip) != NULL)
        ps_json_string(w, "ip", ip);
    ps_json_end_object(w);
    if (ph->user[0] != '\0') {
        ps_json_begin(w, "user");
        ps_json_string(w, "name", ph->user);
        ps_json_end_object(w);
    }
}

/* file.path, and under lyncprov the frame in it and where an Export PDU record was read. */
static void add_location(ps_json *w, const ps_location *loc)
{
    ps_json_int(w, "frame", loc->frame);
    if (loc->orig_frame != 0) {
        ps_json_int(w, "orig_frame", loc->orig_frame);
        ps_json_begin(w, "pdu");
        ps_json_string(w, "file", loc->pdu_file);
        ps_json_int(w, "frame", loc->pdu_frame);
        ps_json_end_object(w);
    }
}

static void add_file(ps_json *w, const ps_location *loc)
{
    ps_json_begin(w, "file");
    ps_json_string(w, "path", loc->file);
    ps_json_end_object(w);
}

/* A clear-text request's detail starts "METHOD /path": core writes it so. */
static void add_request(ps_json *w, const lp_event *ev)
{
    const char *d = ev->detail;
    size_t m = strspn(d, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), p;
    char method[16], path[LP_EVENT_TEXT_MAX];

    if (m == 0 || m >= sizeof method || d[m] != ' ' || d[m + 1] != '/')
        return;
    p = strcspn(d + m + 1, " ?#");
    g_strlcpy(method, d, m + 1);
    g_strlcpy(path, d + m + 1, p + 1);
    ps_json_begin(w, "http");
    ps_json_begin(w, "request");
    ps_json_string(w, "method", method);
    ps_json_end_object(w);
    ps_json_end_object(w);
    ps_json_begin(w, "url");
    ps_json_string(w, "path", path);
    ps_json_end_object(w);
}

static void add_error(ps_json *w, const lp_event *ev, const char *message)
{
    char code[16];

    if (!ev->has_diag && (message == NULL || message[0] == '\0'))
        return;
    ps_json_begin(w, "error");
    if (ev->has_diag) {
        snprintf(code, sizeof code, "%u", ev->diag_code);
        ps_json_string(w, "code", code);
    }
    if (message != NULL && message[0] != '\0')
        ps_json_string(w, "message", message);
    ps_json_end_object(w);
}

static void begin_record(ps_json *w, double t, const char *kind, const char *category, const char *action,
                         const char *outcome, const char *reason)
{
    char when[40];

    timestamp(t, when);
    ps_json_begin_object(w);
    ps_json_string(w, "@timestamp", when);
    ps_json_begin(w, "ecs");
    ps_json_string(w, "version", ECS_VERSION);
    ps_json_end_object(w);
    ps_json_begin(w, "event");
    ps_json_string(w, "kind", kind);
    ps_json_name(w, "category");
    ps_json_begin_array(w);
    ps_json_add_string(w, category);
    ps_json_end_array(w);
    ps_json_string(w, "action", action);
    if (outcome != NULL)
        ps_json_string(w, "outcome", outcome);
    ps_json_string(w, "reason", reason);
    ps_json_end_object(w);
}

static void add_event(ps_json *w, const ps_report *r, const lp_phone *ph, const lp_phone_event *e)
{
    const lp_event *ev = &e->ev;
    ps_location loc;

    ps_event_location(r, e, &loc);
    begin_record(w, ev->t, "event", category(ev), lp_event_kind_name(ev->kind), event_outcome(ev), ev->detail);
    add_phone_fields(w, ph);
    if (ev->server.family != 0) {
        char ip[LP_ADDR_STR_MAX];

        ps_json_begin(w, "destination");
        ps_json_string(w, "ip", lp_addr_str(&ev->server, ip));
        if (ev->server_port != 0)
            ps_json_int(w, "port", ev->server_port);
        ps_json_end_object(w);
    }
    if (ev->kind == LP_EV_HTTP_REQUEST && !ev->encrypted)
        add_request(w, ev);
    if ((ev->kind == LP_EV_HTTP_RESPONSE || ev->kind == LP_EV_ROOT_CHAIN) && ev->status != 0) {
        ps_json_begin(w, "http");
        ps_json_begin(w, "response");
        ps_json_int(w, "status_code", ev->status);
        ps_json_end_object(w);
        ps_json_end_object(w);
    }
    if (ev->kind == LP_EV_HTTP_RESPONSE || ev->kind == LP_EV_SIP_RESPONSE)
        add_error(w, ev, ev->reason);
    add_file(w, &loc);
    ps_json_begin(w, "lyncprov");
    ps_json_string(w, "record", "event");
    add_location(w, &loc);
    if (ev->service != LP_SVC_NONE)
        ps_json_string(w, "service", lp_ws_service_name(ev->service));
    if (ev->kind == LP_EV_HTTP_RESPONSE)
        ps_json_string(w, "result", lp_resp_kind_name(ev->response));
    if (ev->kind == LP_EV_SIP_RESPONSE)
        ps_json_int(w, "sip_status", ev->status);
    if (ev->inferred)
        ps_json_bool(w, "inferred", true);
    ps_json_certificate(w, ev);
    ps_json_end_object(w);
    ps_json_end_object(w);
}

static void add_phone(ps_json *w, const ps_report *r, const lp_phone *ph)
{
    const lp_phone_event *decisive = ps_phone_decisive(ph);
    const lp_phone_event *last = ph->events->len ? &g_array_index(ph->events, lp_phone_event, ph->events->len - 1)
                                                 : NULL;
    lp_outcome o = ph->verdict.outcome;
    char cause[PS_LOCATION_TEXT_MAX];
    ps_location loc;

    ps_phone_location(r, ph, &loc);
    ps_phone_cause(r, ph, cause, sizeof cause);
    begin_record(w, decisive ? decisive->ev.t : last ? last->ev.t : 0, "state", "authentication", "phone_signin",
                 phone_outcome(o), cause);
    add_phone_fields(w, ph);
    if (o != LP_OUT_SIGNED_IN) {
        lp_event none = { 0 };

        add_error(w, decisive ? &decisive->ev : &none, cause);
    }
    if (ph->verdict.frame != 0)
        add_file(w, &loc);
    ps_json_begin(w, "lyncprov");
    ps_json_string(w, "record", "phone");
    ps_json_string(w, "outcome", lp_outcome_name(o));
    ps_json_string(w, "advice", ph->verdict.advice);
    if (ph->verdict.frame != 0)
        add_location(w, &loc);
    ps_json_int(w, "events", ph->events->len);
    if (ph->dropped > 0)
        ps_json_int(w, "events_dropped", ph->dropped);
    if (ph->users_at_address > 1)
        ps_json_int(w, "users_at_address", ph->users_at_address);
    ps_json_end_object(w);
    ps_json_end_object(w);
}

static void write_line(FILE *out, ps_json *w)
{
    ps_json_write(out, w);
    fputc('\n', out);
}

typedef struct {
    const lp_phone       *phone;
    const lp_phone_event *event;
} phone_event;

/* Time order across phones; ties in the order the capture has them. */
static gint by_time(gconstpointer a, gconstpointer b)
{
    const lp_event *x = &((const phone_event *)a)->event->ev, *y = &((const phone_event *)b)->event->ev;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->capture != y->capture)
        return x->capture < y->capture ? -1 : 1;
    return x->frame < y->frame ? -1 : x->frame > y->frame;
}

void ps_output_ndjson(FILE *out, const ps_report *r)
{
    ps_json w;
    GArray *all = g_array_new(FALSE, FALSE, sizeof(phone_event));
    guint i, j;

    ps_json_init(&w);
    for (i = 0; i < r->phones->len; i++) {
        const lp_phone *ph = g_ptr_array_index(r->phones, i);

        for (j = 0; j < ph->events->len; j++) {
            phone_event pe = { ph, &g_array_index(ph->events, lp_phone_event, j) };
            g_array_append_val(all, pe);
        }
    }
    g_array_sort(all, by_time);
    for (i = 0; i < all->len; i++) {
        const phone_event *pe = &g_array_index(all, phone_event, i);

        add_event(&w, r, pe->phone, pe->event);
        write_line(out, &w);
    }
    for (i = 0; i < r->phones->len; i++) {
        add_phone(&w, r, g_ptr_array_index(r->phones, i));
        write_line(out, &w);
    }
    g_array_free(all, TRUE);
    ps_json_free(&w);
    ps_output_limits_note(stderr, r->limits);
}
