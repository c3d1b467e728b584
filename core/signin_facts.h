/* signin_facts.h - which messages make up a phone's sign-in, and the
 * lp_events they become
 *
 * The plugin (from Wireshark's fields) and pcap-summarize (from its own
 * decoding) decide with these predicates which packets count, and build
 * their events with these functions, so that lp_verdict_phone() judges the
 * same facts in both.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_SIGNIN_FACTS_H
#define LP_SIGNIN_FACTS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "dhcp_message.h"
#include "dns_message.h"
#include "dhcp_provisioning.h"
#include "lp_addr.h"
#include "pool_site.h"
#include "signin_verdict.h"
#include "web_service.h"

/* What a PIN is shown as unless the user asks to see it. */
#define LP_PIN_MASK "****"

/* Fill the header of an event: kind, and where it was seen; the rest zeroed. */
void lp_event_init(lp_event *ev, lp_event_kind kind, const lp_where *w);
/* Set the text a person reads, made safe to show (lp_safe_text) and cut to fit. */
void lp_event_vdetail(lp_event *ev, const char *fmt, va_list ap);
void lp_event_detail(lp_event *ev, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- DHCP ---- */

/* A transaction: the client picks xid (RFC 2131 4.1), so it is only unique with the MAC. */
typedef struct {
    uint32_t xid;
    uint8_t  mac[6];
} lp_dhcp_key;

void lp_dhcp_key_of(const lp_dhcp_msg *m, lp_dhcp_key *key);
unsigned lp_dhcp_key_hash(const lp_dhcp_key *key);
bool lp_dhcp_key_equal(const lp_dhcp_key *a, const lp_dhcp_key *b);

/* The vendor class of the message's own option 60, or UNKNOWN. */
lp_vendor lp_dhcp_vendor(const lp_dhcp_msg *m, const uint8_t *buf);
/* A Lync phone asking for its provisioning: DHCPINFORM or DHCPREQUEST with a Lync vendor class. */
bool lp_dhcp_is_phone_request(const lp_dhcp_msg *m, lp_vendor vendor);
/* A reply that answers such a request (same key): DHCPACK or DHCPNAK. */
bool lp_dhcp_is_answer(const lp_dhcp_msg *m);
/*
 * The vendor class of a reply's transaction: its request's, else the
 * reply's own option 60. Option 43 content alone never makes a reply Lync's:
 * PXE, Aruba and Cisco use the same option.
 */
lp_vendor lp_dhcp_answer_vendor(lp_vendor request_vendor, const lp_dhcp_msg *reply, const uint8_t *buf);
/* Whether silence after a request of this class is a failure: only MS-UC-Client waits for provisioning. */
bool lp_dhcp_expects_reply(lp_vendor vendor);

/*
 * The first answer to a request. Several DHCP servers may answer one
 * request (a stale or rogue scope); later answers are compared with it.
 */
typedef struct {
    uint32_t frame;  /* 0 until an answer is seen */
    uint32_t digest; /* of its message type and options 43 and 120 */
} lp_dhcp_first_answer;

void lp_dhcp_request_event(lp_event *ev, const lp_where *w, const lp_dhcp_msg *m, lp_vendor vendor);
/*
 * The answer's event, from server: provisioned (option 43 gave a usable
 * CertProv URL), vlan_only (CPE-OCPHONE), or neither. o43 is set when
 * option 43 parsed. first is the request's first answer (NULL when the
 * request is not in the capture): dhcp_conflict is set when this one gives
 * the phone other provisioning (options 43/120, or ACK against NAK); a
 * repeat of the first is no conflict.
 */
void lp_dhcp_answer_event(lp_event *ev, const lp_where *w, const lp_dhcp_msg *m, const uint8_t *buf, lp_vendor vendor,
                          const lp_addr *server, lp_dhcp_first_answer *first, lp_opt43 *o43, bool *has_o43);
void lp_dhcp_no_reply_event(lp_event *ev, const lp_where *w, uint8_t msg_type, lp_vendor vendor, unsigned retries,
                            uint32_t last_frame);

/* ---- DNS ---- */

/* A phone retries after 2 s or so: no answer in this long is a failure. */
#define LP_DNS_ANSWER_WAIT 10.0
/* At the end of the capture, a query younger than this may just be cut off. */
#define LP_DNS_CUT_OFF 2.0

/* A lookup: the asking address and port, and the query id its answer repeats. */
typedef struct {
    lp_addr  client;
    uint16_t port, id;
} lp_dns_key;

void lp_dns_key_of(lp_dns_key *key, const lp_addr *client, uint16_t port, uint16_t id);
unsigned lp_dns_key_hash(const lp_dns_key *key);
bool lp_dns_key_equal(const lp_dns_key *a, const lp_dns_key *b);

void lp_dns_query_event(lp_event *ev, const lp_where *w, const lp_dns_msg *m);
/* An answer's event; the addresses of a name the site knows become the pool's. */
void lp_dns_answer_event(lp_event *ev, const lp_where *w, const lp_dns_msg *m, lp_site *site);
/*
 * A query still unanswered at now (at the end of the capture or not):
 * returns whether it is settled, with ev set when that is a failure.
 */
bool lp_dns_unanswered_event(lp_event *ev, const lp_where *query, const char *qname, uint16_t qtype,
                             double now, bool at_end, bool *failed);

/* ---- Web services ---- */

/*
 * The diagnostic that decided a response's kind, and the one quoted for it:
 * a PIN rejection's, else an authentication failure's, else the first with
 * an id, else the first with a reason. NULL when there is none.
 */
const lp_ws_diag *lp_deciding_diag(const lp_ws_response *r);
/* A request's event: what it asks, as whom; the PIN masked unless show_pin. */
void lp_request_event(lp_event *ev, const lp_where *w, const lp_http_view *v, const lp_ws_request *rq,
                      bool show_pin);
/*
 * Whether a response whose request is not in the capture (it started late,
 * or the request's segments were lost) still tells about the sign-in: a
 * failure that carries Lync's own diagnostics (X-Ms-diagnostics, an OCS
 * SOAP fault, the InvalidPin warning). Its event comes from
 * lp_response_event() with LP_SVC_NONE and credentials: a diagnosed 401 is
 * a refusal, not the challenge.
 */
bool lp_orphan_response_counts(const lp_ws_response *r);
/* A response's event: kind, status, the deciding diagnostic and the text. */
void lp_response_event(lp_event *ev, const lp_where *w, lp_service service, const lp_ws_response *r, bool credentials,
                       lp_auth_method auth);

void lp_certificate_event(lp_event *ev, const lp_where *w, lp_service service);

/* A request unanswered for less than this may just be cut off by the capture (seconds). */
#define LP_NO_RESPONSE_WAIT 10.0
/*
 * Whether a request's silence is "no response": the phone closed the
 * connection without an answer (its own evidence), or it waited long enough.
 */
bool lp_silence_is_no_response(double waited, bool phone_closed);
void lp_no_response_event(lp_event *ev, const lp_where *w, lp_service service, double waited, bool phone_closed);

/* ---- the root chain (plain HTTP, port 80, before TLS) ---- */

/* Its outcome: the answer's HTTP status, or 0 when the connection never opened (the caller tells how). */
void lp_root_chain_event(lp_event *ev, const lp_where *w, unsigned status, uint16_t port);

/* ---- SIP ---- */

/*
 * A registrar's final answer to REGISTER (decrypted: "SIP/2.0 403 ...",
 * CSeq ... REGISTER), with its ms-diagnostics as the reason. False for
 * anything else: requests, 1xx, answers to other methods.
 */
bool lp_sip_answer_event(lp_event *ev, const lp_where *w, const uint8_t *msg, size_t len);

/* The phone reached the SIP server: it sent it a request (decrypted), e.g. REGISTER; server is "addr:port". */
void lp_sip_request_event(lp_event *ev, const lp_where *w, const char *method, size_t method_len,
                          const char *server);

#endif /* LP_SIGNIN_FACTS_H */
