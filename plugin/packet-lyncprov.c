/* packet-lyncprov.c - Lync/Skype for Business phone provisioning
 *
 * A postdissector: it reads what the stock DHCP (and HTTP) dissectors found
 * and explains a desk phone's extension-and-PIN sign-in on top of it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>

#include "packet-lyncprov.h"

static int proto_lyncprov = -1;
static int hf_phone = -1;

static dissector_handle_t lyncprov_handle;

gboolean lyncprov_ref_from_finfo(packet_info *pinfo, const field_info *fi, lyncprov_ref *ref)
{
    GSList *src;
    guint i = 0;

    for (src = pinfo->data_src; src != NULL; src = src->next, i++) {
        if (get_data_source_tvb((const struct data_source *)src->data) == fi->ds_tvb) {
            ref->ds_index = i;
            ref->start = fi->start;
            ref->length = fi->length;
            return TRUE;
        }
    }
    return FALSE;
}

tvbuff_t *lyncprov_ref_tvb(packet_info *pinfo, const lyncprov_ref *ref)
{
    GSList *src = g_slist_nth(pinfo->data_src, ref->ds_index);
    tvbuff_t *tvb;

    if (src == NULL)
        return NULL;
    tvb = get_data_source_tvb((const struct data_source *)src->data);
    if (tvb == NULL || tvb_captured_length(tvb) < (guint)ref->start + (guint)ref->length)
        return NULL;
    return tvb_new_subset_length(tvb, ref->start, ref->length);
}

void lyncprov_want_fields(GArray *wanted, const lyncprov_field *fields, guint n)
{
    guint i;

    for (i = 0; i < n; i++) {
        *fields[i].hf = proto_registrar_get_id_byname(fields[i].name);
        if (*fields[i].hf != -1)
            g_array_append_val(wanted, *fields[i].hf);
    }
}

void lyncprov_add_phone(proto_tree *tree, tvbuff_t *tvb, const char *phone)
{
    proto_item_set_generated(proto_tree_add_string(tree, hf_phone, tvb, 0, 0, phone));
}

void lyncprov_info_tag(packet_info *pinfo, const char *tag)
{
    col_prepend_fstr(pinfo->cinfo, COL_INFO, "[Lync: %s] ", tag);
}

static int dissect_lyncprov(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    lyncprov_signin_frame(pinfo);
    lyncprov_dissect_tcp(pinfo, tree);
    lyncprov_dissect_dns(pinfo, tree);
    lyncprov_dissect_sip(pinfo, tree);
    lyncprov_dissect_dhcp(pinfo, tree, proto_lyncprov);
    lyncprov_dissect_http(tvb, pinfo, tree, proto_lyncprov);
    lyncprov_signin_frame_done();
    lyncprov_flow_flush(pinfo);
    return 0;
}

/*
 * Any wanted field makes tshark build a protocol tree for every frame of the
 * first pass, which costs more than everything this plugin does (about +45%
 * on HTTP with HTML bodies, bench/plugin-cost.sh). So fields are asked for
 * only while the protocol is enabled, decided when a file is opened (after
 * --disable-protocol and the Enabled Protocols dialog took effect): a
 * disabled plugin costs nothing.
 */
static void want_fields_if_enabled(void)
{
    GArray *wanted = NULL;

    if (proto_is_protocol_enabled(find_protocol_by_id(proto_lyncprov))) {
        wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
        lyncprov_dhcp_wanted_hfids(wanted);
        lyncprov_http_wanted_hfids(wanted);
        lyncprov_tls_wanted_hfids(wanted);
        lyncprov_dns_wanted_hfids(wanted);
        lyncprov_sip_wanted_hfids(wanted);
    }
    set_postdissector_wanted_hfids(lyncprov_handle, wanted);
}

void proto_register_lyncprov(void)
{
    static hf_register_info hf[] = {
        { &hf_phone,
          { "Phone", "lyncprov.phone", FT_STRING, BASE_NONE, NULL, 0x0,
            "The phone this is about: its MAC where known (DHCP, or its own frames), else its IP", HFILL } },
    };
    expert_module_t *expert;
    module_t *prefs;

    proto_lyncprov = proto_register_protocol("Lync/Skype for Business phone provisioning",
                                             "LyncProv", "lyncprov");
    proto_register_field_array(proto_lyncprov, hf, array_length(hf));
    expert = expert_register_protocol(proto_lyncprov);
    prefs = prefs_register_protocol(proto_lyncprov, NULL);
    lyncprov_register_dhcp(proto_lyncprov, expert);
    lyncprov_register_http(proto_lyncprov, expert, prefs);
    lyncprov_register_tls();
    lyncprov_register_dns();
    lyncprov_signin_register();
    lyncprov_register_stats();
    lyncprov_register_phones();
    lyncprov_register_flow(proto_lyncprov);
    lyncprov_handle = register_dissector("lyncprov", dissect_lyncprov, proto_lyncprov);
    register_init_routine(want_fields_if_enabled);
}

void proto_reg_handoff_lyncprov(void)
{
    register_postdissector(lyncprov_handle);
}
