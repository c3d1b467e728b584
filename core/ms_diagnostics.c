/* ms_diagnostics.c - X-Ms-diagnostics, SOAP fault and Warning parsing
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ms_diagnostics.h"

#include <stdio.h>
#include <string.h>

#include "lp_str.h"
#include "xml_scan.h"

/*
 * Only ids whose meaning a primary source confirms: MS-OCAUTHWS 3.2.4.1,
 * the IssueToken table (protocol-notes.md, "Documented ids"). The full
 * list is in MS-OCER 7.22; anything else is shown raw.
 */
static const lp_diag_info known_ids[] = {
    { 28000, LP_DIAG_CLASS_AUTH, "The user is not SIP enabled.",
      "Enable the user for Lync/Skype for Business (Enable-CsUser) with a SIP address, and check the "
      "phone signs in as that user's extension." },
    { 28001, LP_DIAG_CLASS_OTHER,
      "Internal error while processing Integrated Windows authentication or authorization.",
      "Read the front end's event log for the authentication error; check its domain membership, "
      "its connection to the domain controllers and the time." },
    { 28003, LP_DIAG_CLASS_PIN, "The PIN is invalid: the extension or PIN the phone sent was rejected.",
      "Check the extension and PIN; reset the PIN in the Lync Control Panel or with Set-CsClientPin." },
    { 28020, LP_DIAG_CLASS_AUTH, "No valid security token: the web ticket was missing, expired or not accepted.",
      "Sign in again; check the clocks of the phone and the servers and the web ticket service." },
};

static const struct {
    unsigned    bit;
    const char *text;
} diag_problems[] = {
    { LP_DIAG_P_CODE_NOT_NUMBER, "diagnostic id is not a number" },
    { LP_DIAG_P_UNTERMINATED,    "quoted string is not terminated" },
    { LP_DIAG_P_BAD_PARAMETER,   "parameter is not name=value" },
    { LP_DIAG_P_TOO_LONG,        "value is longer than 512 bytes" },
};

const lp_diag_info *lp_diag_lookup(uint32_t code)
{
    size_t i;

    for (i = 0; i < sizeof known_ids / sizeof known_ids[0]; i++)
        if (known_ids[i].code == code)
            return &known_ids[i];
    return NULL;
}

const char *lp_diag_problem_str(unsigned problem_bit)
{
    size_t i;

    for (i = 0; i < sizeof diag_problems / sizeof diag_problems[0]; i++)
        if (diag_problems[i].bit == problem_bit)
            return diag_problems[i].text;
    return "unknown problem";
}

/* Read digits at i into d->code. Returns the offset after them. */
static size_t parse_code(const char *s, size_t len, size_t i, lp_diag *d)
{
    uint64_t v = 0;
    size_t n = lp_parse_uint(s + i, len - i, UINT32_MAX, &v);

    i += n;
    if (n == 0 || (i < len && !lp_is_space(s[i]) && s[i] != ';' && s[i] != ',')) {
        d->problems |= LP_DIAG_P_CODE_NOT_NUMBER;
        while (i < len && s[i] != ';' && s[i] != ',')
            i++;
        return i;
    }
    d->code = (uint32_t)v;
    d->present |= LP_DIAG_HAS_CODE;
    return i;
}

/* A parameter value at i: quoted-string or token. Returns the offset after it. */
static size_t parse_value(const char *s, size_t len, size_t i, lp_span *v, lp_diag *d)
{
    if (i < len && s[i] == '"') {
        v->off = i + 1;
        i = lp_quoted_end(s, len, i);
        if (i >= len) {
            d->problems |= LP_DIAG_P_UNTERMINATED;
            v->len = len - v->off;
            return len;
        }
        v->len = i - v->off;
        return i + 1;
    }
    v->off = i;
    while (i < len && s[i] != ';' && s[i] != ',' && !lp_is_space(s[i]))
        i++;
    v->len = i - v->off;
    return i;
}

static void keep(lp_diag *d, lp_str name, const lp_span *v)
{
    if (lp_str_ieq(name, "source")) {
        d->source = *v;
        d->present |= LP_DIAG_HAS_SOURCE;
    } else if (lp_str_ieq(name, "reason")) {
        d->reason = *v;
        d->present |= LP_DIAG_HAS_REASON;
    } else if (lp_str_ieq(name, "faultcode")) {
        d->fault = *v;
        d->present |= LP_DIAG_HAS_FAULT;
    }
}

size_t lp_diag_parse(const char *s, size_t len, lp_diag *out, size_t max)
{
    size_t n = 0, i = lp_skip_space(s, len, 0);

    while (i < len && n < max) {
        lp_diag *d = &out[n++];

        memset(d, 0, sizeof *d);
        i = parse_code(s, len, i, d);
        for (;;) {
            size_t name_off, name_len;
            lp_span v;

            i = lp_skip_space(s, len, i);
            if (i >= len || s[i] == ',')
                break;
            if (s[i] != ';') {
                d->problems |= LP_DIAG_P_BAD_PARAMETER;
                while (i < len && s[i] != ';' && s[i] != ',')
                    i++;
                continue;
            }
            i = lp_skip_space(s, len, i + 1);
            name_off = i;
            while (i < len && s[i] != '=' && s[i] != ';' && s[i] != ',' && !lp_is_space(s[i]))
                i++;
            name_len = i - name_off;
            i = lp_skip_space(s, len, i);
            if (name_len == 0 || i >= len || s[i] != '=') {
                d->problems |= LP_DIAG_P_BAD_PARAMETER;
                continue;
            }
            i = lp_skip_space(s, len, i + 1);
            i = parse_value(s, len, i, &v, d);
            if (v.len > LP_DIAG_VALUE_MAX)
                d->problems |= LP_DIAG_P_TOO_LONG;
            keep(d, (lp_str){ s + name_off, name_len }, &v);
        }
        i = lp_skip_space(s, len, i + 1);
    }
    return n;
}

void lp_unescape(const char *s, size_t len, char *dst, size_t cap)
{
    size_t i, o = 0;

    if (cap == 0)
        return;
    for (i = 0; i < len && o + 1 < cap; i++) {
        if (s[i] == '\\' && i + 1 < len)
            i++;
        dst[o++] = s[i];
    }
    dst[o] = '\0';
}

static bool span_to_u32(const uint8_t *s, const lp_span *span, uint32_t *v)
{
    const char *p = (const char *)s;
    size_t start = lp_skip_space(p, span->off + span->len, span->off), end = span->off + span->len;
    uint64_t acc;

    while (end > start && lp_is_space(p[end - 1]))
        end--;
    if (start == end || lp_parse_uint(p + start, end - start, UINT32_MAX, &acc) != end - start)
        return false;
    *v = (uint32_t)acc;
    return true;
}

bool lp_soap_fault_parse(const uint8_t *body, size_t len, lp_soap_fault *f)
{
    lp_span id;

    memset(f, 0, sizeof *f);
    if (!lp_xml_element_text(body, len, "Fault", &id))
        return false;
    if (lp_xml_element_text(body, len, "faultcode", &f->faultcode))
        f->present |= LP_FAULT_HAS_CODE;
    if (lp_xml_element_text(body, len, "faultstring", &f->faultstring))
        f->present |= LP_FAULT_HAS_STRING;
    if (lp_xml_element_text(body, len, "ErrorId", &id) && span_to_u32(body, &id, &f->error_id))
        f->present |= LP_FAULT_HAS_ERROR_ID;
    if (lp_xml_element_text(body, len, "Reason", &f->reason))
        f->present |= LP_FAULT_HAS_REASON;
    return true;
}

bool lp_warning_parse(const char *s, size_t len, lp_warning *w)
{
    size_t i = lp_skip_space(s, len, 0);
    uint64_t code;

    memset(w, 0, sizeof *w);
    if (lp_parse_uint(s + i, len - i, 999, &code) != 3 || i + 3 >= len || !lp_is_space(s[i + 3]))
        return false;
    w->code = (uint16_t)code;
    i = lp_skip_space(s, len, i + 3);
    w->agent.off = i;
    while (i < len && !lp_is_space(s[i]))
        i++;
    w->agent.len = i - w->agent.off;
    i = lp_skip_space(s, len, i);
    if (i >= len || s[i] != '"')
        return false;
    w->text.off = i + 1;
    i = lp_quoted_end(s, len, i);
    if (i >= len)
        return false;
    w->text.len = i - w->text.off;
    return w->agent.len > 0;
}
