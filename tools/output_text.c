/* output_text.c - aligned text for a person, colour on a terminal only
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include <time.h>

#define GREEN  "\033[32m"
#define YELLOW "\033[33m"
#define RED    "\033[1;31m"
#define DIM    "\033[2m"
#define RESET  "\033[0m"

static const char *outcome_colour(lp_outcome o)
{
    switch (o) {
    case LP_OUT_SIGNED_IN:  return GREEN;
    case LP_OUT_INCOMPLETE:
    case LP_OUT_UNKNOWN:    return YELLOW;
    default:                return RED;
    }
}

/* UTC time of day with milliseconds: what a person matches against logs. */
static void time_of_day(double t, char *buf, size_t cap)
{
    time_t s = (time_t)t;
    struct tm tm;

    gmtime_r(&s, &tm);
    snprintf(buf, cap, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)((t - (double)s) * 1000.0) % 1000);
}

static void print_events(FILE *out, const ps_report *r, const lp_phone *ph)
{
    guint i;

    for (i = 0; i < ph->events->len; i++) {
        const lp_phone_event *e = &g_array_index(ph->events, lp_phone_event, i);
        char when[16], where[32];

        time_of_day(e->ev.t, when, sizeof when);
        if (r->n_captures > 1)
            snprintf(where, sizeof where, "%u:%u", e->ev.capture, e->ev.frame);
        else
            snprintf(where, sizeof where, "%u", e->ev.frame);
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
        char mac[PS_MAC_STR_MAX], ip[PS_ADDR_STR_MAX];
        const char *m = ps_phone_mac(ph, mac), *a = ps_phone_ip(ph, ip);
        lp_outcome o = ph->verdict.outcome;

        counts[o]++;
        fprintf(out, "%s%-17s  %-15s  %-8s  %s%s%s\n", i ? "\n" : "", m ? m : "-", a ? a : "-",
                ph->user[0] ? ph->user : "-", r->colour ? outcome_colour(o) : "", lp_outcome_name(o),
                r->colour ? RESET : "");
        fprintf(out, "    cause:  %s", ph->verdict.cause);
        /* With several captures a frame number alone does not say where to look. */
        if (r->n_captures > 1 && ph->verdict.frame != 0)
            fprintf(out, " (in %s)", r->captures[ps_phone_decisive_capture(ph)]);
        fprintf(out, "\n    advice: %s\n", ph->verdict.advice);
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
