/* packet-lyncprov.c - Lync/Skype for Business phone provisioning
 *
 * A postdissector that asks tshark for no fields: it feeds each frame's bytes,
 * and the TLS Wireshark decrypted, to core's sign-in engine, and explains a
 * desk phone's extension-and-PIN sign-in from what the engine found.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>

#include "packet-lyncprov.h"
#include "safe_text.h"

static int proto_lyncprov = -1;
static int hf_phone = -1;

static dissector_handle_t lyncprov_handle;

void lyncprov_add_phone(proto_tree *tree, tvbuff_t *tvb, const char *phone)
{
    proto_item_set_generated(proto_tree_add_string(tree, hf_phone, tvb, 0, 0, phone));
}

/* At most this much of one string is shown, escapes included. */
#define SAFE_TEXT_MAX 1024

const char *lyncprov_safe_strdup(wmem_allocator_t *scope, const char *s, size_t len)
{
    size_t cap = len < (SAFE_TEXT_MAX - 1) / 4 ? 4 * len + 1 : SAFE_TEXT_MAX; /* an escape is at most 4x its byte */
    char *safe = (char *)wmem_alloc(scope, cap);

    lp_safe_text(s, len, safe, cap);
    return safe;
}

void lyncprov_info_tag(packet_info *pinfo, const char *tag)
{
    col_prepend_fstr(pinfo->cinfo, COL_INFO, "[Lync: %s] ", tag);
}

static int dissect_lyncprov(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    lyncprov_signin_frame(tvb, pinfo);
    if (lyncprov_signin_drawn(pinfo->num)) {
        lyncprov_dissect_dhcp(tvb, pinfo, tree, proto_lyncprov);
        lyncprov_dissect_http(tvb, pinfo, tree, proto_lyncprov);
        lyncprov_dissect_connect(tvb, pinfo, tree, proto_lyncprov);
    }
    lyncprov_flow_flush(pinfo);
    return 0;
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
    lyncprov_register_connect(proto_lyncprov, expert);
    lyncprov_signin_register();
    lyncprov_register_stats();
    lyncprov_register_phones();
    lyncprov_register_flow(proto_lyncprov);
    lyncprov_handle = register_dissector("lyncprov", dissect_lyncprov, proto_lyncprov);
}

void proto_reg_handoff_lyncprov(void)
{
    register_postdissector(lyncprov_handle);
}
