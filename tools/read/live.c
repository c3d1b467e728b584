/* live.c - live capture through libpcap: immediate mode, a filter for the
 * sign-in's traffic, a verdict line per phone as soon as its outcome is
 * decided, and the packets kept in a pcapng file on request
 *
 * A phone's outcome is decided by one event: its certificate issued, a
 * refusal, or a request left without answer when the connection ends. Each
 * such event is judged alone by the core rules; the full report, judged on
 * every event, follows when the capture stops.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "live.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <pcap/pcap.h>

#include "pcapng_write.h"
#include "pool_site.h"

#define SNAPLEN   262144
/* How often time goes on without packets, for idle connections to end. */
#define TICK_MS   1000
/* Hosts whose decided outcome is remembered (one line per change); more are not told live. */
#define MAX_HOSTS 4096

#define DEFAULT_FILTER "udp port 67 or udp port 68 or udp port 53 or tcp port 80 or tcp port 443 " \
                       "or tcp port 4443 or tcp port 5061"

static volatile sig_atomic_t stop_signal;

static guint host_hash(gconstpointer a)
{
    return lp_addr_hash(a);
}

static gboolean host_equal(gconstpointer a, gconstpointer b)
{
    return lp_addr_equal(a, b);
}

static void on_signal(int sig)
{
    stop_signal = sig;
}

typedef struct {
    lp_engine            *ctx;
    const ps_live_opts *o;
    pcap_t            *p;
    ps_pcapng         *w;
    FILE              *lines;
    GHashTable        *told;      /* lp_addr -> outcome + 1 last told */
    unsigned           n_ports;   /* option 43 ports in the filter */
    uint32_t           frame;
    double             end;
    bool               failed;
} live;

char *ps_live_default_filter(const uint16_t *ports, unsigned n)
{
    GString *f = g_string_new(DEFAULT_FILTER);
    char *base;
    unsigned i;

    for (i = 0; i < n; i++)
        g_string_append_printf(f, " or tcp port %u", ports[i]);
    base = g_string_free(f, FALSE);
    /* The same behind an 802.1Q tag, for a trunk or mirror port. */
    f = g_string_new(NULL);
    g_string_printf(f, "(%s) or (vlan and (%s))", base, base);
    g_free(base);
    return g_string_free(f, FALSE);
}

static bool set_filter(pcap_t *p, const char *filter)
{
    struct bpf_program prog;
    bool ok;

    if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        fprintf(stderr, "pcap-summarize: capture filter \"%s\": %s\n", filter, pcap_geterr(p));
        return false;
    }
    ok = pcap_setfilter(p, &prog) == 0;
    if (!ok)
        fprintf(stderr, "pcap-summarize: capture filter: %s\n", pcap_geterr(p));
    pcap_freecode(&prog);
    return ok;
}

/* Option 43 named a web service port the filter does not let through yet. */
static void follow_ports(live *l)
{
    const uint16_t *ports;
    unsigned n = lp_site_web_ports(l->ctx->site, &ports);
    char *filter;

    if (l->o->filter != NULL || n == l->n_ports)
        return;
    l->n_ports = n;
    filter = ps_live_default_filter(ports, n);
    set_filter(l->p, filter);
    g_free(filter);
}

static void tell(void *data, const lp_addr *host, const uint8_t *mac, const lp_phone_event *ev)
{
    live *l = data;
    lp_verdict v;
    char ip[LP_ADDR_STR_MAX], mac_s[LP_MAC_STR_MAX], when[16], cause[LP_CAUSE_MAX];
    gpointer told;
    time_t secs = (time_t)ev->ev.t;
    struct tm tm;

    if (host == NULL || ev->relevance != LP_KEEP)
        return; /* DHCP waits for its host; the rest is judged at the end, once the pool's names are known */
    lp_verdict_phone(&ev->ev, 1, ev->ev.t, &v);
    if (lp_outcome_settled(v.outcome) == LP_SETTLED_OPEN)
        return;
    told = g_hash_table_lookup(l->told, host);
    if (told != NULL && GPOINTER_TO_INT(told) == (int)v.outcome + 1)
        return;
    if (told != NULL || g_hash_table_size(l->told) < MAX_HOSTS)
        g_hash_table_insert(l->told, g_memdup2(host, sizeof *host), GINT_TO_POINTER((int)v.outcome + 1));
    localtime_r(&secs, &tm);
    strftime(when, sizeof when, "%H:%M:%S", &tm);
    fprintf(l->lines, "%s  %-17s  %-15s  %s: %s\n", when, mac != NULL ? lp_mac_str(mac, mac_s) : "-",
            lp_addr_str(host, ip), lp_outcome_name(v.outcome),
            lp_verdict_cause(&v, NULL, NULL, cause, sizeof cause));
    fflush(l->lines);
}

static const lp_engine_observer observer = { tell, NULL, NULL };

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
    live *l = (live *)user;
    lp_frame pkt;
    char *error = NULL;

    pkt.where.capture = 0;
    pkt.where.frame = ++l->frame;
    pkt.where.t = (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6;
    pkt.linktype = pcap_datalink(l->p);
    pkt.data = data;
    pkt.caplen = h->caplen;
    if (l->w != NULL && !ps_pcapng_write(l->w, h, data, &error)) {
        fprintf(stderr, "pcap-summarize: %s: %s\n", l->o->write, error);
        g_free(error);
        l->failed = true;
        pcap_breakloop(l->p);
    }
    lp_engine_frame(l->ctx, &pkt);
    if (pkt.where.t > l->end)
        l->end = pkt.where.t;
    follow_ports(l);
    if (l->o->count != 0 && l->frame >= l->o->count)
        pcap_breakloop(l->p);
}

/* pcap_activate's complaint, said so that the engineer knows what to do. */
static void activate_error(pcap_t *p, const char *iface, int rc)
{
    switch (rc) {
    case PCAP_ERROR_NO_SUCH_DEVICE:
        fprintf(stderr, "pcap-summarize: no interface named '%s' (ip link lists them)\n", iface);
        break;
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
        fprintf(stderr, "pcap-summarize: %s: no permission to capture. Run it as root, or let it capture "
                "as any user: setcap cap_net_raw,cap_net_admin+eip \"$(command -v pcap-summarize)\"\n", iface);
        break;
    default:
        fprintf(stderr, "pcap-summarize: %s: %s\n", iface, pcap_geterr(p));
        break;
    }
}

static pcap_t *open_iface(const char *iface)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_create(iface, errbuf);
    int rc;

    if (p == NULL) {
        fprintf(stderr, "pcap-summarize: %s: %s\n", iface, errbuf);
        return NULL;
    }
    pcap_set_snaplen(p, SNAPLEN);
    pcap_set_promisc(p, 1);   /* a mirror port delivers the phone's frames, not ours */
    pcap_set_immediate_mode(p, 1);
    rc = pcap_activate(p);
    if (rc < 0) {
        activate_error(p, iface, rc);
        pcap_close(p);
        return NULL;
    }
    if (rc > 0)
        fprintf(stderr, "pcap-summarize: %s: %s\n", iface, pcap_statustostr(rc));
    if (pcap_setnonblock(p, 1, errbuf) != 0) {
        fprintf(stderr, "pcap-summarize: %s: %s\n", iface, errbuf);
        pcap_close(p);
        return NULL;
    }
    return p;
}

static void catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Wait for packets at most until the next tick or the deadline; false when it is time to stop. */
static bool wait_packets(pcap_t *p, gint64 deadline)
{
    struct pollfd pfd = { pcap_get_selectable_fd(p), POLLIN, 0 };
    int ms = TICK_MS;

    if (deadline != 0) {
        gint64 left = deadline - g_get_monotonic_time();

        if (left <= 0)
            return false;
        if (left / 1000 < ms)
            ms = (int)(left / 1000) + 1;
    }
    if (poll(&pfd, 1, ms) < 0 && errno != EINTR) {
        fprintf(stderr, "pcap-summarize: poll: %s\n", g_strerror(errno));
        return false;
    }
    return stop_signal == 0;
}

bool ps_live_run(lp_engine *ctx, const ps_live_opts *o, FILE *lines, double *end)
{
    live l = { 0 };
    gint64 deadline = o->duration > 0 ? g_get_monotonic_time() + (gint64)(o->duration * G_USEC_PER_SEC) : 0;
    char *filter, *error = NULL;
    int rc = 0;

    if ((l.p = open_iface(o->iface)) == NULL)
        return false;
    filter = o->filter != NULL ? g_strdup(o->filter) : ps_live_default_filter(NULL, 0);
    if (!set_filter(l.p, filter)) {
        g_free(filter);
        pcap_close(l.p);
        return false;
    }
    g_free(filter);
    if (o->write != NULL &&
        (l.w = ps_pcapng_open(o->write, pcap_datalink(l.p), SNAPLEN, o->iface, &error)) == NULL) {
        fprintf(stderr, "pcap-summarize: %s: %s\n", o->write, error);
        g_free(error);
        pcap_close(l.p);
        return false;
    }
    l.ctx = ctx;
    l.o = o;
    l.lines = lines;
    l.told = g_hash_table_new_full(host_hash, host_equal, g_free, NULL);
    lp_engine_set_observer(ctx, &observer, &l);
    catch_signals();
    fprintf(stderr, "pcap-summarize: capturing on %s; Ctrl-C stops and reports\n", o->iface);
    while (!l.failed && wait_packets(l.p, deadline)) {
        rc = pcap_dispatch(l.p, -1, on_packet, (u_char *)&l);
        if (rc == PCAP_ERROR)
            fprintf(stderr, "pcap-summarize: %s: %s\n", o->iface, pcap_geterr(l.p));
        if (rc < 0)
            break; /* an error, or the count reached */
        lp_engine_idle(ctx, (double)g_get_real_time() / G_USEC_PER_SEC);
        if (l.w != NULL)
            ps_pcapng_flush(l.w);
    }
    lp_engine_set_observer(ctx, NULL, NULL);
    fprintf(stderr, "pcap-summarize: capture stopped after %u packets\n", l.frame);
    ps_pcapng_close(l.w);
    pcap_close(l.p);
    g_hash_table_destroy(l.told);
    *end = l.end;
    return rc != PCAP_ERROR && !l.failed;
}
