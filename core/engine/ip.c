/* ip.c - IPv4 and IPv6 headers, IPv6 extension headers, and fragments
 *
 * Fragments are rare on a phone's sign-in (large DHCP replies on some
 * networks): they are copied, the rest is borrowed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ip.h"

#include <string.h>

#include <glib.h>

#include "link.h"

#define MAX_DATAGRAM   65535
#define MAX_REASSEMBLY 256    /* datagrams in progress at once, 64 KB each */
#define FRAG_TIMEOUT   30.0   /* RFC 791's upper bound on reassembly */
#define BLOCKS         (MAX_DATAGRAM / 8 + 1)

#define IP6_HOP_BY_HOP 0
#define IP6_ROUTING    43
#define IP6_FRAGMENT   44
#define IP6_AH         51
#define IP6_DEST_OPTS  60
#define MAX_EXT_HEADERS 8

typedef struct {
    lp_addr  src, dst;
    uint32_t id;
    uint8_t  proto;
} frag_key;

typedef struct {
    frag_key key;
    double   first_t;
    size_t   total;            /* known once the last fragment came; 0 before */
    uint8_t  have[BLOCKS / 8 + 1];
    uint8_t  data[MAX_DATAGRAM];
} datagram;

struct lp_frags {
    GHashTable *table;         /* frag_key -> datagram */
    datagram   *done;          /* the datagram handed out last */
    lp_limits  *limits;
};

static guint key_hash(gconstpointer k)
{
    const frag_key *f = k;

    return lp_addr_hash(&f->src) ^ (lp_addr_hash(&f->dst) * 31u) ^ f->id ^ f->proto;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(frag_key)) == 0;
}

lp_frags *lp_frags_new(lp_limits *limits)
{
    lp_frags *f = g_new0(lp_frags, 1);

    f->table = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
    f->limits = limits;
    return f;
}

void lp_frags_free(lp_frags *f)
{
    if (f == NULL)
        return;
    g_hash_table_destroy(f->table);
    g_free(f->done);
    g_free(f);
}

static gboolean too_old(gpointer key, gpointer value, gpointer now)
{
    (void)key;
    return *(double *)now - ((datagram *)value)->first_t > FRAG_TIMEOUT;
}

void lp_frags_expire(lp_frags *f, double now)
{
    if (g_hash_table_size(f->table) > 0)
        g_hash_table_foreach_remove(f->table, too_old, &now);
}

static bool complete(const datagram *d)
{
    size_t b, blocks = (d->total + 7) / 8;

    if (d->total == 0)
        return false;
    for (b = 0; b < blocks; b++)
        if (!(d->have[b / 8] & (1u << (b % 8))))
            return false;
    return true;
}

/* Add a fragment; true when it completed its datagram (then out is set). */
static bool add_fragment(lp_frags *f, const frag_key *key, size_t offset, bool more,
                         const uint8_t *p, size_t len, double t, lp_ip *out)
{
    datagram *d = g_hash_table_lookup(f->table, key);
    size_t b;

    if (offset + len > MAX_DATAGRAM || (more && len % 8 != 0))
        return false;
    if (d == NULL) {
        if (g_hash_table_size(f->table) >= MAX_REASSEMBLY) {
            f->limits->fragments_dropped++;
            return false;
        }
        d = g_new0(datagram, 1);
        d->key = *key;
        d->first_t = t;
        g_hash_table_insert(f->table, &d->key, d);
    }
    memcpy(d->data + offset, p, len);
    for (b = offset / 8; b < (offset + len + 7) / 8; b++)
        d->have[b / 8] |= (uint8_t)(1u << (b % 8));
    if (!more)
        d->total = offset + len;
    if (!complete(d))
        return false;
    g_hash_table_steal(f->table, &d->key);
    g_free(f->done);
    f->done = d;
    out->proto = key->proto;
    out->payload = d->data;
    out->len = out->wire_len = d->total;
    return true;
}

static bool ipv4(lp_frags *f, const uint8_t *p, size_t len, double t, lp_ip *out)
{
    size_t ihl, total;
    unsigned frag;

    if (len < 20 || p[0] >> 4 != 4)
        return false;
    ihl = (size_t)(p[0] & 0x0f) * 4;
    total = (size_t)p[2] << 8 | p[3];
    if (ihl < 20 || total < ihl || len < ihl)
        return false;
    lp_addr_set(&out->src, 4, p + 12);
    lp_addr_set(&out->dst, 4, p + 16);
    out->proto = p[9];
    out->payload = p + ihl;
    out->wire_len = total - ihl;
    /* Ethernet pads short frames: the header's length is the truth. */
    out->len = len < total ? len - ihl : total - ihl;
    frag = (unsigned)(p[6] << 8 | p[7]);
    if ((frag & 0x3fff) != 0) {
        frag_key key;

        memset(&key, 0, sizeof key); /* the key is compared with memcmp, padding included */
        key.src = out->src;
        key.dst = out->dst;
        key.id = (uint32_t)(p[4] << 8 | p[5]);
        key.proto = out->proto;
        if (out->len != out->wire_len)
            return false; /* a cut fragment cannot complete anything */
        return add_fragment(f, &key, (size_t)(frag & 0x1fff) * 8, (frag & 0x2000) != 0,
                            out->payload, out->len, t, out);
    }
    return true;
}

static bool ipv6(lp_frags *f, const uint8_t *p, size_t len, double t, lp_ip *out)
{
    size_t plen, off = 40, end;
    uint8_t next;
    unsigned n;

    if (len < 40 || p[0] >> 4 != 6)
        return false;
    plen = (size_t)p[4] << 8 | p[5];
    lp_addr_set(&out->src, 6, p + 8);
    lp_addr_set(&out->dst, 6, p + 24);
    next = p[6];
    end = 40 + plen;
    for (n = 0; n < MAX_EXT_HEADERS; n++) {
        if (next == IP6_HOP_BY_HOP || next == IP6_ROUTING || next == IP6_DEST_OPTS || next == IP6_AH) {
            size_t hlen;

            if (len < off + 2)
                return false;
            hlen = next == IP6_AH ? ((size_t)p[off + 1] + 2) * 4 : ((size_t)p[off + 1] + 1) * 8;
            next = p[off];
            off += hlen;
        } else if (next == IP6_FRAGMENT) {
            frag_key key;
            unsigned fo;

            if (len < off + 8 || end > len || end < off + 8)
                return false;
            fo = (unsigned)(p[off + 2] << 8 | p[off + 3]);
            memset(&key, 0, sizeof key);
            key.src = out->src;
            key.dst = out->dst;
            key.id = (uint32_t)p[off + 4] << 24 | (uint32_t)p[off + 5] << 16 |
                     (uint32_t)p[off + 6] << 8 | p[off + 7];
            key.proto = p[off];
            return add_fragment(f, &key, (size_t)(fo >> 3) * 8, (fo & 1) != 0,
                                p + off + 8, end - off - 8, t, out);
        } else {
            break;
        }
    }
    if (off > len || off > end)
        return false;
    out->proto = next;
    out->payload = p + off;
    out->wire_len = end - off;
    out->len = (len < end ? len : end) - off;
    return true;
}

bool lp_ip_decode(lp_frags *f, uint16_t ethertype, const uint8_t *p, size_t len, double t, lp_ip *out)
{
    return ethertype == LP_ETHERTYPE_IPV4 ? ipv4(f, p, len, t, out) : ipv6(f, p, len, t, out);
}
