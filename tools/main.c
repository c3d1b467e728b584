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
#include <pcap/pcap.h>

#include "live.h"
#include "output.h"
#include "engine.h"
#include "read.h"
#include "tls_setup.h"

#define EXIT_ALL_SIGNED_IN 0
#define EXIT_SOME_FAILED   1
#define EXIT_USAGE         2

/* Input larger than this gets a progress line (on a terminal). */
#define PROGRESS_MIN_BYTES (64u << 20)
#define PROGRESS_EVERY     (1u << 16)  /* packets between looks at the clock */

typedef enum { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER } colour_mode;

typedef struct {
    gchar      *format;
    gboolean    events;
    gchar      *phone;
    unsigned    outcomes;   /* a bit per lp_outcome; 0: every phone */
    colour_mode colour;
    gboolean    show_pin;
    gboolean    libpcap;
    gchar     **reads;      /* -r */
    /* Live capture, with tshark's letters: */
    gchar      *iface, *capture_filter, *write, *autostop;
    gint64      count;
    gboolean    version;
    gchar      *keylog, *rsa_key, *rsa_key_password;
} options;

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
    { "text",   ps_output_text },
    { "json",   ps_output_json },
    { "csv",    write_csv },
    { "ndjson", ps_output_ndjson },
    { "html",   ps_output_html },
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

/*
 * Short options of earlier releases that mean something else in tshark:
 * still accepted for one release, with a note. -f is the output format only
 * without -i (with it, it is the capture filter, as in tshark).
 */
static const struct {
    char        letter;
    const char *long_name;
    const char *in_tshark;
} deprecated[] = {
    { 'o', "--outcome", "sets a preference" },
    { 'e', "--events",  "names a field" },
    { 'f', "--format",  "is the capture filter" },
    { 'p', "--phone",   "turns promiscuous mode off" },
};

static bool live_asked(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strncmp(argv[i], "-i", 2) == 0 || strncmp(argv[i], "--interface", 11) == 0)
            return true;
    return false;
}

/* Whether argv[i] is an option whose value is the next argument. */
static bool takes_separate_value(const GOptionEntry *entries, const char *arg)
{
    for (; entries->long_name != NULL; entries++) {
        if (entries->arg == G_OPTION_ARG_NONE ||
            (entries->arg == G_OPTION_ARG_CALLBACK && (entries->flags & G_OPTION_FLAG_NO_ARG)))
            continue;
        if ((arg[1] == '-' && strcmp(arg + 2, entries->long_name) == 0) ||
            (arg[1] != '-' && arg[1] == entries->short_name && arg[2] == '\0'))
            return true;
    }
    return false;
}

/* Rewrite the deprecated letters to their long options, with a note each; kept frees the new strings. */
static void rewrite_deprecated(int argc, char **argv, const GOptionEntry *entries, bool live, GPtrArray *kept)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (argv[i][0] != '-' || argv[i][1] == '\0')
            continue;
        for (size_t d = 0; d < G_N_ELEMENTS(deprecated) && argv[i][1] != '-'; d++) {
            if (argv[i][1] != deprecated[d].letter || (deprecated[d].letter == 'f' && live))
                continue;
            fprintf(stderr, "pcap-summarize: -%c is deprecated and goes in the next release: use %s "
                    "(in tshark, -%c %s)\n", deprecated[d].letter, deprecated[d].long_name, deprecated[d].letter,
                    deprecated[d].in_tshark);
            if (argv[i][2] != '\0') {
                argv[i] = g_strdup_printf("%s=%s", deprecated[d].long_name, argv[i] + 2);
                g_ptr_array_add(kept, argv[i]);
            } else {
                argv[i] = (char *)deprecated[d].long_name;
            }
            break;
        }
        if (takes_separate_value(entries, argv[i]))
            i++;
    }
}

static gboolean set_format(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    options *o = data;
    size_t i;
    GString *names;

    (void)name;
    if (format_named(value) != NULL) {
        g_free(o->format);
        o->format = g_strdup(value);
        return TRUE;
    }
    names = g_string_new(NULL);
    for (i = 0; i < G_N_ELEMENTS(formats); i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "", formats[i].name);
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unknown format '%s': one of %s", value, names->str);
    g_string_free(names, TRUE);
    return FALSE;
}

/* --outcome: repeatable, each a comma-separated list of names. */
static gboolean add_outcomes(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    options *o = data;
    gchar **names = g_strsplit(value, ",", -1);
    gboolean ok = TRUE;

    (void)name;
    for (gchar **n = names; *n != NULL && ok; n++) {
        lp_outcome out = lp_outcome_from_name(g_strstrip(*n));

        if (out == LP_OUT_COUNT) {
            GString *all = g_string_new(NULL);

            for (int i = 0; i < LP_OUT_COUNT; i++)
                g_string_append_printf(all, "%s%s", i ? ", " : "", lp_outcome_name((lp_outcome)i));
            g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unknown outcome '%s': one of %s", *n,
                        all->str);
            g_string_free(all, TRUE);
            ok = FALSE;
        }
        o->outcomes |= 1u << out;
    }
    g_strfreev(names);
    return ok;
}

static gboolean add_failed(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    options *o = data;

    (void)name, (void)value, (void)error;
    o->outcomes |= ((1u << LP_OUT_COUNT) - 1) & ~(1u << LP_OUT_SIGNED_IN);
    return TRUE;
}

static gboolean set_colour(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    static const char *const modes[] = { "auto", "always", "never" };
    options *o = data;

    (void)name;
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++)
        if (strcmp(value, modes[i]) == 0) {
            o->colour = (colour_mode)i;
            return TRUE;
        }
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--color takes auto, always or never, not '%s'",
                value);
    return FALSE;
}

static bool parse_options(int *argc, char ***argv, options *o, GPtrArray *kept)
{
    bool live = live_asked(*argc, *argv);
    const GOptionEntry entries[] = {
        { "read-file", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &o->reads,
          "Read this capture file (as the arguments; repeatable)", "FILE" },
        { "format", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)set_format,
          "Output format: text (default), json, csv, ndjson or html", "FORMAT" },
        { "events", 'V', 0, G_OPTION_ARG_NONE, &o->events,
          "List every event of each phone (text)", NULL },
        { "phone", 0, 0, G_OPTION_ARG_STRING, &o->phone, "Only the phone with this MAC or IP address", "MAC|IP" },
        { "outcome", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)add_outcomes,
          "Only phones with these outcomes (repeatable, comma-separated, e.g. pin_rejected,auth_failed)", "NAME,..." },
        { "failed", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)add_failed,
          "Only phones that did not sign in (every outcome but signed_in)", NULL },
        { "color", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)set_colour,
          "Colour the text: auto (default: on a terminal, unless NO_COLOR or TERM=dumb), always, never", "WHEN" },
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
    GOptionContext *ctx = g_option_context_new("[CAPTURE...] | -r FILE | -i IFACE - why Lync/Skype for Business phones could not sign in");
    GOptionGroup *group = g_option_group_new("main", "", "", o, NULL);
    GError *err = NULL;
    gchar *summary;
    bool ok;

    rewrite_deprecated(*argc, *argv, entries, live, kept);
    summary = g_strdup_printf(
        "Rebuilds each phone's PIN sign-in (DHCP, DNS, TLS, CertProv/WebTicket, SIP) from capture\n"
        "files, including Wireshark Export PDU files of decrypted HTTP, and says what went\n"
        "wrong. \"-\" reads a capture from standard input.\n"
        "Files are read through %s.\n"
        "-i captures live and prints a line per phone as soon as its outcome is decided, then\n"
        "the report when the capture stops (needs root or cap_net_raw,cap_net_admin).\n"
        "-o, -e, -p and -f (without -i) of earlier releases still work, deprecated: use the long options.",
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
    g_strfreev(o->reads);
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

/* auto: a terminal, unless NO_COLOR (https://no-color.org) is set or TERM is dumb. */
static bool colour_wanted(colour_mode m)
{
    const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");

    if (m != COLOUR_AUTO)
        return m == COLOUR_ALWAYS;
    return isatty(STDOUT_FILENO) && (no_colour == NULL || no_colour[0] == '\0') &&
           (term == NULL || strcmp(term, "dumb") != 0);
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

static bool check_options(const options *o, const GPtrArray *paths)
{
    if (o->phone != NULL && !phone_valid(o->phone)) {
        fprintf(stderr, "pcap-summarize: --phone '%s' is neither a MAC address nor an IP address\n", o->phone);
        return false;
    }
    if (o->iface == NULL && paths->len == 0) {
        fprintf(stderr, "pcap-summarize: no capture given (see --help)\n");
        return false;
    }
    if (o->iface != NULL && paths->len > 0) {
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
    for (guint i = 0; i < paths->len; i++)
        for (guint j = i + 1; j < paths->len; j++)
            if (strcmp(g_ptr_array_index(paths, i), "-") == 0 && strcmp(g_ptr_array_index(paths, j), "-") == 0) {
                fprintf(stderr, "pcap-summarize: standard input ('-') can be read only once\n");
                return false;
            }
    return true;
}

static void print_version(void)
{
    printf("pcap-summarize %s\n%s\nGLib %u.%u.%u\n", LYNCPROV_VERSION, pcap_lib_version(),
           glib_major_version, glib_minor_version, glib_micro_version);
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
static double run(lp_engine *ctx, ps_reader *r)
{
    bool tty = isatty(STDERR_FILENO), shown = false;
    double end = 0;
    lp_frame pkt;

    while (ps_reader_next(r, &pkt)) {
        lp_engine_frame(ctx, &pkt);
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
static bool read_files(lp_engine *ctx, char **paths, unsigned n, bool libpcap, double *end, unsigned *unopened)
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
static bool capture(lp_engine *ctx, const options *o, double *end)
{
    ps_live_opts lo = { o->iface, o->capture_filter, o->write, (uint64_t)o->count,
                        o->autostop != NULL ? g_ascii_strtod(o->autostop + 9, NULL) : 0 };

    return ps_live_run(ctx, &lo, o->format == NULL || strcmp(o->format, "text") == 0 ? stdout : stderr, end);
}

/* --phone: a MAC (any case, ':' or '-') or an IP address as printed. */
static bool phone_matches(const lp_phone *ph, const char *want)
{
    char mac[LP_MAC_STR_MAX], ip[LP_ADDR_STR_MAX], norm[LP_MAC_STR_MAX];
    size_t i;

    g_strlcpy(norm, want, sizeof norm);
    for (i = 0; norm[i]; i++)
        norm[i] = norm[i] == '-' ? ':' : g_ascii_tolower(norm[i]);
    return (ps_phone_mac(ph, mac) != NULL && strcmp(mac, norm) == 0) ||
           (ps_phone_ip(ph, ip) != NULL && strcmp(ip, want) == 0);
}

/* The captures to read: those of -r, then the arguments. */
static GPtrArray *capture_paths(const options *o, int argc, char **argv)
{
    GPtrArray *paths = g_ptr_array_new();

    for (gchar **r = o->reads; r != NULL && *r != NULL; r++)
        g_ptr_array_add(paths, *r);
    for (int i = 1; i < argc; i++)
        g_ptr_array_add(paths, argv[i]);
    return paths;
}

static void report(lp_engine *ctx, const options *o, GPtrArray *paths, GPtrArray *all, GPtrArray *shown)
{
    ps_report rep = { 0 };

    rep.captures = o->iface != NULL ? (char **)&o->iface : (char **)paths->pdata;
    rep.n_captures = o->iface != NULL ? 1 : paths->len;
    rep.live_file = o->iface != NULL ? o->write : NULL;
    rep.phones = shown;
    rep.events = o->events;
    rep.colour = colour_wanted(o->colour);
    rep.gaps = ctx->gaps;
    rep.gap_bytes = ctx->gap_bytes;
    rep.limits = &ctx->limits;
    rep.tls_decrypted = ctx->tls_decrypted;
    rep.tls_undecrypted = ctx->tls_undecrypted;
    ps_report_link_exports(&rep, all);
    format_named(o->format)->write(stdout, &rep);
    g_free(rep.original);
}

int main(int argc, char **argv)
{
    options o = { 0 };
    lp_engine ctx;
    ps_tls_keyring keys;
    GPtrArray *all, *shown, *kept = g_ptr_array_new_with_free_func(g_free), *paths = NULL;
    double end;
    unsigned unopened = 0;
    int status = EXIT_USAGE;
    guint i;
    bool parsed = parse_options(&argc, &argv, &o, kept);

    if (parsed && o.version) {
        print_version();
        status = EXIT_SUCCESS;
        goto done;
    }
    if (parsed)
        paths = capture_paths(&o, argc, argv);
    if (!parsed || !check_options(&o, paths))
        goto done;
    lp_engine_init(&ctx, o.show_pin);
    ps_tls_setup(&keys, o.keylog, o.rsa_key, o.rsa_key_password);
    lp_engine_set_decryptor(&ctx, &ps_tls_decryptor, &keys);
    if (!(o.iface != NULL ? capture(&ctx, &o, &end)
                          : read_files(&ctx, (char **)paths->pdata, paths->len, o.libpcap, &end, &unopened))) {
        ps_tls_teardown(&keys);
        lp_engine_free(&ctx);
        goto done;
    }
    lp_engine_finish(&ctx, end);

    status = EXIT_ALL_SIGNED_IN;
    all = lp_engine_phones(&ctx, end);
    shown = g_ptr_array_new();
    for (i = 0; i < all->len; i++) {
        lp_phone *ph = g_ptr_array_index(all, i);

        if ((o.phone != NULL && !phone_matches(ph, o.phone)) ||
            (o.outcomes != 0 && !(o.outcomes & (1u << ph->verdict.outcome))))
            continue;
        g_ptr_array_add(shown, ph);
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
    report(&ctx, &o, paths, all, shown);

    g_ptr_array_free(shown, TRUE);
    g_ptr_array_free(all, TRUE);
    ps_tls_teardown(&keys);
    lp_engine_free(&ctx);
done:
    if (paths != NULL)
        g_ptr_array_free(paths, TRUE);
    g_ptr_array_free(kept, TRUE);
    free_options(&o);
    return status;
}
