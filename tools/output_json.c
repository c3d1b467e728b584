/* output_json.c - one JSON document in the contract's shape (json-glib)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include "json_build.h"

static void add_string_or_null(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    if (value != NULL && value[0] != '\0')
        json_builder_add_string_value(b, value);
    else
        json_builder_add_null_value(b);
}

/* Where to look: the file and frame a person opens (the original capture's for an Export PDU record). */
static void add_location(JsonBuilder *b, const ps_location *loc)
{
    json_builder_set_member_name(b, "location");
    json_builder_begin_object(b);
    ps_json_string(b, "file", loc->file);
    ps_json_int(b, "frame", loc->frame);
    json_builder_end_object(b);
}

static void add_event(JsonBuilder *b, const ps_report *r, const lp_phone_event *e, bool several)
{
    ps_location loc;

    ps_event_location(r, e, &loc);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "t");
    json_builder_add_double_value(b, e->ev.t);
    ps_json_int(b, "frame", e->ev.frame);
    if (several)
        ps_json_int(b, "capture", e->ev.capture);
    if (e->orig_frame != 0)
        ps_json_int(b, "orig_frame", e->orig_frame);
    ps_json_string(b, "kind", lp_event_kind_name(e->ev.kind));
    ps_json_string(b, "detail", e->ev.detail);
    if (e->ev.inferred) {
        json_builder_set_member_name(b, "inferred");
        json_builder_add_boolean_value(b, TRUE);
    }
    add_location(b, &loc);
    json_builder_end_object(b);
}

static void add_phone(JsonBuilder *b, const ps_report *r, const lp_phone *ph, bool several)
{
    char mac[PS_MAC_STR_MAX], ip[LP_ADDR_STR_MAX];
    ps_location loc;
    guint i;

    json_builder_begin_object(b);
    add_string_or_null(b, "mac", ps_phone_mac(ph, mac));
    add_string_or_null(b, "ip", ps_phone_ip(ph, ip));
    add_string_or_null(b, "user", ph->user);
    ps_json_string(b, "outcome", lp_outcome_name(ph->verdict.outcome));
    ps_json_string(b, "cause", ph->verdict.cause);
    ps_json_string(b, "advice", ph->verdict.advice);
    ps_json_int(b, "frame", ph->verdict.frame);
    if (several)
        ps_json_int(b, "capture", ps_phone_decisive_capture(ph));
    if (ph->verdict.frame != 0) {
        ps_phone_location(r, ph, &loc);
        if (loc.orig_frame != 0)
            ps_json_int(b, "orig_frame", loc.orig_frame);
        add_location(b, &loc);
    }
    if (ph->dropped > 0)
        ps_json_int(b, "events_dropped", ph->dropped);
    json_builder_set_member_name(b, "events");
    json_builder_begin_array(b);
    for (i = 0; i < ph->events->len; i++)
        add_event(b, r, &g_array_index(ph->events, lp_phone_event, i), several);
    json_builder_end_array(b);
    json_builder_end_object(b);
}

/* json-glib writes each part; the document around them is streamed, one
 * phone per line, so that memory does not grow with the report. */
void ps_output_json(FILE *out, const ps_report *r)
{
    JsonBuilder *b = json_builder_new();
    bool several = r->n_captures > 1;
    guint i;

    json_builder_begin_array(b);
    for (i = 0; i < r->n_captures; i++)
        json_builder_add_string_value(b, r->captures[i]);
    json_builder_end_array(b);
    fputs("{\"captures\": ", out);
    ps_json_write(out, b);
    fputs(",\n\"phones\": [", out);
    for (i = 0; i < r->phones->len; i++) {
        add_phone(b, r, g_ptr_array_index(r->phones, i), several);
        fputs(i ? ",\n  " : "\n  ", out);
        ps_json_write(out, b);
    }
    fprintf(out, "\n],\n\"tcp_gaps\": {\"count\": %" G_GUINT64_FORMAT ", \"bytes\": %" G_GUINT64_FORMAT "},\n",
            r->gaps, r->gap_bytes);
    fprintf(out, "\"tls_connections\": {\"decrypted\": %" G_GUINT64_FORMAT ", \"undecrypted\": %" G_GUINT64_FORMAT "},\n",
            r->tls_decrypted, r->tls_undecrypted);
    fputs("\"limits\": {", out);
    for (i = 0; ps_limit_name(i) != NULL; i++)
        fprintf(out, "%s\"%s\": %" G_GUINT64_FORMAT, i ? ", " : "", ps_limit_name(i), ps_limit_value(r->limits, i));
    fputs("}}\n", out);
    g_object_unref(b);
}
