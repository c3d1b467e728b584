/* pcap-loop.c - the benchmark's floor: read every packet of a capture with
 * libpcap and touch every byte, nothing else
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <pcap/pcap.h>

int main(int argc, char **argv)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *hdr;
    const u_char *data;
    unsigned long long packets = 0, bytes = 0;
    unsigned sum = 0;
    pcap_t *p;

    if (argc != 2) {
        fprintf(stderr, "usage: pcap-loop CAPTURE\n");
        return 2;
    }
    if ((p = pcap_open_offline(argv[1], errbuf)) == NULL) {
        fprintf(stderr, "pcap-loop: %s: %s\n", argv[1], errbuf);
        return 2;
    }
    while (pcap_next_ex(p, &hdr, &data) == 1) {
        const bpf_u_int32 n = hdr->caplen; /* a local: the bytes could alias the header */

        for (bpf_u_int32 i = 0; i < n; i++)
            sum += data[i];
        packets++;
        bytes += n;
    }
    pcap_close(p);
    /* Printing the sum keeps the compiler from dropping the byte loop. */
    printf("%llu packets, %llu bytes, checksum %u\n", packets, bytes, sum);
    return 0;
}
