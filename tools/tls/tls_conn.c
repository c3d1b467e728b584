/* tls_conn.c - one connection's decryption, from its clear handshake to
 * its application data
 *
 * TLS 1.0 to 1.2: the master secret comes from the key log (by client
 * random), else from the RSA key and the ClientKeyExchange (RFC 5246
 * 8.1, with RFC 7627's session hash when the server agreed to it), else
 * from an earlier full handshake the server resumes by session id. The key
 * block is cut into keys at the first ChangeCipherSpec; each side's
 * records are encrypted after its own.
 * TLS 1.3: the traffic secrets come from the key log. Without the
 * handshake secrets, the handshake records are told from the application
 * data by trying the application keys (an AEAD tag does not lie).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tls_conn.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gcrypt.h>
#include <glib.h>

#include "tls_decrypt.h"
#include "tls_keys.h"
#include "lp_wipe.h"

#define HS_CLIENT_KEY_EXCHANGE 16
#define HS_HEADER              4
#define PREMASTER_LEN          48
#define ENC_PREMASTER_MAX      1024   /* an RSA-8192 block */
#define SESSION_HASH_MAX       48     /* SHA-384; MD5 + SHA-1 is 36 */
/* TLS 1.3 without handshake secrets: records that may be handshake before giving up. */
#define TLS13_TRIALS_MAX       16
#define NOTE_MAX               96

typedef enum {
    ST_HELLO = 0,   /* waiting for the hellos */
    ST_KEYS,        /* keys derived (TLS 1.2: waiting for each side's ChangeCipherSpec) */
    ST_FAILED       /* no decryption; note says why */
} state;

typedef struct {
    ps_tls_protection *p;       /* TLS 1.2: the side's keys; TLS 1.3: application keys */
    ps_tls_protection *hs;      /* TLS 1.3: handshake keys, when the key log has them */
    bool               on;      /* TLS 1.2: after the side's ChangeCipherSpec; TLS 1.3: application phase */
    unsigned           trials;
    uint8_t           *scratch; /* TLS 1.3 handshake phase: a record kept to try it twice */
} side;

struct ps_tls_conn {
    const ps_tls_keyring *ring;
    state                 st;
    bool                  have_ch, have_sh, decrypted, by_rsa;
    bool                  handshake_only; /* TLS 1.3: the key log has its handshake secrets alone */
    lp_tls_client_hello   ch;
    lp_tls_server_hello   sh;
    const ps_tls_suite   *suite;
    gcry_md_hd_t          transcript;   /* RSA key only: handshake messages for the session hash */
    bool                  have_session_hash;
    uint8_t               session_hash[SESSION_HASH_MAX];
    size_t                session_hash_len;
    uint8_t              *enc_premaster;
    size_t                enc_premaster_len;
    side                  s[2];
    char                  note[NOTE_MAX];
};

ps_tls_conn *ps_tls_conn_new(const ps_tls_keyring *ring)
{
    ps_tls_conn *c = g_new0(ps_tls_conn, 1);

    c->ring = ring;
    /* Every hash the session hash may need: the version is known only from the ServerHello. */
    if (ring->rsa != NULL && gcry_md_open(&c->transcript, GCRY_MD_MD5, 0) == 0) {
        gcry_md_enable(c->transcript, GCRY_MD_SHA1);
        gcry_md_enable(c->transcript, GCRY_MD_SHA256);
        gcry_md_enable(c->transcript, GCRY_MD_SHA384);
    }
    return c;
}

static void drop_keys(ps_tls_conn *c)
{
    for (int d = 0; d < 2; d++) {
        ps_tls_protection_free(c->s[d].p);
        ps_tls_protection_free(c->s[d].hs);
        g_free(c->s[d].scratch);
        memset(&c->s[d], 0, sizeof c->s[d]);
    }
    gcry_md_close(c->transcript);
    c->transcript = NULL;
    if (c->enc_premaster != NULL)
        g_free(c->enc_premaster);
    c->enc_premaster = NULL;
    lp_wipe(c->session_hash, sizeof c->session_hash);
}

void ps_tls_conn_free(ps_tls_conn *c)
{
    if (c == NULL)
        return;
    drop_keys(c);
    lp_wipe(c, sizeof *c);
    g_free(c);
}

bool ps_tls_conn_wants_records(const ps_tls_conn *c)
{
    return c->st != ST_FAILED;
}

bool ps_tls_conn_decrypted(const ps_tls_conn *c)
{
    return c->decrypted;
}

const char *ps_tls_conn_note(const ps_tls_conn *c)
{
    if (c->decrypted)
        return c->by_rsa ? "decrypted with the RSA key" : "decrypted with the key log";
    return c->note[0] != '\0' ? c->note : NULL;
}

static void fail(ps_tls_conn *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void fail(ps_tls_conn *c, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (c->st == ST_FAILED)
        return;
    n = snprintf(c->note, sizeof c->note, "not decrypted: ");
    va_start(ap, fmt);
    vsnprintf(c->note + n, sizeof c->note - (size_t)n, fmt, ap);
    va_end(ap);
    c->st = ST_FAILED;
    drop_keys(c);
}

/* The ClientKeyExchange's encrypted premaster (TLS 1.0+: a 2-byte length first). */
static void key_exchange(ps_tls_conn *c, const uint8_t *m, size_t len)
{
    size_t n;

    if (c->ring->rsa == NULL || c->enc_premaster != NULL || len < 2)
        return;
    n = (size_t)m[0] << 8 | m[1];
    if (n == 0 || n > len - 2 || n > ENC_PREMASTER_MAX)
        return;
    c->enc_premaster = g_memdup2(m + 2, n);
    c->enc_premaster_len = n;
}

/* The session hash of RFC 7627: the handshake up to the ClientKeyExchange. */
static void take_session_hash(ps_tls_conn *c)
{
    if (c->transcript == NULL || !c->have_sh)
        return;
    if (c->sh.version >= 0x0303) {
        int md = c->suite != NULL ? c->suite->prf : GCRY_MD_SHA256;

        c->session_hash_len = gcry_md_get_algo_dlen(md);
        memcpy(c->session_hash, gcry_md_read(c->transcript, md), c->session_hash_len);
    } else {
        memcpy(c->session_hash, gcry_md_read(c->transcript, GCRY_MD_MD5), 16);
        memcpy(c->session_hash + 16, gcry_md_read(c->transcript, GCRY_MD_SHA1), 20);
        c->session_hash_len = 36;
    }
    c->have_session_hash = true;
    gcry_md_close(c->transcript);
    c->transcript = NULL;
}

/* The messages of a clear handshake record: hellos, key exchange, and the transcript. */
static void handshake(ps_tls_conn *c, int dir, const uint8_t *p, size_t len)
{
    size_t off = 0;

    if (dir == 0 && !c->have_ch && lp_tls_client_hello_parse(p, len, &c->ch))
        c->have_ch = true;
    if (dir == 1 && !c->have_sh && lp_tls_server_hello_parse(p, len, &c->sh))
        c->have_sh = true;
    while (off + HS_HEADER <= len) {
        size_t mlen = (size_t)p[off + 1] << 16 | (size_t)p[off + 2] << 8 | p[off + 3];
        uint8_t type = p[off];

        if (mlen > len - off - HS_HEADER)
            mlen = len - off - HS_HEADER; /* continued in the next record: hashed as it comes */
        if (c->transcript != NULL)
            gcry_md_write(c->transcript, p + off, HS_HEADER + mlen);
        if (dir == 0 && type == HS_CLIENT_KEY_EXCHANGE) {
            key_exchange(c, p + off + HS_HEADER, mlen);
            take_session_hash(c);
        }
        off += HS_HEADER + mlen;
    }
}

static bool resumed(const ps_tls_conn *c)
{
    return c->sh.session_id_len > 0 && c->sh.session_id_len == c->ch.session_id_len &&
           memcmp(c->sh.session_id, c->ch.session_id, c->sh.session_id_len) == 0;
}

/* TLS 1.0-1.2: the master secret, from wherever it can come. */
static bool master_secret(ps_tls_conn *c, uint8_t master[PS_TLS_MASTER_LEN])
{
    const ps_tls_secret *e = c->ring->secrets ? ps_tls_secrets_find(c->ring->secrets, c->ch.random) : NULL;
    const uint8_t *kept;
    uint8_t pms[PREMASTER_LEN];
    bool ok;

    if (e != NULL && e->has_master) {
        memcpy(master, e->master, PS_TLS_MASTER_LEN);
        return true;
    }
    if (resumed(c) && c->ring->secrets != NULL &&
        (kept = ps_tls_secrets_session(c->ring->secrets, c->sh.session_id, c->sh.session_id_len)) != NULL) {
        memcpy(master, kept, PS_TLS_MASTER_LEN);
        c->by_rsa = true;
        return true;
    }
    if (c->ring->rsa == NULL || c->suite->kx != PS_KX_RSA || resumed(c)) {
        if (c->suite->kx == PS_KX_DH && c->ring->rsa != NULL)
            fail(c, "%s key exchange, and only an RSA key (a key log is needed)",
                 strstr(c->suite->name, "ECDHE") ? "ECDHE" : "DHE");
        else
            fail(c, "no secret for this session");
        return false;
    }
    if (c->enc_premaster == NULL || (c->sh.extended_master_secret && !c->have_session_hash)) {
        fail(c, "the key exchange was not captured");
        return false;
    }
    if (!ps_rsa_key_premaster(c->ring->rsa, c->enc_premaster, c->enc_premaster_len, pms)) {
        fail(c, "the RSA key does not decrypt this session's premaster (another server's key?)");
        return false;
    }
    if (c->sh.extended_master_secret)
        ok = ps_tls_prf(c->sh.version, c->suite->prf, pms, sizeof pms, "extended master secret",
                        c->session_hash, c->session_hash_len, NULL, 0, master, PS_TLS_MASTER_LEN);
    else
        ok = ps_tls_prf(c->sh.version, c->suite->prf, pms, sizeof pms, "master secret", c->ch.random,
                        LP_TLS_RANDOM_LEN, c->sh.random, LP_TLS_RANDOM_LEN, master, PS_TLS_MASTER_LEN);
    lp_wipe(pms, sizeof pms);
    if (ok) {
        c->by_rsa = true;
        ps_tls_secrets_keep_session(c->ring->secrets, c->sh.session_id, c->sh.session_id_len, master);
    }
    return ok;
}

/* TLS 1.0-1.2: the key block cut into each side's keys (RFC 5246 6.3). */
static void derive_tls12(ps_tls_conn *c)
{
    const ps_tls_suite *su = c->suite;
    size_t mac_len = su->mac != 0 ? gcry_md_get_algo_dlen(su->mac) : 0;
    uint8_t master[PS_TLS_MASTER_LEN], block[2 * (PS_TLS_MAC_MAX + PS_TLS_KEY_MAX + PS_TLS_IV_MAX)];
    size_t need = 2 * (mac_len + su->key_len + su->iv_len);
    ps_tls_key_material km[2];

    if (!master_secret(c, master))
        return;
    if (!ps_tls_prf(c->sh.version, su->prf, master, sizeof master, "key expansion", c->sh.random,
                    LP_TLS_RANDOM_LEN, c->ch.random, LP_TLS_RANDOM_LEN, block, need)) {
        lp_wipe(master, sizeof master);
        fail(c, "key derivation failed");
        return;
    }
    memset(km, 0, sizeof km);
    for (int d = 0; d < 2; d++) {
        memcpy(km[d].mac_key, block + d * mac_len, mac_len);
        memcpy(km[d].key, block + 2 * mac_len + d * su->key_len, su->key_len);
        memcpy(km[d].iv, block + 2 * (mac_len + su->key_len) + d * su->iv_len, su->iv_len);
        c->s[d].p = ps_tls_protection_new(su, c->sh.version, c->sh.encrypt_then_mac, &km[d]);
    }
    lp_wipe(master, sizeof master);
    lp_wipe(block, sizeof block);
    lp_wipe(km, sizeof km);
    if (c->s[0].p == NULL || c->s[1].p == NULL)
        fail(c, "libgcrypt refused the cipher of %s", su->name);
    else
        c->st = ST_KEYS;
}

/* TLS 1.3: keys from a traffic secret (RFC 8446 7.3). */
static ps_tls_protection *tls13_protection(const ps_tls_conn *c, const uint8_t *secret, size_t len)
{
    ps_tls_key_material km;
    ps_tls_protection *p = NULL;

    memset(&km, 0, sizeof km);
    if (len == gcry_md_get_algo_dlen(c->suite->prf) &&
        ps_tls13_expand_label(c->suite->prf, secret, len, "key", NULL, 0, km.key, c->suite->key_len) &&
        ps_tls13_expand_label(c->suite->prf, secret, len, "iv", NULL, 0, km.iv, c->suite->iv_len))
        p = ps_tls_protection_new(c->suite, LP_TLS_VERSION_1_3, false, &km);
    lp_wipe(&km, sizeof km);
    return p;
}

static void derive_tls13(ps_tls_conn *c)
{
    const ps_tls_secret *e = c->ring->secrets ? ps_tls_secrets_find(c->ring->secrets, c->ch.random) : NULL;
    /* A handshake that failed has its handshake secrets only: its certificate and alerts still read. */
    bool ap = e != NULL && e->tls13_len[PS_TLS13_CLIENT_AP] != 0 && e->tls13_len[PS_TLS13_SERVER_AP] != 0;

    if (e == NULL || (!ap && e->tls13_len[PS_TLS13_SERVER_HS] == 0)) {
        fail(c, c->ring->rsa != NULL && (e == NULL || !e->has_master)
                    ? "TLS 1.3 (ECDHE) key exchange, and only an RSA key (a key log is needed)"
                    : "no secret for this session");
        return;
    }
    for (int d = 0; d < 2; d++) {
        ps_tls13_secret side_ap = d == 0 ? PS_TLS13_CLIENT_AP : PS_TLS13_SERVER_AP;
        ps_tls13_secret hs = d == 0 ? PS_TLS13_CLIENT_HS : PS_TLS13_SERVER_HS;

        if (e->tls13_len[side_ap] != 0)
            c->s[d].p = tls13_protection(c, e->tls13[side_ap], e->tls13_len[side_ap]);
        if (e->tls13_len[hs] != 0)
            c->s[d].hs = tls13_protection(c, e->tls13[hs], e->tls13_len[hs]);
        c->s[d].scratch = g_malloc(LP_TLS_RECORD_MAX);
    }
    c->handshake_only = !ap;
    if (ap && (c->s[0].p == NULL || c->s[1].p == NULL))
        fail(c, "the key log's TLS 1.3 secrets do not fit %s", c->suite->name);
    else
        c->st = ST_KEYS;
}

/* After the ServerHello: is this a session that can be decrypted at all? */
static void server_hello_read(ps_tls_conn *c)
{
    if (!c->have_ch) {
        fail(c, "the ClientHello was not captured");
        return;
    }
    c->suite = ps_tls_suite_find(c->sh.cipher_suite);
    if (c->suite == NULL || (c->sh.version == LP_TLS_VERSION_1_3) != (c->suite->kx == PS_KX_TLS13) ||
        c->sh.version < 0x0301) {
        fail(c, "unsupported cipher suite 0x%04x", c->sh.cipher_suite);
        return;
    }
    if (c->sh.version == LP_TLS_VERSION_1_3)
        derive_tls13(c);
}

/* TLS 1.3 records before the application keys took over: handshake messages and alerts, or the first data. */
static bool open_tls13_handshake(ps_tls_conn *c, side *s, uint8_t *type, uint16_t version, uint8_t *body,
                                 size_t len, uint8_t **plain, size_t *plain_len)
{
    uint8_t t = *type;

    if (len > LP_TLS_RECORD_MAX)
        return false;
    memcpy(s->scratch, body, len);
    if (s->hs != NULL && ps_tls_protection_open(s->hs, &t, version, body, len, plain, plain_len)) {
        *type = t;
        return t != LP_TLS_CT_APPLICATION_DATA; /* data under the handshake keys is no record of the reader's */
    }
    memcpy(body, s->scratch, len);
    if (s->p != NULL && ps_tls_protection_open(s->p, type, version, body, len, plain, plain_len)) {
        s->on = true;
        g_free(s->scratch);
        s->scratch = NULL;
        return true;
    }
    memcpy(body, s->scratch, len);
    if (++s->trials > TLS13_TRIALS_MAX)
        fail(c, c->handshake_only ? "the key log has this session's handshake secrets, not its traffic secrets"
                                  : "the records do not decrypt with the key log's secrets");
    return false;
}

static void encrypted(ps_tls_conn *c, int dir, const lp_tls_record *rec, uint8_t *body, size_t len,
                      lp_tls_plain_sink sink, void *data)
{
    side *s = &c->s[dir];
    uint8_t type = rec->type, *plain;
    size_t plain_len;

    if (c->sh.version == LP_TLS_VERSION_1_3 && !s->on) {
        if (!open_tls13_handshake(c, s, &type, rec->version, body, len, &plain, &plain_len))
            return;
    } else if (!ps_tls_protection_open(s->p, &type, rec->version, body, len, &plain, &plain_len)) {
        ps_tls_protection_skip(s->p);
        /* The first record is the Finished (or, in 1.3, the first that decrypted): a wrong secret shows here. */
        if (!c->decrypted)
            fail(c, "the records do not decrypt (a wrong secret or key)");
        return;
    }
    if (plain_len == 0)
        return;
    if (type == LP_TLS_CT_APPLICATION_DATA)
        c->decrypted = true;
    /* TLS 1.3's encrypted handshake (the certificate) and alerts go to the engine too. */
    if (type == LP_TLS_CT_APPLICATION_DATA || type == LP_TLS_CT_HANDSHAKE || type == LP_TLS_CT_ALERT)
        sink(data, dir, type, plain, plain_len);
}

void ps_tls_conn_record(ps_tls_conn *c, int dir, const lp_tls_record *rec, uint8_t *body, size_t len,
                        lp_tls_plain_sink sink, void *data)
{
    if (c->st == ST_FAILED)
        return;
    if (c->st == ST_KEYS && (c->sh.version == LP_TLS_VERSION_1_3 ? rec->type == LP_TLS_CT_APPLICATION_DATA
                                                                  : c->s[dir].on)) {
        encrypted(c, dir, rec, body, len, sink, data);
        return;
    }
    switch (rec->type) {
    case LP_TLS_CT_HANDSHAKE:
        if (c->st == ST_HELLO) {
            bool had_sh = c->have_sh;

            handshake(c, dir, body, len);
            if (!had_sh && c->have_sh)
                server_hello_read(c);
        }
        break;
    case LP_TLS_CT_CHANGE_CIPHER_SPEC:
        if (c->sh.version == LP_TLS_VERSION_1_3)
            break; /* middlebox compatibility only */
        if (c->st == ST_HELLO && c->have_sh && c->suite != NULL)
            derive_tls12(c);
        else if (c->st == ST_HELLO)
            fail(c, "the handshake was not captured");
        if (c->st == ST_KEYS)
            c->s[dir].on = true;
        break;
    case LP_TLS_CT_APPLICATION_DATA:
        if (c->st == ST_HELLO)
            fail(c, "the handshake was not captured");
        break;
    default:
        break;
    }
}

void ps_tls_conn_gap(ps_tls_conn *c, int dir, bool whole_record)
{
    side *s = &c->s[dir];
    bool chained = c->suite != NULL && (c->suite->mode == PS_MODE_STREAM ||
                                        (c->suite->mode == PS_MODE_CBC && c->sh.version < 0x0302));

    if (c->st == ST_FAILED)
        return;
    /* A record lost whole costs its sequence number, unless the cipher state runs on from it. */
    if (c->st == ST_KEYS && s->on && whole_record && !chained)
        ps_tls_protection_skip(s->p);
    else
        fail(c, "the capture lost bytes of the encrypted stream");
}

static void *decryptor_conn_new(void *data)
{
    const ps_tls_keyring *ring = data;

    if (ring->rsa == NULL && (ring->secrets == NULL || !ps_tls_secrets_any(ring->secrets)))
        return NULL;
    return ps_tls_conn_new(ring);
}

static void decryptor_conn_free(void *c)
{
    ps_tls_conn_free(c);
}

static bool decryptor_wants_records(const void *c)
{
    return ps_tls_conn_wants_records(c);
}

static void decryptor_record(void *c, int dir, const lp_tls_record *rec, uint8_t *body, size_t len,
                             lp_tls_plain_sink sink, void *data)
{
    ps_tls_conn_record(c, dir, rec, body, len, sink, data);
}

static void decryptor_gap(void *c, int dir, bool whole_record)
{
    ps_tls_conn_gap(c, dir, whole_record);
}

static bool decryptor_decrypted(const void *c)
{
    return ps_tls_conn_decrypted(c);
}

static const char *decryptor_note(const void *c)
{
    return ps_tls_conn_note(c);
}

const lp_tls_decryptor ps_tls_decryptor = {
    decryptor_conn_new, decryptor_conn_free, decryptor_wants_records, decryptor_record,
    decryptor_gap, decryptor_decrypted, decryptor_note,
};
