/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pcap-summarize's TLS key derivation and record layer (tools/tls_keys.c,
 * tools/tls_decrypt.c) on what the lab captures do not negotiate: the TLS
 * 1.2 PRF's published SHA-256 vector; TLS 1.0 PRF, SHA-384 PRF and
 * HKDF-Expand-Label against values from Python's hmac module (another
 * implementation); and records of AES-128-CBC-SHA256 (MAC-then-encrypt,
 * TLS 1.2), RC4-128-SHA (TLS 1.0) and ChaCha20-Poly1305 sealed here with
 * libgcrypt as RFC 5246 / 7905 describe, then opened and damaged.
 */
#include <string.h>

#include <gcrypt.h>
#include <glib.h>

#include "tls_decrypt.h"
#include "tls_keys.h"

static void unhex(const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)(g_ascii_xdigit_value(hex[2 * i]) << 4 | g_ascii_xdigit_value(hex[2 * i + 1]));
}

static void assert_bytes(const uint8_t *got, const char *want_hex, size_t n)
{
    uint8_t want[128];

    g_assert_cmpuint(strlen(want_hex), ==, 2 * n);
    unhex(want_hex, want, n);
    g_assert_cmpmem(got, n, want, n);
}

static void test_prf_sha256_vector(void)
{
    uint8_t secret[16], seed[16], out[100];

    unhex("9bbe436ba940f017b17652849a71db35", secret, 16);
    unhex("a0ba9f936cda311827a6f796ffd5198c", seed, 16);
    g_assert_true(ps_tls_prf(0x0303, GCRY_MD_SHA256, secret, 16, "test label", seed, 16, NULL, 0, out, 100));
    assert_bytes(out, "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e"
                      "14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a7"
                      "2e5a5110fff70187347b66", 100);
}

static void fill(uint8_t *b, size_t n, uint8_t from)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(from + i);
}

static void test_prf_tls10_and_sha384(void)
{
    uint8_t secret[48], seed[64], out[104];

    fill(secret, 48, 1);
    fill(seed, 64, 100);
    g_assert_true(ps_tls_prf(0x0301, 0, secret, 48, "key expansion", seed, 32, seed + 32, 32, out, 104));
    assert_bytes(out, "15a466d7a8be37da4bf567948d2cc8dfece82fa553d297b429b445257b85369e3b9dbedd3b979e25f89ae998"
                      "e54ed6d8f4543e4b968aa4bf3450458eb70cfc5412885bcec3ea5df749ebf0ea54108652fbcceeb369d05e85"
                      "635e8267d38a2fb9317bb573f367b910", 104);
    /* An odd secret: the halves share its middle byte. */
    g_assert_true(ps_tls_prf(0x0302, 0, secret, 47, "key expansion", seed, 64, NULL, 0, out, 40));
    assert_bytes(out, "5df253be18240680b3e009b6447b63e608e4fa2f5c287fbd862f328fc3c08d2fbb82610b326c8f6f", 40);
    g_assert_true(ps_tls_prf(0x0303, GCRY_MD_SHA384, secret, 48, "master secret", seed, 64, NULL, 0, out, 48));
    assert_bytes(out, "62558fb8c8b17a332ca451a29d5b7b97eaa2eab7c5167aad3fc2621be307934f735fb4002cacf5a40acbb998"
                      "7288c289", 48);
}

static void test_hkdf_expand_label(void)
{
    uint8_t secret[48], out[70];

    fill(secret, 48, 0);
    g_assert_true(ps_tls13_expand_label(GCRY_MD_SHA384, secret, 48, "key", NULL, 0, out, 32));
    assert_bytes(out, "6877d022f1c61d24ebb7487c16752d9a4798e40431c75b39320e537c90e23225", 32);
    g_assert_true(ps_tls13_expand_label(GCRY_MD_SHA384, secret, 48, "iv", NULL, 0, out, 12));
    assert_bytes(out, "42822531a0fe88648fc09e9f", 12);
    g_assert_true(ps_tls13_expand_label(GCRY_MD_SHA256, secret, 32, "key", NULL, 0, out, 70));
    assert_bytes(out, "8e9a402a837e5d0744943efd992bf7d284f8338281b5a4451e1dabb7d0c49240c8b9dc2a81c6b16641d04ce7"
                      "b569ffc257fe6edcca60ff6e572cdc9a94b434a7f8ff23feab0b", 70);
}

static const char message[] = "POST /WebTicket/WebTicketService.svc/pin HTTP/1.1\r\nHost: pool\r\n\r\n";
#define TYPE    23
#define MSG_LEN (sizeof message - 1)

static void seq_header(uint8_t *h, uint64_t seq, uint16_t version, size_t len)
{
    for (int i = 7; i >= 0; i--, seq >>= 8)
        h[i] = (uint8_t)seq;
    h[8] = TYPE;
    h[9] = (uint8_t)(version >> 8);
    h[10] = (uint8_t)version;
    h[11] = (uint8_t)(len >> 8);
    h[12] = (uint8_t)len;
}

/* RFC 5246 6.2.3.1: HMAC over seq, header and data. */
static void record_mac(int md, const uint8_t *key, uint64_t seq, uint16_t version, const uint8_t *data, size_t len,
                       uint8_t *out)
{
    gcry_md_hd_t h;
    uint8_t head[13];

    seq_header(head, seq, version, len);
    g_assert_cmpint(gcry_md_open(&h, md, GCRY_MD_FLAG_HMAC), ==, 0);
    gcry_md_setkey(h, key, gcry_md_get_algo_dlen(md));
    gcry_md_write(h, head, 13);
    gcry_md_write(h, data, len);
    memcpy(out, gcry_md_read(h, md), gcry_md_get_algo_dlen(md));
    gcry_md_close(h);
}

/* Open rec (len bytes), expect the message; then the same record with one byte changed must fail. */
static void assert_opens(const ps_tls_suite *s, uint16_t version, const ps_tls_key_material *km, const uint8_t *rec,
                         size_t len, size_t flip)
{
    ps_tls_protection *p = ps_tls_protection_new(s, version, false, km);
    uint8_t buf[512], *plain, type = TYPE;
    size_t plain_len;

    g_assert_nonnull(p);
    memcpy(buf, rec, len);
    g_assert_true(ps_tls_protection_open(p, &type, version, buf, len, &plain, &plain_len));
    g_assert_cmpmem(plain, plain_len, message, MSG_LEN);
    ps_tls_protection_free(p);
    p = ps_tls_protection_new(s, version, false, km);
    memcpy(buf, rec, len);
    buf[flip] ^= 1;
    g_assert_false(ps_tls_protection_open(p, &type, version, buf, len, &plain, &plain_len));
    ps_tls_protection_free(p);
}

static void test_cbc_sha256_mac_then_encrypt(void)
{
    const ps_tls_suite *s = ps_tls_suite_find(0x003c);
    ps_tls_key_material km;
    uint8_t rec[512], *data = rec + 16;
    size_t n = MSG_LEN, pad;
    gcry_cipher_hd_t c;

    memset(&km, 0x11, sizeof km);
    fill(rec, 16, 0x40); /* explicit IV */
    memcpy(data, message, n);
    record_mac(GCRY_MD_SHA256, km.mac_key, 0, 0x0303, data, n, data + n);
    n += 32;
    pad = 15 - n % 16;
    memset(data + n, (int)pad, pad + 1);
    n += pad + 1;
    gcry_cipher_open(&c, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, 0);
    gcry_cipher_setkey(c, km.key, 16);
    gcry_cipher_setiv(c, rec, 16);
    gcry_cipher_encrypt(c, data, n, NULL, 0);
    gcry_cipher_close(c);
    assert_opens(s, 0x0303, &km, rec, 16 + n, 20);
}

static void test_rc4_sha(void)
{
    const ps_tls_suite *s = ps_tls_suite_find(0x0005);
    ps_tls_key_material km;
    uint8_t rec[512];
    gcry_cipher_hd_t c;

    memset(&km, 0x22, sizeof km);
    memcpy(rec, message, MSG_LEN);
    record_mac(GCRY_MD_SHA1, km.mac_key, 0, 0x0301, rec, MSG_LEN, rec + MSG_LEN);
    gcry_cipher_open(&c, GCRY_CIPHER_ARCFOUR, GCRY_CIPHER_MODE_STREAM, 0);
    gcry_cipher_setkey(c, km.key, 16);
    gcry_cipher_encrypt(c, rec, MSG_LEN + 20, NULL, 0);
    gcry_cipher_close(c);
    assert_opens(s, 0x0301, &km, rec, MSG_LEN + 20, 3);
}

static void test_chacha20_poly1305(void)
{
    const ps_tls_suite *s = ps_tls_suite_find(0xcca8);
    ps_tls_key_material km;
    uint8_t rec[512], aad[13];
    gcry_cipher_hd_t c;

    memset(&km, 0x33, sizeof km);
    memcpy(rec, message, MSG_LEN);
    seq_header(aad, 0, 0x0303, MSG_LEN);
    gcry_cipher_open(&c, GCRY_CIPHER_CHACHA20, GCRY_CIPHER_MODE_POLY1305, 0);
    gcry_cipher_setkey(c, km.key, 32);
    gcry_cipher_setiv(c, km.iv, 12); /* sequence number 0: the IV itself */
    gcry_cipher_authenticate(c, aad, 13);
    gcry_cipher_encrypt(c, rec, MSG_LEN, NULL, 0);
    gcry_cipher_gettag(c, rec + MSG_LEN, 16);
    gcry_cipher_close(c);
    assert_opens(s, 0x0303, &km, rec, MSG_LEN + 16, MSG_LEN + 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tls_keys/prf_sha256_vector", test_prf_sha256_vector);
    g_test_add_func("/tls_keys/prf_tls10_and_sha384", test_prf_tls10_and_sha384);
    g_test_add_func("/tls_keys/hkdf_expand_label", test_hkdf_expand_label);
    g_test_add_func("/tls_decrypt/cbc_sha256_mac_then_encrypt", test_cbc_sha256_mac_then_encrypt);
    g_test_add_func("/tls_decrypt/rc4_sha", test_rc4_sha);
    g_test_add_func("/tls_decrypt/chacha20_poly1305", test_chacha20_poly1305);
    return g_test_run();
}
