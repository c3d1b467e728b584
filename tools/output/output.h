/* output.h - stage 7: the phones as text, JSON (the contract's shape), CSV,
 * NDJSON (Elastic Common Schema names) or an HTML report
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_OUTPUT_H
#define PS_OUTPUT_H

#include <stdio.h>

#include <glib.h>

#include "phone_book.h"
#include "engine.h"
#include "json_write.h"

typedef struct {
    char     **captures;
    unsigned   n_captures;
    int       *original;    /* per capture: the index of the capture an Export PDU file was
                               exported from, when it was read too; -1 otherwise */
    const char *live_file;  /* -i -w: the file that has the live capture's frames, or NULL */
    GPtrArray *phones;      /* lp_phone, judged and filtered */
    bool       events;      /* text: list every event */
    bool       colour;      /* text: ANSI colours */
    uint64_t   gaps, gap_bytes;
    const lp_limits *limits;
    uint64_t   tls_decrypted, tls_undecrypted; /* sign-in TLS connections, when there were secrets */
} ps_report;

void ps_output_text(FILE *out, const ps_report *r);
void ps_output_json(FILE *out, const ps_report *r);
void ps_output_csv(FILE *out, const ps_report *r);
void ps_output_ndjson(FILE *out, const ps_report *r);
void ps_output_html(FILE *out, const ps_report *r);

/*
 * Fill r->original (g_free it): an Export PDU file (its events carry
 * orig_frame) was exported from the other input of the same name up to the
 * first dot (x.pcapng and x.pdu.pcap), or from the only other input.
 */
void ps_report_link_exports(ps_report *r, const GPtrArray *phones);

/* Where a person finds an event: the frame in the capture they open. */
typedef struct {
    const char *file;        /* the original capture when it was read, else the file read */
    uint32_t    frame;       /* the frame in file; 0 when none */
    const char *pdu_file;    /* an Export PDU record: the file it was read from, else NULL */
    uint32_t    pdu_frame;   /* and its frame there */
    uint32_t    orig_frame;  /* an Export PDU record: the original frame it carries, else 0 */
} ps_location;

void ps_event_location(const ps_report *r, const lp_phone_event *e, ps_location *loc);
/* The decisive event of the verdict, or NULL (frame 0). */
const lp_phone_event *ps_phone_decisive(const lp_phone *ph);
/* The decisive event's location; frame 0 when the verdict has none. */
void ps_phone_location(const ps_report *r, const lp_phone *ph, ps_location *loc);
/*
 * The verdict's cause for people: each frame it names is its event's
 * location's (an Export PDU record's original frame, when that capture was
 * read too). JSON keeps core's words.
 */
void ps_phone_cause(const ps_report *r, const lp_phone *ph, char *buf, size_t cap);

#define PS_LOCATION_TEXT_MAX 1024
/* "frame 65 in x.pcapng (Export PDU record 8 of x.pdu.pcap)", for people. */
void ps_location_text(const ps_location *loc, char *buf, size_t cap);

/* Shared by the writers. */
const char *ps_phone_mac(const lp_phone *ph, char buf[LP_MAC_STR_MAX]);  /* NULL without one */
const char *ps_phone_ip(const lp_phone *ph, char buf[LP_ADDR_STR_MAX]);  /* NULL without one */
/* The capture index of the verdict's decisive event. */
unsigned ps_phone_decisive_capture(const lp_phone *ph);
/* The counters of lp_limits by name, in a stable order: NULL after the last. */
const char *ps_limit_name(size_t i);
uint64_t ps_limit_value(const lp_limits *l, size_t i);
/* UTC time of day with milliseconds, 14:02:11.123: what a person matches against logs. */
void ps_time_of_day(double t, char buf[16]);
/* A line naming the counters that are not zero, if any: the report is partial. */
void ps_output_limits_note(FILE *out, const lp_limits *l);

/* JSON and NDJSON: a certificate failure's "certificate", what the pool's certificate shows and its problems by name. */
void ps_json_certificate(ps_json *w, const lp_event *ev);

#endif /* PS_OUTPUT_H */
