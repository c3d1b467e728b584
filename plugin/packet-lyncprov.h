/* packet-lyncprov.h - what the parts of the lyncprov plugin share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_LYNCPROV_H
#define PACKET_LYNCPROV_H

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>

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

/* DHCP provisioning (packet-lyncprov-dhcp.c). */
void lyncprov_register_dhcp(int proto, expert_module_t *expert);
void lyncprov_dhcp_wanted_hfids(GArray *wanted);
void lyncprov_dissect_dhcp(packet_info *pinfo, proto_tree *tree, int proto);

/* HTTP: the Lync web services (packet-lyncprov-http.c). */
typedef struct {
    guint32     request_frame;
    guint32     response_frame;   /* 0 until one is seen */
    nstime_t    request_time;
    const char *service;
    gboolean    has_credentials;
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
    const char    *operation;
    const char    *user;
    const char    *pin;            /* "****" unless lyncprov.show_pin was on */
    /* responses */
    unsigned       status;
    lp_resp_kind   kind;
    gboolean       certificate_issued;
    nstime_t       delta;
    guint          n_diag;
    lync_diag     *diag;
    struct lync_http_msg *next;    /* several messages in one frame */
} lync_http_msg;

void lyncprov_register_http(int proto, expert_module_t *expert, module_t *prefs);
void lyncprov_http_wanted_hfids(GArray *wanted);
void lyncprov_dissect_http(packet_info *pinfo, proto_tree *tree, int proto);

/* Statistics (lyncprov-stats.c), fed by the "lyncprov" tap. */
void lyncprov_register_stats(void);

#endif /* PACKET_LYNCPROV_H */
