/* read_file.h - one capture file, read by libwiretap or by libpcap
 *
 * read.c merges files in time order; each file kind behind this interface
 * hands out its packets one by one, each valid until the next read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_READ_FILE_H
#define PS_READ_FILE_H

#include "read.h"

typedef struct ps_file ps_file;

typedef enum {
    PS_FILE_PACKET = 0,
    PS_FILE_END,
    PS_FILE_ERROR     /* the message is in ps_file.error */
} ps_file_result;

typedef struct {
    /* The next packet: where.frame (as Wireshark numbers it), where.t, linktype, data, caplen. */
    ps_file_result (*next)(ps_file *f, lp_frame *pkt);
    /* Bytes of the file read so far. */
    uint64_t (*offset)(const ps_file *f);
    void (*close)(ps_file *f);
} ps_file_ops;

struct ps_file {
    const ps_file_ops *ops;
    uint64_t           size;    /* 0 when unknown (a pipe) */
    char              *error;   /* after PS_FILE_ERROR; freed by close */
};

/* A decryption secrets block's TLS key log, to the sink set with ps_reader_set_secrets_sink. */
void ps_reader_secrets(const char *keylog, size_t len);

/* Open path ("-" is standard input); NULL with *error set (g_free it) when it cannot be read. */
ps_file *ps_file_open_pcap(const char *path, char **error);
#ifdef PS_HAVE_WIRETAP
ps_file *ps_file_open_wiretap(const char *path, char **error);
#endif

#endif /* PS_READ_FILE_H */
