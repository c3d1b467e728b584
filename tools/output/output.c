/* output.c - what the writers share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include <stddef.h>
#include <string.h>
#include <time.h>

#include "tls_certificate.h"

#define LIMIT(name) { #name, offsetof(lp_limits, name) }

static const struct {
    const char *name;
    size_t      off;
} limits[] = {
    LIMIT(flows_evicted),
    LIMIT(phone_table_full),
    LIMIT(events_dropped),
    LIMIT(dhcp_transactions_dropped),
    LIMIT(dns_queries_dropped),
    LIMIT(fragments_dropped),
    LIMIT(http_bytes_skipped),
    LIMIT(buffer_full),
    LIMIT(site_entries_dropped),
};

const char *ps_phone_mac(const lp_phone *ph, char buf[LP_MAC_STR_MAX])
{
    return ph->has_mac ? lp_mac_str(ph->mac, buf) : NULL;
}

const char *ps_phone_ip(const lp_phone *ph, char buf[LP_ADDR_STR_MAX])
{
    return ph->has_ip ? lp_addr_str(&ph->ip, buf) : NULL;
}

/* The phone's last event at frame, or NULL. */
static const lp_phone_event *event_at(const lp_phone *ph, uint32_t frame)
{
    guint i;

    for (i = ph->events->len; i-- > 0;) {
        const lp_phone_event *e = &g_array_index(ph->events, lp_phone_event, i);
        if (e->ev.frame == frame)
            return e;
    }
    return NULL;
}

const lp_phone_event *ps_phone_decisive(const lp_phone *ph)
{
    return ph->verdict.frame != 0 ? event_at(ph, ph->verdict.frame) : NULL;
}

unsigned ps_phone_decisive_capture(const lp_phone *ph)
{
    const lp_phone_event *e = ps_phone_decisive(ph);

    return e != NULL ? e->ev.capture : 0;
}

/* The name of a file up to its first dot: x.pcapng and x.pdu.pcap share "x". */
static bool same_stem(const char *a, const char *b)
{
    gchar *ba = g_path_get_basename(a), *bb = g_path_get_basename(b);
    size_t la = strcspn(ba, "."), lb = strcspn(bb, ".");
    bool same = la == lb && strncmp(ba, bb, la) == 0;

    g_free(ba);
    g_free(bb);
    return same;
}

void ps_report_link_exports(ps_report *r, const GPtrArray *phones)
{
    bool *pdu = g_new0(bool, r->n_captures);
    unsigned c, o, others = 0;
    guint i, j;

    r->original = g_new(int, r->n_captures);
    for (i = 0; i < phones->len; i++) {
        const lp_phone *ph = g_ptr_array_index(phones, i);

        for (j = 0; j < ph->events->len; j++) {
            const lp_phone_event *e = &g_array_index(ph->events, lp_phone_event, j);
            if (e->orig_frame != 0 && e->ev.capture < r->n_captures)
                pdu[e->ev.capture] = true;
        }
    }
    for (c = 0; c < r->n_captures; c++)
        others += !pdu[c];
    for (c = 0; c < r->n_captures; c++) {
        r->original[c] = -1;
        if (!pdu[c])
            continue;
        for (o = 0; o < r->n_captures; o++)
            if (!pdu[o] && (others == 1 || same_stem(r->captures[o], r->captures[c])))
                r->original[c] = (int)o;
    }
    g_free(pdu);
}

void ps_event_location(const ps_report *r, const lp_phone_event *e, ps_location *loc)
{
    unsigned c = e->ev.capture < r->n_captures ? e->ev.capture : 0;
    int orig = r->original != NULL && e->orig_frame != 0 ? r->original[c] : -1;

    loc->orig_frame = e->orig_frame;
    loc->pdu_file = e->orig_frame != 0 ? r->captures[c] : NULL;
    loc->pdu_frame = e->orig_frame != 0 ? e->ev.frame : 0;
    loc->file = orig >= 0 ? r->captures[orig] : r->live_file != NULL ? r->live_file : r->captures[c];
    loc->frame = orig >= 0 ? e->orig_frame : e->ev.frame;
}

void ps_phone_location(const ps_report *r, const lp_phone *ph, ps_location *loc)
{
    const lp_phone_event *e = ps_phone_decisive(ph);

    if (e != NULL) {
        ps_event_location(r, e, loc);
        return;
    }
    memset(loc, 0, sizeof *loc);
    loc->file = r->n_captures > 0 ? r->captures[0] : "";
}

typedef struct {
    const ps_report *r;
    const lp_phone  *ph;
} cause_map;

/* A frame the cause names, where its event's location has it. */
static uint32_t cause_frame(void *data, uint32_t frame)
{
    const cause_map *m = data;
    const lp_phone_event *e = event_at(m->ph, frame);
    ps_location loc;

    if (e == NULL)
        return frame;
    ps_event_location(m->r, e, &loc);
    return loc.frame;
}

void ps_phone_cause(const ps_report *r, const lp_phone *ph, char *buf, size_t cap)
{
    cause_map m = { r, ph };

    lp_verdict_cause(&ph->verdict, cause_frame, &m, buf, cap);
}

void ps_location_text(const ps_location *loc, char *buf, size_t cap)
{
    if (loc->pdu_file == NULL)
        snprintf(buf, cap, "frame %u in %s", loc->frame, loc->file);
    else if (loc->file != loc->pdu_file)
        snprintf(buf, cap, "frame %u in %s (Export PDU record %u of %s)", loc->frame, loc->file, loc->pdu_frame,
                 loc->pdu_file);
    else
        snprintf(buf, cap, "frame %u of the capture exported to %s (its record %u)", loc->orig_frame, loc->file,
                 loc->pdu_frame);
}

void ps_time_of_day(double t, char buf[16])
{
    time_t s = (time_t)t;
    struct tm tm;

    gmtime_r(&s, &tm);
    snprintf(buf, 16, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)((t - (double)s) * 1000.0) % 1000);
}

const char *ps_limit_name(size_t i)
{
    return i < G_N_ELEMENTS(limits) ? limits[i].name : NULL;
}

uint64_t ps_limit_value(const lp_limits *l, size_t i)
{
    uint64_t v;

    memcpy(&v, (const char *)l + limits[i].off, sizeof v);
    return v;
}

void ps_output_limits_note(FILE *out, const lp_limits *l)
{
    const char *sep = "limits reached, the report is partial (pcap-summarize(1), LIMITS):";
    size_t i;

    for (i = 0; ps_limit_name(i) != NULL; i++) {
        if (ps_limit_value(l, i) == 0)
            continue;
        fprintf(out, "%s %s %" G_GUINT64_FORMAT, sep, ps_limit_name(i), ps_limit_value(l, i));
        sep = ",";
    }
    if (*sep == ',')
        fputc('\n', out);
}

void ps_json_certificate(ps_json *w, const lp_event *ev)
{
    if (ev->kind != LP_EV_TLS_ALERT || !ev->cert_read)
        return;
    ps_json_begin(w, "certificate");
    ps_json_string(w, "summary", ev->reason);
    ps_json_name(w, "problems");
    ps_json_begin_array(w);
    for (unsigned bit = 1; bit <= LP_CERT_PHONE_CLOCK; bit <<= 1)
        if (ev->cert_problems & bit)
            ps_json_add_string(w, lp_cert_problem_name((lp_cert_problem)bit));
    ps_json_end_array(w);
    ps_json_end_object(w);
}
