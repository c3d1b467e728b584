/* site.h - what the capture tells about the Lync pool: its web and SIP
 * names (DHCP option 43 and 120), their addresses (DNS) and ports
 *
 * It decides which TLS connections and DNS lookups belong to a sign-in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_SITE_H
#define PS_SITE_H

#include "summarize.h"

typedef struct ps_site ps_site;

typedef enum {
    PS_ROLE_NONE = 0,
    PS_ROLE_WEB,   /* the pool's web services (CertProv, WebTicket) */
    PS_ROLE_SIP    /* the SIP server */
} ps_role;

/* Names and addresses beyond the caps are counted in limits. */
ps_site *ps_site_new(ps_limits *limits);
void ps_site_free(ps_site *site);

void ps_site_add_name(ps_site *site, const char *name, ps_role role);
void ps_site_add_addr(ps_site *site, const ps_addr *addr, ps_role role);
void ps_site_add_web_port(ps_site *site, uint16_t port);
/* The web service ports option 43 named; returns how many (ports points at them). */
unsigned ps_site_web_ports(const ps_site *site, const uint16_t **ports);

/* Whether DHCP named the pool or SIP server yet. */
bool ps_site_has_names(const ps_site *site);
/* The role of a name learned from DHCP, or NONE. */
ps_role ps_site_name_role(const ps_site *site, const char *name);
/* Whether a DNS name belongs to a sign-in: a learned name or a Lync well-known one. */
bool ps_site_dns_relevant(const ps_site *site, const char *name);
/*
 * The role of a TLS connection to addr:port with this SNI (may be empty):
 * by name, else by address, else by port when the capture names no pool.
 */
ps_role ps_site_connection_role(const ps_site *site, const char *sni, const ps_addr *addr, uint16_t port);

#endif /* PS_SITE_H */
