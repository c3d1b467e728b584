/* summarize.h - what every stage of pcap-summarize shares: where a packet
 * came from, addresses, and the command-line settings
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_SUMMARIZE_H
#define PS_SUMMARIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lp_addr.h"

typedef lp_where ps_where;
typedef lp_addr ps_addr;

#define PS_MAC_STR_MAX  18

const char *ps_mac_str(const uint8_t mac[6], char buf[PS_MAC_STR_MAX]);

/*
 * What the caps on memory cost the report (pcap-summarize(1), LIMITS): each
 * counter says how often a table or budget was full, or how much was passed
 * over because of it. All zero on an ordinary capture.
 */
typedef struct {
    uint64_t flows_evicted;             /* connections ended early to make room for new ones */
    uint64_t phone_table_full;          /* a new phone (MAC) or host (IP) refused: its events are lost */
    uint64_t events_dropped;            /* events beyond a phone's cap, the total cap or the name table */
    uint64_t dhcp_transactions_dropped; /* requests not followed: no dhcp_no_reply for them */
    uint64_t dns_queries_dropped;       /* queries not followed: no dns_failure for them */
    uint64_t fragments_dropped;         /* IP fragments of datagrams that found no room */
    uint64_t http_bytes_skipped;        /* bytes of over-long HTTP heads, or not kept for lack of budget */
    uint64_t buffer_full;               /* the stream buffer budget refused bytes */
    uint64_t site_entries_dropped;      /* pool names or addresses beyond their cap */
} ps_limits;


#endif /* PS_SUMMARIZE_H */
