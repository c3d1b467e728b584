/* packet-lyncprov.h - what the parts of the lyncprov plugin share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_LYNCPROV_H
#define PACKET_LYNCPROV_H

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>

#include "lp_addr.h"
#include "phone_book.h"
#include "pool_site.h"
#include "signin_verdict.h"

void proto_register_lyncprov(void);
void proto_reg_handoff_lyncprov(void);

/* Keys of the per-frame data the postdissector keeps (p_add_proto_data). */
enum {
    LYNCPROV_KEY_DHCP = 0,
    LYNCPROV_KEY_HTTP
};

/*
 * Where a message of another protocol lies. The postdissector only sees the
 * frame's tvb, and wanted fields are filled on the first pass only; data
 * sources (frame, reassembled, decrypted) come back in the same order on
 * every pass, so a data source index and offsets find the bytes again.
 */
typedef struct {
    guint ds_index;
    gint  start;
    gint  length;
} lyncprov_ref;

gboolean lyncprov_ref_from_finfo(packet_info *pinfo, const field_info *fi, lyncprov_ref *ref);
tvbuff_t *lyncprov_ref_tvb(packet_info *pinfo, const lyncprov_ref *ref);

/* Fields the postdissector asks for, by name. */
typedef struct {
    const char *name;
    int        *hf;
} lyncprov_field;

void lyncprov_want_fields(GArray *wanted, const lyncprov_field *fields, guint n);

/*
 * Each phone's sign-in (lyncprov-signin.c): the parts add the same
 * lp_events as pcap-summarize on the first pass, and the end-of-capture
 * ones in their *_finish(); core judges the phones.
 */
void lyncprov_signin_register(void);
lp_where lyncprov_where(const packet_info *pinfo);
gboolean lyncprov_addr(const address *a, lp_addr *out);
/* The frame's source MAC, or NULL. */
const guint8 *lyncprov_src_mac(const packet_info *pinfo);
lp_site *lyncprov_signin_site(void);
const char *lyncprov_signin_name(const char *name);
void lyncprov_signin_host_event(const lp_addr *host, const guint8 *mac, const lp_phone_event *ev);
gboolean lyncprov_signin_mac_event(const guint8 mac[6], const lp_phone_event *ev);
void lyncprov_signin_bind(const guint8 mac[6], const lp_addr *ip);
void lyncprov_signin_set_user(const lp_addr *host, const char *user, gboolean with_credentials);
double lyncprov_signin_capture_end(void);
/* Every frame: the capture's end on the first pass; the judgement at the first later one. */
void lyncprov_signin_frame(packet_info *pinfo);
/* The frame's parts are done: no more ladder steps from its events. */
void lyncprov_signin_frame_done(void);
/* Whether a second pass judged the phones already (taps cannot tell from the frame alone). */
gboolean lyncprov_signin_judged(void);
/* The judged phones (lp_phone), judged now if the first pass just ended. */
GPtrArray *lyncprov_signin_phones(void);
#define LYNCPROV_MAC_STR_MAX 18
/* A MAC as Wireshark writes it (00:04:f2:00:00:02), into buf. */
const char *lyncprov_mac_str(const guint8 mac[6], char buf[LYNCPROV_MAC_STR_MAX]);
/* The name of the phone at ip: its MAC once the phones are known (-2, GUI), else the address. */
const char *lyncprov_phone_of(wmem_allocator_t *pool, const lp_addr *ip);
/* The event of this frame that the encrypted inference named, or NULL. */
const lp_event *lyncprov_signin_inferred(guint32 frame);

/* DHCP provisioning (packet-lyncprov-dhcp.c). */
void lyncprov_register_dhcp(int proto, expert_module_t *expert);
void lyncprov_dhcp_wanted_hfids(GArray *wanted);
void lyncprov_dissect_dhcp(packet_info *pinfo, proto_tree *tree, int proto);
void lyncprov_dhcp_finish(void);

/* DNS lookups of the pool (packet-lyncprov-dns.c). */
void lyncprov_register_dns(void);
void lyncprov_dns_wanted_hfids(GArray *wanted);
void lyncprov_dissect_dns(packet_info *pinfo, proto_tree *tree);

/* The registrar's decrypted answers to REGISTER (packet-lyncprov-sip.c). */
void lyncprov_sip_wanted_hfids(GArray *wanted);
void lyncprov_dissect_sip(packet_info *pinfo, proto_tree *tree);
void lyncprov_dns_finish(void);

/* TCP closes and TLS connections (packet-lyncprov-tls.c). */
void lyncprov_register_tls(void);
void lyncprov_tls_wanted_hfids(GArray *wanted);
void lyncprov_dissect_tcp(packet_info *pinfo, proto_tree *tree);
void lyncprov_tls_finish(void);
gboolean lyncprov_tcp_stream(proto_tree *tree, guint32 *stream);
/* Whether the TCP stream was closed, where first; closed_by_it says whether by that address and port. */
gboolean lyncprov_tcp_closed(guint32 stream, const lp_addr *by, guint16 by_port, gboolean *closed_by_it,
                             lp_where *w);
/* Its HTTP was read (clear text or decrypted): no guesses from record sizes. */
void lyncprov_tls_mark_decrypted(guint32 stream);

/* HTTP: the Lync web services (packet-lyncprov-http.c). */
typedef struct {
    guint32     request_frame;
    guint32     response_frame;   /* 0 until one is seen */
    nstime_t    request_time;
    lp_service  svc;
    const char *service;
    const char *operation;        /* NULL when unknown */
    const char *user;             /* as the request named it, NULL when not visible */
    const char *extension;        /* the user normalised (lp_ws_extension) */
    gboolean    has_credentials;
    lp_addr     client;           /* the phone */
    guint16     client_port;
    gboolean    has_stream;
    guint32     stream;           /* its TCP stream */
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
    lyncprov_ref   ref;
    gboolean       is_request;
    lync_exchange *x;
    /* requests */
    const char    *endpoint;
    const char    *pin;            /* LP_PIN_MASK unless lyncprov.show_pin was on */
    /* responses */
    unsigned       status;
    lp_resp_kind   kind;
    gboolean       certificate_issued;
    nstime_t       delta;
    guint          n_diag;
    lync_diag     *diag;
    guint          deciding;       /* the diagnostic that decided kind (when n_diag > 0) */
    struct lync_http_msg *next;    /* several messages in one frame */
} lync_http_msg;

void lyncprov_register_http(int proto, expert_module_t *expert, module_t *prefs);
void lyncprov_http_wanted_hfids(GArray *wanted);
void lyncprov_dissect_http(tvbuff_t *frame_tvb, packet_info *pinfo, proto_tree *tree, int proto);
void lyncprov_http_finish(void);

/* What every lyncprov item shows (packet-lyncprov.c): the generated lyncprov.phone. */
void lyncprov_add_phone(proto_tree *tree, tvbuff_t *tvb, const char *phone);
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
