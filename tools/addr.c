/* addr.c - IP and MAC addresses as keys and as text
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "summarize.h"

#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>

void ps_addr_set(ps_addr *addr, uint8_t family, const uint8_t *bytes)
{
    memset(addr, 0, sizeof *addr);
    addr->family = family;
    memcpy(addr->a, bytes, family == 4 ? 4 : 16);
}

bool ps_addr_equal(const ps_addr *x, const ps_addr *y)
{
    return memcmp(x, y, sizeof *x) == 0;
}

unsigned ps_addr_hash(const ps_addr *addr)
{
    /* FNV-1a over the bytes in use. */
    unsigned h = 2166136261u, i, n = addr->family == 4 ? 4 : 16;

    for (i = 0; i < n; i++)
        h = (h ^ addr->a[i]) * 16777619u;
    return h ^ addr->family;
}

const char *ps_addr_str(const ps_addr *addr, char buf[PS_ADDR_STR_MAX])
{
    if (inet_ntop(addr->family == 4 ? AF_INET : AF_INET6, addr->a, buf, PS_ADDR_STR_MAX) == NULL)
        snprintf(buf, PS_ADDR_STR_MAX, "?");
    return buf;
}

const char *ps_mac_str(const uint8_t mac[6], char buf[PS_MAC_STR_MAX])
{
    snprintf(buf, PS_MAC_STR_MAX, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    return buf;
}
