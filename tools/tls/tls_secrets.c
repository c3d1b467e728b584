/* tls_secrets.c - NSS key log lines ("LABEL <client random> <secret>", hex)
 * into a table by client random
 *
 * Both the file given with --keylog and the text of pcapng decryption
 * secrets blocks come here. The text is read in place and each secret is
 * wiped when the table is freed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_secrets.h"

#include <string.h>

#include <glib.h>

#include "lp_wipe.h"

/* Resumable sessions kept for the RSA key: a bound, as for every table. */
#define SESSIONS_MAX 4096

struct ps_tls_secrets {
    GHashTable *by_random;   /* ps_tls_secret (key: its random) */
    GHashTable *by_session;  /* session id (GBytes) -> master secret */
};

static guint random_hash(gconstpointer k)
{
    guint h;

    memcpy(&h, k, sizeof h); /* a client random is random */
    return h;
}

static gboolean random_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, LP_TLS_RANDOM_LEN) == 0;
}

static void free_secret(gpointer p)
{
    lp_wipe(p, sizeof(ps_tls_secret));
    g_free(p);
}

static void free_master(gpointer p)
{
    lp_wipe(p, PS_TLS_SECRET_MAX);
    g_free(p);
}

ps_tls_secrets *ps_tls_secrets_new(void)
{
    ps_tls_secrets *s = g_new0(ps_tls_secrets, 1);

    s->by_random = g_hash_table_new_full(random_hash, random_equal, NULL, free_secret);
    s->by_session = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, free_master);
    return s;
}

void ps_tls_secrets_free(ps_tls_secrets *s)
{
    if (s == NULL)
        return;
    g_hash_table_destroy(s->by_random);
    g_hash_table_destroy(s->by_session);
    g_free(s);
}

/* n bytes from 2n hex digits; false on anything else. */
static bool unhex(const char *p, size_t len, uint8_t *out, size_t n)
{
    size_t i;

    if (len != 2 * n)
        return false;
    for (i = 0; i < n; i++) {
        int hi = g_ascii_xdigit_value(p[2 * i]), lo = g_ascii_xdigit_value(p[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static const struct {
    const char *label;
    int         which;  /* a ps_tls13_secret, or -1 for the TLS 1.2 master secret */
} labels[] = {
    { "CLIENT_RANDOM", -1 },
    { "CLIENT_HANDSHAKE_TRAFFIC_SECRET", PS_TLS13_CLIENT_HS },
    { "SERVER_HANDSHAKE_TRAFFIC_SECRET", PS_TLS13_SERVER_HS },
    { "CLIENT_TRAFFIC_SECRET_0", PS_TLS13_CLIENT_AP },
    { "SERVER_TRAFFIC_SECRET_0", PS_TLS13_SERVER_AP },
};

/* One line, without its end of line: three fields separated by single spaces. */
static bool add_line(ps_tls_secrets *s, const char *line, size_t len)
{
    const char *sp1 = memchr(line, ' ', len), *sp2, *secret;
    uint8_t random[LP_TLS_RANDOM_LEN], value[PS_TLS_SECRET_MAX + 1];
    size_t label_len, secret_len, value_len, i;
    ps_tls_secret *e;
    bool ok = false;

    if (sp1 == NULL)
        return false;
    label_len = (size_t)(sp1 - line);
    sp2 = memchr(sp1 + 1, ' ', len - label_len - 1);
    if (sp2 == NULL || !unhex(sp1 + 1, (size_t)(sp2 - sp1 - 1), random, sizeof random))
        return false;
    secret = sp2 + 1;
    secret_len = len - (size_t)(secret - line);
    while (secret_len > 0 && (secret[secret_len - 1] == '\r' || secret[secret_len - 1] == ' '))
        secret_len--;
    value_len = secret_len / 2;
    for (i = 0; i < G_N_ELEMENTS(labels); i++) {
        if (strlen(labels[i].label) != label_len || memcmp(line, labels[i].label, label_len) != 0)
            continue;
        /* A master secret is 48 bytes; a TLS 1.3 secret is a SHA-256 or SHA-384 digest. */
        if ((labels[i].which < 0 ? value_len != PS_TLS_SECRET_MAX : value_len != 32 && value_len != 48) ||
            !unhex(secret, secret_len, value, value_len))
            break;
        if ((e = g_hash_table_lookup(s->by_random, random)) == NULL) {
            e = g_new0(ps_tls_secret, 1);
            memcpy(e->random, random, sizeof random);
            g_hash_table_insert(s->by_random, e->random, e);
        }
        if (labels[i].which < 0) {
            memcpy(e->master, value, value_len);
            e->has_master = true;
        } else {
            memcpy(e->tls13[labels[i].which], value, value_len);
            e->tls13_len[labels[i].which] = (uint8_t)value_len;
        }
        ok = true;
        break;
    }
    lp_wipe(value, sizeof value);
    return ok;
}

unsigned ps_tls_secrets_add_keylog(ps_tls_secrets *s, const char *text, size_t len)
{
    unsigned taken = 0;

    while (len > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t n = nl != NULL ? (size_t)(nl - text) : len;

        if (n > 0 && text[0] != '#' && add_line(s, text, n))
            taken++;
        n = nl != NULL ? n + 1 : n;
        text += n;
        len -= n;
    }
    return taken;
}

bool ps_tls_secrets_load_keylog(ps_tls_secrets *s, const char *path, char **error)
{
    GError *err = NULL;
    gchar *text;
    gsize len;
    unsigned taken;

    if (!g_file_get_contents(path, &text, &len, &err)) {
        *error = g_strdup(err->message);
        g_error_free(err);
        return false;
    }
    taken = ps_tls_secrets_add_keylog(s, text, len);
    lp_wipe(text, len);
    g_free(text);
    if (taken == 0) {
        *error = g_strdup_printf("%s: no CLIENT_RANDOM or *_TRAFFIC_SECRET line (not an NSS key log?)", path);
        return false;
    }
    return true;
}

const ps_tls_secret *ps_tls_secrets_find(const ps_tls_secrets *s, const uint8_t random[LP_TLS_RANDOM_LEN])
{
    return g_hash_table_lookup(s->by_random, random);
}

void ps_tls_secrets_keep_session(ps_tls_secrets *s, const uint8_t *sid, size_t sid_len,
                                 const uint8_t master[PS_TLS_SECRET_MAX])
{
    if (sid_len == 0 || g_hash_table_size(s->by_session) >= SESSIONS_MAX)
        return;
    g_hash_table_replace(s->by_session, g_bytes_new(sid, sid_len), g_memdup2(master, PS_TLS_SECRET_MAX));
}

const uint8_t *ps_tls_secrets_session(const ps_tls_secrets *s, const uint8_t *sid, size_t sid_len)
{
    GBytes *key;
    const uint8_t *m;

    if (sid_len == 0)
        return NULL;
    key = g_bytes_new_static(sid, sid_len);
    m = g_hash_table_lookup(s->by_session, key);
    g_bytes_unref(key);
    return m;
}

bool ps_tls_secrets_any(const ps_tls_secrets *s)
{
    return g_hash_table_size(s->by_random) > 0;
}
