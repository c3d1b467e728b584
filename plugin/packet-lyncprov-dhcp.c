/* packet-lyncprov-dhcp.c - Lync provisioning in DHCP (options 60, 43, 120)
 *
 * Adds a lyncprov tree to the INFORM/REQUEST of a Lync phone and to its
 * reply, below the stock DHCP tree, which is left as it is. Which messages
 * count and how they pair is core's engine's; this file draws them, with
 * core's parsers, on the message's bytes in the frame.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/proto_data.h>
#include <wsutil/wmem/wmem.h>

#include "dhcp_message.h"
#include "dhcp_provisioning.h"
#include "phone_book.h"
#include "pool_site.h"
#include "signin_facts.h"
#include "lyncprov_compat.h"
#include "packet-lyncprov.h"

#define CERTPROV_URL_MAX 600

static int hf_vendor_class = -1;
static int hf_uc_identifier = -1;
static int hf_url_scheme = -1;
static int hf_web_fqdn = -1;
static int hf_web_port = -1;
static int hf_certprov_path = -1;
static int hf_certprov_url = -1;
static int hf_vlan_id = -1;
static int hf_sip_server = -1;
static int hf_reply_in = -1;
static int hf_request_in = -1;

static int proto_lyncprov = -1;

static gint ett_lyncprov_dhcp = -1;
static gint ett_option43 = -1;
static gint ett_option120 = -1;

static expert_field ei_dhcp_bad_option = EI_INIT;
static expert_field ei_dhcp_no_reply = EI_INIT;
static expert_field ei_dhcp_no_option43 = EI_INIT;
static expert_field ei_dhcp_conflict = EI_INIT;

/* Transactions of Lync phones, by the frame of their first request. */
static wmem_map_t *dhcp_transactions;

typedef struct {
    guint32  request_frame;
    guint32  reply_frame;
    gboolean no_reply;
} dhcp_transaction;

/* A DHCP message of a phone's sign-in, as the engine paired it. */
typedef struct {
    guint             offset, len; /* in the frame */
    dhcp_transaction *transaction; /* NULL for a reply whose request is not in the capture */
    gboolean          is_request;
    lp_vendor         vendor;
    guint32           differs_from; /* the first answer's frame, when this one gives other options 43/120 */
} dhcp_frame;

void lyncprov_dhcp_seen(packet_info *pinfo, guint offset, const lp_dhcp_seen *m)
{
    dhcp_transaction *t = NULL;
    dhcp_frame *df;

    if (m->request_frame != 0) {
        t = (dhcp_transaction *)wmem_map_lookup(dhcp_transactions, GUINT_TO_POINTER(m->request_frame));
        if (t == NULL) {
            t = wmem_new0(wmem_file_scope(), dhcp_transaction);
            t->request_frame = m->request_frame;
            wmem_map_insert(dhcp_transactions, GUINT_TO_POINTER(m->request_frame), t);
        }
        if (!m->is_request && t->reply_frame == 0)
            t->reply_frame = pinfo->num;
    }
    df = wmem_new0(wmem_file_scope(), dhcp_frame);
    df->offset = offset;
    df->len = (guint)m->len;
    df->transaction = t;
    df->is_request = m->is_request;
    df->vendor = m->vendor;
    df->differs_from = m->differs_from;
    p_add_proto_data(wmem_file_scope(), pinfo, proto_lyncprov, LYNCPROV_KEY_DHCP, df);
    lyncprov_signin_draws(pinfo->num);
}

void lyncprov_dhcp_no_reply(guint32 frame)
{
    dhcp_transaction *t = (dhcp_transaction *)wmem_map_lookup(dhcp_transactions, GUINT_TO_POINTER(frame));

    if (t != NULL)
        t->no_reply = TRUE;
}

static void add_opt43_problems(packet_info *pinfo, proto_item *item, unsigned problems)
{
    unsigned bit;

    for (bit = 1; bit < 1u << LP_O43_P_COUNT; bit <<= 1)
        if (problems & bit)
            expert_add_info_format(pinfo, item, &ei_dhcp_bad_option, "Option 43: %s",
                                   lp_opt43_problem_str(bit));
}

/* A sub-option's text, made safe to show: -T fields prints a field's value as it is. */
static proto_item *add_sub_string(proto_tree *tree, int hf, tvbuff_t *tvb, packet_info *pinfo, int base,
                                  const lp_opt43 *o, unsigned code)
{
    const lp_span *sub = &o->sub[code];

    if (!(o->present & (1u << code)))
        return NULL;
    return proto_tree_add_string(tree, hf, tvb, base + (int)sub->off, (int)sub->len,
                                 lyncprov_safe_strdup(pinfo->pool,
                                                      (const char *)tvb_get_ptr(tvb, base + (int)sub->off,
                                                                                (int)sub->len),
                                                      sub->len));
}

/* Returns whether option 43 had problems. */
static gboolean dissect_option43(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                 proto_item *lync_item, const lp_dhcp_msg *msg, lp_vendor hint)
{
    const guint8 *buf = tvb_get_ptr(tvb, 0, -1);
    int base = (int)msg->vendor_info.off;
    lp_opt43 o;
    proto_tree *st;
    proto_item *ti;
    char url[CERTPROV_URL_MAX];

    if (!lp_opt43_parse(buf + base, msg->vendor_info.len, hint, &o))
        return FALSE;

    st = proto_tree_add_subtree_format(tree, tvb, base, (int)msg->vendor_info.len, ett_option43,
                                       NULL, "Option 43: %s provisioning", lp_vendor_name(o.vendor));
    add_sub_string(st, hf_uc_identifier, tvb, pinfo, base, &o, LP_O43_UC_IDENTIFIER);
    add_sub_string(st, hf_url_scheme, tvb, pinfo, base, &o, LP_O43_URL_SCHEME);
    add_sub_string(st, hf_web_fqdn, tvb, pinfo, base, &o, LP_O43_WEB_FQDN);
    if (o.present & (1u << LP_O43_WEB_PORT)) {
        const lp_span *port = &o.sub[LP_O43_WEB_PORT];

        if (o.problems & LP_O43_P_PORT_NOT_NUMBER)
            proto_tree_add_uint_format_value(st, hf_web_port, tvb, base + (int)port->off,
                                             (int)port->len, 0, "%s (not a number)",
                                             tvb_format_text(pinfo->pool, tvb, base + (int)port->off,
                                                             (int)port->len));
        else
            proto_tree_add_uint(st, hf_web_port, tvb, base + (int)port->off, (int)port->len,
                                o.web_port);
    }
    add_sub_string(st, hf_certprov_path, tvb, pinfo, base, &o, LP_O43_CERTPROV_PATH);
    if (o.present & (1u << LP_O43_VLAN_ID))
        proto_tree_add_uint(st, hf_vlan_id, tvb, base + (int)o.sub[LP_O43_VLAN_ID].off,
                            (int)o.sub[LP_O43_VLAN_ID].len, o.vlan_id);
    if (o.problems & LP_O43_P_TRUNCATED)
        proto_tree_add_expert_format(st, pinfo, &ei_dhcp_bad_option, tvb,
                                     base + (int)o.truncated.off, (int)o.truncated.len,
                                     "Option 43: sub-option %u runs past the end of option 43",
                                     o.truncated_code);
    add_opt43_problems(pinfo, lync_item, o.problems & ~LP_O43_P_TRUNCATED);

    if (o.vendor == LP_VENDOR_MS_UC_CLIENT && lp_opt43_certprov_url(&o, buf + base, url, sizeof url)) {
        ti = proto_tree_add_string(tree, hf_certprov_url, tvb, base, (int)msg->vendor_info.len,
                                   lyncprov_safe_strdup(pinfo->pool, url, strlen(url)));
        proto_item_set_generated(ti);
    }
    return o.problems != 0;
}

/* Returns whether option 120 had problems. */
static gboolean dissect_option120(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                  proto_item *lync_item, const lp_dhcp_msg *msg)
{
    int base = (int)msg->sip_servers.off;
    lp_opt120 o;
    proto_tree *st;
    unsigned i, bit;

    lp_opt120_parse(tvb_get_ptr(tvb, base, (int)msg->sip_servers.len), msg->sip_servers.len, &o);
    st = proto_tree_add_subtree(tree, tvb, base, (int)msg->sip_servers.len, ett_option120, NULL,
                                "Option 120: SIP servers");
    for (i = 0; i < o.count; i++)
        proto_tree_add_string(st, hf_sip_server, tvb, base + (int)o.server[i].raw.off,
                              (int)o.server[i].raw.len,
                              lyncprov_safe_strdup(pinfo->pool, o.server[i].name, strlen(o.server[i].name)));
    for (bit = 1; bit < 1u << LP_O120_P_COUNT; bit <<= 1)
        if (o.problems & bit)
            expert_add_info_format(pinfo, lync_item, &ei_dhcp_bad_option, "Option 120: %s",
                                   lp_opt120_problem_str(bit));
    return o.problems != 0;
}

static void dissect_dhcp_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int proto,
                                 const dhcp_frame *df)
{
    guint len = tvb_captured_length(tvb);
    const guint8 *buf = tvb_get_ptr(tvb, 0, len);
    const dhcp_transaction *t = df->transaction;
    lp_dhcp_msg msg;
    proto_item *lync_item, *ti;
    proto_tree *lync_tree;
    char phone[LYNCPROV_MAC_STR_MAX];
    gboolean bad = FALSE;

    if (!lp_dhcp_msg_parse(buf, len, &msg))
        return;

    lync_item = proto_tree_add_item(tree, proto, tvb, 0, -1, ENC_NA);
    lync_tree = proto_item_add_subtree(lync_item, ett_lyncprov_dhcp);
    lyncprov_mac_str(msg.chaddr, phone);
    proto_item_append_text(lync_item, ": %s %s, phone %s", lp_vendor_name(df->vendor),
                           df->is_request ? "request" : "reply", phone);
    if (df->is_request) {
        proto_tree_add_item(lync_tree, hf_vendor_class, tvb, (int)msg.vendor_class.off,
                            (int)msg.vendor_class.len, ENC_ASCII);
        lyncprov_add_phone(lync_tree, tvb, phone);
        if (t->reply_frame != 0) {
            ti = proto_tree_add_uint(lync_tree, hf_reply_in, tvb, 0, 0, t->reply_frame);
            proto_item_set_generated(ti);
        } else if (t->no_reply) {
            expert_add_info(pinfo, lync_item, &ei_dhcp_no_reply);
            proto_item_append_text(lync_item, ", no reply");
            lyncprov_info_tag(pinfo, "no DHCP reply");
        }
        return;
    }

    ti = proto_tree_add_string(lync_tree, hf_vendor_class, tvb, 0, 0, lp_vendor_name(df->vendor));
    proto_item_set_generated(ti);
    lyncprov_add_phone(lync_tree, tvb, phone);
    if (t != NULL) {
        ti = proto_tree_add_uint(lync_tree, hf_request_in, tvb, 0, 0, t->request_frame);
        proto_item_set_generated(ti);
    }
    if (msg.present & LP_DHCP_HAS_VENDOR_INFO) {
        bad = dissect_option43(tvb, pinfo, lync_tree, lync_item, &msg, df->vendor);
    } else if (df->vendor == LP_VENDOR_MS_UC_CLIENT && msg.msg_type == LP_DHCP_ACK) {
        expert_add_info(pinfo, lync_item, &ei_dhcp_no_option43);
        proto_item_append_text(lync_item, ", no option 43");
        lyncprov_info_tag(pinfo, "no option 43");
    }
    if (msg.present & LP_DHCP_HAS_SIP_SERVERS)
        bad = dissect_option120(tvb, pinfo, lync_tree, lync_item, &msg) || bad;
    if (bad) {
        proto_item_append_text(lync_item, ", bad option 43/120");
        lyncprov_info_tag(pinfo, "bad DHCP option");
    }
    if (df->differs_from != 0) {
        expert_add_info_format(pinfo, lync_item, &ei_dhcp_conflict,
                               "Another DHCP server answered this request differently first (frame %u): "
                               "options 43/120 differ", df->differs_from);
        proto_item_append_text(lync_item, ", DHCP servers disagree");
        lyncprov_info_tag(pinfo, "DHCP servers disagree");
    }
}

void lyncprov_dissect_dhcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int proto)
{
    const dhcp_frame *df = (const dhcp_frame *)p_get_proto_data(wmem_file_scope(), pinfo, proto, LYNCPROV_KEY_DHCP);

    if (df == NULL || tvb_captured_length(tvb) < df->offset + df->len)
        return;
    dissect_dhcp_message(tvb_new_subset_length(tvb, (gint)df->offset, (gint)df->len), pinfo, tree, proto, df);
}

void lyncprov_register_dhcp(int proto, expert_module_t *expert)
{
    static hf_register_info hf[] = {
        { &hf_vendor_class,
          { "Vendor class", "lyncprov.dhcp.vendor_class", FT_STRING, BASE_NONE, NULL, 0x0,
            "Option 60 of the request, or recognised from option 43", HFILL } },
        { &hf_uc_identifier,
          { "UC identifier", "lyncprov.dhcp.uc_identifier", FT_STRING, BASE_NONE, NULL, 0x0,
            "Option 43 sub-option 1", HFILL } },
        { &hf_url_scheme,
          { "URL scheme", "lyncprov.dhcp.url_scheme", FT_STRING, BASE_NONE, NULL, 0x0,
            "Option 43 sub-option 2", HFILL } },
        { &hf_web_fqdn,
          { "Web server FQDN", "lyncprov.dhcp.web_fqdn", FT_STRING, BASE_NONE, NULL, 0x0,
            "Option 43 sub-option 3: the pool's web services", HFILL } },
        { &hf_web_port,
          { "Web server port", "lyncprov.dhcp.web_port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Option 43 sub-option 4 (sent as text)", HFILL } },
        { &hf_certprov_path,
          { "CertProv path", "lyncprov.dhcp.certprov_path", FT_STRING, BASE_NONE, NULL, 0x0,
            "Option 43 sub-option 5", HFILL } },
        { &hf_certprov_url,
          { "CertProv URL", "lyncprov.dhcp.certprov_url", FT_STRING, BASE_NONE, NULL, 0x0,
            "scheme://fqdn:port/path, as the phone builds it", HFILL } },
        { &hf_vlan_id,
          { "VLAN ID", "lyncprov.dhcp.vlan_id", FT_UINT16, BASE_DEC, NULL, 0x0,
            "CPE-OCPHONE option 43 sub-option 10", HFILL } },
        { &hf_sip_server,
          { "SIP server", "lyncprov.dhcp.sip_server", FT_STRING, BASE_NONE, NULL, 0x0,
            "Option 120 (RFC 3361)", HFILL } },
        { &hf_reply_in,
          { "Reply in", "lyncprov.dhcp.reply_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, NULL, HFILL } },
        { &hf_request_in,
          { "Request in", "lyncprov.dhcp.request_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, NULL, HFILL } },
    };
    static gint *ett[] = { &ett_lyncprov_dhcp, &ett_option43, &ett_option120 };
    static ei_register_info ei[] = {
        { &ei_dhcp_bad_option,
          { "lyncprov.dhcp_bad_option", PI_PROTOCOL, PI_WARN,
            "Option 43 is malformed or inconsistent", EXPFILL } },
        { &ei_dhcp_no_reply,
          { "lyncprov.dhcp_no_reply", PI_SEQUENCE, PI_WARN,
            "MS-UC-Client request got no DHCP reply in the capture", EXPFILL } },
        { &ei_dhcp_no_option43,
          { "lyncprov.dhcp_no_option43", PI_PROTOCOL, PI_WARN,
            "DHCPACK to an MS-UC-Client request without option 43: the phone cannot find the "
            "Certificate Provisioning service", EXPFILL } },
        { &ei_dhcp_conflict,
          { "lyncprov.dhcp_conflict", PI_SEQUENCE, PI_WARN,
            "DHCP servers disagree: this reply's options 43/120 differ from the first reply to the "
            "same request (a stale or rogue scope)", EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert, ei, array_length(ei));
    proto_lyncprov = proto;
    dhcp_transactions = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}
