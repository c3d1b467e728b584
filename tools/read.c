/* read.c - libpcap reading and the k-way merge of several captures
 *
 * Each file keeps its current packet in libpcap's own buffer, which stays
 * valid until that file is read again: the merge copies nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <pcap/pcap.h>

typedef struct {
    const char               *path;
    pcap_t                   *p;
    const struct pcap_pkthdr *hdr;
    const u_char             *data;
    uint32_t                  frame;
    uint64_t                  size;   /* 0 for a pipe */
    bool                      has_packet;
} source;

struct ps_reader {
    source  *src;
    unsigned n;
    int      last;      /* the source whose packet was handed out last, or -1 */
    uint64_t packets;
    unsigned failures;
    unsigned unopened;   /* inputs that are missing or not captures */
};

/* Read the next packet of s; reports a read error and closes the file. */
static void advance(ps_reader *r, source *s)
{
    struct pcap_pkthdr *hdr;
    const u_char *data;
    int rc;

    rc = pcap_next_ex(s->p, &hdr, &data);
    if (rc == 1) {
        s->hdr = hdr;
        s->data = data;
        s->frame++;
        s->has_packet = true;
        return;
    }
    if (rc == PCAP_ERROR) {
        r->failures++;
        fprintf(stderr, "pcap-summarize: %s: after %u packets: %s (the rest of this file is ignored)\n",
                s->path, s->frame, pcap_geterr(s->p));
    }
    s->has_packet = false;
    pcap_close(s->p);
    s->p = NULL;
}

/* Reading in large blocks saves a system call per few packets. */
#define READ_BUFFER (1u << 20)

static pcap_t *open_file(const char *path, char *errbuf)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    pcap_t *p;

    if (f == NULL) {
        snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s", g_strerror(errno));
        return NULL;
    }
    setvbuf(f, NULL, _IOFBF, READ_BUFFER);
    if ((p = pcap_fopen_offline(f, errbuf)) == NULL && f != stdin)
        fclose(f);
    return p;
}

ps_reader *ps_reader_open(char **paths, unsigned n)
{
    ps_reader *r = g_new0(ps_reader, 1);
    unsigned i, opened = 0;

    r->src = g_new0(source, n);
    r->n = n;
    r->last = -1;
    for (i = 0; i < n; i++) {
        char errbuf[PCAP_ERRBUF_SIZE];
        source *s = &r->src[i];
        struct stat st;

        s->path = paths[i];
        if ((s->p = open_file(paths[i], errbuf)) == NULL) {
            fprintf(stderr, "pcap-summarize: %s: %s\n", paths[i], errbuf);
            r->failures++;
            r->unopened++;
            continue;
        }
        if (fstat(fileno(pcap_file(s->p)), &st) == 0 && S_ISREG(st.st_mode))
            s->size = (uint64_t)st.st_size;
        opened++;
        advance(r, s);
    }
    if (opened == 0) {
        ps_reader_close(r);
        return NULL;
    }
    return r;
}

static double ts(const source *s)
{
    return (double)s->hdr->ts.tv_sec + (double)s->hdr->ts.tv_usec / 1e6;
}

bool ps_reader_next(ps_reader *r, ps_packet *pkt)
{
    int best = -1;
    unsigned i;

    if (r->last >= 0)
        advance(r, &r->src[r->last]);
    for (i = 0; i < r->n; i++)
        if (r->src[i].has_packet && (best < 0 || ts(&r->src[i]) < ts(&r->src[best])))
            best = (int)i;
    r->last = best;
    if (best < 0)
        return false;
    pkt->where.capture = (unsigned)best;
    pkt->where.frame = r->src[best].frame;
    pkt->where.t = ts(&r->src[best]);
    pkt->linktype = pcap_datalink(r->src[best].p);
    pkt->data = r->src[best].data;
    pkt->caplen = r->src[best].hdr->caplen;
    r->packets++;
    return true;
}

void ps_reader_progress(const ps_reader *r, uint64_t *done, uint64_t *total)
{
    unsigned i;

    *done = *total = 0;
    for (i = 0; i < r->n; i++) {
        const source *s = &r->src[i];
        off_t pos;

        if (s->size == 0 && s->p != NULL) {
            *total = 0; /* a pipe: no percentage */
            return;
        }
        *total += s->size;
        if (s->p == NULL)
            *done += s->size;
        else if ((pos = ftello(pcap_file(s->p))) > 0)
            *done += (uint64_t)pos;
    }
}

uint64_t ps_reader_packets(const ps_reader *r)
{
    return r->packets;
}

unsigned ps_reader_failures(const ps_reader *r)
{
    return r->failures;
}

unsigned ps_reader_unopened(const ps_reader *r)
{
    return r->unopened;
}

void ps_reader_close(ps_reader *r)
{
    unsigned i;

    if (r == NULL)
        return;
    for (i = 0; i < r->n; i++)
        if (r->src[i].p != NULL)
            pcap_close(r->src[i].p);
    g_free(r->src);
    g_free(r);
}
