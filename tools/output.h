/* output.h - stage 7: the phones as text, JSON (the contract's shape) or CSV
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_OUTPUT_H
#define PS_OUTPUT_H

#include <stdio.h>

#include <glib.h>

#include "phone_book.h"
#include "summarize.h"

typedef struct {
    char     **captures;
    unsigned   n_captures;
    GPtrArray *phones;      /* lp_phone, judged and filtered */
    bool       events;      /* text: list every event */
    bool       colour;      /* text: ANSI colours */
    uint64_t   gaps, gap_bytes;
    const ps_limits *limits;
    uint64_t   tls_decrypted, tls_undecrypted; /* sign-in TLS connections, when there were secrets */
} ps_report;

void ps_output_text(FILE *out, const ps_report *r);
void ps_output_json(FILE *out, const ps_report *r);
void ps_output_csv(FILE *out, const ps_report *r);

/* Shared by the writers. */
const char *ps_phone_mac(const lp_phone *ph, char buf[PS_MAC_STR_MAX]);  /* NULL without one */
const char *ps_phone_ip(const lp_phone *ph, char buf[PS_ADDR_STR_MAX]);  /* NULL without one */
/* The capture index of the verdict's decisive event. */
unsigned ps_phone_decisive_capture(const lp_phone *ph);
/* The counters of ps_limits by name, in a stable order: NULL after the last. */
const char *ps_limit_name(size_t i);
uint64_t ps_limit_value(const ps_limits *l, size_t i);
/* A line naming the counters that are not zero, if any: the report is partial. */
void ps_output_limits_note(FILE *out, const ps_limits *l);

#endif /* PS_OUTPUT_H */
