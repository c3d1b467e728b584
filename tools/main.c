/* main.c - pcap-summarize: per-phone Lync sign-in timelines and verdicts
 *
 * Reads the captures through the pipeline (read, link, ip, tcp_flow, app_*),
 * groups the events per phone (phones.c), names encrypted requests
 * (infer.c), judges each phone with the core rules and writes the report.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <json-glib/json-glib.h>
#include <pcap/pcap.h>

#include "live.h"
#include "output.h"
#include "pipeline.h"
#include "read.h"
#include "tls_setup.h"

#define EXIT_ALL_SIGNED_IN 0
#define EXIT_SOME_FAILED   1
#define EXIT_USAGE         2

/* Input larger than this gets a progress line (on a terminal). */
#define PROGRESS_MIN_BYTES (64u << 20)
#define PROGRESS_EVERY     (1u << 16)  /* packets between looks at the clock */

typedef struct {
    gchar   *format;
    gboolean events;
    gchar   *phone;
    gchar   *outcome;
    gboolean show_pin;
    gboolean libpcap;
    /* Live capture, with tshark's letters: */
    gchar   *iface, *capture_filter, *write, *autostop;
    gint64   count;
    gboolean version;
    gchar   *keylog, *rsa_key, *rsa_key_password;
} options;

/* -f is tshark's capture filter with -i; without, it is still the output format, for a while. */
static gboolean set_format(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    options *o = data;

    (void)error;
    if (strcmp(name, "-f") == 0)
        fprintf(stderr, "pcap-summarize: -f for the output format is deprecated, use --format "
                "(with -i, -f is the capture filter, as in tshark)\n");
    g_free(o->format);
    o->format = g_strdup(value);
    return TRUE;
}

static bool live_asked(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strncmp(argv[i], "-i", 2) == 0 || strncmp(argv[i], "--interface", 11) == 0)
            return true;
    return false;
}

static bool parse_options(int *argc, char ***argv, options *o)
{
    bool live = live_asked(*argc, *argv);
    const GOptionEntry entries[] = {
        { "format", live ? 0 : 'f', 0, G_OPTION_ARG_CALLBACK, (gpointer)set_format,
          "Output format: text (default), json or csv", "FORMAT" },
        { "events", 'e', 0, G_OPTION_ARG_NONE, &o->events, "List every event of each phone (text)", NULL },
        { "phone", 'p', 0, G_OPTION_ARG_STRING, &o->phone, "Only the phone with this MAC or IP address", "MAC|IP" },
        { "outcome", 'o', 0, G_OPTION_ARG_STRING, &o->outcome, "Only phones with this outcome (e.g. pin_rejected)", "NAME" },
        { "show-pin", 0, 0, G_OPTION_ARG_NONE, &o->show_pin, "Show PINs instead of ****", NULL },
        { "libpcap", 0, 0, G_OPTION_ARG_NONE, &o->libpcap,
          "Read files through libpcap, not libwiretap (pcap, and pcapng of one link type)", NULL },
        { "interface", 'i', 0, G_OPTION_ARG_STRING, &o->iface,
          "Capture live on this interface (libpcap) instead of reading files", "IFACE" },
        { "capture-filter", live ? 'f' : 0, 0, G_OPTION_ARG_STRING, &o->capture_filter,
          "With -i: capture filter instead of the sign-in's ports", "FILTER" },
        { "write", 'w', 0, G_OPTION_ARG_FILENAME, &o->write, "With -i: keep the packets in this pcapng file", "FILE" },
        { "count", 'c', 0, G_OPTION_ARG_INT64, &o->count, "With -i: stop after this many packets", "PACKETS" },
        { "autostop", 'a', 0, G_OPTION_ARG_STRING, &o->autostop, "With -i: stop after duration:SECONDS", "duration:SECONDS" },
        { "version", 0, 0, G_OPTION_ARG_NONE, &o->version, "Show the version and those of the libraries", NULL },
        { "keylog", 0, 0, G_OPTION_ARG_FILENAME, &o->keylog, "Decrypt TLS with this NSS key log (SSLKEYLOGFILE)", "FILE" },
        { "rsa-key", 0, 0, G_OPTION_ARG_FILENAME, &o->rsa_key,
          "Decrypt TLS_RSA_* sessions with the server's private key (PEM, DER or PKCS#12)", "FILE" },
        { "rsa-key-password", 0, 0, G_OPTION_ARG_STRING, &o->rsa_key_password,
          "Password of an encrypted --rsa-key", "PASSWORD" },
        { NULL, 0, 0, 0, NULL, NULL, NULL }
    };
    GOptionContext *ctx = g_option_context_new("CAPTURE... | -i IFACE - why Lync/Skype for Business phones could not sign in");
    GOptionGroup *group = g_option_group_new("main", "", "", o, NULL);
    GError *err = NULL;
    gchar *summary;
    bool ok;

    summary = g_strdup_printf(
        "Rebuilds each phone's PIN sign-in (DHCP, DNS, TLS, CertProv/WebTicket, SIP) from capture\n"
        "files, including Wireshark Export PDU files of decrypted HTTP, and says what went\n"
        "wrong. \"-\" reads a capture from standard input.\n"
        "Files are read through %s.\n"
        "-i captures live and prints a line per phone as soon as its outcome is decided, then\n"
        "the report when the capture stops (needs root or cap_net_raw,cap_net_admin).",
        ps_reader_has_wiretap() ? "libwiretap: every format Wireshark opens (pcap, pcapng, gzip/zstd/lz4,\n"
                                  "Network Monitor, snoop...)"
                                : "libpcap: pcap and pcapng of one link type (built without libwiretap)");
    g_option_context_set_summary(ctx, summary);
    g_option_context_set_description(ctx,
        "Exit status: 0 every phone signed in, 1 some failed or are unknown, 2 bad usage or\n"
        "nothing readable. See pcap-summarize(1).");
    g_option_group_add_entries(group, entries);
    g_option_context_set_main_group(ctx, group);
    ok = g_option_context_parse(ctx, argc, argv, &err);
    if (!ok) {
        fprintf(stderr, "pcap-summarize: %s (see --help)\n", err->message);
        g_error_free(err);
    }
    g_option_context_free(ctx);
    g_free(summary);
    return ok;
}

static void free_options(options *o)
{
    g_free(o->format);
    g_free(o->phone);
    g_free(o->outcome);
    g_free(o->iface);
    g_free(o->capture_filter);
    g_free(o->write);
    g_free(o->autostop);
    g_free(o->keylog);
    g_free(o->rsa_key);
    if (o->rsa_key_password != NULL)
        explicit_bzero(o->rsa_key_password, strlen(o->rsa_key_password));
    g_free(o->rsa_key_password);
}

/* A CSV row per phone has no place for the limits note: it goes to stderr. */
static void write_csv(FILE *out, const ps_report *r)
{
    ps_output_csv(out, r);
    ps_output_limits_note(stderr, r->limits);
}

typedef struct {
    const char *name;
    void      (*write)(FILE *out, const ps_report *r);
} output_format;

static const output_format formats[] = {
    { "text", ps_output_text },
    { "json", ps_output_json },
    { "csv",  write_csv },
};

/* The format of that name (text when none is given), or NULL. */
static const output_format *format_named(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(formats); i++)
        if (strcmp(formats[i].name, name != NULL ? name : "text") == 0)
            return &formats[i];
    return NULL;
}

/* --phone: a MAC (any case, ':' or '-' between six pairs of hex digits) or an IPv4/IPv6 address. */
static bool phone_valid(const char *want)
{
    unsigned char buf[16];
    size_t i;

    if (inet_pton(AF_INET, want, buf) == 1 || inet_pton(AF_INET6, want, buf) == 1)
        return true;
    if (strlen(want) != 17)
        return false;
    for (i = 0; i < 17; i++)
        if (i % 3 == 2 ? want[i] != ':' && want[i] != '-' : !g_ascii_isxdigit(want[i]))
            return false;
    return true;
}

static bool check_options(const options *o, int argc, char **argv)
{
    if (format_named(o->format) == NULL) {
        size_t i;

        fprintf(stderr, "pcap-summarize: unknown format '%s': one of", o->format);
        for (i = 0; i < G_N_ELEMENTS(formats); i++)
            fprintf(stderr, " %s", formats[i].name);
        fputc('\n', stderr);
        return false;
    }
    if (o->outcome != NULL && lp_outcome_from_name(o->outcome) == LP_OUT_COUNT) {
        fprintf(stderr, "pcap-summarize: unknown outcome '%s': one of", o->outcome);
        for (int i = 0; i < LP_OUT_COUNT; i++)
            fprintf(stderr, " %s", lp_outcome_name((lp_outcome)i));
        fputc('\n', stderr);
        return false;
    }
    if (o->phone != NULL && !phone_valid(o->phone)) {
        fprintf(stderr, "pcap-summarize: --phone '%s' is neither a MAC address nor an IP address\n", o->phone);
        return false;
    }
    if (o->iface == NULL && argc < 2) {
        fprintf(stderr, "pcap-summarize: no capture given (see --help)\n");
        return false;
    }
    if (o->iface != NULL && argc > 1) {
        fprintf(stderr, "pcap-summarize: either capture files or -i, not both\n");
        return false;
    }
    if (o->iface == NULL && (o->capture_filter || o->write || o->count || o->autostop)) {
        fprintf(stderr, "pcap-summarize: -f, -w, -c and -a go with -i\n");
        return false;
    }
    if (o->count < 0 || (o->autostop != NULL && (strncmp(o->autostop, "duration:", 9) != 0 ||
                                                 g_ascii_strtod(o->autostop + 9, NULL) <= 0))) {
        fprintf(stderr, "pcap-summarize: -c takes a number of packets, -a duration:SECONDS\n");
        return false;
    }
    for (int i = 1; i < argc; i++)
        for (int j = i + 1; j < argc; j++)
            if (strcmp(argv[i], "-") == 0 && strcmp(argv[j], "-") == 0) {
                fprintf(stderr, "pcap-summarize: standard input ('-') can be read only once\n");
                return false;
            }
    return true;
}

static void print_version(void)
{
    printf("pcap-summarize %s\n%s\nGLib %u.%u.%u, JSON-GLib %s\n", LYNCPROV_VERSION, pcap_lib_version(),
           glib_major_version, glib_minor_version, glib_micro_version, JSON_VERSION_S);
}

static void progress(const ps_reader *r, bool *shown)
{
    static gint64 last;
    uint64_t done, total;
    gint64 now = g_get_monotonic_time();

    if (now - last < G_USEC_PER_SEC / 2)
        return;
    last = now;
    ps_reader_progress(r, &done, &total);
    if (total < PROGRESS_MIN_BYTES)
        return;
    fprintf(stderr, "\rpcap-summarize: %3u%%  %" G_GUINT64_FORMAT " MB of %" G_GUINT64_FORMAT " MB, %" G_GUINT64_FORMAT " packets",
            (unsigned)(done * 100 / total), done >> 20, total >> 20, ps_reader_packets(r));
    *shown = true;
}

/* Read everything; returns the time of the last packet. */
static double run(ps_ctx *ctx, ps_reader *r)
{
    bool tty = isatty(STDERR_FILENO), shown = false;
    double end = 0;
    ps_packet pkt;

    while (ps_reader_next(r, &pkt)) {
        ps_ctx_packet(ctx, &pkt);
        if (pkt.where.t > end)
            end = pkt.where.t;
        if (tty && ps_reader_packets(r) % PROGRESS_EVERY == 0)
            progress(r, &shown);
    }
    if (shown)
        fputs("\r\033[K", stderr);
    return end;
}

/* unopened: how many inputs could not be opened at all (missing, not captures). */
static bool read_files(ps_ctx *ctx, char **paths, unsigned n, bool libpcap, double *end, unsigned *unopened)
{
    ps_reader *r = ps_reader_open(paths, n, libpcap ? PS_READ_LIBPCAP : PS_READ_DEFAULT);
    bool ok;

    if (r == NULL)
        return false;
    *end = run(ctx, r);
    ok = ps_reader_packets(r) > 0 || ps_reader_failures(r) == 0;
    if (!ok)
        fprintf(stderr, "pcap-summarize: no packet could be read\n");
    *unopened = ps_reader_unopened(r);
    ps_reader_close(r);
    return ok;
}

/* -i: verdict lines go where the report goes, unless they would break its JSON or CSV. */
static bool capture(ps_ctx *ctx, const options *o, double *end)
{
    ps_live_opts lo = { o->iface, o->capture_filter, o->write, (uint64_t)o->count,
                        o->autostop != NULL ? g_ascii_strtod(o->autostop + 9, NULL) : 0 };

    return ps_live_run(ctx, &lo, o->format == NULL || strcmp(o->format, "text") == 0 ? stdout : stderr, end);
}

/* --phone: a MAC (any case, ':' or '-') or an IP address as printed. */
static bool phone_matches(const lp_phone *ph, const char *want)
{
    char mac[PS_MAC_STR_MAX], ip[PS_ADDR_STR_MAX], norm[PS_MAC_STR_MAX];
    size_t i;

    g_strlcpy(norm, want, sizeof norm);
    for (i = 0; norm[i]; i++)
        norm[i] = norm[i] == '-' ? ':' : g_ascii_tolower(norm[i]);
    return (ps_phone_mac(ph, mac) != NULL && strcmp(mac, norm) == 0) ||
           (ps_phone_ip(ph, ip) != NULL && strcmp(ip, want) == 0);
}

int main(int argc, char **argv)
{
    options o = { 0 };
    ps_report rep = { 0 };
    ps_ctx ctx;
    GPtrArray *all;
    double end;
    unsigned unopened = 0;
    int status = EXIT_ALL_SIGNED_IN;
    guint i;
    bool parsed = parse_options(&argc, &argv, &o);

    if (parsed && o.version) {
        print_version();
        free_options(&o);
        return EXIT_SUCCESS;
    }
    if (!parsed || !check_options(&o, argc, argv)) {
        free_options(&o);
        return EXIT_USAGE;
    }
    ps_ctx_init(&ctx, o.show_pin);
    ps_tls_setup(&ctx.keys, o.keylog, o.rsa_key, o.rsa_key_password);
    if (!(o.iface != NULL ? capture(&ctx, &o, &end)
                          : read_files(&ctx, argv + 1, (unsigned)argc - 1, o.libpcap, &end, &unopened))) {
        ps_tls_teardown(&ctx.keys);
        ps_ctx_free(&ctx);
        free_options(&o);
        return EXIT_USAGE;
    }
    ps_ctx_finish(&ctx, end);

    all = ps_ctx_phones(&ctx, end);
    rep.phones = g_ptr_array_new();
    for (i = 0; i < all->len; i++) {
        lp_phone *ph = g_ptr_array_index(all, i);

        if ((o.phone != NULL && !phone_matches(ph, o.phone)) ||
            (o.outcome != NULL && ph->verdict.outcome != lp_outcome_from_name(o.outcome)))
            continue;
        g_ptr_array_add(rep.phones, ph);
        if (ph->verdict.outcome != LP_OUT_SIGNED_IN)
            status = EXIT_SOME_FAILED;
    }
    if (all->len == 0) {
        fprintf(stderr, "pcap-summarize: no phone sign-in seen in the capture\n");
        status = EXIT_SOME_FAILED;
    }
    /* The inputs that were read are reported; the ones that were not make it a usage error. */
    if (unopened > 0)
        status = EXIT_USAGE;
    rep.captures = o.iface != NULL ? &o.iface : argv + 1;
    rep.n_captures = o.iface != NULL ? 1 : (unsigned)argc - 1;
    rep.events = o.events;
    rep.colour = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
    rep.gaps = ctx.gaps;
    rep.gap_bytes = ctx.gap_bytes;
    rep.limits = &ctx.limits;
    rep.tls_decrypted = ctx.tls_decrypted;
    rep.tls_undecrypted = ctx.tls_undecrypted;
    format_named(o.format)->write(stdout, &rep);

    g_ptr_array_free(rep.phones, TRUE);
    g_ptr_array_free(all, TRUE);
    ps_tls_teardown(&ctx.keys);
    ps_ctx_free(&ctx);
    free_options(&o);
    return status;
}
