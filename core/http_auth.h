/* http_auth.h - what an Authorization or WWW-Authenticate value says: the
 * scheme, and for NTLM (bare, or inside SPNEGO) which leg it is and, in the
 * AUTHENTICATE_MESSAGE, whose credentials (MS-NLMP 2.2.1)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_HTTP_AUTH_H
#define LP_HTTP_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include "lp_str.h"

/* How a client proved who it is to the web services. */
typedef enum {
    LP_AUTH_NONE = 0,
    LP_AUTH_PIN,        /* Basic: extension and PIN (the PIN port) */
    LP_AUTH_NTLM,       /* user and password, NTLM (the WinNegotiate port) */
    LP_AUTH_NEGOTIATE,  /* user and password or Windows sign-in, Kerberos through SPNEGO */
    LP_AUTH_OTHER,      /* a scheme of another kind */
    LP_AUTH_COUNT
} lp_auth_method;

/* "PIN", "NTLM", "Negotiate", ...: the names the timeline and the verdict use. */
const char *lp_auth_method_name(lp_auth_method method);
/* Whether the method signs in with a user's password (the refusal's advice is about the account). */
bool lp_auth_is_password(lp_auth_method method);

/* NTLM message types (MS-NLMP 2.2.1). */
enum { LP_NTLM_NEGOTIATE = 1, LP_NTLM_CHALLENGE = 2, LP_NTLM_AUTHENTICATE = 3 };

#define LP_AUTH_USER_MAX 128

typedef struct {
    lp_auth_method method;  /* by scheme; Basic is PIN */
    bool    token;          /* a token follows the scheme (NTLM, Negotiate): a leg, not an offer */
    uint8_t ntlm_type;      /* the token's NTLM message type, bare or in SPNEGO; 0 when not NTLM */
    char    user[LP_AUTH_USER_MAX]; /* AUTHENTICATE_MESSAGE: "DOMAIN\user", UTF-8; else empty */
} lp_http_auth;

/* One header value ("NTLM TlRMTVNTUAAB...", "Basic realm=..."); never allocates. */
void lp_http_auth_parse(lp_str value, lp_http_auth *out);

/*
 * Whether a request with this Authorization carries credentials, so that a
 * 401 to it is a refusal: Basic, NTLM's AUTHENTICATE_MESSAGE, a Kerberos
 * token. NTLM's NEGOTIATE_MESSAGE only starts the handshake.
 */
bool lp_http_auth_is_credentials(const lp_http_auth *a);

#endif /* LP_HTTP_AUTH_H */
