/* output_csv.c - one row per phone (RFC 4180 quoting)
 *
 * A cell a spreadsheet would run as a formula (it starts with =, +, -, @,
 * a tab or a CR) gets a leading ', as OWASP advises against CSV injection:
 * a user name or a reason is chosen by whoever sent it. A bare "-" is left.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include <string.h>

static bool formula_like(const char *s)
{
    return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL && strcmp(s, "-") != 0;
}

static void field(FILE *out, const char *s, bool last)
{
    const char *guard;

    if (s == NULL)
        s = "";
    guard = formula_like(s) ? "'" : "";
    if (strpbrk(s, ",\"\r\n") != NULL) {
        fputc('"', out);
        fputs(guard, out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(guard, out);
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

void ps_output_csv(FILE *out, const ps_report *r)
{
    guint i;

    /* capture and frame: the file a person opens and the frame in it (the original capture's
     * for an Export PDU record, when it was read too); orig_frame: the record's own number. */
    fputs("mac,ip,user,outcome,capture,frame,orig_frame,cause,advice\r\n", out);
    for (i = 0; i < r->phones->len; i++) {
        const lp_phone *ph = g_ptr_array_index(r->phones, i);
        char mac[LP_MAC_STR_MAX], ip[LP_ADDR_STR_MAX], frame[16], orig[16], cause[PS_LOCATION_TEXT_MAX];
        ps_location loc;

        ps_phone_location(r, ph, &loc);
        snprintf(frame, sizeof frame, "%u", loc.frame);
        snprintf(orig, sizeof orig, "%.0u", loc.orig_frame);  /* empty for 0 */
        field(out, ps_phone_mac(ph, mac), false);
        field(out, ps_phone_ip(ph, ip), false);
        field(out, ph->user, false);
        field(out, lp_outcome_name(ph->verdict.outcome), false);
        field(out, ph->verdict.frame != 0 ? loc.file : "", false);
        field(out, frame, false);
        field(out, orig, false);
        ps_phone_cause(r, ph, cause, sizeof cause);
        field(out, cause, false);
        field(out, ph->verdict.advice, true);
    }
}
