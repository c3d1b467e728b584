/* packet-lyncprov.h - what the parts of the lyncprov plugin share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_LYNCPROV_H
#define PACKET_LYNCPROV_H

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>

#include "engine.h"
#include "lp_addr.h"
#include "phone_book.h"
#include "signin_verdict.h"

void proto_register_lyncprov(void);
void proto_reg_handoff_lyncprov(void);

/* Keys of the per-frame data the postdissector keeps (p_add_proto_data). */
enum {
    LYNCPROV_KEY_DHCP = 0
};

/*
 * What the plugin feeds the engine (lyncprov-feed.c), without asking tshark
 * for any field: the frame's bytes, and the TLS that Wireshark decrypted.
 */
typedef struct {
    /* The frame as captured; linktype is its pcap LINKTYPE_ value. */
    void (*frame)(void *data, int linktype, const guint8 *bytes, size_t len);
    /* One decrypted TLS record's content of this inner type (application data, handshake, alert), src to dst, in stream order. */
    void (*plaintext)(void *data, const lp_addr *src, guint16 sport, const lp_addr *dst, guint16 dport, guint8 type,
                      const guint8 *bytes, size_t len);
} lyncprov_feed_sink;

void lyncprov_feed_packet(tvbuff_t *frame_tvb, packet_info *pinfo, const lyncprov_feed_sink *sink, void *data);

/*
 * Each phone's sign-in (lyncprov-signin.c): core's engine, fed every frame
 * on the first pass; it tells the parts what it paired, and judges the
 * phones when the first pass is over.
 */
void lyncprov_signin_register(void);
lp_where lyncprov_where(const packet_info *pinfo);
gboolean lyncprov_addr(const address *a, lp_addr *out);
/* Every frame: fed to the engine on the first pass; the judgement at the first later one. */
void lyncprov_signin_frame(tvbuff_t *tvb, packet_info *pinfo);
/* Whether a second pass judged the phones already (taps cannot tell from the frame alone). */
gboolean lyncprov_signin_judged(void);
/* The judged phones (lp_phone), judged now if the first pass just ended. */
GPtrArray *lyncprov_signin_phones(void);
#define LYNCPROV_MAC_STR_MAX 18
/* A MAC as Wireshark writes it (00:04:f2:00:00:02), into buf. */
const char *lyncprov_mac_str(const guint8 mac[6], char buf[LYNCPROV_MAC_STR_MAX]);
/* The name of the phone at ip: its MAC once the phones are known (-2, GUI), else the address. */
const char *lyncprov_phone_of(wmem_allocator_t *pool, const lp_addr *ip);
/* The frame has lyncprov items to draw (DHCP, web service messages, an inferred exchange). */
void lyncprov_signin_draws(guint32 frame);
gboolean lyncprov_signin_drawn(guint32 frame);
/* The event of this frame that the encrypted inference named, or NULL. */
const lp_event *lyncprov_signin_inferred(guint32 frame);
/* A failed connection, TLS handshake or SIP connection, or a registrar's answer to REGISTER, and the phone it is of. */
typedef struct {
    lp_event ev;
    char     phone[LP_ADDR_STR_MAX];
} lyncprov_failure;
/* What the verdict's rules see at this frame (CONNECT_FAILED, TLS_ALERT, SIP_CLOSED failures; SIP_RESPONSE), or NULL. */
const lyncprov_failure *lyncprov_signin_failure(guint32 frame);

/* Connections that never opened, TLS handshakes that failed (packet-lyncprov-connect.c). */
void lyncprov_register_connect(int proto, expert_module_t *expert);
void lyncprov_dissect_connect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int proto);

/* DHCP provisioning (packet-lyncprov-dhcp.c): the engine's messages, drawn on the frame's bytes at offset. */
void lyncprov_register_dhcp(int proto, expert_module_t *expert);
void lyncprov_dhcp_seen(packet_info *pinfo, guint offset, const lp_dhcp_seen *m);
/* The transaction whose first request is at frame got no reply (the engine's DHCP_NO_REPLY). */
void lyncprov_dhcp_no_reply(guint32 frame);
void lyncprov_dissect_dhcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int proto);

/* HTTP: the Lync web services (packet-lyncprov-http.c). */
typedef struct {
    guint32     request_frame;
    guint32     response_frame;   /* 0 until one is seen */
    double      request_t;        /* seconds since the epoch */
    lp_service  svc;
    const char *service;
    const char *operation;        /* NULL when unknown */
    const char *user;             /* as the request named it, NULL when not visible */
    const char *extension;        /* the user normalised (lp_ws_extension) */
    gboolean    has_credentials;
    lp_auth_method auth;          /* the Authorization header's scheme */
    lp_addr     client;           /* the phone */
    gboolean    no_response;      /* unanswered, and core says that is a failure (known at the end) */
    gboolean    root_chain;       /* the CA chain download (CertProv RootChain, plain HTTP) */
} lync_exchange;

typedef struct {
    gboolean       has_code;
    guint32        code;
    const char    *source;         /* escapes resolved */
    const char    *reason;
    const char    *fault;
    lp_diag_origin origin;
    unsigned       problems;
} lync_diag;

/* One request or response, as the first pass understood it; also the tap data. */
typedef struct lync_http_msg {
    gboolean       is_request;
    lync_exchange *x;
    /* requests */
    const char    *endpoint;
    const char    *pin;            /* LP_PIN_MASK unless lyncprov.show_pin was on */
    /* responses */
    unsigned       status;
    lp_resp_kind   kind;
    gboolean       certificate_issued;
    const char    *location;       /* a redirect's Location, safe to show */
    nstime_t       delta;
    guint          n_diag;
    lync_diag     *diag;
    guint          deciding;       /* the diagnostic that decided kind (when n_diag > 0) */
    struct lync_http_msg *next;    /* several messages in one frame */
} lync_http_msg;

void lyncprov_register_http(int proto, expert_module_t *expert, module_t *prefs);
/* Whether the user asked to see PINs (lyncprov.show_pin). */
gboolean lyncprov_http_show_pin(void);
void lyncprov_http_seen(const lp_http_seen *m);
/* The request at frame never got an answer, and the engine says that is a failure. */
void lyncprov_http_no_response(guint32 frame);
void lyncprov_dissect_http(tvbuff_t *frame_tvb, packet_info *pinfo, proto_tree *tree, int proto);

/* What every lyncprov item shows (packet-lyncprov.c): the generated lyncprov.phone. */
void lyncprov_add_phone(proto_tree *tree, tvbuff_t *tvb, const char *phone);
/*
 * A copy of len bytes from the capture in scope, made safe to show
 * (lp_safe_text): every string from the wire goes through it before a
 * label, expert, column, statistic or Flow Graph shows it.
 */
const char *lyncprov_safe_strdup(wmem_allocator_t *scope, const char *s, size_t len);
/* A problem's short tag at the start of the Info column, where it is not cut off. */
void lyncprov_info_tag(packet_info *pinfo, const char *tag);

/*
 * The sign-in ladder (lyncprov-flow.c): Statistics > Flow Graph "Lync sign-in"
 * and tshark -z flow,lyncprov,network. Parts add the steps of the frame on every
 * pass; dissect_lyncprov() hands them to the flow tap at the end.
 */
void lyncprov_register_flow(int proto);
void lyncprov_flow_step(packet_info *pinfo, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* A step known on the first pass only (DHCP, DNS, TLS, SIP events): kept with the frame. */
void lyncprov_flow_remember(packet_info *pinfo, const char *label);
void lyncprov_flow_flush(packet_info *pinfo);

/* Statistics (lyncprov-stats.c), fed by the "lyncprov" tap. */
void lyncprov_register_stats(void);

/* The verdicts per phone: tshark -z lyncprov,phones and Statistics (lyncprov-phones.c). */
void lyncprov_register_phones(void);

#endif /* PACKET_LYNCPROV_H */
