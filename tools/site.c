/* site.c - the pool's names, addresses and ports, as learned from the capture
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "site.h"

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

struct ps_site {
    GHashTable *names;   /* lower-case name -> role */
    GHashTable *addrs;   /* ps_addr -> role */
    uint16_t    web_ports[MAX_WEB_PORTS];
    unsigned    n_web_ports;
    ps_limits  *limits;
};

static guint addr_hash(gconstpointer a)
{
    return ps_addr_hash(a);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
    return ps_addr_equal(a, b);
}

ps_site *ps_site_new(ps_limits *limits)
{
    ps_site *s = g_new0(ps_site, 1);

    s->limits = limits;
    s->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->addrs = g_hash_table_new_full(addr_hash, addr_equal, g_free, NULL);
    return s;
}

void ps_site_free(ps_site *s)
{
    if (s == NULL)
        return;
    g_hash_table_destroy(s->names);
    g_hash_table_destroy(s->addrs);
    g_free(s);
}

/* Whether a table may take one more entry; a refusal is counted. */
static bool room(ps_site *s, GHashTable *table, guint max)
{
    if (g_hash_table_size(table) < max)
        return true;
    s->limits->site_entries_dropped++;
    return false;
}

void ps_site_add_name(ps_site *s, const char *name, ps_role role)
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

void ps_site_add_addr(ps_site *s, const ps_addr *addr, ps_role role)
{
    if (!g_hash_table_contains(s->addrs, addr) && room(s, s->addrs, MAX_ADDRS))
        g_hash_table_insert(s->addrs, g_memdup2(addr, sizeof *addr), GINT_TO_POINTER(role));
}

void ps_site_add_web_port(ps_site *s, uint16_t port)
{
    unsigned i;

    for (i = 0; i < s->n_web_ports; i++)
        if (s->web_ports[i] == port)
            return;
    if (s->n_web_ports < MAX_WEB_PORTS)
        s->web_ports[s->n_web_ports++] = port;
}

bool ps_site_has_names(const ps_site *s)
{
    return g_hash_table_size(s->names) > 0;
}

ps_role ps_site_name_role(const ps_site *s, const char *name)
{
    char lower[256];
    char *p;

    if (name[0] == '\0' || g_hash_table_size(s->names) == 0)
        return PS_ROLE_NONE;
    g_strlcpy(lower, name, sizeof lower);
    for (p = lower; *p != '\0'; p++)
        *p = g_ascii_tolower(*p);
    return (ps_role)GPOINTER_TO_INT(g_hash_table_lookup(s->names, lower));
}

bool ps_site_dns_relevant(const ps_site *s, const char *name)
{
    size_t i;

    if (ps_site_name_role(s, name) != PS_ROLE_NONE)
        return true;
    for (i = 0; i < G_N_ELEMENTS(well_known_prefixes); i++)
        if (g_ascii_strncasecmp(name, well_known_prefixes[i], strlen(well_known_prefixes[i])) == 0)
            return true;
    return false;
}

unsigned ps_site_web_ports(const ps_site *s, const uint16_t **ports)
{
    *ports = s->web_ports;
    return s->n_web_ports;
}

static bool is_web_port(const ps_site *s, uint16_t port)
{
    unsigned i;

    for (i = 0; i < s->n_web_ports; i++)
        if (s->web_ports[i] == port)
            return true;
    return port == PS_PORT_HTTPS || port == PS_PORT_HTTPS_EXT;
}

ps_role ps_site_connection_role(const ps_site *s, const char *sni, const ps_addr *addr, uint16_t port)
{
    ps_role role = ps_site_name_role(s, sni);

    if (role != PS_ROLE_NONE)
        /* One certificate often serves both names: the port tells which service. */
        return port == PS_PORT_SIP_TLS ? PS_ROLE_SIP : role;
    if (sni[0] != '\0' && g_hash_table_size(s->names) > 0)
        return PS_ROLE_NONE; /* a name, but not the pool's */
    role = (ps_role)GPOINTER_TO_INT(g_hash_table_lookup(s->addrs, addr));
    if (role != PS_ROLE_NONE || g_hash_table_size(s->names) == 0) {
        if (port == PS_PORT_SIP_TLS)
            return PS_ROLE_SIP;
        if (is_web_port(s, port))
            return PS_ROLE_WEB;
    }
    return role;
}
