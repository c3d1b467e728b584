/* pool_site.c - the pool's names, addresses and ports, as learned from the capture
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pool_site.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* Names clients look up to find Lync without DHCP (Lync Server 2013 planning docs). */
static const char *const well_known_prefixes[] = {
    "lyncdiscover.", "lyncdiscoverinternal.", "_sipinternaltls._tcp.", "_sipinternal._tcp.",
    "sipinternal.", "ucupdates-r2.",
};

#define MAX_WEB_PORTS 8
/* A pool has a few names and addresses; DHCP and DNS answers cannot make the tables grow without end. */
#define MAX_NAMES 1024
#define MAX_ADDRS 4096

struct lp_site {
    GHashTable *names;   /* lower-case name -> role */
    GHashTable *addrs;   /* lp_addr -> role */
    char        web_fqdn[256]; /* the first option 43 gave */
    uint16_t    web_ports[MAX_WEB_PORTS];
    unsigned    n_web_ports;
    uint64_t   *dropped;
};

static guint addr_hash(gconstpointer a)
{
    return lp_addr_hash(a);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
    return lp_addr_equal(a, b);
}

lp_site *lp_site_new(uint64_t *dropped)
{
    lp_site *s = g_new0(lp_site, 1);

    s->dropped = dropped;
    s->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->addrs = g_hash_table_new_full(addr_hash, addr_equal, g_free, NULL);
    return s;
}

void lp_site_free(lp_site *s)
{
    if (s == NULL)
        return;
    g_hash_table_destroy(s->names);
    g_hash_table_destroy(s->addrs);
    g_free(s);
}

/* Whether a table may take one more entry; a refusal is counted. */
static bool room(lp_site *s, GHashTable *table, guint max)
{
    if (g_hash_table_size(table) < max)
        return true;
    (*s->dropped)++;
    return false;
}

void lp_site_add_name(lp_site *s, const char *name, lp_role role)
{
    char *lower;

    if (name[0] == '\0')
        return;
    lower = g_ascii_strdown(name, -1);
    if (!g_hash_table_contains(s->names, lower) && room(s, s->names, MAX_NAMES))
        g_hash_table_insert(s->names, lower, GINT_TO_POINTER(role));
    else
        g_free(lower);
}

void lp_site_add_addr(lp_site *s, const lp_addr *addr, lp_role role)
{
    if (!g_hash_table_contains(s->addrs, addr) && room(s, s->addrs, MAX_ADDRS))
        g_hash_table_insert(s->addrs, g_memdup2(addr, sizeof *addr), GINT_TO_POINTER(role));
}

void lp_site_add_web_port(lp_site *s, uint16_t port)
{
    unsigned i;

    for (i = 0; i < s->n_web_ports; i++)
        if (s->web_ports[i] == port)
            return;
    if (s->n_web_ports < MAX_WEB_PORTS)
        s->web_ports[s->n_web_ports++] = port;
}

bool lp_site_has_names(const lp_site *s)
{
    return g_hash_table_size(s->names) > 0;
}

lp_role lp_site_name_role(const lp_site *s, const char *name)
{
    char lower[256];
    char *p;

    if (name[0] == '\0' || g_hash_table_size(s->names) == 0)
        return LP_ROLE_NONE;
    g_strlcpy(lower, name, sizeof lower);
    for (p = lower; *p != '\0'; p++)
        *p = g_ascii_tolower(*p);
    return (lp_role)GPOINTER_TO_INT(g_hash_table_lookup(s->names, lower));
}

bool lp_site_dns_relevant(const lp_site *s, const char *name)
{
    size_t i;

    if (lp_site_name_role(s, name) != LP_ROLE_NONE)
        return true;
    for (i = 0; i < G_N_ELEMENTS(well_known_prefixes); i++)
        if (g_ascii_strncasecmp(name, well_known_prefixes[i], strlen(well_known_prefixes[i])) == 0)
            return true;
    return false;
}

unsigned lp_site_web_ports(const lp_site *s, const uint16_t **ports)
{
    *ports = s->web_ports;
    return s->n_web_ports;
}

bool lp_site_web_port(const lp_site *s, uint16_t port)
{
    unsigned i;

    for (i = 0; i < s->n_web_ports; i++)
        if (s->web_ports[i] == port)
            return true;
    return port == LP_PORT_HTTPS || port == LP_PORT_HTTPS_EXT;
}

lp_role lp_site_connection_role(const lp_site *s, const char *sni, const lp_addr *addr, uint16_t port)
{
    lp_role role = lp_site_name_role(s, sni);

    if (role != LP_ROLE_NONE)
        /* One certificate often serves both names: the port tells which service. */
        return port == LP_PORT_SIP_TLS ? LP_ROLE_SIP : role;
    if (sni[0] != '\0' && g_hash_table_size(s->names) > 0)
        return LP_ROLE_NONE; /* a name, but not the pool's */
    role = (lp_role)GPOINTER_TO_INT(g_hash_table_lookup(s->addrs, addr));
    if (role != LP_ROLE_NONE || g_hash_table_size(s->names) == 0) {
        if (port == LP_PORT_SIP_TLS)
            return LP_ROLE_SIP;
        if (lp_site_web_port(s, port))
            return LP_ROLE_WEB;
    }
    return role;
}

const char *lp_site_web_fqdn(const lp_site *site)
{
    return site->web_fqdn;
}

void lp_site_learn_dhcp(lp_site *site, const lp_dhcp_msg *m, const uint8_t *buf, const lp_opt43 *o43)
{
    const lp_span *fqdn = &o43->sub[LP_O43_WEB_FQDN];
    lp_opt120 o120;
    unsigned i;

    if (o43->present & (1u << LP_O43_WEB_FQDN)) {
        char name[LP_SIP_NAME_MAX];

        snprintf(name, sizeof name, "%.*s", (int)fqdn->len, (const char *)buf + m->vendor_info.off + fqdn->off);
        lp_site_add_name(site, name, LP_ROLE_WEB);
        if (site->web_fqdn[0] == '\0')
            g_strlcpy(site->web_fqdn, name, sizeof site->web_fqdn);
    }
    if (o43->present & (1u << LP_O43_WEB_PORT) && !(o43->problems & LP_O43_P_PORT_NOT_NUMBER))
        lp_site_add_web_port(site, o43->web_port);
    if (!(m->present & LP_DHCP_HAS_SIP_SERVERS) ||
        !lp_opt120_parse(buf + m->sip_servers.off, m->sip_servers.len, &o120))
        return;
    for (i = 0; i < o120.count; i++) {
        if (o120.encoding == 1) {
            lp_addr a;
            lp_addr_set(&a, 4, buf + m->sip_servers.off + o120.server[i].raw.off);
            lp_site_add_addr(site, &a, LP_ROLE_SIP);
        } else {
            lp_site_add_name(site, o120.server[i].name, LP_ROLE_SIP);
        }
    }
}
