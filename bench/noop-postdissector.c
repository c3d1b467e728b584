/* noop-postdissector.c - a postdissector that does nothing, for
 * bench/plugin-cost.sh: what Wireshark charges to call any postdissector,
 * which is the floor under the lyncprov plugin's cost
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <ws_symbol_export.h>
#include <ws_version.h>

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = "0";
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

static int proto_noop = -1;
static dissector_handle_t noop_handle;

static int dissect_noop(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_)
{
    return 0;
}

static void proto_register_noop(void)
{
    proto_noop = proto_register_protocol("Postdissector that does nothing", "Noop", "noop");
    noop_handle = register_dissector("noop", dissect_noop, proto_noop);
}

static void proto_reg_handoff_noop(void)
{
    register_postdissector(noop_handle);
}

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_noop;
    plug.register_handoff = proto_reg_handoff_noop;
    proto_register_plugin(&plug);
}
