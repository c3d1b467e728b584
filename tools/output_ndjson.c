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

#include "json_build.h"

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
    static const char *const names[] = { NULL, "success", "failure", "unknown" };

    return names[ps_event_outcome(ev)];
}

static const char *phone_outcome(lp_outcome o)
{
    if (o == LP_OUT_SIGNED_IN)
        return "success";
    return o == LP_OUT_INCOMPLETE || o == LP_OUT_UNKNOWN ? "unknown" : "failure";
}

/* source.*, user.name: the phone's, on every record of it. MAC in ECS form, 00-04-F2-00-00-02. */
static void add_phone_fields(JsonBuilder *b, const lp_phone *ph)
{
    char mac[PS_MAC_STR_MAX], ip[LP_ADDR_STR_MAX];

    ps_json_begin(b, "source");
    if (ps_phone_mac(ph, mac) != NULL) {
        for (char *c = mac; *c; c++)
            *c = *c == ':' ? '-' : g_ascii_toupper(*c);
        ps_json_string(b, "mac", mac);
    }
    if (ps_phone_ip(ph, ip) != NULL)
        ps_json_string(b, "ip", ip);
    json_builder_end_object(b);
    if (ph->user[0] != '\0') {
        ps_json_begin(b, "user");
        ps_json_string(b, "name", ph->user);
        json_builder_end_object(b);
    }
}

/* file.path, and under lyncprov the frame in it and where an Export PDU record was read. */
static void add_location(JsonBuilder *b, const ps_location *loc)
{
    ps_json_int(b, "frame", loc->frame);
    if (loc->orig_frame != 0) {
        ps_json_int(b, "orig_frame", loc->orig_frame);
        ps_json_begin(b, "pdu");
        ps_json_string(b, "file", loc->pdu_file);
        ps_json_int(b, "frame", loc->pdu_frame);
        json_builder_end_object(b);
    }
}

static void add_file(JsonBuilder *b, const ps_location *loc)
{
    ps_json_begin(b, "file");
    ps_json_string(b, "path", loc->file);
    json_builder_end_object(b);
}

/* A clear-text request's detail starts "METHOD /path": core writes it so. */
static void add_request(JsonBuilder *b, const lp_event *ev)
{
    const char *d = ev->detail;
    size_t m = strspn(d, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), p;
    char method[16], path[LP_EVENT_TEXT_MAX];

    if (m == 0 || m >= sizeof method || d[m] != ' ' || d[m + 1] != '/')
        return;
    p = strcspn(d + m + 1, " ?#");
    g_strlcpy(method, d, m + 1);
    g_strlcpy(path, d + m + 1, p + 1);
    ps_json_begin(b, "http");
    ps_json_begin(b, "request");
    ps_json_string(b, "method", method);
    json_builder_end_object(b);
    json_builder_end_object(b);
    ps_json_begin(b, "url");
    ps_json_string(b, "path", path);
    json_builder_end_object(b);
}

static void add_error(JsonBuilder *b, const lp_event *ev, const char *message)
{
    char code[16];

    if (!ev->has_diag && (message == NULL || message[0] == '\0'))
        return;
    ps_json_begin(b, "error");
    if (ev->has_diag) {
        snprintf(code, sizeof code, "%u", ev->diag_code);
        ps_json_string(b, "code", code);
    }
    if (message != NULL && message[0] != '\0')
        ps_json_string(b, "message", message);
    json_builder_end_object(b);
}

static void begin_record(JsonBuilder *b, double t, const char *kind, const char *category, const char *action,
                         const char *outcome, const char *reason)
{
    char when[40];

    timestamp(t, when);
    json_builder_begin_object(b);
    ps_json_string(b, "@timestamp", when);
    ps_json_begin(b, "ecs");
    ps_json_string(b, "version", ECS_VERSION);
    json_builder_end_object(b);
    ps_json_begin(b, "event");
    ps_json_string(b, "kind", kind);
    json_builder_set_member_name(b, "category");
    json_builder_begin_array(b);
    json_builder_add_string_value(b, category);
    json_builder_end_array(b);
    ps_json_string(b, "action", action);
    if (outcome != NULL)
        ps_json_string(b, "outcome", outcome);
    ps_json_string(b, "reason", reason);
    json_builder_end_object(b);
}

static void add_event(JsonBuilder *b, const ps_report *r, const lp_phone *ph, const lp_phone_event *e)
{
    const lp_event *ev = &e->ev;
    ps_location loc;

    ps_event_location(r, e, &loc);
    begin_record(b, ev->t, "event", category(ev), lp_event_kind_name(ev->kind), event_outcome(ev), ev->detail);
    add_phone_fields(b, ph);
    if (ev->server.family != 0) {
        char ip[LP_ADDR_STR_MAX];

        ps_json_begin(b, "destination");
        ps_json_string(b, "ip", lp_addr_str(&ev->server, ip));
        if (ev->server_port != 0)
            ps_json_int(b, "port", ev->server_port);
        json_builder_end_object(b);
    }
    if (ev->kind == LP_EV_HTTP_REQUEST && !ev->encrypted)
        add_request(b, ev);
    if ((ev->kind == LP_EV_HTTP_RESPONSE || ev->kind == LP_EV_ROOT_CHAIN) && ev->status != 0) {
        ps_json_begin(b, "http");
        ps_json_begin(b, "response");
        ps_json_int(b, "status_code", ev->status);
        json_builder_end_object(b);
        json_builder_end_object(b);
    }
    if (ev->kind == LP_EV_HTTP_RESPONSE || ev->kind == LP_EV_SIP_RESPONSE)
        add_error(b, ev, ev->reason);
    add_file(b, &loc);
    ps_json_begin(b, "lyncprov");
    ps_json_string(b, "record", "event");
    add_location(b, &loc);
    if (ev->service != LP_SVC_NONE)
        ps_json_string(b, "service", lp_ws_service_name(ev->service));
    if (ev->kind == LP_EV_HTTP_RESPONSE)
        ps_json_string(b, "result", lp_resp_kind_name(ev->response));
    if (ev->kind == LP_EV_SIP_RESPONSE)
        ps_json_int(b, "sip_status", ev->status);
    if (ev->inferred)
        ps_json_bool(b, "inferred", true);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

static void add_phone(JsonBuilder *b, const ps_report *r, const lp_phone *ph)
{
    const lp_phone_event *decisive = ps_phone_decisive(ph);
    const lp_phone_event *last = ph->events->len ? &g_array_index(ph->events, lp_phone_event, ph->events->len - 1)
                                                 : NULL;
    lp_outcome o = ph->verdict.outcome;
    char cause[PS_LOCATION_TEXT_MAX];
    ps_location loc;

    ps_phone_location(r, ph, &loc);
    ps_phone_cause(r, ph, cause, sizeof cause);
    begin_record(b, decisive ? decisive->ev.t : last ? last->ev.t : 0, "state", "authentication", "phone_signin",
                 phone_outcome(o), cause);
    add_phone_fields(b, ph);
    if (o != LP_OUT_SIGNED_IN) {
        lp_event none = { 0 };

        add_error(b, decisive ? &decisive->ev : &none, cause);
    }
    if (ph->verdict.frame != 0)
        add_file(b, &loc);
    ps_json_begin(b, "lyncprov");
    ps_json_string(b, "record", "phone");
    ps_json_string(b, "outcome", lp_outcome_name(o));
    ps_json_string(b, "advice", ph->verdict.advice);
    if (ph->verdict.frame != 0)
        add_location(b, &loc);
    ps_json_int(b, "events", ph->events->len);
    if (ph->dropped > 0)
        ps_json_int(b, "events_dropped", ph->dropped);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

static void write_line(FILE *out, JsonBuilder *b)
{
    ps_json_write(out, b);
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
    JsonBuilder *b = json_builder_new();
    GArray *all = g_array_new(FALSE, FALSE, sizeof(phone_event));
    guint i, j;

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

        add_event(b, r, pe->phone, pe->event);
        write_line(out, b);
    }
    for (i = 0; i < r->phones->len; i++) {
        add_phone(b, r, g_ptr_array_index(r->phones, i));
        write_line(out, b);
    }
    g_array_free(all, TRUE);
    g_object_unref(b);
    ps_output_limits_note(stderr, r->limits);
}
