/* ms_diagnostics.h - why a Lync web service refused: X-Ms-diagnostics,
 * SOAP faults and the Warning header
 *
 * X-Ms-diagnostics (MS-OCAUTHWS 3.2.4.1) reads
 *   28003;source="pool.fqdn";reason="The pin is invalid.";faultcode="wsse:FailedAuthentication"
 * A header may hold several such values separated by commas.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_MS_DIAGNOSTICS_H
#define LP_MS_DIAGNOSTICS_H

#include <stdbool.h>
#include "lp_span.h"

/* Bits of lp_diag.present. */
#define LP_DIAG_HAS_CODE   0x01u
#define LP_DIAG_HAS_SOURCE 0x02u
#define LP_DIAG_HAS_REASON 0x04u
#define LP_DIAG_HAS_FAULT  0x08u

/* Bits of lp_diag.problems. */
#define LP_DIAG_P_CODE_NOT_NUMBER 0x01u /* missing, not digits, or too large */
#define LP_DIAG_P_UNTERMINATED    0x02u /* a quoted string runs to the end */
#define LP_DIAG_P_BAD_PARAMETER   0x04u /* a parameter without name or '=' */
#define LP_DIAG_P_TOO_LONG        0x08u /* a value longer than LP_DIAG_VALUE_MAX */
#define LP_DIAG_P_COUNT           4

/* No server sends longer values; lyncprov shows them cut to this. */
#define LP_DIAG_VALUE_MAX 512

typedef struct {
    unsigned present;
    uint32_t code;
    lp_span  source;   /* inside the quotes, escapes not resolved */
    lp_span  reason;
    lp_span  fault;
    unsigned problems;
} lp_diag;

/*
 * Parse an X-Ms-diagnostics value into at most max entries.
 * Returns how many were found (0 for an empty value).
 */
size_t lp_diag_parse(const char *value, size_t len, lp_diag *out, size_t max);
const char *lp_diag_problem_str(unsigned problem_bit);

/* Copy a quoted-string's content, resolving backslash escapes; always NUL-terminated. */
void lp_unescape(const char *s, size_t len, char *dst, size_t cap);

/* What a diagnostic id means. */
typedef enum {
    LP_DIAG_CLASS_OTHER = 0,
    LP_DIAG_CLASS_PIN,        /* the PIN (or extension) was rejected */
    LP_DIAG_CLASS_AUTH        /* another authentication failure */
} lp_diag_class;

typedef struct {
    uint32_t      code;
    lp_diag_class cls;
    const char   *meaning;
    const char   *advice;
} lp_diag_info;

/* The table entry of a documented id, or NULL: unknown ids are never guessed. */
const lp_diag_info *lp_diag_lookup(uint32_t code);

/* SOAP 1.1 fault of an HTTP 500 (s:Fault, detail/OCSDiagnosticsFault). */
#define LP_FAULT_HAS_CODE     0x01u
#define LP_FAULT_HAS_STRING   0x02u
#define LP_FAULT_HAS_ERROR_ID 0x04u
#define LP_FAULT_HAS_REASON   0x08u

typedef struct {
    unsigned present;
    lp_span  faultcode;
    lp_span  faultstring;
    uint32_t error_id;
    lp_span  reason;
} lp_soap_fault;

bool lp_soap_fault_parse(const uint8_t *body, size_t len, lp_soap_fault *fault);

/* Warning header (RFC 7234 5.5): 120 pool.fqdn "InvalidPin". */
typedef struct {
    uint16_t code;
    lp_span  agent;
    lp_span  text;     /* inside the quotes */
} lp_warning;

bool lp_warning_parse(const char *value, size_t len, lp_warning *warning);

#endif /* LP_MS_DIAGNOSTICS_H */
