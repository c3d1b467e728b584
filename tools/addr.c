/* addr.c - MAC addresses as text
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "summarize.h"

#include <stdio.h>
#include <string.h>

const char *ps_mac_str(const uint8_t mac[6], char buf[PS_MAC_STR_MAX])
{
    snprintf(buf, PS_MAC_STR_MAX, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    return buf;
}
