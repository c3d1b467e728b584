/* lp_addr.c - addresses as hash keys and as text
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lp_addr.h"
#include "lp_str.h"

#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>

void lp_addr_set(lp_addr *addr, uint8_t family, const uint8_t *bytes)
{
    memset(addr, 0, sizeof *addr);
    addr->family = family;
    memcpy(addr->a, bytes, family == 4 ? 4 : 16);
}

bool lp_addr_equal(const lp_addr *x, const lp_addr *y)
{
    return memcmp(x, y, sizeof *x) == 0;
}

unsigned lp_addr_hash(const lp_addr *addr)
{
    return lp_fnv1a(LP_FNV1A_INIT, addr->a, addr->family == 4 ? 4 : 16) ^ addr->family;
}

const char *lp_addr_str(const lp_addr *addr, char buf[LP_ADDR_STR_MAX])
{
    if (inet_ntop(addr->family == 4 ? AF_INET : AF_INET6, addr->a, buf, LP_ADDR_STR_MAX) == NULL)
        snprintf(buf, LP_ADDR_STR_MAX, "?");
    return buf;
}

const char *lp_mac_str(const uint8_t mac[6], char buf[LP_MAC_STR_MAX])
{
    snprintf(buf, LP_MAC_STR_MAX, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    return buf;
}
