/* plugin.c - entry points Wireshark looks up when it loads the plugin
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/proto.h>
#include <ws_symbol_export.h>
#include <ws_version.h>

#include "lyncprov_compat.h"
#include "packet-lyncprov.h"

#ifdef LP_HAVE_PLUGIN_DESCRIBE
#include <wsutil/plugins.h>
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = LYNCPROV_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#ifdef LP_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_lyncprov;
    plug.register_handoff = proto_reg_handoff_lyncprov;
    proto_register_plugin(&plug);
}
