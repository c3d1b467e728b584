/* read.c - the k-way merge of several captures, each read by libwiretap or
 * libpcap (read_wiretap.c, read_pcap.c)
 *
 * Each file keeps its current packet in its reader's own buffer, which stays
 * valid until that file is read again: the merge copies nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "read.h"

#include <stdio.h>

#include <glib.h>

#include "read_file.h"

typedef struct {
    const char *path;
    ps_file    *f;
    lp_frame   pkt;
    uint64_t    size;       /* kept for the progress after the file is closed */
    bool        has_packet;
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
    uint32_t before = s->pkt.where.frame;

    switch (s->f->ops->next(s->f, &s->pkt)) {
    case PS_FILE_PACKET:
        s->has_packet = true;
        return;
    case PS_FILE_ERROR:
        r->failures++;
        fprintf(stderr, "pcap-summarize: %s: after %u packets: %s (the rest of this file is ignored)\n",
                s->path, before, s->f->error);
        break;
    case PS_FILE_END:
        break;
    }
    s->has_packet = false;
    s->f->ops->close(s->f);
    s->f = NULL;
}

/* libwiretap's callback for secrets carries no data pointer: the sink is the process's. */
static ps_secrets_sink secrets_sink;
static void *secrets_data;

void ps_reader_set_secrets_sink(ps_secrets_sink sink, void *data)
{
    secrets_sink = sink;
    secrets_data = data;
}

void ps_reader_secrets(const char *keylog, size_t len)
{
    if (secrets_sink != NULL)
        secrets_sink(secrets_data, keylog, len);
}

bool ps_reader_has_wiretap(void)
{
#ifdef PS_HAVE_WIRETAP
    return true;
#else
    return false;
#endif
}

static ps_file *open_file(const char *path, ps_read_with with, char **error)
{
#ifdef PS_HAVE_WIRETAP
    if (with != PS_READ_LIBPCAP)
        return ps_file_open_wiretap(path, error);
#else
    (void)with;
#endif
    return ps_file_open_pcap(path, error);
}

ps_reader *ps_reader_open(char **paths, unsigned n, ps_read_with with)
{
    ps_reader *r = g_new0(ps_reader, 1);
    unsigned i, opened = 0;

    r->src = g_new0(source, n);
    r->n = n;
    r->last = -1;
    for (i = 0; i < n; i++) {
        source *s = &r->src[i];
        char *error = NULL;

        s->path = paths[i];
        if ((s->f = open_file(paths[i], with, &error)) == NULL) {
            fprintf(stderr, "pcap-summarize: %s: %s\n", paths[i], error);
            g_free(error);
            r->failures++;
            r->unopened++;
            continue;
        }
        s->pkt.where.capture = i;
        s->size = s->f->size;
        opened++;
        advance(r, s);
    }
    if (opened == 0) {
        ps_reader_close(r);
        return NULL;
    }
    return r;
}

bool ps_reader_next(ps_reader *r, lp_frame *pkt)
{
    int best = -1;
    unsigned i;

    if (r->last >= 0)
        advance(r, &r->src[r->last]);
    for (i = 0; i < r->n; i++)
        if (r->src[i].has_packet && (best < 0 || r->src[i].pkt.where.t < r->src[best].pkt.where.t))
            best = (int)i;
    r->last = best;
    if (best < 0)
        return false;
    *pkt = r->src[best].pkt;
    r->packets++;
    return true;
}

void ps_reader_progress(const ps_reader *r, uint64_t *done, uint64_t *total)
{
    unsigned i;

    *done = *total = 0;
    for (i = 0; i < r->n; i++) {
        const source *s = &r->src[i];

        if (s->f == NULL) {
            *done += s->size;
            *total += s->size;
            continue;
        }
        if (s->size == 0) {
            *total = 0; /* a pipe: no percentage */
            return;
        }
        *total += s->size;
        *done += s->f->ops->offset(s->f);
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
        if (r->src[i].f != NULL)
            r->src[i].f->ops->close(r->src[i].f);
    g_free(r->src);
    g_free(r);
}
