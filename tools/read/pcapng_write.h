/* pcapng_write.h - the packets of a live capture kept in a pcapng file (-w)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PS_PCAPNG_WRITE_H
#define PS_PCAPNG_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include <pcap/pcap.h>

typedef struct ps_pcapng ps_pcapng;

/* Create path with one interface of this DLT_ link type; NULL with *error set (g_free it). */
ps_pcapng *ps_pcapng_open(const char *path, int dlt, uint32_t snaplen, const char *ifname, char **error);
/* Append a packet; false (with *error set) when the file cannot be written. */
bool ps_pcapng_write(ps_pcapng *w, const struct pcap_pkthdr *h, const uint8_t *data, char **error);
/* Push what is buffered to the file, so that it is evidence even if the tool is killed. */
void ps_pcapng_flush(ps_pcapng *w);
void ps_pcapng_close(ps_pcapng *w);

#endif /* PS_PCAPNG_WRITE_H */
