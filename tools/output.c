/* output.c - what the writers share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "output.h"

#include <stddef.h>
#include <string.h>

#define LIMIT(name) { #name, offsetof(ps_limits, name) }

static const struct {
    const char *name;
    size_t      off;
} limits[] = {
    LIMIT(flows_evicted),
    LIMIT(phone_table_full),
    LIMIT(events_dropped),
    LIMIT(dhcp_transactions_dropped),
    LIMIT(dns_queries_dropped),
    LIMIT(fragments_dropped),
    LIMIT(http_bytes_skipped),
    LIMIT(buffer_full),
    LIMIT(site_entries_dropped),
};

const char *ps_phone_mac(const lp_phone *ph, char buf[PS_MAC_STR_MAX])
{
    return ph->has_mac ? ps_mac_str(ph->mac, buf) : NULL;
}

const char *ps_phone_ip(const lp_phone *ph, char buf[PS_ADDR_STR_MAX])
{
    return ph->has_ip ? ps_addr_str(&ph->ip, buf) : NULL;
}

unsigned ps_phone_decisive_capture(const lp_phone *ph)
{
    guint i;

    for (i = ph->events->len; i-- > 0;) {
        const lp_phone_event *e = &g_array_index(ph->events, lp_phone_event, i);
        if (e->ev.frame == ph->verdict.frame)
            return e->ev.capture;
    }
    return 0;
}

const char *ps_limit_name(size_t i)
{
    return i < G_N_ELEMENTS(limits) ? limits[i].name : NULL;
}

uint64_t ps_limit_value(const ps_limits *l, size_t i)
{
    uint64_t v;

    memcpy(&v, (const char *)l + limits[i].off, sizeof v);
    return v;
}

void ps_output_limits_note(FILE *out, const ps_limits *l)
{
    const char *sep = "limits reached, the report is partial (pcap-summarize(1), LIMITS):";
    size_t i;

    for (i = 0; ps_limit_name(i) != NULL; i++) {
        if (ps_limit_value(l, i) == 0)
            continue;
        fprintf(out, "%s %s %" G_GUINT64_FORMAT, sep, ps_limit_name(i), ps_limit_value(l, i));
        sep = ",";
    }
    if (*sep == ',')
        fputc('\n', out);
}
