/* web_service.h - what a request to the Lync web services asks, and what the
 * answer says
 *
 * Facts only: the rules that turn them into a verdict live in
 * signin_verdict.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_WEB_SERVICE_H
#define LP_WEB_SERVICE_H

#include <stdbool.h>
#include "http_auth.h"
#include "http_message.h"
#include "ms_diagnostics.h"

typedef enum {
    LP_SVC_NONE = 0,
    LP_SVC_CERTPROV,
    LP_SVC_WEBTICKET
} lp_service;

#define LP_WS_USER_MAX 128
#define LP_WS_PIN_MAX  64

typedef struct {
    lp_service service;
    lp_str     endpoint;      /* what follows ".svc", e.g. "/mex", "/Auth"; may be empty */
    lp_str     operation;     /* e.g. "GetAndPublishCert", "IssueToken", "mex" */
    bool       has_credentials;     /* a 401 to it is a refusal, not a step of the handshake */
    lp_auth_method auth;            /* how: its Authorization header's scheme */
    lp_str     user_agent;          /* raw, as the head has it; empty when none */
    char       user[LP_WS_USER_MAX]; /* empty when not visible */
    char       pin[LP_WS_PIN_MAX];   /* callers mask it unless asked */
} lp_ws_request;

/* The service a URI (path, or absolute URI) belongs to; case-insensitive. */
lp_service lp_ws_service_of_uri(lp_str uri);
const char *lp_ws_service_name(lp_service service);

/*
 * The extension or number a user names, whatever form the request used
 * ("1234", "1234@contoso.test", "sip:1234@contoso.test", "CONTOSO\\1234",
 * "tel:+14255550100;ext=1234"): into out (always NUL-terminated).
 */
void lp_ws_extension(const char *user, char *out, size_t cap);

/* Returns false when the request is not for a Lync web service. */
bool lp_ws_classify_request(const lp_http_view *req, lp_ws_request *out);

#define LP_WS_MAX_DIAG 4

typedef enum {
    LP_DIAG_FROM_HEADER = 0,  /* X-Ms-diagnostics */
    LP_DIAG_FROM_SOAP_FAULT,  /* detail/OCSDiagnosticsFault or faultstring */
    LP_DIAG_FROM_WARNING,     /* Warning: 120 host "InvalidPin" */
    LP_DIAG_ORIGIN_COUNT
} lp_diag_origin;

/* How a cause names where an id came from: "X-Ms-diagnostics", "SOAP fault ErrorId", "Warning". */
const char *lp_diag_origin_name(lp_diag_origin origin);

typedef struct {
    lp_diag_origin origin;
    bool     has_code;
    uint32_t code;
    lp_str   source;          /* raw: escapes not resolved */
    lp_str   reason;
    lp_str   fault;
    unsigned problems;        /* LP_DIAG_P_* */
} lp_ws_diag;

typedef struct {
    unsigned   status;
    bool       challenge;           /* WWW-Authenticate present */
    bool       auth_continues;      /* ... with a token: NTLM's CHALLENGE_MESSAGE, a Negotiate leg */
    bool       invalid_pin_warning; /* Warning 120 ... "InvalidPin" */
    bool       ticket_issued;       /* RequestSecurityTokenResponse */
    bool       certificate_issued;  /* GetAndPublishCertResponse with a token */
    bool       front_end;           /* X-MS-Server-Fqdn: a Lync front end answered */
    bool       arr;                 /* X-Powered-By: ARR (IIS Application Request Routing) */
    lp_str     server;              /* Server, Via and Location: raw, as the head has them */
    lp_str     via;
    lp_str     location;
    size_t     n_diag;
    lp_ws_diag diag[LP_WS_MAX_DIAG];
} lp_ws_response;

void lp_ws_parse_response(const lp_http_view *resp, lp_ws_response *out);

/* Whether a proxy's headers are on the response: Via, ARR, or a Server that is not Microsoft's. */
bool lp_ws_proxy_headers(const lp_ws_response *r);

/* Parse one X-Ms-diagnostics header value into out (appending). */
void lp_ws_add_diag_header(lp_ws_response *out, lp_str value);

#endif /* LP_WEB_SERVICE_H */
