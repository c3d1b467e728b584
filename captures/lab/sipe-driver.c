/* sipe-driver.c - signs one pidgin-sipe account in, headless, through libpurple
 *
 * A real third-party Lync client for the capture lab: libpurple with
 * prpl-sipe (Debian's pidgin-sipe), the GLib main loop as its event loop, a
 * fresh temporary user directory (no saved prefs, accounts or certificates)
 * and no UI: libpurple's questions are answered automatically.  Its
 * milestones go to stdout, one line each, flushed:
 *
 *   connecting               the account starts signing in
 *   signed on                REGISTER done, libpurple says signed-on
 *   connection error: TEXT   sipe or libpurple gave up (exit 1)
 *   timeout                  not signed on within --timeout (exit 2)
 *   result: signed_on|connection_error|timeout   how it ended, last
 *
 * After "signed on" it stays --stay seconds, signs off (sipe unregisters)
 * and exits 0.  Exit 3: bad usage or setup (message on stderr).
 *
 * Debian 12's sipe needs sipe-xml-shim.so preloaded (see that file).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <purple.h>

#define UI_ID   "lyncprov-lab"
#define PRPL_ID "prpl-sipe"

enum { EXIT_SIGNED_ON = 0, EXIT_CONN_ERROR = 1, EXIT_TIMEOUT = 2, EXIT_SETUP = 3 };

static gchar   *opt_account;
static gchar   *opt_login;
static gchar   *opt_password;
static gchar   *opt_server;
static gchar   *opt_transport      = "tls";
static gchar   *opt_authentication = "tls-dsk";
static gint     opt_timeout        = 60;
static gint     opt_stay           = 5;
static gboolean opt_reject_cert;
static gboolean opt_debug;

static const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &opt_account,
      "SIP URI to sign in (required)", "sip:USER@DOMAIN" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &opt_login,
      "Login for NTLM (default: the account)", "DOMAIN\\USER|USER@DOMAIN" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &opt_password,
      "Password (default: $SIPE_PASSWORD)", "PASSWORD" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &opt_server,
      "SIP server; none: sipe's autodiscovery", "HOST[:PORT]" },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &opt_transport,
      "sipe connection type: tls (default), tcp, auto", "TYPE" },
    { "authentication", 0, 0, G_OPTION_ARG_STRING, &opt_authentication,
      "sipe authentication scheme: tls-dsk (default), ntlm, krb5, auto", "SCHEME" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
      "Give up when not signed on after this long (default 60)", "SECONDS" },
    { "stay", 0, 0, G_OPTION_ARG_INT, &opt_stay,
      "Stay signed on this long before signing off (default 5)", "SECONDS" },
    { "reject-certificate", 0, 0, G_OPTION_ARG_NONE, &opt_reject_cert,
      "Reject a server certificate libpurple cannot verify (default: accept)", NULL },
    { "debug", 0, 0, G_OPTION_ARG_NONE, &opt_debug,
      "libpurple and sipe debug output (with message contents) on stderr", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static GMainLoop     *loop;
static PurpleAccount *account;
static int            exit_code = -1;  /* set once: the first outcome wins */
static guint          timeout_source;

static void milestone(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void milestone(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* ---- libpurple's event loop on GLib (as libpurple's nullclient does) ---- */

#define READ_COND  (G_IO_IN | G_IO_HUP | G_IO_ERR)
#define WRITE_COND (G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL)

typedef struct {
    PurpleInputFunction function;
    gpointer            data;
} io_closure;

static gboolean io_invoke(GIOChannel *source, GIOCondition condition, gpointer data)
{
    io_closure *closure = data;
    PurpleInputCondition cond = 0;

    if (condition & READ_COND)
        cond |= PURPLE_INPUT_READ;
    if (condition & WRITE_COND)
        cond |= PURPLE_INPUT_WRITE;
    closure->function(closure->data, g_io_channel_unix_get_fd(source), cond);
    return TRUE;
}

static guint input_add(gint fd, PurpleInputCondition condition,
                       PurpleInputFunction function, gpointer data)
{
    io_closure *closure = g_new0(io_closure, 1);
    GIOCondition cond = 0;
    GIOChannel *channel;
    guint id;

    closure->function = function;
    closure->data = data;
    if (condition & PURPLE_INPUT_READ)
        cond |= READ_COND;
    if (condition & PURPLE_INPUT_WRITE)
        cond |= WRITE_COND;
    channel = g_io_channel_unix_new(fd);
    id = g_io_add_watch_full(channel, G_PRIORITY_DEFAULT, cond, io_invoke, closure, g_free);
    g_io_channel_unref(channel);
    return id;
}

static PurpleEventLoopUiOps eventloop_ops = {
    .timeout_add         = g_timeout_add,
    .timeout_remove      = g_source_remove,
    .input_add           = input_add,
    .input_remove        = g_source_remove,
    .timeout_add_seconds = g_timeout_add_seconds,
};

/* ---- answers to libpurple's questions ---- */

/* The question a sign-in meets is the certificate one: the x509
 * "tls_cached" verifier asks (Accept / Reject / View Certificate) when it
 * cannot verify the server's chain, e.g. the lab CA is not trusted.  The
 * answer is given from an idle callback, not from inside request_action:
 * libpurple records the request only after request_action returns, and the
 * answer may end the connection and with it the request. */
typedef struct {
    guint                 source;
    PurpleRequestActionCb cb;
    void                 *user_data;
    int                   index;
} answer;

static gboolean give_answer(gpointer data)
{
    answer *a = data;
    PurpleRequestActionCb cb = a->cb;
    void *user_data = a->user_data;
    int index = a->index;

    a->source = 0;
    purple_request_close(PURPLE_REQUEST_ACTION, a);  /* frees a, as a UI's dialog closes */
    if (cb)
        cb(user_data, index);
    return G_SOURCE_REMOVE;
}

static void *request_action(const char *title, const char *primary,
                            const char *secondary, int default_action,
                            PurpleAccount *acct, const char *who,
                            PurpleConversation *conv, void *user_data,
                            size_t action_count, va_list actions)
{
    /* No setlocale(): libpurple's labels stay untranslated. */
    const char *wanted = opt_reject_cert ? "Reject" : "Accept";
    answer *a = g_new0(answer, 1);
    const char *chosen = NULL;
    gchar *why = g_strdup(secondary ? secondary : "");

    (void)acct, (void)who, (void)conv;
    a->user_data = user_data;
    for (size_t i = 0; i < action_count; i++) {
        const char *label = va_arg(actions, const char *);
        GCallback cb = va_arg(actions, GCallback);

        /* The wanted button, else the request's default one. */
        if (g_strcmp0(label, wanted) == 0 || (!chosen && (int)i == default_action)) {
            chosen = label;
            a->cb = (PurpleRequestActionCb)cb;
            a->index = (int)i;
        }
    }
    g_strdelimit(why, "\n", ' ');
    fprintf(stderr, "sipe-driver: request \"%s\": %s %s -> %s\n", title ? title : "",
            primary ? primary : "", why, chosen ? chosen : "(no answer)");
    g_free(why);
    a->source = g_idle_add(give_answer, a);
    return a;  /* never NULL: closing a request looks its handle up */
}

static void close_request(PurpleRequestType type, void *ui_handle)
{
    answer *a = ui_handle;

    (void)type;  /* only action requests are answered */
    if (a->source)
        g_source_remove(a->source);
    g_free(a);
}

static PurpleRequestUiOps request_ops = {
    .request_action = request_action,
    .close_request  = close_request,
};

/* libpurple's error boxes (e.g. a certificate it rejects by itself). */
static void *notify_message(PurpleNotifyMsgType type, const char *title,
                            const char *primary, const char *secondary)
{
    (void)type;
    fprintf(stderr, "sipe-driver: notice \"%s\": %s %s\n", title ? title : "",
            primary ? primary : "", secondary ? secondary : "");
    return NULL;  /* nothing stays open */
}

static PurpleNotifyUiOps notify_ops = {
    .notify_message = notify_message,
};

/* ---- sign-in and sign-off ---- */

static gboolean quit_loop(gpointer data)
{
    (void)data;
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

/* Out of any libpurple or sipe call stack: sign off, let sipe's own idle
 * clean-ups run, then leave the loop. */
static gboolean sign_off(gpointer data)
{
    (void)data;
    if (!purple_account_is_disconnected(account))
        purple_account_disconnect(account);
    g_idle_add_full(G_PRIORITY_LOW, quit_loop, NULL, NULL);
    return G_SOURCE_REMOVE;
}

/* The last line, as the lab checks it ("result: signed_on"). */
static const char *result_name(int code)
{
    return code == EXIT_SIGNED_ON ? "signed_on" : code == EXIT_CONN_ERROR ? "connection_error" : "timeout";
}

static void finish(int code)
{
    if (exit_code >= 0)
        return;
    exit_code = code;
    milestone("result: %s", result_name(code));
    if (timeout_source) {
        g_source_remove(timeout_source);
        timeout_source = 0;
    }
    g_idle_add(sign_off, NULL);
}

static gboolean timed_out(gpointer data)
{
    (void)data;
    timeout_source = 0;
    if (exit_code < 0)
        milestone("timeout");
    finish(EXIT_TIMEOUT);
    return G_SOURCE_REMOVE;
}

static gboolean stayed(gpointer data)
{
    (void)data;
    finish(EXIT_SIGNED_ON);
    return G_SOURCE_REMOVE;
}

static void signing_on(PurpleConnection *gc, gpointer data)
{
    (void)gc, (void)data;
    milestone("connecting");
}

static void signed_on(PurpleConnection *gc, gpointer data)
{
    (void)gc, (void)data;
    if (exit_code >= 0)
        return;
    milestone("signed on");
    if (timeout_source) {
        g_source_remove(timeout_source);
        timeout_source = 0;
    }
    g_timeout_add_seconds((guint)opt_stay, stayed, NULL);
}

static void connection_error(PurpleConnection *gc, PurpleConnectionError err,
                             const gchar *desc, gpointer data)
{
    (void)gc, (void)data;
    if (exit_code >= 0)
        return;
    milestone("connection error: %s", desc && *desc ? desc : "(no reason given)");
    if (opt_debug)
        fprintf(stderr, "sipe-driver: PurpleConnectionError %d\n", (int)err);
    finish(EXIT_CONN_ERROR);
}

static void print_to_stderr(const gchar *text)
{
    fputs(text, stderr);  /* libpurple's debug output uses g_print */
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    if (remove(path) != 0)
        fprintf(stderr, "sipe-driver: cannot remove %s\n", path);
    return 0;
}

static int usage_error(GOptionContext *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static int usage_error(GOptionContext *ctx, const char *fmt, ...)
{
    va_list ap;

    fputs("sipe-driver: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'sipe-driver --help'.\n", stderr);
    g_option_context_free(ctx);
    return EXIT_SETUP;
}

static gboolean one_of(const char *value, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (strcmp(value, *allowed) == 0)
            return TRUE;
    return FALSE;
}

int main(int argc, char **argv)
{
    /* The values of sipe 1.25's account options "transport" and
     * "authentication" (purple-plugin-common.c, sipe_purple_account_options). */
    static const char *const transports[] = { "auto", "tls", "tcp", NULL };
    static const char *const schemes[]    = { "auto", "ntlm", "krb5", "tls-dsk", NULL };
    GOptionContext *ctx;
    GError *error = NULL;
    const char *signin;
    gchar *username, *user_dir;
    PurpleStatusType *available;
    static int handle;  /* our signal handle */

    ctx = g_option_context_new("- sign one pidgin-sipe account in, headless");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        int rc = usage_error(ctx, "%s", error->message);

        g_error_free(error);
        return rc;
    }
    if (argc > 1)
        return usage_error(ctx, "unexpected argument '%s'", argv[1]);
    if (!opt_account)
        return usage_error(ctx, "--account is required");
    /* sipe wants USER@DOMAIN: it adds "sip:" itself. */
    signin = g_ascii_strncasecmp(opt_account, "sip:", 4) == 0 ? opt_account + 4 : opt_account;
    if (!strchr(signin, '@') || signin[0] == '@' || g_str_has_suffix(signin, "@") ||
        strchr(signin, ','))
        return usage_error(ctx, "--account '%s' is not sip:USER@DOMAIN", opt_account);
    if (!opt_password)
        opt_password = g_strdup(g_getenv("SIPE_PASSWORD"));
    if (!opt_password || !*opt_password)
        return usage_error(ctx, "--password (or SIPE_PASSWORD) is required");
    if (!one_of(opt_transport, transports))
        return usage_error(ctx, "--transport '%s': use tls, tcp or auto", opt_transport);
    if (!one_of(opt_authentication, schemes))
        return usage_error(ctx, "--authentication '%s': use tls-dsk, ntlm, krb5 or auto",
                           opt_authentication);
    if (opt_timeout <= 0 || opt_stay < 0)
        return usage_error(ctx, "--timeout must be > 0 and --stay >= 0");
    g_option_context_free(ctx);

    /* As Pidgin does: a server that closes first is a connection error,
     * not a SIGPIPE (plain TCP writes with write()). */
    signal(SIGPIPE, SIG_IGN);

    user_dir = g_dir_make_tmp("lyncprov-sipe-XXXXXX", &error);
    if (!user_dir) {
        fprintf(stderr, "sipe-driver: no temporary directory: %s\n", error->message);
        g_error_free(error);
        return EXIT_SETUP;
    }
    purple_util_set_user_dir(user_dir);

    if (opt_debug) {
        g_set_print_handler(print_to_stderr);
        purple_debug_set_enabled(TRUE);
        /* sipe logs SIP and HTTP message contents only when "unsafe". */
        purple_debug_set_unsafe(TRUE);
    }
    purple_eventloop_set_ui_ops(&eventloop_ops);
    purple_request_set_ui_ops(&request_ops);
    purple_notify_set_ui_ops(&notify_ops);
    loop = g_main_loop_new(NULL, FALSE);

    if (!purple_core_init(UI_ID)) {
        fprintf(stderr, "sipe-driver: libpurple did not initialize\n");
        exit_code = EXIT_SETUP;
        goto out;
    }
    /* sipe adds groups and buddies; a buddy list must exist (never saved). */
    purple_set_blist(purple_blist_new());
    if (!purple_find_prpl(PRPL_ID)) {
        fprintf(stderr, "sipe-driver: libpurple found no %s plugin (apt-get install pidgin-sipe)\n",
                PRPL_ID);
        for (GList *p = purple_plugins_get_search_paths(); p; p = p->next)
            fprintf(stderr, "sipe-driver:   searched %s\n", (const char *)p->data);
        exit_code = EXIT_SETUP;
        goto quit;
    }

    /* sipe's user name: "USER@DOMAIN" or "USER@DOMAIN,LOGIN". */
    username = opt_login && *opt_login ? g_strdup_printf("%s,%s", signin, opt_login)
                                       : g_strdup(signin);
    account = purple_account_new(username, PRPL_ID);
    g_free(username);
    purple_account_set_password(account, opt_password);
    purple_account_set_remember_password(account, FALSE);
    purple_account_set_string(account, "server", opt_server ? opt_server : "");
    purple_account_set_string(account, "transport", opt_transport);
    purple_account_set_string(account, "authentication", opt_authentication);
    /* No calendar publishing: else sipe starts Exchange autodiscovery
     * a minute after sign-in (sipe-cal.c). */
    purple_account_set_bool(account, "dont-publish", TRUE);
    purple_accounts_add(account);

    purple_signal_connect(purple_connections_get_handle(), "signing-on", &handle,
                          PURPLE_CALLBACK(signing_on), NULL);
    purple_signal_connect(purple_connections_get_handle(), "signed-on", &handle,
                          PURPLE_CALLBACK(signed_on), NULL);
    purple_signal_connect(purple_connections_get_handle(), "connection-error", &handle,
                          PURPLE_CALLBACK(connection_error), NULL);

    /* Signed in as "available"; enabling an account that is online connects it. */
    available = purple_account_get_status_type_with_primitive(account, PURPLE_STATUS_AVAILABLE);
    if (available)
        purple_account_set_status(account, purple_status_type_get_id(available), TRUE, NULL);
    timeout_source = g_timeout_add_seconds((guint)opt_timeout, timed_out, NULL);
    purple_account_set_enabled(account, UI_ID, TRUE);
    if (purple_account_is_disconnected(account) && exit_code < 0) {
        fprintf(stderr, "sipe-driver: libpurple did not start signing in\n");
        finish(EXIT_SETUP);
    }

    g_main_loop_run(loop);
    purple_signals_disconnect_by_handle(&handle);

quit:
    purple_core_quit();
out:
    g_main_loop_unref(loop);
    nftw(user_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    g_free(user_dir);
    g_free(opt_password);
    return exit_code;
}
