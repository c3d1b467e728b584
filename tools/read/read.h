/* read.h - stage 1: packets from one or more capture files, merged by time
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_READ_H
#define PS_READ_H

#include "engine.h"

typedef struct ps_reader ps_reader;

/* Which library reads files: libwiretap when the build has it, else libpcap. */
typedef enum {
    PS_READ_DEFAULT = 0,
    PS_READ_LIBPCAP
} ps_read_with;

/*
 * Where the TLS key log text of pcapng decryption secrets blocks goes as the
 * files are read (libwiretap only; set before ps_reader_open: the blocks
 * come before the packets).
 */
typedef void (*ps_secrets_sink)(void *data, const char *keylog, size_t len);
void ps_reader_set_secrets_sink(ps_secrets_sink sink, void *data);

/* Whether this build reads files through libwiretap. */
bool ps_reader_has_wiretap(void);

/*
 * Open every file ("-" is standard input). Files that cannot be opened are
 * reported on stderr and left out; returns NULL when none could be.
 * Read errors are reported too, naming the file and how far it was read.
 */
ps_reader *ps_reader_open(char **paths, unsigned n, ps_read_with with);
/* The next packet in time order (ties: lower file index first); false at the end. */
bool ps_reader_next(ps_reader *r, lp_frame *pkt);
/* Bytes read so far and in all (total is 0 when a file's size is unknown). */
void ps_reader_progress(const ps_reader *r, uint64_t *done, uint64_t *total);
/* Packets read from all files. */
uint64_t ps_reader_packets(const ps_reader *r);
/* Files that could not be opened or were cut short by a read error. */
unsigned ps_reader_failures(const ps_reader *r);
/* Inputs that could not be opened at all (missing, not a capture). */
unsigned ps_reader_unopened(const ps_reader *r);
void ps_reader_close(ps_reader *r);

#endif /* PS_READ_H */
