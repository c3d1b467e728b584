/* output_text.c - aligned text for a person, colour on a terminal only
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#define GREEN  "\033[32m"
#define YELLOW "\033[33m"
#define RED    "\033[1;31m"
#define DIM    "\033[2m"
#define RESET  "\033[0m"

static const char *outcome_colour(lp_outcome o)
{
    static const char *const colours[] = { GREEN, YELLOW, RED }; /* by lp_settled */

    return colours[lp_outcome_settled(o)];
}

/* The frame column: file:frame when several files were read, the file's base name. */
static void event_where(const ps_report *r, const lp_phone_event *e, char *buf, size_t cap)
{
    ps_location loc;
    gchar *base;

    ps_event_location(r, e, &loc);
    if (r->n_captures == 1 && loc.pdu_file == NULL) {
        snprintf(buf, cap, "%u", loc.frame);
        return;
    }
    base = g_path_get_basename(loc.file);
    snprintf(buf, cap, "%s:%u", base, loc.frame);
    g_free(base);
}

static void print_events(FILE *out, const ps_report *r, const lp_phone *ph)
{
    guint i;

    for (i = 0; i < ph->events->len; i++) {
        const lp_phone_event *e = &g_array_index(ph->events, lp_phone_event, i);
        char when[16], where[96];

        ps_time_of_day(e->ev.t, when);
        event_where(r, e, where, sizeof where);
        fprintf(out, "    %s%s%s  %8s  %-18s %s\n", r->colour ? DIM : "", when, r->colour ? RESET : "",
                where, lp_event_kind_name(e->ev.kind), e->ev.detail);
    }
}

void ps_output_text(FILE *out, const ps_report *r)
{
    unsigned counts[LP_OUT_COUNT] = { 0 };
    const char *sep = "";
    guint i;

    for (i = 0; i < r->phones->len; i++) {
        const lp_phone *ph = g_ptr_array_index(r->phones, i);
        char mac[LP_MAC_STR_MAX], ip[LP_ADDR_STR_MAX], cause[PS_LOCATION_TEXT_MAX], shared[256];
        const char *m = ps_phone_mac(ph, mac), *a = ps_phone_ip(ph, ip);
        lp_outcome o = ph->verdict.outcome;

        counts[o]++;
        fprintf(out, "%s%-17s  %-15s  %-8s  %s%s%s\n", i ? "\n" : "", m ? m : "-", a ? a : "-",
                ph->user[0] ? ph->user : "-", r->colour ? outcome_colour(o) : "", lp_outcome_name(o),
                r->colour ? RESET : "");
        ps_phone_cause(r, ph, cause, sizeof cause);
        fprintf(out, "    cause:  %s\n", cause);
        /* The frame to open: in the original capture, not an Export PDU file's record. */
        if (ph->verdict.frame != 0) {
            char where[PS_LOCATION_TEXT_MAX];
            ps_location loc;

            ps_phone_location(r, ph, &loc);
            ps_location_text(&loc, where, sizeof where);
            fprintf(out, "    where:  %s\n", where);
        }
        fprintf(out, "    advice: %s\n", ph->verdict.advice);
        if (lp_phone_shared_note(ph, shared, sizeof shared) != NULL)
            fprintf(out, "    shared: %s\n", shared);
        if (r->events)
            print_events(out, r, ph);
    }
    fprintf(out, "%s%u phone%s", r->phones->len ? "\n" : "", r->phones->len, r->phones->len == 1 ? "" : "s");
    for (i = 0; i < LP_OUT_COUNT; i++) {
        if (counts[i] == 0)
            continue;
        fprintf(out, "%s %u %s", *sep ? "," : ":", counts[i], lp_outcome_name((lp_outcome)i));
        sep = ",";
    }
    if (r->gaps > 0)
        fprintf(out, " (%" G_GUINT64_FORMAT " bytes lost in %" G_GUINT64_FORMAT " TCP gaps)", r->gap_bytes, r->gaps);
    if (r->tls_decrypted + r->tls_undecrypted > 0)
        fprintf(out, " (TLS connections: %" G_GUINT64_FORMAT " decrypted, %" G_GUINT64_FORMAT " not)",
                r->tls_decrypted, r->tls_undecrypted);
    fputc('\n', out);
    ps_output_limits_note(out, r->limits);
}
