/* pcapng_write.c - a section, one interface and enhanced packet blocks, in
 * the writer's byte order (pcapng's byte-order magic tells readers which)
 *
 * libpcap writes only pcap; the three blocks a single-interface capture
 * needs are small enough not to pull in a writing library for them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pcapng_write.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#define BT_SHB 0x0a0d0d0a
#define BT_IDB 0x00000001
#define BT_EPB 0x00000006
#define BYTE_ORDER_MAGIC 0x1a2b3c4d
#define OPT_END         0
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME      2
#define LINKTYPE_RAW    101  /* pcapng has LINKTYPE_ values; only raw IP differs from its DLT_ on Linux */

struct ps_pcapng {
    FILE *f;
};

static bool put(FILE *f, const void *p, size_t n)
{
    static const uint8_t zero[4];
    size_t pad = (4 - n % 4) % 4;

    return fwrite(p, 1, n, f) == n && fwrite(zero, 1, pad, f) == pad;
}

static bool put32(FILE *f, uint32_t v)
{
    return put(f, &v, 4);
}

static size_t padded(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* One option: code, length, value padded to 32 bits. */
static bool option(FILE *f, uint16_t code, const char *value)
{
    uint16_t hdr[2] = { code, (uint16_t)strlen(value) };

    return put(f, hdr, sizeof hdr) && put(f, value, hdr[1]);
}

static size_t option_size(const char *value)
{
    return 4 + padded(strlen(value));
}

static bool header(FILE *f, int dlt, uint32_t snaplen, const char *ifname)
{
    const char *app = "pcap-summarize (lyncprov)";
    uint32_t shb_len = 28 + (uint32_t)option_size(app) + 4;
    uint32_t idb_len = 20 + (uint32_t)option_size(ifname) + 4;
    uint16_t version[2] = { 1, 0 };
    uint16_t link[2] = { (uint16_t)(dlt == DLT_RAW ? LINKTYPE_RAW : dlt), 0 };
    int64_t section_len = -1; /* unknown */

    return put32(f, BT_SHB) && put32(f, shb_len) && put32(f, BYTE_ORDER_MAGIC) &&
           put(f, version, sizeof version) && put(f, &section_len, 8) &&
           option(f, OPT_SHB_USERAPPL, app) && put32(f, OPT_END) && put32(f, shb_len) &&
           put32(f, BT_IDB) && put32(f, idb_len) && put(f, link, sizeof link) && put32(f, snaplen) &&
           option(f, OPT_IF_NAME, ifname) && put32(f, OPT_END) && put32(f, idb_len);
}

ps_pcapng *ps_pcapng_open(const char *path, int dlt, uint32_t snaplen, const char *ifname, char **error)
{
    FILE *f = fopen(path, "wb");
    ps_pcapng *w;

    if (f == NULL || !header(f, dlt, snaplen, ifname)) {
        *error = g_strdup(g_strerror(errno));
        if (f != NULL)
            fclose(f);
        return NULL;
    }
    w = g_new0(ps_pcapng, 1);
    w->f = f;
    return w;
}

bool ps_pcapng_write(ps_pcapng *w, const struct pcap_pkthdr *h, const uint8_t *data, char **error)
{
    uint64_t us = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
    uint32_t len = 32 + (uint32_t)padded(h->caplen);

    if (put32(w->f, BT_EPB) && put32(w->f, len) && put32(w->f, 0) && put32(w->f, (uint32_t)(us >> 32)) &&
        put32(w->f, (uint32_t)us) && put32(w->f, h->caplen) && put32(w->f, h->len) &&
        put(w->f, data, h->caplen) && put32(w->f, len))
        return true;
    *error = g_strdup(g_strerror(errno));
    return false;
}

void ps_pcapng_flush(ps_pcapng *w)
{
    fflush(w->f);
}

void ps_pcapng_close(ps_pcapng *w)
{
    if (w == NULL)
        return;
    fclose(w->f);
    g_free(w);
}
