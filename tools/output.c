/* output.c - what the writers share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

const char *ps_phone_mac(const ps_phone *ph, char buf[PS_MAC_STR_MAX])
{
    return ph->has_mac ? ps_mac_str(ph->mac, buf) : NULL;
}

const char *ps_phone_ip(const ps_phone *ph, char buf[PS_ADDR_STR_MAX])
{
    return ph->has_ip ? ps_addr_str(&ph->ip, buf) : NULL;
}

unsigned ps_phone_decisive_capture(const ps_phone *ph)
{
    guint i;

    for (i = ph->events->len; i-- > 0;) {
        const ps_event *e = &g_array_index(ph->events, ps_event, i);
        if (e->ev.frame == ph->verdict.frame)
            return e->ev.capture;
    }
    return 0;
}
