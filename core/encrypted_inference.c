/* encrypted_inference.c - service, operation and giving up, from the order and sizes of
 * encrypted requests
 *
 * The sign-in walks: CertProv mex (GET), WebTicket mex (GET), IssueToken
 * (SOAP POST; again with credentials after the 401 challenge; again after a
 * refusal), GetAndPublishCert (SOAP POST carrying the ticket and a CSR, far
 * larger than IssueToken). A phone that has the metadata cached may start at
 * IssueToken.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "encrypted_inference.h"

#include <stdbool.h>
#include <stdint.h>

#include "signin_facts.h"

/* The mex GETs are a few hundred bytes; the SOAP POSTs are larger. */
#define SOAP_MIN 512
/* A request sent again differs only by its Authorization header (and the PIN's length). */
#define RESEND_SHRINK 64
#define RESEND_GROW   256
/* "Authorization: Basic " and a base64 "user:pin" add at least this much. */
#define CREDENTIALS_GROW 16
/*
 * A phone takes its next step within a second or so (the lab's pauses 0.3 s):
 * this much silence after its last close means it stopped rather than being
 * cut off by the end of the capture.
 */
#define STOP_QUIET 2.0

typedef enum {
    STEP_CERTPROV_MEX = 0,
    STEP_WEBTICKET_MEX,
    STEP_ISSUE_TOKEN,
    STEP_CERTIFICATE
} step;

typedef struct {
    step       st;
    uint32_t   first;      /* size of the first IssueToken (without credentials); 0 before it */
    uint32_t   prev;       /* size of the previous request */
    unsigned   with_credentials;
    lp_service service;
    const char *operation;
    bool       credentials;
} walk;

static bool resent(const walk *w, uint32_t bytes)
{
    return bytes + RESEND_SHRINK >= w->prev && bytes <= w->prev + RESEND_GROW;
}

static void next_request(walk *w, uint32_t bytes)
{
    w->credentials = false;
    if (w->st <= STEP_WEBTICKET_MEX && bytes < SOAP_MIN) {
        w->service = w->st == STEP_CERTPROV_MEX ? LP_SVC_CERTPROV : LP_SVC_WEBTICKET;
        w->operation = "mex";
        w->st++;
    } else if (w->st <= STEP_WEBTICKET_MEX || (w->st == STEP_ISSUE_TOKEN && w->first == 0) ||
               (w->st == STEP_ISSUE_TOKEN && !resent(w, bytes) && bytes < w->prev)) {
        /* The first token request (perhaps with the metadata cached), or a new try from there. */
        w->st = STEP_ISSUE_TOKEN;
        w->first = bytes;
        w->with_credentials = 0;
        w->service = LP_SVC_WEBTICKET;
        w->operation = "IssueToken";
    } else if (w->st == STEP_ISSUE_TOKEN && resent(w, bytes)) {
        w->credentials = bytes >= w->first + CREDENTIALS_GROW;
        w->with_credentials += w->credentials;
    } else {
        w->st = STEP_CERTIFICATE;
        w->service = LP_SVC_CERTPROV;
        w->operation = "GetAndPublishCert";
    }
    w->prev = bytes;
}

void lp_infer_encrypted(lp_event *events, size_t n, double capture_end)
{
    walk w = { STEP_CERTPROV_MEX, 0, 0, 0, LP_SVC_NONE, "", false };
    bool closes_between_steps = false;
    lp_event *last;
    size_t i;

    for (i = 0; i < n; i++) {
        lp_event *e = &events[i];

        if (!e->encrypted)
            continue;
        if (e->kind == LP_EV_HTTP_REQUEST) {
            next_request(&w, e->bytes);
            lp_event_detail(e, "encrypted request, %u bytes: %s %s%s (inferred)",
                            e->bytes, lp_ws_service_name(w.service), w.operation,
                            w.credentials ? " with credentials" : "");
        } else if (e->kind == LP_EV_HTTP_RESPONSE) {
            closes_between_steps |= e->client_closed && i + 1 < n;
            lp_event_detail(e, "encrypted answer from %s (inferred), %u bytes: content not visible",
                            lp_ws_service_name(w.service), e->bytes);
        }
        e->service = w.service;
        e->inferred = true;
    }
    if (n == 0)
        return;
    /*
     * The phone gave up after an answer: it closed the connection and did nothing
     * more for a while. Closing a kept-alive connection before the certificate
     * step says so at once: after that step closing it is the way to SIP.
     */
    last = &events[n - 1];
    if (last->encrypted && last->kind == LP_EV_HTTP_RESPONSE && last->client_closed &&
        (capture_end - last->t >= STOP_QUIET || (!closes_between_steps && w.st < STEP_CERTIFICATE))) {
        last->gave_up = true;
        if (w.st == STEP_ISSUE_TOKEN && w.with_credentials > 1)
            last->retries = w.with_credentials - 1;
    }
}
