/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a DHCP message, then its option 43 and option 120. */
#include <stddef.h>
#include <stdint.h>

#include "dhcp_message.h"
#include "dhcp_provisioning.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lp_dhcp_msg msg;
    lp_opt43 o43;
    lp_opt120 o120;
    char url[300];

    if (!lp_dhcp_msg_parse(data, size, &msg))
        return 0;
    if (msg.present & LP_DHCP_HAS_VENDOR_INFO) {
        lp_vendor hint = LP_VENDOR_UNKNOWN;

        if (msg.present & LP_DHCP_HAS_VENDOR_CLASS)
            hint = lp_vendor_from_class(data + msg.vendor_class.off, msg.vendor_class.len);
        lp_opt43_parse(data + msg.vendor_info.off, msg.vendor_info.len, hint, &o43);
        lp_opt43_certprov_url(&o43, data + msg.vendor_info.off, url, sizeof url);
    }
    if (msg.present & LP_DHCP_HAS_SIP_SERVERS)
        lp_opt120_parse(data + msg.sip_servers.off, msg.sip_servers.len, &o120);
    return 0;
}
