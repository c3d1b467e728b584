/* read_wiretap.c - any capture file Wireshark opens, through libwiretap:
 * pcap and pcapng (several interfaces of different link types), compressed
 * files, Network Monitor, snoop...
 *
 * Each packet's link type is its interface's, turned from wiretap's
 * encapsulation back into the DLT_ value link.c decodes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "read_file.h"

#include <string.h>

#include <glib.h>

#include <wiretap/secrets-types.h>
#include <wsutil/wslog.h>

#include "wiretap_compat.h"

typedef struct {
    ps_file     base;
    wtap       *wth;
    ps_wtap_rec r;
    uint32_t    frame;
    double      t;      /* of the latest record that had a time */
} wiretap_file;

/* DLT_ values are below this; so are the WTAP_ENCAP_ values they map to. */
#define LINKTYPE_LIMIT 512
#define FIRST_BUFFER   2048

/* WTAP_ENCAP_ value -> the lowest DLT_/LINKTYPE_ value wiretap maps to it, or -1. */
static int encap_to_dlt[LINKTYPE_LIMIT];

static void init_once(void)
{
    static gsize done;
    int lt;

    if (!g_once_init_enter(&done))
        return;
    /* Read errors come back to next(); wiretap's own log would only add noise on stderr. */
    ws_log_set_level(LOG_LEVEL_CRITICAL);
    wtap_init(FALSE);
    for (lt = 0; lt < LINKTYPE_LIMIT; lt++)
        encap_to_dlt[lt] = -1;
    /* Lowest first: DLT_RAW (12) wins over LINKTYPE_RAW (101), as libpcap reports it. */
    for (lt = 0; lt < LINKTYPE_LIMIT; lt++) {
        int encap = wtap_pcap_encap_to_wtap_encap(lt);

        if (encap >= 0 && encap < LINKTYPE_LIMIT && encap_to_dlt[encap] < 0)
            encap_to_dlt[encap] = lt;
    }
    g_once_init_leave(&done, 1);
}

/* A decryption secrets block: only TLS key logs are of use here. */
static void new_secrets(guint32 type, const void *secrets, guint size)
{
    if (type == SECRETS_TYPE_TLS)
        ps_reader_secrets(secrets, size);
}

static char *describe(int err, char *err_info)
{
    char *msg = err_info != NULL ? g_strdup_printf("%s (%s)", wtap_strerror(err), err_info)
                                 : g_strdup(wtap_strerror(err));

    g_free(err_info);
    return msg;
}

static ps_file_result next(ps_file *base, lp_frame *pkt)
{
    wiretap_file *f = (wiretap_file *)base;
    const wtap_rec *rec = &f->r.rec;
    int err = 0;
    gchar *err_info = NULL;
    gint64 off;

    for (;;) {
        wtap_rec_reset(&f->r.rec); /* drops the previous record's options block */
        if (!ps_wtap_read(f->wth, &f->r, &err, &err_info, &off)) {
            if (err == 0)
                return PS_FILE_END;
            base->error = describe(err, err_info);
            return PS_FILE_ERROR;
        }
        f->frame++; /* Wireshark numbers every record, packets or not */
        if (rec->presence_flags & WTAP_HAS_TS)
            f->t = (double)rec->ts.secs + (double)rec->ts.nsecs / 1e9;
        if (rec->rec_type == REC_TYPE_PACKET)
            break;
    }
    pkt->where.frame = f->frame;
    pkt->where.t = f->t;
    pkt->linktype = (unsigned)rec->rec_header.packet_header.pkt_encap < LINKTYPE_LIMIT
                        ? encap_to_dlt[rec->rec_header.packet_header.pkt_encap] : -1;
    pkt->data = ps_wtap_rec_data(&f->r);
    pkt->caplen = rec->rec_header.packet_header.caplen;
    return PS_FILE_PACKET;
}

static uint64_t offset(const ps_file *base)
{
    gint64 pos = wtap_read_so_far(((const wiretap_file *)base)->wth);

    return pos > 0 ? (uint64_t)pos : 0;
}

static void close_file(ps_file *base)
{
    wiretap_file *f = (wiretap_file *)base;

    wtap_close(f->wth);
    ps_wtap_rec_cleanup(&f->r);
    g_free(base->error);
    g_free(f);
}

static const ps_file_ops ops = { next, offset, close_file };

ps_file *ps_file_open_wiretap(const char *path, char **error)
{
    wiretap_file *f;
    wtap *wth;
    int err = 0;
    gchar *err_info = NULL;
    gint64 size;

    init_once();
    /* "-" is standard input, read sequentially (wiretap needs no seeking for that). */
    if ((wth = wtap_open_offline(path, WTAP_TYPE_AUTO, &err, &err_info, FALSE)) == NULL) {
        *error = describe(err, err_info);
        return NULL;
    }
    wtap_set_cb_new_secrets(wth, new_secrets);
    f = g_new0(wiretap_file, 1);
    f->base.ops = &ops;
    f->wth = wth;
    ps_wtap_rec_init(&f->r, FIRST_BUFFER);
    /* A pipe has no size; a compressed file's size is compared with compressed bytes read. */
    if (strcmp(path, "-") != 0 && (size = wtap_file_size(wth, &err)) > 0)
        f->base.size = (uint64_t)size;
    return &f->base;
}
