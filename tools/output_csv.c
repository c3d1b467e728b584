/* output_csv.c - one row per phone (RFC 4180 quoting)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include <string.h>

static void field(FILE *out, const char *s, bool last)
{
    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") != NULL) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

void ps_output_csv(FILE *out, const ps_report *r)
{
    guint i;

    fputs("mac,ip,user,outcome,capture,frame,cause,advice\r\n", out);
    for (i = 0; i < r->phones->len; i++) {
        const lp_phone *ph = g_ptr_array_index(r->phones, i);
        char mac[PS_MAC_STR_MAX], ip[PS_ADDR_STR_MAX], capture[16], frame[16];

        snprintf(capture, sizeof capture, "%u", ps_phone_decisive_capture(ph));
        snprintf(frame, sizeof frame, "%u", ph->verdict.frame);
        field(out, ps_phone_mac(ph, mac), false);
        field(out, ps_phone_ip(ph, ip), false);
        field(out, ph->user, false);
        field(out, lp_outcome_name(ph->verdict.outcome), false);
        field(out, capture, false);
        field(out, frame, false);
        field(out, ph->verdict.cause, false);
        field(out, ph->verdict.advice, true);
    }
}
