/* output_json.c - one JSON document in the contract's shape
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include "json_write.h"

static void add_string_or_null(ps_json *w, const char *name, const char *value)
{
    ps_json_name(w, name);
    if (value != NULL && value[0] != '\0')
        ps_json_add_string(w, value);
    else
        ps_json_add_null(w);
}

/* Where to look: the file and frame a person opens (the original capture's for an Export PDU record). */
static void add_location(ps_json *w, const ps_location *loc)
{
    ps_json_name(w, "location");
    ps_json_begin_object(w);
    ps_json_string(w, "file", loc->file);
    ps_json_int(w, "frame", loc->frame);
    ps_json_end_object(w);
}

static void add_event(ps_json *w, const ps_report *r, const lp_phone_event *e, bool several)
{
    ps_location loc;

    ps_event_location(r, e, &loc);
    ps_json_begin_object(w);
    ps_json_name(w, "t");
    ps_json_add_double(w, e->ev.t);
    ps_json_int(w, "frame", e->ev.frame);
    if (several)
        ps_json_int(w, "capture", e->ev.capture);
    if (e->orig_frame != 0)
        ps_json_int(w, "orig_frame", e->orig_frame);
    ps_json_string(w, "kind", lp_event_kind_name(e->ev.kind));
    ps_json_string(w, "detail", e->ev.detail);
    if (e->ev.inferred) {
        ps_json_name(w, "inferred");
        ps_json_add_bool(w, true);
    }
    ps_json_certificate(w, &e->ev);
    add_location(w, &loc);
    ps_json_end_object(w);
}

static void add_phone(ps_json *w, const ps_report *r, const lp_phone *ph, bool several)
{
    char mac[LP_MAC_STR_MAX], ip[LP_ADDR_STR_MAX], cause[LP_CAUSE_MAX];
    ps_location loc;
    guint i;

    ps_json_begin_object(w);
    add_string_or_null(w, "mac", ps_phone_mac(ph, mac));
    add_string_or_null(w, "ip", ps_phone_ip(ph, ip));
    add_string_or_null(w, "user", ph->user);
    ps_json_string(w, "outcome", lp_outcome_name(ph->verdict.outcome));
    ps_json_string(w, "cause", lp_verdict_cause(&ph->verdict, NULL, NULL, cause, sizeof cause));
    ps_json_string(w, "advice", ph->verdict.advice);
    if (ph->users_at_address > 1)
        ps_json_int(w, "users_at_address", ph->users_at_address);
    ps_json_int(w, "frame", ph->verdict.frame);
    if (several)
        ps_json_int(w, "capture", ps_phone_decisive_capture(ph));
    if (ph->verdict.frame != 0) {
        ps_phone_location(r, ph, &loc);
        if (loc.orig_frame != 0)
            ps_json_int(w, "orig_frame", loc.orig_frame);
        add_location(w, &loc);
    }
    if (ph->dropped > 0)
        ps_json_int(w, "events_dropped", ph->dropped);
    ps_json_name(w, "events");
    ps_json_begin_array(w);
    for (i = 0; i < ph->events->len; i++)
        add_event(w, r, &g_array_index(ph->events, lp_phone_event, i), several);
    ps_json_end_array(w);
    ps_json_end_object(w);
}

/* Streamed, one phone per line, so that memory does not grow with the report. */
void ps_output_json(FILE *out, const ps_report *r)
{
    ps_json w;
    bool several = r->n_captures > 1;
    guint i;

    ps_json_init(&w);
    ps_json_begin_array(&w);
    for (i = 0; i < r->n_captures; i++)
        ps_json_add_string(&w, r->captures[i]);
    ps_json_end_array(&w);
    fputs("{\"captures\": ", out);
    ps_json_write(out, &w);
    fputs(",\n\"phones\": [", out);
    for (i = 0; i < r->phones->len; i++) {
        add_phone(&w, r, g_ptr_array_index(r->phones, i), several);
        fputs(i ? ",\n  " : "\n  ", out);
        ps_json_write(out, &w);
    }
    fprintf(out, "\n],\n\"tcp_gaps\": {\"count\": %" G_GUINT64_FORMAT ", \"bytes\": %" G_GUINT64_FORMAT "},\n",
            r->gaps, r->gap_bytes);
    fprintf(out, "\"tls_connections\": {\"decrypted\": %" G_GUINT64_FORMAT ", \"undecrypted\": %" G_GUINT64_FORMAT "},\n",
            r->tls_decrypted, r->tls_undecrypted);
    fputs("\"limits\": {", out);
    for (i = 0; ps_limit_name(i) != NULL; i++)
        fprintf(out, "%s\"%s\": %" G_GUINT64_FORMAT, i ? ", " : "", ps_limit_name(i), ps_limit_value(r->limits, i));
    fputs("}}\n", out);
    ps_json_free(&w);
}
