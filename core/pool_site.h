/* pool_site.h - what the capture tells about the Lync pool: its web and SIP
 * names (DHCP option 43 and 120), their addresses (DNS) and ports
 *
 * It decides which TLS connections and DNS lookups belong to a sign-in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LP_POOL_SITE_H
#define LP_POOL_SITE_H

#include <stdbool.h>
#include <stdint.h>

#include "dhcp_message.h"
#include "dhcp_provisioning.h"
#include "lp_addr.h"

/* Ports a phone's web services and SIP server use when nothing else says. */
#define LP_PORT_HTTPS     443
#define LP_PORT_HTTPS_EXT 4443
#define LP_PORT_SIP_TLS   5061

typedef struct lp_site lp_site;

typedef enum {
    LP_ROLE_NONE = 0,
    LP_ROLE_WEB,   /* the pool's web services (CertProv, WebTicket) */
    LP_ROLE_SIP    /* the SIP server */
} lp_role;

/* Names and addresses beyond the caps are counted in *dropped. */
lp_site *lp_site_new(uint64_t *dropped);
void lp_site_free(lp_site *site);

void lp_site_add_name(lp_site *site, const char *name, lp_role role);
void lp_site_add_addr(lp_site *site, const lp_addr *addr, lp_role role);
void lp_site_add_web_port(lp_site *site, uint16_t port);
/* The web service ports option 43 named; returns how many (ports points at them). */
unsigned lp_site_web_ports(const lp_site *site, const uint16_t **ports);

/* Learn the pool's web name and port (option 43) and SIP servers (option 120) from an MS-UC-Client answer. */
void lp_site_learn_dhcp(lp_site *site, const lp_dhcp_msg *m, const uint8_t *buf, const lp_opt43 *o43);

/* Whether DHCP named the pool or SIP server yet. */
bool lp_site_has_names(const lp_site *site);
/* The web services' FQDN that option 43 gave first, or "". */
const char *lp_site_web_fqdn(const lp_site *site);
/* The role of a name learned from DHCP, or NONE. */
lp_role lp_site_name_role(const lp_site *site, const char *name);
/* Whether a DNS name belongs to a sign-in: a learned name or a Lync well-known one. */
bool lp_site_dns_relevant(const lp_site *site, const char *name);
/*
 * The role of a TLS connection to addr:port with this SNI (may be empty):
 * by name, else by address, else by port when the capture names no pool.
 */
lp_role lp_site_connection_role(const lp_site *site, const char *sni, const lp_addr *addr, uint16_t port);
/* A port the web services are reached on: 443, 4443, or one option 43 named. */
bool lp_site_web_port(const lp_site *site, uint16_t port);

#endif /* LP_POOL_SITE_H */
