/* pcap-summarize.c - per-phone Lync sign-in timelines from captures
 *
 * For now it opens each capture with libpcap and counts its packets; the
 * timeline reconstruction comes with the decoding pipeline.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <pcap/pcap.h>

#define EXIT_USAGE 2

/* Returns the number of packets read, or -1 when the file could not be opened. */
static long count_packets(const char *path)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *hdr;
    const u_char *data;
    pcap_t *p;
    long n = 0;
    int rc;

    p = pcap_open_offline(path, errbuf);
    if (p == NULL) {
        fprintf(stderr, "pcap-summarize: %s: %s\n", path, errbuf);
        return -1;
    }
    while ((rc = pcap_next_ex(p, &hdr, &data)) == 1)
        n++;
    if (rc == PCAP_ERROR)
        fprintf(stderr, "pcap-summarize: %s: after %ld packets: %s\n", path, n, pcap_geterr(p));
    printf("%s: %ld packets, link type %s\n", path, n,
           pcap_datalink_val_to_name(pcap_datalink(p)) ? pcap_datalink_val_to_name(pcap_datalink(p)) : "unknown");
    pcap_close(p);
    return n;
}

int main(int argc, char **argv)
{
    GOptionContext *ctx;
    GError *err = NULL;
    int i, readable = 0;

    ctx = g_option_context_new("CAPTURE... - per-phone Lync sign-in timelines");
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "pcap-summarize: %s\n", err->message);
        g_error_free(err);
        g_option_context_free(ctx);
        return EXIT_USAGE;
    }
    g_option_context_free(ctx);
    if (argc < 2) {
        fprintf(stderr, "pcap-summarize: no capture given (see --help)\n");
        return EXIT_USAGE;
    }
    for (i = 1; i < argc; i++)
        if (count_packets(argv[i]) >= 0)
            readable++;
    return readable > 0 ? EXIT_SUCCESS : EXIT_USAGE;
}
