/* read_pcap.c - a pcap or pcapng file through libpcap: the reader of a build
 * without the Wireshark libraries (one link type per file)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "read_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <pcap/pcap.h>

typedef struct {
    ps_file  base;
    pcap_t  *p;
    uint32_t frame;
} libpcap_file;

/* Reading in large blocks saves a system call per few packets. */
#define READ_BUFFER (1u << 20)

static ps_file_result next(ps_file *base, lp_frame *pkt)
{
    libpcap_file *f = (libpcap_file *)base;
    struct pcap_pkthdr *hdr;
    const u_char *data;
    int rc = pcap_next_ex(f->p, &hdr, &data);

    if (rc == PCAP_ERROR) {
        base->error = g_strdup(pcap_geterr(f->p));
        return PS_FILE_ERROR;
    }
    if (rc != 1)
        return PS_FILE_END;
    pkt->where.frame = ++f->frame;
    pkt->where.t = (double)hdr->ts.tv_sec + (double)hdr->ts.tv_usec / 1e6;
    pkt->linktype = pcap_datalink(f->p);
    pkt->data = data;
    pkt->caplen = hdr->caplen;
    return PS_FILE_PACKET;
}

static uint64_t offset(const ps_file *base)
{
    off_t pos = ftello(pcap_file(((const libpcap_file *)base)->p));

    return pos > 0 ? (uint64_t)pos : 0;
}

static void close_file(ps_file *base)
{
    libpcap_file *f = (libpcap_file *)base;

    pcap_close(f->p);
    g_free(base->error);
    g_free(f);
}

static const ps_file_ops ops = { next, offset, close_file };

ps_file *ps_file_open_pcap(const char *path, char **error)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char errbuf[PCAP_ERRBUF_SIZE];
    libpcap_file *f;
    pcap_t *p;
    struct stat st;

    if (in == NULL) {
        *error = g_strdup(g_strerror(errno));
        return NULL;
    }
    setvbuf(in, NULL, _IOFBF, READ_BUFFER);
    if ((p = pcap_fopen_offline(in, errbuf)) == NULL) {
        if (in != stdin)
            fclose(in);
        *error = g_strdup(errbuf);
        return NULL;
    }
    f = g_new0(libpcap_file, 1);
    f->base.ops = &ops;
    f->p = p;
    if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
        f->base.size = (uint64_t)st.st_size;
    return &f->base;
}
